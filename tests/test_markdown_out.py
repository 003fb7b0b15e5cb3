"""render_body / render_post: literal text stays literal, math reaches the page byte-exact.

Bodies are rendered the way the site does (Python-Markdown, arithmatex in
generic mode, escapeall), and the HTML is checked, not the Markdown source.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kexue_archive.dumps.entry import Block
from kexue_archive.markdown_out import (
    _ESCAPES,
    escape_literal,
    meta_value,
    render_body,
    render_post,
    split_inline_math,
)
from kexue_archive.model import METADATA_KEYS, Post, SourceRef


def to_html(body: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.arithmatex", "pymdownx.escapeall"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    return md.convert(body)


_MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)


def math_in(page: str) -> list[str]:
    """The TeX arithmatex hands to MathJax, with its \\(…\\) / \\[…\\] wrap removed."""
    return [html.unescape(m.group(2))[2:-2] for m in _MATH.finditer(page)]


def visible_text(page: str) -> str:
    """What a reader sees outside math: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", _MATH.sub("", page)))


@pytest.mark.parametrize(
    "text",
    [
        "a*b* and _c_ **bold**",
        "[a](b) ![img](x.png) <https://kexue.fm>",
        "<script>alert(1)</script> & &amp; &#39;",
        "# not a heading",
        "1. not a list",
        "- not a list",
        "> not a quote",
        "---",
        "| a | b |",
        "price $5 and $ 6 $ with spaces",
        "{: .class } [^1] ~~x~~ ^^y^^ ==z==",
        "\\[x\\] \\begin{equation}",
    ],
)
def test_markdown_looking_text_stays_literal(text: str) -> None:
    page = to_html(render_body([Block("text", text)]))
    assert "<em>" not in page and "<strong>" not in page
    assert "<script" not in page and "<a " not in page and "<img" not in page
    assert "<h1" not in page and "<ol" not in page and "<ul" not in page
    assert "<blockquote" not in page and "<hr" not in page and "arithmatex" not in page
    assert visible_text(page).strip() == text


def test_inline_math_survives_byte_exact() -> None:
    text = r"其中$\boldsymbol{\theta}_t*x_1 < y \Vert z\Vert$是参数,而\(a_b*c_d & e\)也是"
    page = to_html(render_body([Block("text", text)]))
    assert math_in(page) == [r"\boldsymbol{\theta}_t*x_1 < y \Vert z\Vert", r"a_b*c_d & e"]
    assert visible_text(page) == "其中是参数,而也是"


@pytest.mark.parametrize(
    "math",
    [
        r"\begin{equation}\mathbb{E}\left[\Vert x_t - s\Vert^2\right]\label{eq:sm}\end{equation}",
        "\\begin{equation}\\begin{aligned}\n&a_1 = b*c \\\\\n&d < e\n\\end{aligned}\\end{equation}",
        "\\begin{align}\nx &= 1 \\\\\n# y &= 2\n\\end{align}",
        r"$$\sum_{k=0}^n \binom{n}{k}\frac{A^k}{n^k}$$",
    ],
)
def test_display_math_is_its_own_block_byte_exact(math: str) -> None:
    body = render_body([Block("text", "谱范数的定义是"), Block("math", math)])
    assert body == f"谱范数的定义是\n\n{math}\n"
    page = to_html(body)
    assert '<div class="arithmatex">' in page
    assert math_in(page) == [math[2:-2] if math.startswith("$$") else math]


def test_headings_and_captions() -> None:
    body = render_body(
        [Block("heading", "一、得分*匹配*"), Block("caption", "CUR分解示意图"), Block("text", "x")]
    )
    assert body == "## 一、得分\\*匹配\\*\n\nCUR分解示意图\n\nx\n"
    page = to_html(body)
    assert "<h2>一、得分*匹配*</h2>" in page
    assert page.count("CUR分解示意图") == 1


def test_backslash_before_math_stays_literal() -> None:
    # ``\\$`` and ``\\\\(`` are escapes in the dump itself: no math there.
    page = to_html(render_body([Block("text", "a\\$x$ b\\\\(y\\)")]))
    assert visible_text(page) == "a\\$x$ b\\\\(y\\)"
    assert math_in(page) == []
    # A literal (escaped) backslash pair right before real math.
    page = to_html(render_body([Block("text", "b\\\\\\(y\\)")]))
    assert visible_text(page) == "b\\\\"
    assert math_in(page) == ["y"]


