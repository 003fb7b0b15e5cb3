"""The five real seed dumps with the archive page: 34 posts, each with its real title and date.

The expectation file was built by reading the seeds against the archive page
by hand (six entries have no title; their posts were identified from the
series they cite, their words and their listing's order); the test also
checks every expected value against ``samples/archive_index.txt`` itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kexue_archive.dumps.archive_index import load_archive_index
from kexue_archive.dumps.detect import read_dump
from kexue_archive.infer import build_posts
from kexue_archive.report import Report
from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "samples" / "dumps").glob("*.txt"))
INDEX = ROOT / "samples" / "archive_index.txt"
EXPECTED = json.loads((ROOT / "tests/fixtures/infer/seeds_expected.json").read_text("utf-8"))


def _entries():
    entries = []
    for path in SEEDS:
        entries += read_dump(path.read_bytes(), str(path.relative_to(ROOT))).entries
    return entries


def test_expectations_agree_with_the_archive_page():
    index = load_archive_index(INDEX)
    for want in EXPECTED:
        listed = index.by_id(want["archive_id"])
        assert listed is not None
        assert (listed.title, listed.date.isoformat()) == (want["title"], want["date"])
        series = parse_series(want["title"])
        assert (want["series"], want["part"]) == (
            (series.name, series.index) if series else (None, None)
        )


def test_seeds_with_index_give_34_posts_with_real_titles_and_dates():
    entries = _entries()
    report = Report()
    posts = build_posts(entries, load_archive_index(INDEX), None, report)
    assert len(posts) == len(EXPECTED) == 34
    got = sorted(
        (p.archive_id, p.title, p.date.isoformat(), p.series, p.series_index) for p in posts
    )
    want = sorted(
        (w["archive_id"], w["title"], w["date"], w["series"], w["part"]) for w in EXPECTED
    )
    assert got == want
    assert {p.date_status for p in posts} == {"exact"}
    assert {p.title_status for p in posts} == {"index"}
    assert all(p.slug == str(p.archive_id) for p in posts)
    # every entry is one post's source; each merge of several is reported
    assert sorted(str(s) for p in posts for s in p.sources) == sorted(
        str(e.source) for e in entries
    )
    assert len(report.merges) == sum(1 for p in posts if len(p.sources) > 1)


def test_seeds_without_index_keep_every_post_apart_and_stated_dates_right():
    posts = build_posts(_entries(), None, None, Report())
    assert len(posts) == 34
    want = {normalize_title(w["title"]): w["date"] for w in EXPECTED}
    exact = [p for p in posts if p.date_status == "exact"]
    assert len(exact) == 8  # the format-B file states its dates
    assert all(want[normalize_title(p.title)] == p.date.isoformat() for p in exact)


@pytest.mark.skipif(not (ROOT / "scripts/scrape.py").exists(), reason="scraper CLI not present")
def _scrape_samples(out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the real command line on ``samples/`` with the archive page."""
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/scrape.py"),
            str(ROOT / "samples/dumps"),
            str(ROOT / "samples/saves"),
            "--archive-index",
            str(INDEX),
            "--output",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_scrape_cli_writes_the_34_seed_posts(tmp_path):
    out = tmp_path / "content"
    done = _scrape_samples(out, "--report", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    written = sorted(p.stem for p in out.glob("*.md"))
    assert written == sorted(str(w["archive_id"]) for w in EXPECTED)
    for want in EXPECTED:
        text = (out / f"{want['archive_id']}.md").read_text("utf-8")
        assert f"Date: {want['date']}" in text
        assert "Date_status: exact" in text


def test_shipped_content_is_exactly_what_the_scraper_writes_from_samples(tmp_path):
    """``content/`` in the repo is the scraper's output for ``samples/``, byte for byte.

    It is shipped so a fresh clone shows the archive; this keeps it from going
    stale when the scraper changes (run ``make content`` to refresh it).
    """
    out = tmp_path / "content"
    assert _scrape_samples(out).returncode == 0
    shipped = ROOT / "content"
    names = sorted(p.name for p in out.iterdir())
    # content/images/ holds the copies `make images` fetched: not the scraper's
    assert names == sorted(p.name for p in shipped.iterdir() if p.name != "images")
    for name in names:
        assert (out / name).read_bytes() == (shipped / name).read_bytes(), name
