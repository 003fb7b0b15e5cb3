"""Saved HTML pages (Typecho markup of kexue.fm): listing pages and single post pages."""

from __future__ import annotations

from pathlib import Path

from kexue_archive.dumps.detect import read_dump
from kexue_archive.dumps.entry import Block

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def parse(name: str):
    return read_dump((FIXTURES / name).read_bytes(), name)


def test_listing_page_entries_titles_ids_and_badge_dates() -> None:
    result = parse("listing.html")
    assert result.format == "html"
    first, second, title_only = result.entries
    assert (title_only.title, title_only.blocks) == ("只有标题", [])
    assert first.format == "html-listing"
    assert first.title == "Google新作试图“复活”RNN：RNN能否再次辉煌？"
    assert (first.archive_id, first.year, first.month, first.day) == (9554, None, 3, 28)
    assert (second.archive_id, second.year, second.month, second.day) == (10055, 2024, 4, 17)
    assert first.truncated and second.truncated
    assert first.source.line == 13


def test_listing_excerpt_blocks_math_from_mathjax_sources_and_no_chrome() -> None:
    first = parse("listing.html").entries[0]
    assert [b.kind for b in first.blocks] == ["text", "heading", "text", "math", "text"]
    assert first.blocks[1] == Block("heading", "得分匹配")
    assert first.blocks[3].text.startswith(r"\begin{equation}\mathbb{E}")
    assert first.blocks[3].text.endswith(r"\label{eq:sm}\end{equation}")
    # MathJax's rendering (θ) is dropped, its TeX source kept
    assert first.blocks[4] == Block("text", r"其中$\boldsymbol{\theta}$是训练参数。")
    # markup-looking text from the page is kept as text, entities decoded
    assert "*强调*一下<script>" in first.blocks[0].text
    text = "\n".join(e.text for e in parse("listing.html").entries)
    assert "阅读全文" not in text and "最近评论" not in text and "_hmt" not in text


def test_listing_impossible_date_is_rejected_and_a_title_only_post_kept() -> None:
    rejections = parse("listing.html").rejections
    assert [(r.entry, r.line) for r in rejections] == [(3, 39)]
    assert rejections[0].reason == "impossible date '31 Feb'"


def test_single_post_page_is_whole_with_id_from_canonical_link() -> None:
    (post,) = parse("post.html").entries
    assert post.format == "html-post"
    assert post.title == "生成扩散模型漫谈（二十四）：少走捷径，更快到达"
    assert (post.archive_id, post.year, post.month, post.day) == (10077, 2024, 4, 23)
    assert not post.truncated
    kinds = [b.kind for b in post.blocks]
    assert kinds == ["text", "heading", "text", "math", "text", "text", "text", "text", "math"]
    assert post.blocks[3].text == (
        r"\begin{equation}\boldsymbol{x}_{t-1} = \boldsymbol{x}_t - \rho_t "
        r"(\boldsymbol{x}_t - \hat{\boldsymbol{x}}_t) \label{eq:skip}\end{equation}"
    )
    assert post.blocks[-1] == Block("math", "$$x^2 < y$$")


def test_html_without_posts_is_rejected_naming_the_file() -> None:
    result = read_dump(b"<html><body><p>hello</p></body></html>", "saved/other.htm")
    assert result.entries == []
    assert result.rejections[0].path == "saved/other.htm"
    assert "PostHead" in result.rejections[0].reason


def test_deeply_nested_markup_does_not_crash() -> None:
    page = "<div class='PostHead'><h2>深度嵌套的页面</h2></div><div class='PostContent'>"
    page += "<div>" * 3000 + "文字" + "</div>" * 3000 + "</div>"
    result = read_dump(page.encode(), "deep.html")
    assert len(result.entries) + len(result.rejections) == 1


def test_date_in_a_title_is_not_the_post_date_and_badges_vary() -> None:
    page = """<html><body>
<div class="PostHead"><div class="PostDate">Dec 31 2016</div>
<h2><a href="/archives/4166">2017-01-01的天象预报</a></h2></div>
<div class="PostContent"><p>新年快乐。</p></div>
<div class="PostHead"><span class="date"><b>5</b> <i>Sept</i></span>
<h2><a href="https://spaces.ac.cn/archives/12">无年份</a></h2></div>
<div class="PostContent"><p>正文。</p></div>
</body></html>"""
    first, second = read_dump(page.encode(), "p.html").entries
    assert (first.year, first.month, first.day, first.archive_id) == (2016, 12, 31, 4166)
    assert first.title == "2017-01-01的天象预报"
    assert (second.year, second.month, second.day, second.archive_id) == (None, 9, 5, 12)
