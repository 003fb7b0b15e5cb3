"""Two posts claiming one /archives/N id stay apart: one keeps the id, the clash is reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kexue_archive.dumps.archive_index import load_archive_index
from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.dumps.html import parse_html
from kexue_archive.infer import build_posts
from kexue_archive.model import SourceRef
from kexue_archive.report import Report

ROOT = Path(__file__).resolve().parents[1]
IDS = ROOT / "tests" / "fixtures" / "html" / "ids"
INDEX = ROOT / "samples" / "archive_index.txt"
GOOGLE = "Google新作试图“复活”RNN：RNN能否再次辉煌？"
DIFFUSION = "生成扩散模型漫谈（二十三）：信噪比与大图生成（下）"


def _read(*names: str) -> list[Entry]:
    entries = []
    for name in names:
        path = IDS / name
        found, rejected = parse_html(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        assert rejected == []
        entries += found
    return entries


def _scrape(tmp_path: Path, *names: str) -> tuple[int, dict, dict[str, str]]:
    out, report = tmp_path / "content", tmp_path / "report.json"
    options = ["--output", str(out), "--report", str(report), "--jobs", "1"]
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "scrape.py"),
            *(str((IDS / n).relative_to(ROOT)) for n in names),
            *options,
        ],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
        check=False,
    )
    posts = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.md"))}
    return run.returncode, json.loads(report.read_text(encoding="utf-8")), posts


def test_two_posts_claiming_one_id_are_two_posts_and_the_scrape_exits_1(tmp_path: Path) -> None:
    code, report, posts = _scrape(tmp_path, "page-3.html", "clash.html")
    assert code == 1
    assert len(posts) == 2 and report["merges"] == []
    for text in posts.values():  # each title with its own text, never the other's
        if f"Title: {GOOGLE}" in text:
            assert "风靡全球" in text and "信噪比" not in text
        else:
            assert f"Title: {DIFFUSION}" in text
            assert "信噪比" in text and "风靡全球" not in text
    # neither is better attested: the first in source order (clash.html) keeps the id
    assert "Original: https://kexue.fm/archives/9554" in posts["9554.md"]
    assert f"Title: {DIFFUSION}" in posts["9554.md"]
    [google] = [t for t in posts.values() if GOOGLE in t]
    assert "Original:" not in google
    [rejection] = report["rejections"]
    assert (rejection["path"], rejection["line"]) == ("tests/fixtures/html/ids/page-3.html", 7)
    assert "/archives/9554" in rejection["reason"]
    assert "tests/fixtures/html/ids/clash.html:7" in rejection["reason"]
    assert "source order" in rejection["reason"]


def test_the_index_gives_the_id_to_its_own_title_and_the_other_post_finds_its_real_id() -> None:
    report = Report()
    posts = build_posts(_read("clash.html", "page-3.html"), load_archive_index(INDEX), None, report)
    by_title = {p.title: p for p in posts}
    assert by_title[GOOGLE].original == "https://kexue.fm/archives/9554"
    assert by_title[DIFFUSION].original == "https://kexue.fm/archives/10055"  # by its title
    assert "信噪比" in by_title[DIFFUSION].body and "信噪比" not in by_title[GOOGLE].body
    [rejection] = report.rejections
    assert rejection.path.endswith("clash.html") and "page-3.html:7" in rejection.reason
    assert "archive index" in rejection.reason


def test_more_occurrences_keep_the_id() -> None:
    report = Report()
    posts = build_posts(_read("again.html", "clash.html", "page-3.html"), None, None, report)
    by_title = {p.title: p for p in posts}
    assert by_title[GOOGLE].original == "https://kexue.fm/archives/9554"
    assert len(by_title[GOOGLE].sources) == 2 and len(by_title[DIFFUSION].sources) == 1
    assert by_title[DIFFUSION].original is None
    [rejection] = report.rejections
    assert "2 occurrences against 1" in rejection.reason


def test_the_same_post_with_the_same_id_and_title_in_two_files_merges_quietly(
    tmp_path: Path,
) -> None:
    code, report, posts = _scrape(tmp_path, "page-3.html", "again.html")
    assert code == 0 and report["rejections"] == []
    assert list(posts) == ["9554.md"]
    assert f"Title: {GOOGLE}" in posts["9554.md"] and "Date: 2023-03-28" in posts["9554.md"]
    [merge] = report["merges"]
    assert merge["sources"] == [
        "tests/fixtures/html/ids/again.html#1",
        "tests/fixtures/html/ids/page-3.html#1",
    ]


def _claim(path: str, title: str, month: int, day: int, year: int | None = None) -> Entry:
    return Entry(
        SourceRef(path, 1, 3), "html-listing", day, month, year, title, [Block("text", title * 2)]
    )


def test_a_full_date_beats_a_badge_when_occurrences_tie() -> None:
    entries = [
        _claim("a.html", "先来的标题", 3, 28),  # first in source order, badge only
        Entry(
            SourceRef("b.html", 1, 3),
            "html-listing",
            17,
            4,
            2024,
            "后来的标题",
            [Block("text", "正文")],
        ),
    ]
    for e in entries:
        e.archive_id = 42
    report = Report()
    posts = build_posts(entries, None, None, report)
    assert {p.title: p.original for p in posts} == {
        "后来的标题": "https://kexue.fm/archives/42",
        "先来的标题": None,
    }
    assert "full date" in report.rejections[0].reason


def test_another_title_on_the_same_date_is_the_post_renamed_and_keeps_one_post() -> None:
    entries = [_claim("a.html", "旧的标题", 3, 28, 2023), _claim("b.html", "新的标题", 3, 28)]
    for e in entries:
        e.archive_id = 42
    report = Report()
    [post] = build_posts(entries, None, None, report)
    assert post.original == "https://kexue.fm/archives/42"
    assert report.rejections == [] and report.merges[0].reason == "same blog id"


def test_two_claims_that_contradict_each_other_never_both_keep_the_id() -> None:
    # the best claim states no date, so neither dated claim contradicts it,
    # but they contradict each other: the better of them keeps the id too
    entries = [
        _claim("a.html", "没有日期的标题", 0, 0),
        _claim("a2.html", "没有日期的标题", 0, 0),
        _claim("b.html", "三月的文章", 3, 28, 2023),
        _claim("c.html", "四月的文章", 4, 17, 2024),
    ]
    for e in entries:
        e.archive_id = 42
        e.month = e.month or None
        e.day = e.day or None
    report = Report()
    posts = build_posts(entries, None, None, report)
    by_title = {p.title: p for p in posts}
    assert by_title["没有日期的标题"].original == "https://kexue.fm/archives/42"
    kept = [s.path for s in by_title["没有日期的标题"].sources]
    assert kept == ["a.html", "a2.html", "b.html"]  # the renamed post: one post
    assert by_title["四月的文章"].original is None
    assert [s.path for s in by_title["四月的文章"].sources] == ["c.html"]
    [rejection] = report.rejections
    assert rejection.path == "c.html" and "b.html:3" in rejection.reason
