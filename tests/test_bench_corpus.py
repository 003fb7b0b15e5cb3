"""Synthetic archives for the benchmarks: deterministic, unique titles, real dump shapes."""

from __future__ import annotations

import re
from pathlib import Path

from bench.browser import percentile
from bench.corpus import chinese_numeral, dump_form, generate_posts, load_source, write_archive
from bench.targets import evaluate
from kexue_archive.titles import normalize_title


def _read_all(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.txt"))
    }


def test_same_seed_writes_byte_identical_archives(tmp_path: Path) -> None:
    write_archive(60, tmp_path / "a")
    write_archive(60, tmp_path / "b")
    assert _read_all(tmp_path / "a") == _read_all(tmp_path / "b")


def test_archive_has_both_formats_and_an_index_listing_the_posts(tmp_path: Path) -> None:
    archive = write_archive(200, tmp_path)
    pages = _read_all(archive.dumps)
    format_b = [t for t in pages.values() if "By 苏剑林 | " in t]
    format_a = [t for t in pages.values() if "点击阅读全文..." in t]
    assert format_a and format_b
    assert all(t.rstrip("\n") == t for t in format_a)  # no trailing newline, as saved
    assert all(t.endswith("最近评论") for t in format_b)
    index = archive.archive_index.read_text(encoding="utf-8")
    listed = re.findall(r"^ - \d\d日: \[.*\]\(https://kexue\.fm/archives/(\d+)\)", index, re.M)
    assert 190 <= len(set(listed)) <= 200
    assert archive.entries > archive.posts  # some posts saved twice, as real dumps do


def test_titles_are_unique_after_normalization_and_series_use_real_patterns() -> None:
    posts = generate_posts(500, load_source())
    keys = [normalize_title(p.title) for p in posts]
    assert len(set(keys)) == len(keys)
    series = [p for p in posts if p.series]
    assert series
    for post in series:
        assert post.title.startswith(post.series)
    assert [p.date for p in posts] == sorted(p.date for p in posts)
    assert any("$" in para or "\\begin" in para for p in posts for para in p.paragraphs)


def test_chinese_numerals_and_dump_punctuation() -> None:
    assert [chinese_numeral(n) for n in (1, 10, 13, 20, 23)] == [
        "一",
        "十",
        "十三",
        "二十",
        "二十三",
    ]
    assert dump_form("重温SSM（一）：线性系统？") == "重温SSM(一):线性系统?"


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 51)]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == 48.0


def test_targets_pass_and_fail_on_the_measured_side_of_the_limit() -> None:
    def results(ratio: float, cpu: float | None = None) -> dict:
        build = {"ratio_full_to_bare": ratio, "ratio_cpu_full_to_bare": cpu or ratio}
        return {"sizes": {"10000": {"build": build}}}

    def status(ratio: float, cpu: float | None = None, row: str = "wall") -> str:
        rows = evaluate(results(ratio, cpu))
        return next(r["status"] for r in rows if r["target"] == f"build vs bare Pelican ({row})")

    assert status(1.2) == "PASS"
    assert status(1.4) == "FAIL"
    # a build that waits less than it computes (the index on the second core): both rows
    assert status(1.2, cpu=1.5) == "PASS"
    assert status(1.2, cpu=1.5, row="CPU") == "FAIL"
    assert next(r for r in evaluate(results(1.0)) if r["target"] == "scrape speed (wall)")[
        "status"
    ] == ("n/a")
