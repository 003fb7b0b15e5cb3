"""Listing order: evidence only where the listing's stated dates prove it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kexue_archive.dumps.detect import read_dump
from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer import build_posts
from kexue_archive.model import SourceRef
from kexue_archive.report import Report

NUMBERED = Path(__file__).parent / "fixtures" / "infer" / "numbered"


def _e(path, n, month, day, title, year=None):
    fmt = "B" if year else "A"
    return Entry(SourceRef(path, n, n), fmt, day, month, year, title, [Block("text", title + "文")])


def _posts(entries, report=None):
    return {p.title: p for p in build_posts(entries, None, None, report or Report())}


def _evidence(report, slug):
    return [e for g in report.guesses if g.slug == slug and g.field == "date" for e in g.evidence]


def test_numbered_files_form_one_listing_whose_dates_pin_the_pages_between():
    """page_1 and page_10 state dates; page_2 (badges only) sits between them by number."""
    entries = []
    for path in sorted(NUMBERED.glob("*.txt")):
        entries += read_dump(path.read_bytes(), path.name).entries
    report = Report()
    posts = _posts(entries, report)
    first = posts["没有年份的甲文"]
    assert (first.date, first.date_status) == (dt.date(2023, 2, 5), "inferred")
    # the title-less entry crosses New Year: one wrap between 2023-02-05 and 2022-10-01
    [untitled] = [p for p in posts.values() if p.title_status == "derived"]
    assert (untitled.date, untitled.date_status) == (dt.date(2022, 12, 28), "inferred")
    assert posts["没有年份的丙文"].date == dt.date(2022, 11, 10)
    assert any("page_N.txt" in e for e in _evidence(report, first.slug))


def test_an_extra_year_between_the_dated_entries_leaves_the_years_uncertain():
    """The badges need one year change, the stated dates allow two: no year is proven."""
    entries = [
        _e("p1.txt", 1, 3, 10, "新", 2023),
        _e("p2.txt", 1, 2, 5, "甲"),
        _e("p2.txt", 2, 12, 28, "乙"),
        _e("p3.txt", 1, 10, 1, "旧", 2021),
    ]
    posts = _posts(entries)
    assert {posts[t].date_status for t in ("甲", "乙")} == {"uncertain"}
    assert dt.date(2021, 10, 1) <= posts["乙"].date <= posts["甲"].date <= dt.date(2023, 3, 10)


def test_listing_order_counts_oldest_first_too():
    entries = [
        _e("list.txt", 1, 9, 15, "一", 2022),
        _e("list.txt", 2, 12, 1, "二"),
        _e("list.txt", 3, 1, 20, "三"),
        _e("list.txt", 4, 3, 10, "四", 2023),
    ]
    posts = _posts(entries)
    assert (posts["二"].date, posts["二"].date_status) == (dt.date(2022, 12, 1), "inferred")
    assert (posts["三"].date, posts["三"].date_status) == (dt.date(2023, 1, 20), "inferred")


def test_dated_entries_out_of_order_prove_nothing_and_are_reported():
    entries = [
        _e("page_1.txt", 1, 3, 10, "新", 2023),
        _e("page_1.txt", 2, 2, 5, "甲"),
        _e("page_2.txt", 1, 10, 1, "旧", 2024),
        _e("page_2.txt", 2, 9, 1, "更旧", 2022),
    ]
    report = Report()
    posts = _posts(entries, report)
    assert posts["甲"].date_status == "uncertain"
    assert any("in no order" in e for e in _evidence(report, posts["甲"].slug))


def test_badges_needing_more_year_changes_than_the_dates_allow_reject_the_listing():
    """2023-03-10 … 2022-10-01 allows one New Year; the badges between need two."""
    entries = [
        _e("page_1.txt", 1, 3, 10, "新", 2023),
        _e("page_1.txt", 2, 2, 5, "甲"),
        _e("page_1.txt", 3, 12, 28, "乙"),
        _e("page_2.txt", 1, 11, 10, "丙"),
        _e("page_2.txt", 2, 12, 1, "丁"),
        _e("page_2.txt", 3, 10, 1, "旧", 2022),
    ]
    report = Report()
    posts = _posts(entries, report)
    assert all(posts[t].date_status == "uncertain" for t in ("甲", "乙", "丙", "丁"))
    assert any("contradict" in e for e in _evidence(report, posts["乙"].slug))


def test_one_dated_entry_does_not_prove_a_file_is_in_order():
    entries = [
        _e("page.txt", 1, 3, 10, "新", 2023),
        _e("page.txt", 2, 2, 5, "甲"),
        _e("page.txt", 3, 1, 7, "乙"),
    ]
    posts = _posts(entries)
    assert {posts[t].date_status for t in ("甲", "乙")} == {"uncertain"}


def test_a_stray_page_splits_a_numbered_sequence_into_stretches_that_still_prove():
    """page_3 comes from another listing (2024); pages 1-2 and 3-5 still prove their order."""
    entries = [
        _e("page_1.txt", 1, 3, 10, "新", 2023),
        _e("page_1.txt", 2, 2, 5, "甲"),
        _e("page_2.txt", 1, 12, 28, "乙"),
        _e("page_2.txt", 2, 10, 1, "旧", 2022),
        _e("page_3.txt", 1, 6, 1, "别处新", 2024),
        _e("page_3.txt", 2, 5, 1, "别处旧", 2024),
        _e("page_4.txt", 1, 4, 20, "丙"),
        _e("page_5.txt", 1, 4, 1, "更旧", 2024),
    ]
    report = Report()
    posts = _posts(entries, report)
    assert (posts["甲"].date, posts["甲"].date_status) == (dt.date(2023, 2, 5), "inferred")
    assert (posts["乙"].date, posts["乙"].date_status) == (dt.date(2022, 12, 28), "inferred")
    assert (posts["丙"].date, posts["丙"].date_status) == (dt.date(2024, 4, 20), "inferred")
    assert any("in no order" in e for e in _evidence(report, posts["甲"].slug))