def test_unclosed_dollars_are_text_and_scan_is_linear() -> None:
    text = "$a " * 50_000 + "end"
    pieces = split_inline_math(text)
    assert pieces == [(False, text)]


def test_display_block_that_arithmatex_would_not_take_is_shown_literally() -> None:
    page = to_html(render_body([Block("math", "$$a$$ *b* $$")]))
    assert "<em>" not in page


_alphabet = st.sampled_from(list("ab 中文*_#[]()<>&$\\-+.1!`|~{}^=:\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=40))
def test_any_text_is_literal_or_math(text: str) -> None:
    """Whatever the text, no Markdown/HTML construct appears, and math is byte-exact."""
    page = to_html(render_body([Block("text", text)]))
    for tag in ("<em", "<strong", "<a ", "<script", "<h1", "<ol", "<ul", "<code", "<hr"):
        assert tag not in page
    expected_math = [seg[1:-1] if seg[0] == "$" else seg[2:-2] for m, seg in _pieces(text) if m]
    assert math_in(page) == expected_math


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*map(chr, _ESCAPES), "a", "中", "&#91;", "\\\\"]), max_size=30).map(
        "".join
    )
)
def test_escape_literal_is_the_escape_table_applied_once(text: str) -> None:
    """The ordered replacements never re-escape what an earlier one inserted."""
    assert escape_literal(text) == text.translate(_ESCAPES)


def _pieces(text: str) -> list[tuple[bool, str]]:
    from kexue_archive.markdown_out import _tidy_lines

    return split_inline_math(_tidy_lines(text))


def _post(**kw: object) -> Post:
    base: dict[str, object] = {
        "title": "生成扩散模型漫谈(二十三):信噪比",
        "date": dt.date(2024, 4, 17),
        "slug": "10055",
        "body": "x\n",
        "series": "生成扩散模型漫谈",
        "series_index": 23,
        "sources": [SourceRef("b.txt", 2, 5), SourceRef("a.txt", 1, 1)],
        "date_status": "exact",
        "title_status": "index",
        "original": "https://kexue.fm/archives/10055",
        "truncated": True,
    }
    base.update(kw)
    return Post(**base)  # type: ignore[arg-type]


def test_render_post_metadata_order_and_round_trip() -> None:
    text = render_post(_post())
    head, _, body = text.partition("\n\n")
    keys = [line.split(":", 1)[0] for line in head.split("\n")]
    assert keys == [k for k in METADATA_KEYS if k in keys]
    assert keys[:3] == ["Title", "Date", "Slug"]
    assert body == "x\n"
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    meta = {k: " ".join(v) for k, v in md.Meta.items()}  # type: ignore[attr-defined]
    back = Post.from_metadata(meta, body)
    # ``Source`` keeps file and entry position (sorted), not the line.
    expected = _post(sources=[SourceRef("a.txt", 1), SourceRef("b.txt", 2)])
    assert back == expected


def test_title_cannot_inject_metadata_or_body() -> None:
    evil = "a\nDate: 1999-01-01\n\n# body\r\nSlug: ../../x\u2028y"
    text = render_post(_post(title=evil))
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    meta = md.Meta  # type: ignore[attr-defined]
    assert meta["date"] == ["2024-04-17"]
    assert meta["slug"] == ["10055"]
    assert meta["title"] == [meta_value(evil)]
    assert "\n" not in meta_value(evil)


def test_seed_bodies_keep_every_formula_byte_exact_and_no_markup() -> None:
    """All five real dumps: every display and inline formula reaches arithmatex unchanged."""
    from pathlib import Path

    from kexue_archive.dumps.detect import read_dump
    from kexue_archive.markdown_out import _tidy_lines

    samples = Path(__file__).resolve().parents[1] / "samples" / "dumps"
    formulas = 0
    for path in sorted(samples.glob("*.txt")):
        for entry in read_dump(path.read_bytes(), path.name).entries:
            expected: list[str] = []
            for block in entry.blocks:
                if block.kind == "math":
                    text = block.text.strip()
                    expected.append(text[2:-2] if text.startswith("$$") else text)
                else:
                    expected += [
                        seg[1:-1] if seg[0] == "$" else seg[2:-2]
                        for is_math, seg in split_inline_math(_tidy_lines(block.text))
                        if is_math
                    ]
            page = to_html(render_body(entry.blocks))
            assert math_in(page) == expected, entry.source
            assert set(re.findall(r"<(\w+)", _MATH.sub("", page))) <= {"p", "h2"}
            assert "$" not in visible_text(page)  # no formula was left behind as text
            formulas += len(expected)
    assert formulas > 80
