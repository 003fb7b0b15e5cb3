"""Bad input: pages that are not posts, other sites' Markdown, cut-off and empty saves."""

from __future__ import annotations

import pytest

from kexue_archive.saves import looks_like_save, read_save
from tests.saves_fixtures import fixture_text, read_fixture


def test_a_saved_listing_page_is_rejected_by_name_and_line() -> None:
    text = fixture_text("not_post.md")
    assert looks_like_save(text)
    entries, rejections = read_save(text, "saves/home.md")
    assert entries == []
    assert len(rejections) == 1
    assert rejections[0].path == "saves/home.md"
    assert rejections[0].line >= 1
    assert "not a post" in rejections[0].reason


def test_a_page_listing_several_posts_with_h1_titles_is_rejected() -> None:
    text = fixture_text("not_post.md").replace("## [", "# [")
    entries, rejections = read_save(text, "home.md")
    assert entries == []
    assert "several posts" in rejections[0].reason
    second = text.split("\n").index("# [通过msign来计算mclip](https://kexue.fm/archives/11006)")
    assert rejections[0].line == second + 1


def test_markdown_from_another_site_is_not_a_save_and_is_rejected() -> None:
    text = fixture_text("other_site.md")
    assert not looks_like_save(text)
    entries, rejections = read_save(text, "notes.md")
    assert entries == []
    assert rejections[0].path == "notes.md" and "kexue.fm" in rejections[0].reason


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_empty_input_is_rejected(text: str) -> None:
    entries, rejections = read_save(text, "empty.md")
    assert entries == [] and len(rejections) == 1


def test_a_cut_off_save_keeps_what_is_there_marked_truncated() -> None:
    entry = read_fixture("cut_off.md")
    assert entry.truncated is True
    assert [b.text for b in entry.blocks] == ["第一段，说了一些事情。", "第二段，说到一半就被截"]


def test_an_empty_body_is_still_a_post_and_reported() -> None:
    entry = read_fixture("empty_body.md")
    assert entry.title == "空文章" and (entry.year, entry.month, entry.day) == (2023, 3, 7)
    assert entry.blocks == [] and entry.markdown == ""
    assert entry.truncated is False
    assert entry.page is not None
    assert entry.page.categories == ("千奇百怪",) and entry.page.comment_count is None
    assert any("body is empty" in note for note in entry.page.neutralised)


def test_a_byline_date_that_does_not_exist_is_rejected_at_its_line() -> None:
    text = fixture_text("desktop.md").replace("2015-01-13 \\|", "2015-02-30 \\|")
    entries, rejections = read_save(text, "bad.md")
    assert entries == []
    assert "2015-2-30" in rejections[0].reason and rejections[0].line > 1


def test_a_post_title_without_its_byline_is_rejected_at_the_title() -> None:
    text = fixture_text("desktop.md").replace("By 苏剑林 \\|\n", "")
    entries, rejections = read_save(text, "x.md")
    assert entries == []
    title = "# [当概率遇上复变：从二项分布到泊松分布](https://kexue.fm/archives/3188)"
    assert rejections[0].line == text.split("\n").index(title) + 1
    assert "by-line" in rejections[0].reason
