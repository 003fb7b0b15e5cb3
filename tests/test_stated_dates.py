"""A full date a page states must be a real day of the blog's life (2009 to today).

``0001-01-01`` and ``9999-12-31`` are real calendar days, and were taken as
exact: the post landed in year 1 (``archives/1/``).  Every reader that states
full dates (format-B by-lines, saved HTML, the archive page) rejects them with
the file and line, as it rejects ``2024-02-30``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kexue_archive.dumps.archive_index import parse_archive_html, parse_archive_text
from kexue_archive.dumps.detect import read_dump
from kexue_archive.dumps.stated_date import (
    BLOG_FIRST_YEAR,
    DateError,
    build_date,
    stated_date,
)

ROOT = Path(__file__).resolve().parents[1]
OUT_OF_LIFE = ["0001-01-01", "9999-12-31", "2008-12-31"]


def outside(date: str) -> str:
    return f"date {date} is outside the blog's life (2009-01-01 to today)"


def test_first_day_and_today_are_in_the_blogs_life_the_days_around_are_not() -> None:
    assert stated_date(BLOG_FIRST_YEAR, 1, 1) == dt.date(2009, 1, 1)
    assert stated_date(*build_date().timetuple()[:3]) == build_date()
    later = build_date() + dt.timedelta(days=1)
    with pytest.raises(DateError, match=f"date {later.isoformat()} is outside"):
        stated_date(later.year, later.month, later.day)
    with pytest.raises(DateError, match="impossible date 2024-02-30"):
        stated_date(2024, 2, 30)


def test_by_lines_outside_the_blogs_life_are_rejected_with_file_and_line(tmp_path: Path) -> None:
    lines = []
    for n, date in enumerate([*OUT_OF_LIFE, "2009-01-01"], start=1):
        lines += [f"第{n}篇文章", f"By 苏剑林 | {date} | 1位读者 | 引用正文{n}。"]
    dump = tmp_path / "dates.txt"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "content"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "scrape.py"), dump, "--output", out],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    for line, date in zip((2, 4, 6), OUT_OF_LIFE, strict=True):
        assert f"dates.txt:{line}: {outside(date)}" in proc.stderr
    (post,) = out.glob("*.md")  # only the 2009 post; no year-1 or year-9999 post at all
    assert "Date: 2009-01-01" in post.read_text(encoding="utf-8")


@pytest.mark.parametrize("date", OUT_OF_LIFE)
def test_html_post_date_outside_the_blogs_life_is_rejected_with_its_line(date: str) -> None:
    page = (
        "<html><body>\n<div class='Post'>\n<div class='PostHead'>\n"
        "<h2><a href='https://kexue.fm/archives/5'>标题</a></h2>\n"
        f"<div class='PostInfo'>By 苏剑林 | {date} | 1位读者</div></div>\n"
        "<div class='PostContent'><p>正文。</p></div>\n</div></body></html>\n"
    )
    result = read_dump(page.encode("utf-8"), "page.html")
    assert result.entries == []
    assert [(r.path, r.line, r.reason) for r in result.rejections] == [
        ("page.html", 3, outside(date))
    ]


def test_html_badge_with_a_year_before_the_blog_is_rejected() -> None:
    page = (
        "<html><body>\n<div class='Post'><div class='PostHead'>"
        "<div class='PostDate'>31 Dec 2008</div><h2>标题</h2></div>\n"
        "<div class='PostContent'><p>正文。</p></div></div></body></html>\n"
    )
    (rejection,) = read_dump(page.encode("utf-8"), "badge.html").rejections
    assert rejection.reason == f"{outside('2008-12-31')} ('31 Dec 2008')"


def test_archive_page_days_outside_the_blogs_life_are_rejected_with_their_line() -> None:
    text = "\n".join(
        [
            "### 0001年 (共1篇)",
            "- 01月",
            " - 01日: [太早](https://kexue.fm/archives/1)",
            "### 2009年 (共2篇)",
            "- 01月",
            " - 01日: [第一篇](https://kexue.fm/archives/2)",
            " - 30日: [正常](https://kexue.fm/archives/3)",
            "- 02月",
            " - 30日: [不存在](https://kexue.fm/archives/4)",
            "### 9999年 (共1篇)",
            "- 12月",
            " - 31日: [太晚](https://kexue.fm/archives/5)",
        ]
    )
    index = parse_archive_text(text, "index.txt")
    assert [e.archive_id for e in index.entries] == [2, 3]
    assert [(r.path, r.line, r.reason) for r in index.rejections] == [
        ("index.txt", 3, outside("0001-01-01")),
        ("index.txt", 9, "impossible date 2009-02-30"),
        ("index.txt", 12, outside("9999-12-31")),
    ]
    html = (
        "<html><body>\n<h3>2008年</h3>\n<ul><li>12月<ul>\n"
        "<li>31日: <a href='https://kexue.fm/archives/7'>太早</a></li>\n"
        "</ul></li></ul></body></html>"
    )
    page = parse_archive_html(html, "index.html")
    assert page.entries == []
    assert [(r.line, r.reason) for r in page.rejections] == [(4, outside("2008-12-31"))]


def test_archive_index_rejections_reach_the_report_and_exit_1(tmp_path: Path) -> None:
    index = tmp_path / "index.txt"
    index.write_text(
        "### 2008年\n- 12月\n - 31日: [太早](https://kexue.fm/archives/7)\n", encoding="utf-8"
    )
    report = tmp_path / "r.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "scrape.py"),
            ROOT / "tests" / "fixtures" / "dumps" / "format_a.txt",
            "--archive-index",
            index,
            "--output",
            tmp_path / "content",
            "--report",
            report,
        ],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert f"index.txt:3: {outside('2008-12-31')}" in proc.stderr
    (rejection,) = json.loads(report.read_text(encoding="utf-8"))["rejections"]
    assert rejection["line"] == 3 and rejection["path"].endswith("index.txt")
