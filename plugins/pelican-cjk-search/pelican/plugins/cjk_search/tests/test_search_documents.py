"""Plain text and URLs of search documents."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pelican.plugins.cjk_search.documents import (
    _TEX_COMMAND,
    FORMULA_MARK,
    SearchDocument,
    plain_text,
    readable_text,
    site_relative_url,
    split_sections,
)


def test_plain_text_keeps_visible_text_and_drops_markup() -> None:
    html = (
        "<p>谱范数<b>很</b>重要。</p><script>alert(1)</script>"
        "<style>p{}</style><p>a &lt;b&gt; &amp; c</p>"
    )
    assert plain_text(html) == "谱范数很重要。 a <b> & c"


def test_plain_text_drops_tex_control_words_but_keeps_variables() -> None:
    html = '<p>设 <span class="arithmatex">\\(\\Vert\\boldsymbol{W}\\Vert_2\\)</span> 为谱范数</p>'
    assert plain_text(html) == "设 {W} _2 为谱范数"


class _Reference(HTMLParser):
    """What plain_text must agree with: the standard library's HTML parser."""

    HIDDEN = frozenset({"script", "style", "template", "noscript"})
    BREAKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def reference_text(html: str) -> str:
    parser = _Reference()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", _TEX_COMMAND.sub(" ", "".join(parser.parts))).strip()


HOSTILE = [
    '<p title="a > b">quoted &gt; in an attribute</p>',
    "<p title='x>y' class=\"z\">single quotes</p>",
    "<P>UPPER<BR>case<Br/>tags</P>",
    "<pre>pre is not p</pre><tbody><td>cell</td></tbody><h5>h5 joins</h5>",
    "before<!-- a comment with <p> and > inside -->after",
    "<!DOCTYPE html><html><head><title>t</title></head><body>x</body></html>",
    "<script type='module'>if (a < b && c > d) {}</script>visible",
    "<style>p > a { color: red }</style><noscript><p>no</p></noscript>shown",
    "<template><p>inert</p></template>text",
    "&amp;lt;p&amp;gt; stays text &#x8C31;&#33;&nbsp;&copy;",
    "a <span>b</span>c<br>d",
    '<a href="x.html?a=1&amp;b=2">link</a> &lt;not a tag&gt;',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_plain_text_agrees_with_an_html_parser_on_awkward_markup(html: str) -> None:
    assert plain_text(html) == reference_text(html)


def test_plain_text_agrees_with_an_html_parser_on_every_built_page(fixture_output: Path) -> None:
    """Whole pages of the built fixture site: posts with math, lists, scripts, templates."""
    pages = sorted(fixture_output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert plain_text(html) == reference_text(html), page.name


def test_a_tag_that_never_closes_stays_text() -> None:
    html = "a <b <i>c</i> <p x='1' d"
    assert plain_text(html) == reference_text(html) == "a c <p x='1' d"


def test_urls_are_stored_relative_to_the_site_root() -> None:
    assert site_relative_url("archives/1.html") == "archives/1.html"
    assert site_relative_url("/archives/1.html") == "archives/1.html"


#: What Python-Markdown with arithmatex and toc writes for a post with two sections.
SECTIONED = (
    '<p>引言<span class="arithmatex">\\(\\boldsymbol{x}_t\\)</span>开始。</p>'
    '<h2 id="前向过程">前向过程</h2><p>加噪。</p>'
    '<div class="arithmatex">\\[\\begin{equation}{x}_t = { {F}}_t(x)\\end{equation}\\]</div>'
    '<h3 id="a-b">A &amp; <em>B</em></h3><p>Transformer 的 <code>x_t</code></p>'
    '<div class="footnote"><ol><li id="fn:1"><p>注。&#160;<a class="footnote-backref" '
    'href="#fnref:1" title="回到正文">&#8617;</a></p></li></ol></div>'
)


def test_sections_carry_heading_ids_and_no_tex() -> None:
    assert split_sections(SECTIONED) == (
        ("", "", f"引言{FORMULA_MARK}开始。"),
        ("前向过程", "前向过程", f"加噪。{FORMULA_MARK}"),
        ("a-b", "A & B", "Transformer 的 x_t 注。"),
    )
    # The postings keep the formula's variables (searchable); only snippets lose the TeX.
    assert "{x}_t" in plain_text(SECTIONED) and "{" not in "".join(
        text for _, _, text in split_sections(SECTIONED)
    )


def test_a_post_without_headings_is_one_section_and_math_is_one_mark() -> None:
    html = '<p>a <span class="arithmatex">\\(x\\)</span> b</p>'
    assert split_sections(html) == (("", "", f"a{FORMULA_MARK}b"),)
    assert readable_text("") == ""
    doc = SearchDocument("archives/1.html", "t", "2020-01-01", None, None, "whole text")
    assert doc.section_rows() == [["", "", "whole text"]]


def test_str_split_breaks_text_where_the_regex_whitespace_class_does() -> None:
    """plain_text collapses spaces with ``str.split``: the characters ``\\s`` matches, all."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (re.match(r"\s", char) is not None) == (len(f"a{char}b".split()) == 2), hex(code)
