"""Clipper saves of kexue.fm post pages: the three layouts, their metadata and chrome."""

from __future__ import annotations

import pytest

from kexue_archive.dumps.entry import FULL_POST_FORMATS
from kexue_archive.saves import looks_like_save, read_save
from kexue_archive.saves.detect import layout
from tests.saves_fixtures import fixture_text, read_fixture, to_html


def test_desktop_save_gives_post_metadata_from_title_byline_and_meta_line() -> None:
    entry = read_fixture("desktop.md")
    assert entry.format == "save-md" and entry.format in FULL_POST_FORMATS
    assert entry.title == "当概率遇上复变：从二项分布到泊松分布"
    assert (entry.year, entry.month, entry.day) == (2015, 1, 13)
    assert entry.archive_id == 3188
    assert entry.truncated is False
    assert (
        entry.source.line
        == fixture_text("desktop.md")
        .split("\n")
        .index("# [当概率遇上复变：从二项分布到泊松分布](https://kexue.fm/archives/3188)")
        + 1
    )
    page = entry.page
    assert page is not None
    assert page.tags == ("概率", "生成函数")
    assert page.categories == ("数学研究", "信息时代")
    assert page.comment_count == 3
    assert page.math_status == "exact"


def test_desktop_chrome_is_dropped_and_counted() -> None:
    entry = read_fixture("desktop.md")
    body = entry.markdown or ""
    for chrome in (
        "MENU",
        "NEWPOSTS",
        "打赏",
        "转载",
        "引用本文",
        "@online",
        "分类",
        "友情链接",
        "你也许还对",
        "备案号",
        "关于站长",
        "小飞侠",
        "13Jan",
        "位读者",
    ):
        assert chrome not in body, chrome
    assert entry.page is not None and entry.page.chrome_dropped >= 15
    assert body.startswith("泊松分布，适合于")
    assert body.rstrip().endswith("于是我们得到了泊松分布的 **概率公式**。")


def test_heading_keeps_its_level_without_the_anchor_link() -> None:
    entry = read_fixture("desktop.md")
    assert "\n## 母函数\n" in (entry.markdown or "")
    assert [b.text for b in entry.blocks if b.kind == "heading"] == ["母函数"]


def test_display_math_glued_to_text_gets_its_own_block_byte_exact() -> None:
    entry = read_fixture("desktop.md")
    tex = r"\begin{equation}\lim_{n\to\infty}\left(1+\frac{x}{n}\right)^n=e^x\end{equation}"
    assert f"\n\n$${tex}$$\n\n" in (entry.markdown or "")
    assert [b.text for b in entry.blocks if b.kind == "math"] == [f"$${tex}$$"]
    page = to_html(entry.markdown or "")
    assert f"\\[{tex}\\]" in page.replace("&lt;", "<")


def test_mobile_save_is_read_like_desktop() -> None:
    assert layout(fixture_text("mobile.md").split("\n")) == "mobile"
    entry = read_fixture("mobile.md")
    assert entry.title == "【备忘】谈谈dropout"
    assert (entry.year, entry.month, entry.day, entry.archive_id) == (2017, 8, 8, 4521)
    assert entry.page is not None and entry.page.comment_count == 6
    body = entry.markdown or ""
    assert "MobileSideBar" not in body and "内容速览" not in body
    # an escaped underscore in text stays a literal underscore, not math
    assert "**noise\\_shape参数**" in body
    assert (
        entry.blocks[1].text
        == "为了实现这些需求，需要用到dropout中的noise_shape参数，比如x.shape=(3,4,5)。"
    )


def test_front_matter_created_is_never_the_post_date() -> None:
    entry = read_fixture("front_matter.md")
    assert (entry.year, entry.month, entry.day) == (2015, 1, 13)
    assert entry.title == "当概率遇上复变：从二项分布到泊松分布"
    assert "created" not in (entry.markdown or "") and "clippings" not in (entry.markdown or "")


@pytest.mark.parametrize(
    "name",
    ["desktop.md", "mobile.md", "rendering.md", "loading_mathjax.md", "front_matter.md"],
)
def test_saves_are_recognised_by_content(name: str) -> None:
    assert looks_like_save(fixture_text(name))


def test_listing_dump_text_is_not_a_save() -> None:
    dump = "4 May\n\n如何估计矩阵的谱范数?\n\n谱范数是矩阵分析中的核心概念。\n\n点击阅读全文...\n"
    assert not looks_like_save(dump)


def test_a_body_line_starting_like_the_meta_line_does_not_end_the_post() -> None:
    text = fixture_text("desktop.md").replace(
        "泊松分布，适合于", "分类：先把事件分成两类。\n\n泊松分布，适合于"
    )
    entries, _ = read_save(text, "x.md")
    assert entries[0].blocks[0].text == "分类：先把事件分成两类。"
    assert entries[0].page is not None and entries[0].page.categories == ("数学研究", "信息时代")


def test_tags_on_a_line_of_their_own_are_read() -> None:
    text = fixture_text("desktop.md").replace("    标签： [概率]", "\n\n标签： [概率]")
    entries, _ = read_save(text, "x.md")
    page = entries[0].page
    assert page is not None
    assert page.categories == ("数学研究", "信息时代")
    assert page.tags == ("概率", "生成函数") and page.comment_count == 3
