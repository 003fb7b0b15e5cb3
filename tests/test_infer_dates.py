"""Dates: stated ones are exact; years are inferred only when evidence pins them."""

from __future__ import annotations

import datetime as dt
import random

from kexue_archive.dumps.archive_index import ArchiveIndex, IndexEntry
from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer import build_posts
from kexue_archive.infer.evidence import past_years
from kexue_archive.model import SourceRef
from kexue_archive.report import Report


def _e(path, n, month, day, title=None, text="正文", year=None):
    fmt = "B" if year else "A"
    return Entry(SourceRef(path, n, n), fmt, day, month, year, title, [Block("text", text)])


def _by_title(posts):
    return {p.title: p for p in posts}


def test_index_date_beats_everything_and_is_exact():
    index = ArchiveIndex(
        [IndexEntry(2021, 8, 6, "Transformer升级之路：5、作为无限维的线性Attention", 8601)]
    )
    [post] = build_posts(
        [_e("a.txt", 1, 8, 6, "Transformer升级之路:5、作为无限维的线性Attention")],
        index,
        None,
        Report(),
    )
    assert (post.date, post.date_status) == (dt.date(2021, 8, 6), "exact")


def test_year_pinned_by_a_cited_post_and_a_relative_word():
    entries = [
        _e("b.txt", 1, 12, 15, "生成扩散模型漫谈(十四):构建ODE的一般步骤(上)", "甲", 2022),
        _e(
            "a.txt",
            1,
            12,
            22,
            "后续",
            "上周笔者写了《生成扩散模型漫谈(十四):构建ODE的一般步骤(上)》,本以为已经写完。",
        ),
    ]
    report = Report()
    posts = _by_title(build_posts(entries, None, None, report))
    assert (posts["后续"].date, posts["后续"].date_status) == (dt.date(2022, 12, 22), "inferred")
    [guess] = [g for g in report.guesses if g.field == "date"]
    assert guess.status == "inferred" and any("上周" in e for e in guess.evidence)


def test_series_part_between_its_dated_neighbours_is_inferred():
    entries = [
        _e("b.txt", 1, 5, 24, "重温SSM(一):线性系统和HiPPO矩阵", "甲", 2024),
        _e("b.txt", 2, 6, 20, "重温SSM(三):HiPPO的高效计算(S4)", "乙", 2024),
        _e("a.txt", 1, 6, 5, "重温SSM(二):HiPPO的一些遗留问题", "丙"),
    ]
    post = _by_title(build_posts(entries, None, None, Report()))["重温SSM(二):HiPPO的一些遗留问题"]
    assert (post.date, post.date_status) == (dt.date(2024, 6, 5), "inferred")


def test_one_sided_evidence_is_a_best_guess_marked_uncertain():
    text = "这篇文章介绍论文arXiv:2303.12345的结果。"
    [post] = build_posts([_e("a.txt", 1, 2, 14, "只有下界的文章", text)], None, None, Report())
    assert post.date_status == "uncertain"
    assert post.date >= dt.date(2023, 3, 1) and (post.date.month, post.date.day) == (2, 14)


def test_chronological_listing_dates_its_entries():
    """Three stated dates agree with a newest-first walk, so the badges between get years."""
    entries = [
        _e("page.txt", 1, 2, 28, "甲", "甲文", 2023),
        _e("page.txt", 2, 2, 23, "乙", "乙文"),
        _e("page.txt", 3, 2, 14, "丙", "丙文", 2023),
        _e("page.txt", 4, 12, 28, "丁", "丁文"),
        _e("page.txt", 5, 12, 22, "戊", "戊文", 2022),
        _e("page.txt", 6, 12, 15, "己", "己文"),
        _e("page.txt", 7, 10, 18, "庚", "庚文"),
    ]
    posts = _by_title(build_posts(entries, None, None, Report()))
    assert posts["乙"].date == dt.date(2023, 2, 23) and posts["乙"].date_status == "inferred"
    assert posts["丁"].date == dt.date(2022, 12, 28)
    assert posts["庚"].date == dt.date(2022, 10, 18)


