"""Heading ids are the blog's own anchors (the heading text), valid as HTML ids."""

from __future__ import annotations

import markdown

from kexue_archive.headings import (
    EMPTY_HEADING_ID,
    RESERVED_ID_MARK,
    heading_id,
    page_safe_heading_id,
)


def test_the_heading_text_is_its_id() -> None:
    assert heading_id("抛弃动量") == "抛弃动量"
    assert heading_id("AdaFactor雏形") == "AdaFactor雏形"


def test_whitespace_runs_become_one_separator_and_control_characters_go() -> None:
    assert heading_id("Adam & AdaX") == "Adam-&-AdaX"
    assert heading_id("  一、 微分\t方程\u3000的本质 ") == "一、-微分-方程-的本质"
    assert heading_id("a\x00b\u200bc") == "abc"
    assert heading_id(" \t") == EMPTY_HEADING_ID


def test_toc_uses_it_and_keeps_repeated_headings_unique() -> None:
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": heading_id}})
    html = md.convert("## 小结\n\n## Adam & AdaX\n\n## 小结")
    assert html == (
        '<h2 id="小结">小结</h2>\n<h2 id="Adam-&amp;-AdaX">Adam &amp; AdaX</h2>\n'
        '<h2 id="小结_1">小结</h2>'
    )


def test_a_heading_never_takes_an_id_of_the_page_itself() -> None:
    slugify = page_safe_heading_id(frozenset({"comments", "main"}), ("entry-",))
    assert slugify("comments") == RESERVED_ID_MARK + "comments"
    assert slugify("entry-3") == RESERVED_ID_MARK + "entry-3"
    assert slugify("评论 comments") == "评论-comments"  # only the exact id is the page's
    assert slugify("Adam & AdaX") == heading_id("Adam & AdaX")
