"""guard_html: harmless HTML comes back as it is; script, requests and page ids do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings
from safe_content import guard_html
from safe_content.html_guard import url_allowed
from safe_content.html_tokens import tokenize
from safe_content.page_ids import theme_ids

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_POSTS = sorted((ROOT / "tests" / "fixtures" / "site" / "content").glob("*.md"))


def render(path: Path) -> str:
    """A post's body as the site's Pelican settings render it."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    content, _ = MarkdownReader(settings).read(str(path))
    return content


@pytest.mark.parametrize("path", FIXTURE_POSTS, ids=lambda p: p.name)
def test_rendered_fixture_post_is_returned_byte_for_byte(path: Path) -> None:
    body = render(path)
    assert guard_html(body) == (body, [])


def test_markdown_output_of_every_kind_is_kept() -> None:
    body = (
        '<h2>标题</h2>\n<p><a href="https://kexue.fm/archives/1" title="t">x</a> '
        '<a href="#fn:1">1</a> <a href="../archives/2.html">y</a> <a href="mailto:a@b.c">m</a> '
        '<img alt="图" src="../images/a.png" /> <code>&lt;b&gt;</code> &amp; &nbsp;</p>\n'
        '<table>\n<thead>\n<tr>\n<th style="text-align: left;">a</th>\n</tr>\n</thead>\n'
        '<tbody><tr><td align="right">1</td></tr></tbody></table>\n'
        '<div class="arithmatex">\\[\\frac{a&lt;b}{c}\\label{e}\\]</div>\n'
        '<ol start="3"><li id="fn:1">n</li></ol><br><hr />'
    )
    assert guard_html(body) == (body, [])


def test_theme_ids_are_read_from_the_theme() -> None:
    ids, prefixes = theme_ids()
    assert {"site-search", "main", "post-title", "MathJax-script", "search-more"} <= ids
    assert "entry-" in prefixes


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " \x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_link_with_a_scheme_other_than_http_is_refused(href: str) -> None:
    assert not url_allowed(href, {"http", "https", "mailto"})


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java&Tab;script:alert(1)">x</a>',
        "<a href='javascript:alert(1)'>x</a>",
        "<a href=javascript:alert(1)>x</a>",
    ],
)
def test_entity_or_quote_tricks_do_not_keep_a_javascript_link(raw: str) -> None:
    out, found = guard_html(f"<p>{raw}</p>")
    assert out == "<p><a>x</a></p>"
    assert found and "link" in found[0]


def test_sources_load_only_from_the_site() -> None:
    out, found = guard_html(
        '<p><img src="http://e.invalid/a.png" alt="a"><img src="//e.invalid/b.png">'
        '<img src="/\\e.invalid/c.png"><img src="d.png" alt="d">'
        '<img src="javascript:alert(1)" alt="j"></p>'
    )
    assert out == (
        '<p><a href="http://e.invalid/a.png">[图片：a]</a><a href="//e.invalid/b.png">[图片]</a>'
        '<a href="/\\e.invalid/c.png">[图片]</a><img src="d.png" alt="d"><img alt="j"></p>'
    )
    assert [f.split()[-1] for f in found] == ["(off-site)"] * 4


def test_off_site_image_inside_a_link_becomes_its_text() -> None:
    out, _ = guard_html(
        '<p><a href="https://kexue.fm/x.png"><img src="https://kexue.fm/x.png" alt="图1"></a></p>'
    )
    assert out == '<p><a href="https://kexue.fm/x.png">[图片：图1]</a></p>'


def test_active_elements_go_with_their_content() -> None:
    out, found = guard_html(
        "<p>a<script>alert('</p>')</script>b<style>*{background:url(x)}</style>c"
        '<iframe src="x"></iframe><svg><a href="javascript:1"><text>s</text></a></svg>'
        '<form action="x"><input name="q"></form><object data="x"></object>d</p>'
    )
    assert out == "<p>abcd</p>"
    assert [f.split()[0] for f in found] == [
        "<script>",
        "<style>",
        "<iframe>",
        "<svg>",
        "<form>",
        "<object>",
    ]


def test_event_handlers_styles_and_unknown_attributes_are_dropped() -> None:
    out, found = guard_html(
        '<p onclick="alert(1)" style="position:fixed;inset:0">x<span onmouseover=alert(2) '
        'class="note" name="getElementById">y</span></p>'
    )
    assert out == '<p>x<span class="note">y</span></p>'
    assert len(found) == 4


def test_page_ids_engine_ids_and_repeated_ids_are_dropped() -> None:
    out, found = guard_html(
        '<h2 id="site-search">a</h2><h2 id="entry-3">b</h2><p id="MathJax">c</p>'
        '<p id="mjx-eqn:1">d</p><h3 id="own">e</h3><h3 id="own">f</h3>'
    )
    assert out == '<h2>a</h2><h2>b</h2><p>c</p><p>d</p><h3 id="own">e</h3><h3>f</h3>'
    assert len(found) == 5


def test_mathjax_classes_are_taken_off_content() -> None:
    out, found = guard_html('<span class="mjx-n MJX-TEX MathJax note">x</span>')
    assert out == '<span class="note">x</span>'
    assert found


def test_tex_in_math_is_read_after_entities_are_decoded() -> None:
    out, found = guard_html(
        '<p>x<span class="arithmatex">\\(\\href{java&#x09;script:alert(1)}{a&lt;b}\\)</span></p>'
    )
    assert out == '<p>x<span class="arithmatex">\\({a&lt;b}\\)</span></p>'
    assert found[0].startswith("\\href")


def test_a_command_split_by_markup_inside_math_is_caught() -> None:
    out, found = guard_html('<div class="arithmatex">\\[\\sty<!-- -->le{color:red}{x}\\]</div>')
    assert out == '<div class="arithmatex">\\[{x}\\]</div>'
    assert found


def test_bare_tex_outside_math_is_neutralised_but_code_is_not() -> None:
    code = "<pre><code>\\href{javascript:alert(1)}{x}</code></pre>"
    assert guard_html(code) == (code, [])
    out, found = guard_html("<p>\\begin{equation}\\style{color:red}{x}\\end{equation}</p>")
    assert out == "<p>\\begin{equation}{x}\\end{equation}</p>"
    assert found


def test_markup_parsers_could_read_differently_is_written_anew() -> None:
    out, found = guard_html('<p><a title="</a><img src=x onerror=alert(1)>" href=x>t</a></p>')
    assert out == ('<p><a title="&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;" href="x">t</a></p>')
    assert found == ["markup normalised"]


def test_comments_stray_end_tags_and_unclosed_elements_are_repaired() -> None:
    out, found = guard_html("<!-- --!><img src=x onerror=alert(1)> --></div></main><div><p>x")
    assert out == "<div><p>x</p></div>"
    assert "comment removed" in found
    assert any("stray" in f for f in found) and any("unclosed" in f for f in found)


def test_tokens_give_the_source_back() -> None:
    source = '<p a="1">x &amp; y<!-- c --><br/>\n<script>if(a<b)</script></p >&nbsp<a href="x'
    assert "".join(t.raw for t in tokenize(source)) == source
