"""Format B dumps: title, by-line with the full date, lines of excerpt, sidebar chrome."""

from __future__ import annotations

from pathlib import Path

from kexue_archive.dumps.detect import read_dump
from kexue_archive.dumps.entry import Block

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"


def parse(name: str):
    return read_dump((FIXTURES / name).read_bytes(), name)


def test_byline_gives_full_date_and_first_paragraph_glued_after_yinyong() -> None:
    first = parse("format_b.txt").entries[0]
    assert (first.year, first.month, first.day) == (2024, 4, 17)
    assert first.title == "生成扩散模型漫谈(二十三):信噪比与大图生成(下)"
    assert first.blocks[0] == Block(
        "text", "上一篇文章《生成扩散模型漫谈(二十二):信噪比与大图生成(上)》中,我们介绍了信噪比。"
    )
    assert "位读者" not in first.text and "By 苏剑林" not in first.text
    assert first.truncated  # the listing cut it, even without a marker


def test_headings_and_multiline_math_in_one_line_per_paragraph_layout() -> None:
    first = parse("format_b.txt").entries[0]
    assert [b.kind for b in first.blocks] == ["text", "text", "heading", "text", "math", "text"]
    assert first.blocks[4].text == (
        "\\begin{equation}\\text{Adam}:=\\left\\{\\begin{aligned}\n"
        "&\\boldsymbol{m}_t = \\beta_1 \\boldsymbol{m}_{t-1}\\\\\n"
        "&\\boldsymbol{v}_t = \\beta_2 \\boldsymbol{v}_{t-1}\n"
        "\\end{aligned}\\right.\\end{equation}"
    )


def test_title_glued_after_empty_excerpt_starts_the_next_entry() -> None:
    result = parse("format_b.txt")
    assert [e.title for e in result.entries] == [
        "生成扩散模型漫谈(二十三):信噪比与大图生成(下)",
        "只有标题的文章",
        "重温SSM(一):线性系统和HiPPO矩阵",
    ]
    last = result.entries[2]
    assert (last.year, last.month, last.day) == (2024, 5, 24)
    assert last.blocks == [Block("text", "前几天,笔者看了几篇介绍SSM的文章。")]
    # the entry whose excerpt was empty is still a post: a title and a date
    empty = result.entries[1]
    assert (empty.blocks, empty.source.line) == ([], 11)
    assert result.rejections == []


def test_sidebar_chrome_is_not_content() -> None:
    result = parse("format_b.txt")
    assert all("最近评论" not in e.text and "评论内容" not in e.text for e in result.entries)


def test_mixed_file_switches_formats_per_entry() -> None:
    result = parse("mixed.txt")
    assert result.format == "A+B"
    assert [(e.format, e.year, e.month, e.day) for e in result.entries] == [
        ("A", None, 8, 9),
        ("B", 2024, 4, 23),
        ("A", None, 8, 6),
    ]
    assert result.entries[0].text == "在本博客中,我们已经多次讨论过线性Attention的相关内容。"
    assert result.rejections == []
