"""Saved HTML post pages become whole posts with their structure: Markdown body, tags, comments.

Each fixture in ``fixtures/html/post_*.html`` is a small "save page" of a
kexue.fm post showing one quirk.  The Markdown is checked as source and, in
the last tests, rendered with the site's Markdown settings, where what counts
is the HTML a reader gets.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pelicanconf
from kexue_archive.dumps.detect import read_dump
from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.model import Comment
from kexue_archive.parallel import read_one

FIXTURES = Path(__file__).parent / "fixtures" / "html"
#: The site's Markdown: pelicanconf's extensions plus those the full posts need.
SITE_EXTENSIONS = [
    *pelicanconf.MARKDOWN["extension_configs"],
    "tables",
    "fenced_code",
    "footnotes",
    "toc",
    "sane_lists",
]
_MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)


def post(name: str) -> Entry:
    result = read_dump((FIXTURES / name).read_bytes(), name)
    assert result.rejections == []
    (entry,) = result.entries
    assert entry.format == "html-post"
    assert entry.page is not None and entry.markdown is not None
    return entry


def to_html(body: str) -> str:
    md = markdown.Markdown(
        extensions=SITE_EXTENSIONS,
        extension_configs=pelicanconf.MARKDOWN["extension_configs"],
        output_format="html5",
    )
    return md.convert(body)


def math_in(page: str) -> list[str]:
    """The TeX arithmatex hands to MathJax, its \\(…\\) / \\[…\\] wrap removed."""
    return [html.unescape(m.group(2))[2:-2] for m in _MATH.finditer(page)]


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", _MATH.sub("", page)))


# --- the page: title, date, id, the body as plain blocks -------------------------------------


def test_post_page_is_one_whole_entry_with_by_line_date_and_id() -> None:
    entry = post("post_math.html")
    assert entry.title == "公式的源码"
    assert (entry.year, entry.month, entry.day, entry.archive_id) == (2022, 1, 15, 8005)
    assert entry.truncated is False
    assert entry.page.math_status == "exact"


def test_blocks_are_plain_paragraphs_with_raw_tex_like_listing_excerpts() -> None:
    entry = post("post_math.html")
    assert entry.blocks[0] == Block(
        "text",
        "设$a_1*b_2 < c_{*}$，且文字里的 *星号* 与 _下划线_、\\反斜杠 和 <script> 照原样显示。",
    )
    assert entry.blocks[1].kind == "math"
    assert entry.blocks[1].text.startswith("\\begin{equation}\\begin{aligned}\n&a_1 = b*c \\\\\n")
    assert entry.blocks[2] == Block("text", "其中式$\\eqref{eq:a}$成立。")
    assert entry.blocks[3] == Block("math", "$$\\sum_{k=0}^n x_k^* \\\\ y<z$$")


def test_reading_in_the_scraper_keeps_the_readers_markdown(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_bytes((FIXTURES / "post_headings.html").read_bytes())
    (entry,) = read_one(page, "saved.html").entries
    assert entry.markdown is not None and entry.markdown.startswith("引言一段。\n\n## 大量的参数\n")


def test_a_whole_saved_page_gives_the_post_its_line_and_its_comments_and_nothing_else() -> None:
    entry = post("post_full.html")
    assert (entry.title, entry.archive_id) == ("Efficient GlobalPointer：少点参数，多点效果", 8877)
    assert (entry.year, entry.month, entry.day) == (2022, 1, 25)
    body = entry.markdown
    assert body.startswith(
        "在[《GlobalPointer：用统一的方式处理嵌套和非嵌套NER》](https://kexue.fm/archives/8373)中，"
    )
    assert "设长度为$n$的输入$t$经过编码后得到向量序列" in body
    assert "\n\n$$\\begin{equation}s_{\\alpha}(i,j) = " in body
    assert "![参数量对比](https://kexue.fm/usr/uploads/2022/01/3574011212.png)\n\n下面" in body
    assert body.endswith("并提出了相应的改进版Efficient GlobalPointer。\n")
    for chrome in ("转载", "打赏", "引用本文", "@online", "CATEGORIES", "最近评论", "热门标签",
                   "你也许", "备案号", "发表你的看法", "_hmt", "rendered", "首页"):  # fmt: skip
        assert chrome not in body and all(chrome not in b.text for b in entry.blocks)
    page = entry.page
    assert (page.categories, page.tags, page.comment_count) == (
        ("信息时代",),
        ("模型", "NLP", "NER"),
        63,
    )
    assert [(c.author, c.date, c.id, c.parent) for c in page.comments] == [
        ("一曲漓江月", "2023-09-12", 22707, None),
        ("苏剑林", "2023-09-14", 22722, 22707),
        ("胡杨娟", "2024-11-12", 25739, None),
    ]
    assert page.comments[1].body == (
        "简单来说，除了大家都以token\\-pair为单位进行分类外，没有什么联系了。"
        "打分是$s_{\\alpha}(i,j)$。\n"
    )
    assert page.neutralised == ("2 onclick attribute dropped",)  # the reply links'
    assert page.chrome_dropped >= 8


# --- body Markdown, one quirk a fixture -----------------------------------------------------


def test_headings_keep_their_level_without_permalink_anchors() -> None:
    entry = post("post_headings.html")
    lines = [line for line in entry.markdown.split("\n") if line.startswith("#")]
    assert lines == [
        "## 大量的参数",
        "### 子节：$n_1$的情形",
        "#### 1\\. 不是列表 \\# 也不是标题",
        "##### 第五级",
        "## 正文里的一级标题",  # the post's title is the page's only h1
    ]
    assert [b.text for b in entry.blocks if b.kind == "heading"][:2] == [
        "大量的参数",
        "子节：$n_1$的情形",
    ]


def test_nested_lists_are_indented_and_ordered_lists_keep_their_start() -> None:
    body = post("post_nested_list.html").markdown
    assert "1. 准备$x_0$；\n    - 子项甲\n    - 子项乙\n        - 更深一层\n2. 迭代" in body
    assert "2. 迭代\n\n接着：\n\n3. 第三步\n4. 第四步" in body
    assert "- 松散的一项\n\n    它的第二段\n\n- 另一项" in body


def test_code_blocks_are_fenced_with_their_language_and_kept_verbatim() -> None:
    body = post("post_code.html").markdown
    assert "```python\n# from bert4keras.layers import GlobalPointer\n" in body
    assert "    return x * 2  # `a` <b> $x$\n```" in body
    # a fence longer than any backtick run in the code
    assert '````js\nlet s = "```";\nconsole.log(s)\n````' in body
    assert "```\n无语言\n第二行\n```" in body  # <br> in a <pre> is a line break
    assert '```bash\nls -l | grep "*.md"\n```' in body  # SyntaxHighlighter's class
    assert "`bert4keras>=0.10.9`" in body and "`a_b*c`" in body


def test_tables_become_markdown_tables_with_pipes_escaped() -> None:
    body = post("post_table.html").markdown
    assert "| 模型 | 验证集F1 | 备注 |\n| --- | --- | --- |\n" in body
    assert "| CRF | 96\\.39% | 基线 \\| 无 |" in body
    # a bare | in TeX would split the row: \vert is the same symbol
    assert "| **GlobalPointer** | $\\vert x\\vert _*$ | 两段 内容 |" in body
    # a table without a header row: its first row names the columns
    assert "| 分类 | 文章数 |\n| --- | --- |\n| math\\.AP | 9417 |" in body


def test_mathjax_sources_are_the_math_and_the_rendering_is_dropped() -> None:
    body = post("post_math.html").markdown
    assert "渲染" not in body
    assert body.startswith("设$a_1*b_2 < c_{*}$，")
    display = (
        "$$\\begin{equation}\\begin{aligned}\n&a_1 = b*c \\\\\n&d < e_{*}\n"
        "\\end{aligned}\\label{eq:a}\\end{equation}$$"
    )
    # display math inside a paragraph splits it: a block of its own
    assert f"照原样显示。\n\n{display}\n\n其中式$\\eqref{{eq:a}}$成立。" in body
    assert "\n\n$$\\sum_{k=0}^n x_k^* \\\\ y<z$$\n\n" in body
    assert "\\( x \\)两侧有空格。" in body  # spaces inside: not smart-dollar math


def test_text_outside_math_is_literal() -> None:
    body = post("post_math.html").markdown
    assert "\\*星号\\* 与 \\_下划线\\_、\\\\反斜杠 和 &lt;script\\>" in body


def test_images_link_the_original_and_carry_their_caption_once() -> None:
    entry = post("post_image.html")
    assert entry.markdown == (
        "先看统计：\n\n"
        # the "点击查看原图" link is the original; the saved copy's path is not
        "![每年的文章总数](https://kexue.fm/usr/uploads/2015/11/881826809.png)\n\n"
        "![Window Attention &#91;示意&#93;](https://kexue.fm/usr/uploads/2023/05/696173872.svg)\n\n"
        "![系统控制](https://kexue.fm/usr/uploads/2020/01/1.png)\n"
    )
    captions = [b.text for b in entry.blocks if b.kind == "caption"]
    assert captions == ["每年的文章总数", "Window Attention [示意]", "系统控制"]


def test_footnotes_become_markdown_footnotes() -> None:
    body = post("post_footnotes.html").markdown
    assert body.startswith("一个论断[^1]，另一个[^note]。\n\n")
    assert "[^1]: 第一条脚注，含$x_1$。\n\n[^note]: 第二条。\n" in body
    assert "↩" not in body


# --- what could act, chrome ------------------------------------------------------------------


def test_active_links_scripts_frames_forms_and_handlers_are_dropped_and_counted() -> None:
    entry = post("post_active.html")
    assert entry.markdown == (
        "点这里或那里，再看数据和[正常链接](https://kexue.fm/archives/8877)。\n\n"
        "![图](https://kexue.fm/usr/uploads/a.png)\n"
    )
    assert set(entry.page.neutralised) == {
        "1 <script> dropped",
        "1 <iframe> dropped",
        "3 <form> dropped",
        "1 onclick attribute dropped",
        "1 onmouseover attribute dropped",
        "1 onerror attribute dropped",
        "javascript: link dropped: '这里'",
        "javascript: link dropped: '那里'",
        "data: link dropped: '数据'",
    }


def test_the_blogs_notes_reward_and_citation_blocks_end_the_post() -> None:
    entry = post("post_chrome.html")
    assert entry.markdown == "正文第一段。\n\n正文最后一段。\n"
    assert [b.text for b in entry.blocks] == ["正文第一段。", "正文最后一段。"]
    # the reward block, then the notes from 转载 on (6 blocks with text) are cut from the
    # body; around the post: the previous/next links, related posts, comment form, sidebar,
    # footer
    assert entry.page.chrome_dropped == 1 + 6 + 5


def test_tags_and_every_category_come_from_the_post_line_not_the_sidebar() -> None:
    page = post("post_taxonomy.html").page
    assert page.categories == ("数学研究", "信息时代")
    assert page.tags == ("模型", "NLP")
    assert page.comment_count == 63


def test_a_category_line_inside_the_post_is_read_and_left_out_of_the_text() -> None:
    entry = post("post_taxonomy_inside.html")
    assert (entry.page.categories, entry.page.tags) == (("数学研究",), ("概率",))
    # a sentence that starts with 分类： is text; the line with the links is not
    assert entry.markdown == "分类：正文里以“分类：”开头的一句话，不是分类行。\n\n正文第二段。\n"
    assert entry.page.chrome_dropped == 1


# --- comments --------------------------------------------------------------------------------


def test_comments_with_a_reply_and_math_typecho_default_markup() -> None:
    page = post("post_comments.html").page
    assert page.comments == (
        Comment("一曲漓江月", "2023-09-12", "请问$s_{\\alpha}(i,j)$里的 \\*号 是什么？\n", 22707),
        Comment(
            "苏剑林",
            "2023-09-14",
            "就是乘法：\n\n$$\\begin{equation}s = a * b\\end{equation}$$\n\n明白了吗？\n",
            22722,
            parent=22707,
        ),
        Comment("scofield", "2023-11-26", "第二条顶层评论。\n", 23175),
    )
    assert page.neutralised == ("1 onclick attribute dropped",)  # the reply link's handler
    assert page.comment_count is None  # the page does not say how many there are


def test_comments_in_another_themes_markup_are_read_by_their_ids() -> None:
    page = post("post_comments_theme.html").page
    assert page.comments == (
        Comment("访客甲", "2021-03-03", "第一条，$x^2$很好。\n", 501),
        Comment("访客乙", "2021-03-04", "回复甲。\n", 502, parent=501),
    )
    assert page.comment_count == 2  # Typecho's default "已有 2 条评论"


def test_comments_without_a_content_element_keep_their_text_and_nothing_around_it() -> None:
    # WordPress-style markup: the text stands next to author, date, 发表于 and reply link
    page = post("post_comments_wp.html").page
    assert page.comments == (
        Comment("读者丙", "2019-05-06", "公式$\\|x\\|_2$是什么范数？\n\n第二段。\n", 701),
        Comment("苏剑林", "2019-05-07", "二范数。\n", 702, parent=701),
    )


def test_a_script_in_a_comment_never_reaches_its_body() -> None:
    page = post("post_comment_script.html").page
    (comment,) = page.comments
    assert comment.author == "<b>坏人</b>"  # plain text: the template escapes it
    assert "cookie" not in comment.body and "javascript" not in comment.body
    assert "&lt;script\\>alert(1)&lt;/script\\>" in comment.body
    rendered = to_html(comment.body)
    assert "<script" not in rendered and "onerror" not in rendered
    assert "<script>alert(1)</script>" in visible_text(rendered)
    assert set(page.neutralised) == {
        "1 <script> dropped",
        "1 onerror attribute dropped",
        "javascript: link dropped: '链接'",
    }


# --- pages that are not posts ----------------------------------------------------------------


def test_a_listing_page_is_not_a_post_page() -> None:
    result = read_dump((FIXTURES / "not_post.html").read_bytes(), "not_post.html")
    assert [e.format for e in result.entries] == ["html-listing", "html-listing"]
    assert all(e.page is None and e.markdown is None for e in result.entries)


def test_a_page_without_posts_is_rejected_naming_the_file() -> None:
    page = b"<html><body><h1>\xe6\x90\x9c\xe7\xb4\xa2</h1><p>no results</p></body></html>"
    result = read_dump(page, "saves/search.html")
    assert result.entries == []
    assert result.rejections[0].path == "saves/search.html"


def test_a_post_page_without_a_body_is_still_a_post() -> None:
    page = (FIXTURES / "post_chrome.html").read_text(encoding="utf-8")
    page = re.sub(r'<div class="PostContent".*?</pre>\n</div>', "", page, flags=re.DOTALL)
    (entry,) = read_dump(page.encode(), "empty.html").entries
    assert entry.title == "页面的其余部分"
    assert entry.blocks == [] and entry.markdown == ""


# --- the Markdown as the site renders it -----------------------------------------------------


def _rendered(name: str) -> str:
    return to_html(post(name).markdown)


def test_site_markdown_renders_headings_lists_tables_code_and_footnotes() -> None:
    page = _rendered("post_headings.html")
    assert re.search(r"<h2[^>]*>大量的参数</h2>", page)
    assert re.search(r"<h4[^>]*>1\. 不是列表 # 也不是标题</h4>", page)
    page = _rendered("post_nested_list.html")
    assert re.search(r"<ol>\s*<li>准备<span class=\"arithmatex\">.*?</span>；\s*<ul>", page)
    assert re.search(r"<ul>\s*<li>更深一层</li>\s*</ul>", page)
    assert '<ol start="3">' in page
    page = _rendered("post_table.html")
    assert "<th>模型</th>" in page and "<td>基线 | 无</td>" in page
    assert "<td><strong>GlobalPointer</strong></td>" in page
    assert page.count("<tr>") == 3 + 2
    page = _rendered("post_code.html")
    assert '<pre><code class="language-python"># from bert4keras' in page
    assert "return x * 2  # `a` &lt;b&gt; $x$" in page
    assert "<code>a_b*c</code>" in page
    page = _rendered("post_footnotes.html")
    assert 'class="footnote"' in page and page.count('class="footnote-ref"') == 2


def _mathjax_sources(name: str) -> list[str]:
    """The TeX of the MathJax scripts in a fixture's post body (up to the blog's notes)."""
    source = (FIXTURES / name).read_text(encoding="utf-8")
    body = source.partition('id="PostContent">')[2].partition("转载到请包括本文地址")[0]
    return re.findall(r'<script type="math/tex[^"]*"[^>]*>(.*?)</script>', body, re.DOTALL)


def test_site_markdown_gives_every_mathjax_source_byte_exact_and_no_script() -> None:
    for name in ("post_math.html", "post_full.html"):
        page = _rendered(name)
        assert math_in(page) == _mathjax_sources(name)
        assert "<script" not in page
    page = _rendered("post_math.html")
    assert "*星号* 与 _下划线_、\\反斜杠 和 <script> 照原样显示" in visible_text(page)
    table = _rendered("post_table.html")
    assert math_in(table) == ["\\vert x\\vert _*"]


def test_site_markdown_renders_images_and_comment_math() -> None:
    page = _rendered("post_image.html")
    assert (
        '<img alt="每年的文章总数" src="https://kexue.fm/usr/uploads/2015/11/881826809.png">'
        in page
    )
    reply = post("post_comments.html").page.comments[1]
    assert math_in(to_html(reply.body)) == ["\\begin{equation}s = a * b\\end{equation}"]


def test_output_is_deterministic() -> None:
    first = post("post_comments.html")
    second = post("post_comments.html")
    assert first.markdown == second.markdown and first.page == second.page


# --- anything -------------------------------------------------------------------------------

_TAGS = st.sampled_from(
    ["p", "div", "span", "a", "ul", "ol", "li", "table", "tr", "td", "th", "pre", "code", "em",
     "strong", "h2", "h3", "blockquote", "figure", "figcaption", "img", "br", "sup", "script",
     "iframe", "form", "li", "time", "cite"]
)  # fmt: skip
_ATTRS = st.sampled_from(
    ['', ' class="comment-content"', ' id="comment-7"', ' id="li-comment-8"',
     ' href="javascript:x"', ' href="#fn-1"', ' class="footnotes"', ' id="fn-1"',
     ' type="math/tex"', ' type="math/tex; mode=display"', ' class="MathJax"', ' onclick="x()"',
     ' src="a.png"', ' class="language-py"', ' class="reward"', ' start="x"', ' class="fn"']
)  # fmt: skip
_TEXT = st.text(st.sampled_from(list("ab中文$\\_*|`<>&#[]{}() \n分类标签：评论0123")), max_size=12)


@st.composite
def _fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(_TAGS)}{draw(_ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{draw(_TAGS)}>")
        else:
            parts.append(draw(_TEXT))
    return "".join(parts)


#: A post page around arbitrary body HTML (and HTML after the post).
POST_PAGE_FOR_PROPERTIES = (
    "<html><body><div class='PostHead'><h1>标题</h1>By 苏剑林 | 2020-01-02</div>"
    "<div class='PostContent'>{body}</div>{after}</body></html>"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_fragments(), after=_fragments())
def test_any_html_in_a_post_page_is_read_without_crashing(body: str, after: str) -> None:
    page = POST_PAGE_FOR_PROPERTIES.format(body=body, after=after)
    result = read_dump(page.encode(), "any.html")
    assert len(result.entries) + len(result.rejections) >= 1
    for entry in result.entries:
        assert entry.format == "html-post" and entry.markdown is not None
        for markdown_text in [entry.markdown, *(c.body for c in entry.page.comments)]:
            rendered = to_html(markdown_text)
            # only the elements Markdown itself makes: no tag of the save passes through
            assert set(_ELEMENT.findall(rendered)) <= MARKDOWN_ELEMENTS, rendered
            assert not re.search(r"<[^>]*\son\w*=", rendered)  # no event handler attribute


_ELEMENT = re.compile(r"<([A-Za-z][\w-]*)")
MARKDOWN_ELEMENTS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "table",
    "thead", "tbody", "tr", "th", "td", "em", "strong", "a", "img", "span", "div", "hr", "br",
    "sup",
}  # fmt: skip


_TEX = st.text(st.sampled_from(list("ab_^*\\{}<>&$|`% \n#-=1.")), min_size=1, max_size=20)
_PLACES = {
    "p": ("<p>", "</p>"),
    "li": ("<ul><li>", "</li></ul>"),
    "quote": ("<blockquote><p>", "</p></blockquote>"),
    "loose li": ("<ol><li><p>一</p><p>", "</p></li></ol>"),
}


@settings(max_examples=300, deadline=None)
@given(
    tex=_TEX.filter(lambda t: t.strip() and "</" not in t and "&#" not in t),
    display=st.booleans(),
    place=st.sampled_from(sorted(_PLACES)),
)
def test_any_mathjax_source_reaches_the_page_byte_exact_or_is_reported(
    tex: str, display: bool, place: str
) -> None:
    kind = "math/tex; mode=display" if display else "math/tex"
    before, after = _PLACES[place]
    page = (
        "<div class='PostHead'><h1>t</h1></div><div class='PostContent'>"
        f'{before}文<script type="{kind}">{tex}</script>字{after}</div>'
    )
    (entry,) = read_dump(page.encode(), "tex.html").entries
    if any("shown as text" in note for note in entry.page.neutralised):
        return  # TeX no Markdown delimiter can hold (a backtick...): reported
    # a blank line cannot be inside a formula (TeX reads it as \par): the one change
    expected = re.sub(r"\n[ \t]*(?=\n)", "", tex) if display else tex
    (math,) = math_in(to_html(entry.markdown))
    # inline TeX whose line breaks Markdown would misread: they become spaces (the same in TeX)
    assert math == expected or (not display and "%" not in tex and math == re.sub(r"\s+", " ", tex))


def test_deeply_nested_post_markup_keeps_its_text() -> None:
    body = "<div>" * 3000 + "深处的文字" + "</div>" * 3000
    page = f"<div class='PostHead'><h1>深</h1></div><div class='PostContent'>{body}</div>"
    (entry,) = read_dump(page.encode(), "deep.html").entries
    assert entry.markdown == "深处的文字\n"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_named_html_are_read_without_crashing(data: bytes) -> None:
    result = read_dump(b"<div class='PostHead'><h1>t</h1></div>" + data, "bytes.html")
    assert len(result.entries) + len(result.rejections) >= 1


@pytest.mark.parametrize("body", ["<h2><p></p><a><a>", '<h2><a id="comment-7">'])
def test_nested_or_dropped_anchors_in_a_heading_do_not_crash_the_reader(body: str) -> None:
    # found by the property test: an anchor inside one already dropped, and a comment
    # marker that was the heading's permalink
    page = POST_PAGE_FOR_PROPERTIES.format(body=body, after="")
    result = read_dump(page.encode(), "any.html")
    assert [e.format for e in result.entries] == ["html-post"]
