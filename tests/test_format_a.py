"""Format A dumps: date badge, optional title, excerpt, read-more marker (FORMATS.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kexue_archive.dumps.detect import parse_text_dump, read_dump
from kexue_archive.dumps.entry import Block

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
SAMPLES = Path(__file__).parent.parent / "samples" / "dumps"


def parse(name: str):
    return read_dump((FIXTURES / name).read_bytes(), name)


def test_title_less_entry_is_its_own_entry_not_merged_into_previous() -> None:
    result = parse("format_a.txt")
    assert [(e.day, e.month, e.title) for e in result.entries] == [
        (28, 2, None),
        (28, 2, "利用CUR分解加速交互式相似度模型的检索"),
        (3, 5, "从动力学角度看优化算法(四):GAN的第三个阶段"),
    ]
    assert [e.source.line for e in result.entries] == [1, 13, 33]
    assert all(e.year is None and e.format == "A" and e.truncated for e in result.entries)
    assert result.rejections == []


def test_display_math_is_split_out_byte_exact_and_text_kept_around_it() -> None:
    first = parse("format_a.txt").entries[0]
    equation = (
        r"\begin{equation}\mathbb{E}\left[\left\Vert\nabla_{\boldsymbol{x}_t}\log "
        r"p_t(\boldsymbol{x}_t) - \boldsymbol{s}_{\boldsymbol{\theta}}(\boldsymbol{x}_t,t)"
        r"\right\Vert^2\right]\label{eq:sm}\end{equation}"
    )
    assert first.blocks == [
        Block("text", "在前面的介绍中,我们多次提及“得分匹配”,它们是扩散模型经常出现的概念。"),
        Block("heading", "得分匹配"),
        Block("text", "首先,得分匹配是指训练目标:"),
        Block("math", equation),
        Block("text", r"其中$\boldsymbol{\theta}$是训练参数。"),
    ]


def test_multiline_aligned_math_doubled_caption_and_cut_excerpt() -> None:
    second = parse("format_a.txt").entries[1]
    assert [b.kind for b in second.blocks] == ["text", "math", "caption", "math", "text"]
    assert second.blocks[1].text == (
        "\\begin{equation}\\begin{aligned}\n&a_1 = b*c \\\\\n&d < e\n\\end{aligned}\\end{equation}"
    )
    assert second.blocks[2] == Block("caption", "CUR分解示意图")
    assert second.blocks[3].text == r"$$\sum_{k=0}^n \binom{n}{k}\frac{A^k}{n^k}$$"
    # the excerpt stops mid-sentence: kept as text, not mistaken for a heading
    assert second.blocks[4] == Block("text", "后面的文字被截断在其他博文还有")
    assert "点击阅读全文" not in second.text


def test_same_day_and_month_stay_two_entries() -> None:
    entries = parse("format_a.txt").entries
    assert (entries[0].day, entries[0].month) == (entries[1].day, entries[1].month)
    assert entries[0].source.entry != entries[1].source.entry


def test_impossible_badge_is_rejected_and_does_not_swallow_the_next_entry() -> None:
    result = parse("bad_dates.txt")
    assert [(e.day, e.month) for e in result.entries] == [(29, 2), (1, 3)]
    reasons = {(r.line, r.entry): r.reason for r in result.rejections}
    assert reasons[(1, 1)] == "impossible date '31 Feb'"
    assert reasons[(13, 3)] == "impossible date 2023-02-29"
    assert len(reasons) == 2


def test_title_and_date_with_an_empty_excerpt_is_a_post() -> None:
    last = parse("bad_dates.txt").entries[-1]
    assert last.title == "只有一个足够长的标题而没有正文"
    assert last.blocks == []


def test_date_badge_alone_is_rejected() -> None:
    entries, rejections, _ = parse_text_dump("28 Mar\n\n点击阅读全文...\n", "x.txt")
    assert entries == []
    assert rejections[0].reason == "entry has a date badge but no title or text"


def test_text_before_the_first_badge_is_reported_not_dropped() -> None:
    entries, rejections, _ = parse_text_dump("页面顶部\n\n28 Mar\n\n正文内容。\n", "x.txt")
    assert len(entries) == 1
    assert [(r.line, r.entry) for r in rejections] == [(1, 0)]


def test_file_without_any_entry_is_rejected() -> None:
    result = read_dump("只是一些文字\n没有日期\n".encode(), "notes.txt")
    assert result.entries == []
    assert [(r.path, r.line) for r in result.rejections] == [("notes.txt", 1)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_gbk_crlf_dump_parses_like_utf8(encoding: str) -> None:
    text = (FIXTURES / "format_a.txt").read_text(encoding="utf-8")
    plain = parse("format_a.txt").entries
    converted = read_dump(text.replace("\n", "\r\n").encode(encoding), "format_a.txt")
    assert [(e.title, e.blocks) for e in converted.entries] == [(e.title, e.blocks) for e in plain]


def test_seed_dumps_parse_every_entry() -> None:
    counts = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        result = read_dump(path.read_bytes(), path.name)
        assert result.rejections == []
        counts[path.name[:3]] = (result.format, len(result.entries))
    assert counts == {
        "000": ("A", 8),
        "001": ("A", 8),
        "002": ("A", 8),
        "003": ("B", 8),
        "004": ("A", 8),
    }


def test_seed_title_less_entries_and_titles_ending_in_question_mark() -> None:
    entries = read_dump((SAMPLES / "000_abbbc0fc62e9558c.txt").read_bytes(), "000").entries
    titles = [e.title for e in entries]
    assert titles[0] == "Google新作试图“复活”RNN:RNN能否再次辉煌?"
    assert titles[1] is None  # 28 Feb: the excerpt starts right after the badge
    assert entries[1].blocks[0].text.startswith("在前面的介绍中")
