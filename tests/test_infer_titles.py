"""Titles: the index's real title, by evidence for title-less entries, else derived."""

from __future__ import annotations

from kexue_archive.dumps.archive_index import ArchiveIndex, IndexEntry
from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer import build_posts
from kexue_archive.model import SourceRef
from kexue_archive.report import Report

INDEX = ArchiveIndex(
    [
        IndexEntry(2022, 12, 15, "生成扩散模型漫谈（十四）：构建ODE的一般步骤（上）", 9370),
        IndexEntry(2023, 2, 23, "生成扩散模型漫谈（十七）：构建ODE的一般步骤（下）", 9497),
        IndexEntry(2016, 2, 23, "一篇同月同日的旧文章", 3600),
        IndexEntry(2023, 3, 28, "Google新作试图“复活”RNN：RNN能否再次辉煌？", 9554),
    ]
)
CITING = (
    "历史总是惊人地相似。当初笔者在写《生成扩散模型漫谈(十四):构建ODE的一般步骤(上)》时,"
    "以为已经搞清楚了。"
)


def _e(path, n, month, day, title=None, text="正文"):
    return Entry(SourceRef(path, n, n), "A", day, month, None, title, [Block("text", text)])


def test_dump_title_is_replaced_by_the_real_title_and_id():
    [post] = build_posts(
        [_e("a.txt", 1, 3, 28, "Google新作试图“复活”RNN:RNN能否再次辉煌?")], INDEX, None, Report()
    )
    assert post.title == "Google新作试图“复活”RNN：RNN能否再次辉煌？"
    assert (post.title_status, post.slug, post.original) == (
        "index",
        "9554",
        "https://kexue.fm/archives/9554",
    )


def test_title_less_entry_gets_archive_title_from_the_series_it_cites():
    report = Report()
    [post] = build_posts([_e("a.txt", 1, 2, 23, None, CITING)], INDEX, None, report)
    assert post.title == "生成扩散模型漫谈（十七）：构建ODE的一般步骤（下）"
    assert (post.series, post.series_index, post.date.isoformat()) == (
        "生成扩散模型漫谈",
        17,
        "2023-02-23",
    )
    [guess] = [g for g in report.guesses if g.field == "title"]
    assert any("cites other parts" in e for e in guess.evidence)


def test_title_less_entry_without_evidence_gets_a_derived_title():
    report = Report()
    text = "今天天气很好,我们来聊聊别的事情。"
    [post] = build_posts([_e("a.txt", 1, 2, 23, None, text)], INDEX, None, report)
    assert (post.title, post.title_status) == ("今天天气很好", "derived")
    assert post.series is None and post.original is None and post.slug.startswith("p-")
    assert any(g.field == "title" and g.status == "derived" for g in report.guesses)


def test_a_post_does_not_take_the_title_of_the_post_it_cites():
    index = ArchiveIndex(
        [IndexEntry(2022, 12, 15, "生成扩散模型漫谈（十四）：构建ODE的一般步骤（上）", 9370)]
    )
    text = "书接上文,我们在《生成扩散模型漫谈(十四):构建ODE的一般步骤(上)》中构建了ODE。"
    [post] = build_posts([_e("a.txt", 1, 12, 15, None, text)], index, None, Report())
    assert post.title_status == "derived"


SAME_DAY = ArchiveIndex(
    [
        IndexEntry(2016, 10, 14, "【理解黎曼几何】1. 一条几何之路", 3963),
        IndexEntry(2016, 10, 14, "【理解黎曼几何】2. 从勾股定理到黎曼度量", 3969),
        IndexEntry(2009, 10, 14, "绿色和平：工厂排污36计", 1200),
    ]
)


def _blocks_entry(path, blocks):
    return Entry(SourceRef(path, 1, 1), "A", 14, 10, None, None, blocks)


def test_title_less_entry_whose_heading_names_one_same_day_post_gets_its_title():
    # two parts of one series written the same day share most title words; the
    # excerpt's section heading is in only one of the titles
    entry = _blocks_entry(
        "a.txt",
        [Block("text", "上一篇从几何的角度出发,这一篇讨论度量。"), Block("heading", "黎曼度量")],
    )
    report = Report()
    [post] = build_posts([entry], SAME_DAY, None, report)
    assert (post.title, post.title_status) == ("【理解黎曼几何】2. 从勾股定理到黎曼度量", "index")
    [guess] = [g for g in report.guesses if g.field == "title"]
    assert any("section heading" in e for e in guess.evidence)


def test_once_one_same_day_part_is_matched_the_other_part_is_too():
    first = _blocks_entry("a.txt", [Block("heading", "黎曼度量"), Block("text", "正文一。")])
    # no heading and too few title words of its own: only the other part's match leaves
    # it one candidate with its words ahead of the rest
    second = Entry(
        SourceRef("0.txt", 1, 1),  # sorts first: looked at before the other part
        "A",
        14,
        10,
        None,
        None,
        [Block("text", "理解黎曼几何,一条勾股定理到。")],
    )
    posts = build_posts([second, first], SAME_DAY, None, Report())
    assert sorted(p.title for p in posts) == [
        "【理解黎曼几何】1. 一条几何之路",
        "【理解黎曼几何】2. 从勾股定理到黎曼度量",
    ]
