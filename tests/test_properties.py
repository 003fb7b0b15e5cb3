"""Property tests: dumps written from random entries parse back; any input is accounted for."""

from __future__ import annotations

import calendar
import html
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kexue_archive.dumps.detect import read_dump
from kexue_archive.dumps.entry import Block
from kexue_archive.dumps.stated_date import BLOG_FIRST_YEAR, build_date
from kexue_archive.infer import build_posts
from kexue_archive.markdown_out import render_body
from kexue_archive.report import Report

CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 500))  # common ideographs
_TEXT_CHARS = st.sampled_from(list(CJK + "abcXYZ019 *_#[]()<>&|~{}!?-+.="))
MONTH_NAMES = [name for name in calendar.month_abbr if name]


def _plain(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHARS, min_size=min_size, max_size=max_size).map(
        lambda s: " ".join(s.split())
    )


inline_math = st.sampled_from(
    [r"$x_1*y$", r"$\boldsymbol{\theta}$", r"\(a<b\)", r"$\Vert W\Vert_2$"]
)
display_math = st.sampled_from(
    [
        r"\begin{equation}\Vert\boldsymbol{W}\Vert_2 = \max_{x} \Vert Wx\Vert_2\end{equation}",
        "\\begin{equation}\\begin{aligned}\n&a_1 = b*c \\\\\n&d < e\n\\end{aligned}\\end{equation}",
        r"$$\sum_{k=0}^n \binom{n}{k}\frac{A^k}{n^k}$$",
        "\\begin{align}\nx &= 1 \\\\\ny &= 2\n\\end{align}",
    ]
)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A paragraph: long enough and ending like a sentence, so never a heading or title."""
    parts = draw(st.lists(st.one_of(_plain(1, 30), inline_math), min_size=1, max_size=4))
    text = "".join(parts).strip() or "内容"
    return f"{CJK[len(text) % 50]}{text}{draw(st.sampled_from(['。', ',', ':']))}"


heading = st.text(st.sampled_from(list(CJK)), min_size=2, max_size=8)
title_text = st.builds(
    lambda a, b: f"{a}:{b}", st.text(st.sampled_from(list(CJK)), min_size=3, max_size=15), heading
)


@st.composite
def excerpt(draw: st.DrawFn) -> list[Block]:
    """Blocks the parser must give back: text first; headings before text; unique paragraphs."""
    blocks = [Block("text", draw(sentence()))]
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["text", "heading", "math", "caption"]))
        if kind == "text":
            blocks.append(Block("text", draw(sentence())))
        elif kind == "heading":
            blocks += [Block("heading", draw(heading)), Block("text", draw(sentence()))]
        elif kind == "math":
            blocks.append(Block("math", draw(display_math)))
        else:
            blocks.append(Block("caption", draw(heading) + "示意图"))
    # paragraphs must differ from their neighbours (two equal ones are a caption)
    seen: list[Block] = []
    for n, block in enumerate(blocks):
        if block.kind == "text":
            block = Block("text", f"{block.text[:-1]}{n}{block.text[-1]}")
        seen.append(block)
    return seen


entry_strategy = st.fixed_dictionaries(
    {
        "title": st.one_of(st.none(), title_text),
        "month": st.integers(1, 12),
        "day": st.integers(1, 28),
        # stated dates must lie in the blog's life, which ends today: last year is always past
        "year": st.integers(BLOG_FIRST_YEAR, build_date().year - 1),
        "blocks": excerpt(),
    }
)


def to_format_a(entries: list[dict]) -> str:
    chunks = []
    for e in entries:
        parts = [f"{e['day']} {MONTH_NAMES[e['month'] - 1]}"]
        if e["title"]:
            parts.append(e["title"])
        for block in e["blocks"]:
            parts += [block.text] * (2 if block.kind == "caption" else 1)
        parts.append("点击阅读全文...")
        chunks.append("\n\n".join(parts))
    return "\n\n".join(chunks)


def to_format_b(entries: list[dict]) -> str:
    lines = []
    for e in entries:
        first, *rest = e["blocks"]
        lines.append(e["title"] or "无题之文")
        date = f"{e['year']}-{e['month']:02d}-{e['day']:02d}"
        lines.append(f"By 苏剑林 | {date} | 123位读者 | 引用{first.text}")
        for block in rest:
            lines += [block.text] * (2 if block.kind == "caption" else 1)
    return "\n".join([*lines, "最近评论"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry_strategy, min_size=1, max_size=5))
def test_format_a_round_trip(entries: list[dict]) -> None:
    result = read_dump(to_format_a(entries).encode("utf-8"), "a.txt")
    assert result.rejections == []
    got = [(e.title, e.day, e.month, e.year, e.blocks, e.truncated) for e in result.entries]
    want = [(e["title"], e["day"], e["month"], None, e["blocks"], True) for e in entries]
    assert got == want


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry_strategy, min_size=1, max_size=5))
def test_format_b_round_trip(entries: list[dict]) -> None:
    result = read_dump(to_format_b(entries).encode("utf-8"), "b.txt")
    assert result.rejections == []
    got = [(e.title, e.day, e.month, e.year, e.blocks) for e in result.entries]
    want = [
        (e["title"] or "无题之文", e["day"], e["month"], e["year"], e["blocks"]) for e in entries
    ]
    assert got == want


_DUMP_LINES = st.one_of(
    st.sampled_from(
        [
            "",
            "28 Mar",
            "31 Feb",
            "29 Feb",
            "点击阅读全文...",
            "最近评论",
            "By 苏剑林 | 2024-04-17 | 30722位读者 | 引用",
            "By 苏剑林 | 2023-02-29 | 1位读者 | 引用正文。",
            "By 苏剑林 | 2021-07-01 | 9位读者 | 引用标题也可以粘在这里",
            "\\begin{equation}x",
            "\\end{equation}",
            "$$a$$ b $$",
            "标题:一个看起来像标题的行",
            "得分匹配",
        ]
    ),
    st.text(_TEXT_CHARS, max_size=40),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), st.lists(_DUMP_LINES, max_size=30).map("\n".join)))
def test_any_input_never_crashes_and_every_entry_is_accounted_for(raw: bytes | str) -> None:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    result = read_dump(data, "x.txt")
    numbers = [e.source.entry for e in result.entries] + [
        r.entry for r in result.rejections if r.entry
    ]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))  # each entry once
    if not result.entries:
        assert result.rejections  # a file that gives nothing says why
    report = Report()
    posts = build_posts(result.entries, None, None, report)
    sources = sorted(s for p in posts for s in p.sources)
    assert sources == sorted(e.source for e in result.entries)


def test_two_megabyte_dump_with_huge_paragraphs_parses() -> None:
    paragraph = ("长段落$x$ 与 $ 未闭合 \\( 也未闭合 " * 4000)[:100_000]
    unclosed = "$$\n\n\\begin{equation}"
    entry = f"1 Jan\n\n一个很长的文章标题\n\n{paragraph}\n\n{unclosed}\n\n点击阅读全文..."
    text = "\n\n".join([entry] * 20)
    assert len(text.encode("utf-8")) > 2_000_000
    start = time.perf_counter()
    result = read_dump(text.encode("utf-8"), "big.txt")
    elapsed = time.perf_counter() - start
    assert len(result.entries) == 20 and not result.rejections
    assert result.entries[0].blocks[0].text == paragraph.rstrip()
    body = render_body(result.entries[0].blocks)
    elapsed = time.perf_counter() - start
    assert "长段落$x$" in body  # the closed math is found even among unclosed delimiters
    assert elapsed < 60  # generous: linear parsing takes well under a second here


def to_html_listing(entries: list[dict]) -> str:
    """A listing page in the blog's Typecho markup, every text HTML-escaped."""
    parts = ["<!DOCTYPE html><html><body><div id='main'>"]
    for n, e in enumerate(entries, start=1):
        title = html.escape(e["title"] or "无题之文")
        parts.append(
            f"<div class='Post'><div class='PostHead'><div class='PostDate'>"
            f"<span>{e['day']}</span><span>{MONTH_NAMES[e['month'] - 1]}</span></div>"
            f"<h2><a href='https://kexue.fm/archives/{n}'>{title}</a></h2></div>"
            "<div class='PostContent'>"
        )
        for block in e["blocks"]:
            text = html.escape(block.text).replace("\n", "<br>\n")
            tag = {"heading": "h3", "caption": "figcaption"}.get(block.kind, "p")
            parts.append(f"<{tag}>{text}</{tag}>")
        parts.append(
            f"<p><a href='https://kexue.fm/archives/{n}#more'>阅读全文</a></p></div></div>"
        )
    parts.append("</div><div id='sidebar'><h3>最近评论</h3></div></body></html>")
    return "\n".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry_strategy, min_size=1, max_size=4))
def test_html_listing_round_trip(entries: list[dict]) -> None:
    result = read_dump(to_html_listing(entries).encode("utf-8"), "page.html")
    assert result.rejections == []
    got = [(e.title, e.day, e.month, e.archive_id, e.blocks) for e in result.entries]
    want = [
        (e["title"] or "无题之文", e["day"], e["month"], n, e["blocks"])
        for n, e in enumerate(entries, start=1)
    ]
    assert got == want
    assert all(e.truncated and e.format == "html-listing" for e in result.entries)
