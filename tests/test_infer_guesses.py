"""Best guesses: unpinned years follow the evidence and are marked ``uncertain``."""

from __future__ import annotations

import datetime as dt

from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer import build_posts
from kexue_archive.model import SourceRef
from kexue_archive.report import Report


def _e(path, n, month, day, title, text="", year=None):
    fmt = "B" if year else "A"
    block = Block("text", text or f"{title}的正文。")
    return Entry(SourceRef(path, n, n), fmt, day, month, year, title, [block])


def _posts(entries, report=None):
    return {p.title: p for p in build_posts(entries, None, None, report or Report())}


def test_a_page_of_nearby_badges_is_placed_whole_nearest_to_what_its_posts_cite():
    """The bounds allow 2019-2021 for the shuffled page; its citations point to 2019."""
    entries = [
        _e("anchors.txt", 1, 4, 1, "旧锚甲", "正文", 2019),
        _e("anchors.txt", 2, 3, 15, "旧锚乙", "正文", 2019),
        _e("anchors.txt", 3, 1, 1, "新锚", "我们在《页中乙》里说过。", 2022),
        _e("page.txt", 1, 5, 10, "页中甲", "接着《旧锚甲》继续。"),
        _e("page.txt", 2, 6, 20, "页中丙", "接着《旧锚乙》继续。"),
        _e("page.txt", 3, 4, 2, "页中乙"),
    ]
    report = Report()
    posts = _posts(entries, report)
    for title in ("页中甲", "页中乙", "页中丙"):
        assert posts[title].date_status == "uncertain"
        assert posts[title].date.year == 2019
    [guess] = [g for g in report.guesses if g.slug == posts["页中甲"].slug]
    assert any("whole page" in e for e in guess.evidence)


def test_a_lone_post_with_a_lower_bound_lands_nearest_to_what_it_cites():
    entries = [
        _e("b.txt", 1, 6, 1, "被引用的文章", "正文", 2018),
        _e("b.txt", 2, 5, 1, "更晚的文章", "正文", 2023),
        _e("a.txt", 1, 7, 3, "引用者", "上文见《被引用的文章》。"),
    ]
    post = _posts(entries)["引用者"]
    assert (post.date, post.date_status) == (dt.date(2018, 7, 3), "uncertain")


def test_without_evidence_a_post_lands_nearest_to_the_dated_posts_of_its_file():
    entries = [
        _e("f.txt", 1, 5, 1, "有年份", "正文", 2016),
        _e("f.txt", 2, 9, 1, "九月"),
        _e("f.txt", 3, 1, 1, "元旦"),
        _e("g.txt", 1, 5, 1, "别处", "正文", 2022),
    ]
    posts = _posts(entries)
    assert (posts["九月"].date, posts["九月"].date_status) == (dt.date(2016, 9, 1), "uncertain")
    assert posts["元旦"].date == dt.date(2016, 1, 1)


def test_the_best_informed_post_is_guessed_first_and_informs_the_next():
    """乙's range is narrower (an arXiv id), but its only link is 甲, whose link is a dated
    post: 甲 is placed first, then 乙 as near to it as 乙's arXiv bound allows."""
    entries = [
        _e("b.txt", 1, 3, 1, "锚点文章", "正文", 2019),
        _e("b.txt", 2, 12, 1, "无关的晚文", "正文", 2022),
        _e("x.txt", 1, 5, 1, "问题甲", "接着《锚点文章》说。"),
        _e("y.txt", 1, 6, 1, "问题乙", "接着《问题甲》说,见arXiv:2005.12345。"),
    ]
    posts = _posts(entries)
    assert posts["问题甲"].date == dt.date(2019, 5, 1)
    assert (posts["问题乙"].date, posts["问题乙"].date_status) == (dt.date(2020, 6, 1), "uncertain")
