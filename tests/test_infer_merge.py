"""Duplicates: the same post in several dumps becomes one post; different posts stay apart."""

from __future__ import annotations

import datetime as dt

from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer import build_posts
from kexue_archive.model import SourceRef
from kexue_archive.report import Report


def _e(path, n, month, day, title=None, text="正文", year=None, fmt="A"):
    return Entry(SourceRef(path, n, n), fmt, day, month, year, title, [Block("text", text)])


LONG = "当前,像ChatGPT之类的LLM可谓是“风靡全球”。有读者留意到,几乎所有LLM都还是用最初的Attention。"


def test_same_title_in_two_formats_is_one_post_with_the_best_of_both():
    entries = [
        _e("a.txt", 1, 3, 28, "Google新作试图“复活”RNN:RNN能否再次辉煌?", LONG[:30]),
        _e("b.txt", 1, 3, 28, "Google新作试图“复活”RNN:RNN能否再次辉煌?", LONG, 2023, "B"),
    ]
    report = Report()
    [post] = build_posts(entries, None, None, report)
    assert (post.date, post.date_status) == (dt.date(2023, 3, 28), "exact")
    assert "有读者留意到" in post.body  # the longer excerpt
    assert [str(s) for s in post.sources] == ["a.txt#1", "b.txt#1"]
    assert len(report.merges) == 1 and report.merges[0].reason == "same title"


def test_title_less_entry_joins_the_titled_dump_of_the_same_excerpt():
    entries = [
        _e("a.txt", 1, 3, 28, None, LONG),
        _e("b.txt", 4, 3, 28, "Google新作试图“复活”RNN:RNN能否再次辉煌?", LONG[:25]),
    ]
    report = Report()
    [post] = build_posts(entries, None, None, report)
    assert post.title == "Google新作试图“复活”RNN:RNN能否再次辉煌?"
    assert report.merges[0].reason == "same excerpt opening"


def test_same_day_and_month_alone_never_merges():
    entries = [
        _e("a.txt", 1, 2, 28, None, "在前面的介绍中,我们多次提及“得分匹配”和“条件得分匹配”。"),
        _e(
            "a.txt",
            2,
            2,
            28,
            None,
            "历史总是惊人地相似。当初笔者在写这个系列的时候以为已经写完了。",
        ),
        _e("b.txt", 1, 2, 28, "另一篇同一天的文章", "完全不同的开头,讲的是别的事情,也不该合并。"),
    ]
    report = Report()
    posts = build_posts(entries, None, None, report)
    assert len(posts) == 3 and report.merges == []
    assert len({p.slug for p in posts}) == 3


def test_output_is_sorted_and_independent_of_input_order():
    entries = [
        _e("a.txt", 1, 5, 24, "重温SSM(一):线性系统和HiPPO矩阵", "甲" * 20, 2024, "B"),
        _e(
            "a.txt", 2, 4, 17, "生成扩散模型漫谈(二十三):信噪比与大图生成(下)", "乙" * 20, 2024, "B"
        ),
    ]
    first = build_posts(entries, None, None, Report())
    again = build_posts(entries[::-1], None, None, Report())
    assert [p.slug for p in first] == [p.slug for p in again]
    assert [p.date for p in first] == sorted(p.date for p in first)
