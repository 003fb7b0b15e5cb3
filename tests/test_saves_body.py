"""The body of a clipper save as the site's Markdown: math byte-exact, nothing that can act."""

from __future__ import annotations

from kexue_archive.saves import read_save
from kexue_archive.saves.clipper import unescape
from tests.saves_fixtures import fixture_text, math_in, outside_math, read_fixture, to_html


def test_clipper_escapes_are_undone_inside_math_only() -> None:
    entry = read_fixture("math_escapes.md")
    page = to_html(entry.markdown or "")
    assert math_in(page) == [
        "\\Vert\\boldsymbol{x}\\Vert",
        "|x|",
        "x^*",
        "\\{1,2\\}",
        "[0,1]",
        "\\#S",
        "\\begin{equation}\\begin{aligned}\na_1 =&\\, |x| * 2 \\\\\n"
        "b_{[k]} =&\\, \\#S\n\\end{aligned}\\end{equation}",
    ]


def test_tex_line_break_written_with_three_backslashes_is_two() -> None:
    assert unescape("a \\\\\\\nb") == "a \\\\\nb"
    assert unescape("\\\\begin\\{x\\_1\\}") == "\\begin{x_1}"
    assert unescape("\\中") == "\\中"  # only ASCII punctuation was escaped


def test_image_link_becomes_the_original_image_absolute() -> None:
    entry = read_fixture("image.md")
    body = entry.markdown or ""
    assert "![第一层MoE的MaxVio对比图](https://kexue.fm/usr/uploads/2026/02/3461539179.png)" in body
    # a relative thumbnail still links to the original upload
    assert "![相对路径的缩略图](https://kexue.fm/usr/uploads/2018/06/2197217957.png)" in body
    assert "点击查看原图" not in body
    # the caption the blog prints under the image is the figure's caption, once
    assert body.count("第一层MoE的MaxVio对比图") == 1
    captions = [b.text for b in entry.blocks if b.kind == "caption"]
    assert captions == ["第一层MoE的MaxVio对比图", "相对路径的缩略图"]
    page = to_html(body)
    assert '<img alt="第一层MoE的MaxVio对比图" src="https://kexue.fm/usr/uploads/2026/02/' in page
    # internal links stay absolute kexue.fm archive links for the site to rewrite
    assert "(https://kexue.fm/archives/10735)" in body


def test_code_block_keeps_language_and_bytes_and_never_acts() -> None:
    entry = read_fixture("code.md")
    body = entry.markdown or ""
    assert "```python\nimport numpy as np\n\n\ndef dropout(x, rate=0.6):\n" in body
    assert "    return x * mask / (1 - rate)  # $not math$ \\alpha\n```" in body
    page = to_html(body)
    assert '<code class="language-python">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert math_in(page) == []


def test_table_cells_keep_math_and_escaped_pipes() -> None:
    entry = read_fixture("table.md")
    page = to_html(entry.markdown or "")
    assert "<table>" in page
    assert "<td>Analysis of PDEs (math.AP)</td>" in page
    assert "<td>a|b</td>" in page
    assert math_in(page) == ["\\Vert x\\Vert_2"]


def test_active_links_are_dropped_with_their_text_kept_and_reported() -> None:
    entry = read_fixture("javascript_link.md")
    body = entry.markdown or ""
    page = to_html(body)
    for scheme in ("javascript", "JaVaScRiPt", "data:", "vbscript"):
        assert scheme not in page
    assert "点这里" in page and "这里" in page and "那里" in page
    assert '<a href="https://kexue.fm/archives/3188">上一篇</a>' in page
    assert entry.page is not None
    notes = " ".join(entry.page.neutralised)
    assert "javascript:alert(1)" in notes and "vbscript" in notes


def test_html_entities_and_stray_dollars_in_text_stay_text() -> None:
    entry = read_fixture("javascript_link.md")
    page = to_html(entry.markdown or "")
    assert "<b>" not in page
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert "&amp;lt; 实体" in page
    assert "与 $ 美元" in outside_math(page)
    assert math_in(page) == []


def test_plain_blocks_hold_raw_tex_and_no_markdown() -> None:
    entry = read_fixture("desktop.md")
    first = entry.blocks[0]
    assert first.kind == "text"
    assert first.text == (
        "泊松分布，适合于描述单位时间内随机事件发生的次数的概率分布。 [维基百科] "
        "泊松分布也可以作为小概率的二项分布的近似。"
    )
    assert entry.blocks[2].text.endswith("此时$\\lambda=pn$是一个不算大的数字，也是根据概率公式")
    assert entry.blocks[4].text == "于是我们得到了泊松分布的 概率公式。"


def _body(markdown_lines: str) -> str:
    """The Markdown the reader gives for ``markdown_lines`` as the body of a real page."""
    head, _, rest = fixture_text("desktop.md").partition("泊松分布，适合于")
    tail = "_**转载到请包括本文地址：**" + rest.partition("_**转载到请包括本文地址：**")[2]
    entries, _ = read_save(head + markdown_lines + "\n\n" + tail, "x.md")
    return entries[0].markdown or ""


def test_lists_keep_their_numbering_and_rules_stay_rules() -> None:
    body = _body("前言：\n\n3. 第三步，取$x\\_3$\n4. 第四步\n\n* * *\n\n- 甲\n- 乙")
    assert "3. 第三步，取$x_3$\n4. 第四步" in body
    page = to_html(body)
    assert '<ol start="3">' in page
    assert "<hr" in page
    assert "<li>甲</li>" in page


def test_blockquote_keeps_its_math_and_text() -> None:
    body = _body("> 引用$a\\_1$的一段话\n>\n> 第二段")
    page = to_html(body)
    assert "<blockquote>" in page and "第二段" in page
    assert math_in(page) == ["a_1"]


def test_display_math_glued_after_a_sentence_gets_its_own_block() -> None:
    body = _body("由此可得$$\\\\frac{a}{b} = 1$$这就是结论，$x$也是。")
    assert "由此可得\n\n$$\\frac{a}{b} = 1$$\n\n这就是结论，$x$也是。" in body
    body = _body("于是\\\\begin{equation}a\\_1\\\\end{equation}成立。")
    assert "于是\n\n$$\\begin{equation}a_1\\end{equation}$$\n\n成立。" in body


def test_a_formula_glued_to_the_last_line_of_the_body_is_kept() -> None:
    head, _, rest = fixture_text("desktop.md").partition("泊松分布，适合于")
    tail = "_**转载到请包括本文地址：**" + rest.partition("_**转载到请包括本文地址：**")[2]
    entries, _ = read_save(head + "由此可得$$x = 1$$这就是结论。\n" + tail, "x.md")
    assert [b.text for b in entries[0].blocks] == ["由此可得", "$$x = 1$$", "这就是结论。"]