def test_shuffled_listing_proves_nothing_and_stated_dates_stay_right():
    entries = [
        _e("page.txt", 1, 2, 28, "甲", "甲文", 2023),
        _e("page.txt", 2, 12, 28, "丁", "丁文"),
        _e("page.txt", 3, 2, 14, "丙", "丙文", 2023),
        _e("page.txt", 4, 10, 18, "庚", "庚文"),
        _e("page.txt", 5, 2, 23, "乙", "乙文"),
        _e("page.txt", 6, 12, 22, "戊", "戊文", 2022),
    ]
    random.Random(3).shuffle(entries)
    posts = _by_title(build_posts(entries, None, None, Report()))
    assert {t for t, p in posts.items() if p.date_status == "exact"} == {"甲", "丙", "戊"}
    assert posts["戊"].date == dt.date(2022, 12, 22)
    assert all(posts[t].date_status == "uncertain" for t in ("乙", "丁", "庚"))


def test_same_day_in_two_years_stays_two_posts_with_their_own_years():
    entries = [
        _e("b.txt", 1, 2, 28, "旧文", "旧文正文", 2016),
        _e("b.txt", 2, 2, 28, "新文", "新文正文", 2023),
    ]
    posts = _by_title(build_posts(entries, None, None, Report()))
    assert posts["旧文"].date.year == 2016 and posts["新文"].date.year == 2023


def test_29_february_only_lands_in_a_leap_year():
    entries = [
        _e("b.txt", 1, 3, 1, "锚", "锚文", 2021),
        _e("a.txt", 1, 2, 29, "闰日", "闰日正文"),
    ]
    post = _by_title(build_posts(entries, None, None, Report()))["闰日"]
    assert post.date.month == 2 and post.date.day == 29 and post.date_status == "uncertain"


def test_citation_bounds_propagate_through_undated_posts():
    """Neither undated post is pinned by its own citations; together they are."""
    entries = [
        _e("b.txt", 1, 3, 1, "起点", "甲", 2020),
        _e("b.txt", 2, 8, 1, "终点", "我们在《第二篇》中讨论过。", 2021),
        _e("a.txt", 1, 6, 5, "第一篇", "回顾《起点》。"),
        _e("a.txt", 2, 9, 1, "第二篇", "继续《第一篇》的话题。"),
    ]
    posts = _by_title(build_posts(entries, None, None, Report()))
    assert (posts["第一篇"].date, posts["第一篇"].date_status) == (dt.date(2020, 6, 5), "inferred")
    assert (posts["第二篇"].date, posts["第二篇"].date_status) == (dt.date(2020, 9, 1), "inferred")


def test_years_in_a_past_tense_frame_are_lower_bounds():
    assert past_years("早在2018年就有人提出,笔者在2019年的博客中也写过,2016年提出的方法") == [
        2016,
        2018,
        2019,
    ]
    assert past_years("预计2030年完成,2016年全年天象") == []
    entries = [
        _e("b.txt", 1, 3, 1, "晚的", "我们在《问题》中讨论过。", 2020),
        _e("a.txt", 1, 4, 2, "问题", "早在2019年的论文中就有。"),
    ]
    post = _by_title(build_posts(entries, None, None, Report()))["问题"]
    assert (post.date, post.date_status) == (dt.date(2019, 4, 2), "inferred")


def test_extreme_stated_years_do_not_break_inference():
    entries = [
        _e("page_1.txt", 1, 12, 31, "最后一天的文章", "正文", 9999),
        _e("page_1.txt", 2, 12, 31, "没有年份", "去年《最后一天的文章》"),
        _e("page_2.txt", 1, 1, 1, "最早一天的文章", "正文", 1),
        _e("page_2.txt", 2, 2, 29, "闰日的文章", "早在2019年的论文"),
    ]
    posts = _by_title(build_posts(entries, None, None, Report()))
    assert posts["最后一天的文章"].date == dt.date(9999, 12, 31)
    assert posts["最早一天的文章"].date == dt.date(1, 1, 1)
    assert (posts["没有年份"].date.month, posts["没有年份"].date.day) == (12, 31)
    assert posts["闰日的文章"].date.year % 4 == 0
