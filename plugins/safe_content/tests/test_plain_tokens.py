"""The plain split of Markdown's markup is the parser's split, and the guard's shortcuts
(the plain split, remembered start tags, TeX scanned for ruled commands only) change
nothing it returns: checked on generated Markdown-like and hostile HTML."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from safe_content import html_guard
from safe_content.html_guard import HtmlPolicy, guard_html
from safe_content.html_tokens import parsed_tokens, plain_tokens, tokenize
from safe_content.tex_policy import CONTROL_WORD, RULES, _excerpt, _read_call, neutralise_tex

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Element names: Markdown's, the guard's dropped ones, raw-text ones, unknown, odd case.
NAMES = st.sampled_from(
    [
        "p",
        "a",
        "span",
        "div",
        "img",
        "br",
        "hr",
        "code",
        "pre",
        "li",
        "ol",
        "h2",
        "sup",
        "table",
        "td",
        "th",
        "kbd",
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noscript",
        "plaintext",
        "svg",
        "math",
        "form",
        "foo",
        "x-y",
        "P",
        "SPAN",
        "Br",
    ]
)
ATTR_NAMES = st.sampled_from(
    [
        "class",
        "id",
        "href",
        "src",
        "alt",
        "title",
        "style",
        "align",
        "start",
        "onclick",
        "data-x",
        "srcset",
        "rel",
        "CLASS",
    ]
)
#: Value pieces: words, entities (a hidden backslash, tab, quote), page ids, schemes.
VALUE_PARTS = st.sampled_from(
    [
        "x", "arithmatex", "note", "mjx-n", "MathJax", "site-search", "entry-1", "fn:1",
        "https://kexue.fm/archives/1", "javascript:alert(1)", "java&#x09;script:1",
        "../a.png", "//e.invalid/b", "text-align: left;", "&amp;", "&quot;", "&#92;",
        "&bsol;", "&lt;", " ", "\n", "'", "`", "=", "/", "科学",
    ]
)  # fmt: skip
SPACES = st.sampled_from([" ", " ", "\n", "  ", "\t", "\r", "\f", "\x0b", "\xa0", "\u3000"])
TEXT_PARTS = st.sampled_from(
    [
        "科学空间", "text", " ", "\n", "&amp;", "&lt;b&gt;", "&nbsp;", "&#92;", "&bsol;",
        "&#x5c;", "&", "&#", "&amp", "\\(", "\\)", "\\[", "\\frac{a}{b}", "\\href",
        "{javascript:alert(1)}{x}", "\\style{color:red}{x}", "\\colorbox{red}{y}",
        "\\color{red}", "\\\\", "\\sty", "le{top:0}{z}", "<", "< p", "<1", ">", "\"", "'",
    ]
)  # fmt: skip
#: Markup a plain split never takes: the parser must read the input.
OTHER_MARKUP = st.sampled_from(
    [
        "<!-- c -->", "<!---->", "<!DOCTYPE html>", "<?pi x?>", "<![CDATA[x]]>", "</p >",
        "</ p>", "<p/ >", "<a href='x'>", "<a href=x>", "<a\thref=\"x\">", "</>", "<>",
        "<a href=\"x\"title=\"y\">", "<a b = \"c\">", "</P>", "<!", "</",
    ]
)  # fmt: skip


@st.composite
def start_tags(draw: st.DrawFn) -> str:
    name = draw(NAMES)
    parts = [f"<{name}"]
    for _ in range(draw(st.integers(0, 3))):
        parts.append(draw(SPACES) + draw(ATTR_NAMES))
        if draw(st.booleans()):
            value = "".join(draw(st.lists(VALUE_PARTS, max_size=4)))
            quote = draw(st.sampled_from(['"', '"', "'", ""]))
            parts.append(f"={quote}{value}{quote}")
    parts.append(draw(st.sampled_from(["", "", " ", "\n", "/", " /"])) + ">")
    return "".join(parts)


MARKUP_PIECES = st.one_of(
    start_tags(),
    NAMES.map(lambda name: f"</{name}>"),
    st.lists(TEXT_PARTS, min_size=1, max_size=4).map("".join),
    st.just('<span class="arithmatex">'),
    st.just('<div class="arithmatex">'),
    st.just("</span>"),
    OTHER_MARKUP,
)
#: Markdown-like HTML: tags and text, mostly plain, sometimes not.
MARKDOWN_LIKE = st.lists(MARKUP_PIECES, max_size=30).map("".join)
#: Hostile HTML: any string over the characters that matter to an HTML parser.
HOSTILE = st.text(alphabet=st.sampled_from("<>/!?-=\"' \n\tabpsv&#;x\\{}:1"), max_size=60)

#: One policy shared by every example, as a build shares it: its remembered start tags
#: grow over the run, and must never make it answer differently from a fresh policy.
SHARED_POLICY = HtmlPolicy()

#: Markdown's own output: the plain split takes it.
PLAIN_CASES = [
    '<p class="x">a &amp; b<br /><img alt="&quot;" src="a.png"/></p>',
    '<h2 id="a-b">t</h2>\n<p><a href="x?a=1&amp;b=2" title="t">y</a>text &amp</p>',
    '<span class="arithmatex">\\(\\href{x}{y}\\)</span>',
    '<a href="x"\n\ttitle="y">z</a>',
    "&#8617; &#x5c; &#92;&bsol;<p>x</p>",
    "",
]
#: Anything else: the parser reads it.
PARSED_CASES = [
    "<p>a < b</p>",
    "<script>a<b</script><p>x</p>",
    "<title><p></title>",
    "<p>x</p >",
    "<P>x</P>",
    "<a href='x'>y</a>",
    "<p>a<!-- c -->b</p>",
    "&#<p>x</p>",
    "<p>a&#12a<b>b</b></p>",
    "<p>&#x;</p>",
    "<a>&a",
    "<p>x</p>&#12",
]


@PROPERTY
@given(st.one_of(MARKDOWN_LIKE, HOSTILE))
@example(PLAIN_CASES[0])
@example(PLAIN_CASES[2])
@example("&#<p>x</p>")
@example("<a>&a")
def test_plain_split_is_the_parsers_split_when_it_applies(source: str) -> None:
    tokens = plain_tokens(source)
    if tokens is not None:
        assert list(tokens) == parsed_tokens(source)
    assert "".join(t.raw for t in tokenize(source)) == source


@pytest.mark.parametrize("source", PLAIN_CASES)
def test_markdown_output_is_split_without_the_parser(source: str) -> None:
    tokens = plain_tokens(source)
    assert tokens is not None
    assert list(tokens) == parsed_tokens(source)


@pytest.mark.parametrize("source", PARSED_CASES)
def test_other_markup_is_left_to_the_parser(source: str) -> None:
    assert plain_tokens(source) is None


@PROPERTY
@given(st.one_of(MARKDOWN_LIKE, HOSTILE))
@example('<p title="a">x</p><p title="a">\\href{y}{z}</p>')
@example("<p>a<svg><svg>t</svg></svg>b<form>c</form>d<video>e</p>")
def test_guard_answers_as_with_the_parser_and_a_fresh_policy(source: str) -> None:
    fast = guard_html(source, SHARED_POLICY)
    fresh = HtmlPolicy()
    reference = html_guard._Guard(fresh)
    result = reference.run(parsed_tokens(source))
    found = reference.found or (["markup normalised"] if result != source else [])
    assert fast == (result if found else source, found)


@PROPERTY
@given(start_tags(), st.sampled_from(["", "<a>", "<code>", '<span class="arithmatex">']))
def test_a_remembered_start_tag_is_kept_by_a_fresh_policy_anywhere(tag: str, context: str) -> None:
    guard_html(tag + "x", SHARED_POLICY)
    if tag in SHARED_POLICY.kept_start_tags:
        out, _ = guard_html(f"{context}{tag}x", HtmlPolicy())
        assert out.startswith(context + tag)


def neutralise_at_every_control_word(tex: str) -> tuple[str, list[str]]:
    """The TeX scan as it was: every control word looked up in RULES (the oracle)."""
    findings: list[str] = []
    out, pos = tex, 0
    while (match := CONTROL_WORD.search(out, pos)) is not None:
        rule = RULES.get(match.group(1))
        call = rule and _read_call(out, match, rule.options, rule.args)
        replacement = rule and rule.replace(call)
        if replacement is None:
            pos = match.end()
            continue
        findings.append(f"\\{call.name}: {rule.why}: {_excerpt(out[call.start : call.end])}")
        out = out[: call.start] + replacement + out[call.end :]
        pos = call.start
    return (tex if not findings else out), findings


@PROPERTY
@given(st.lists(TEXT_PARTS, max_size=12).map(lambda p: html.unescape("".join(p))))
@example("\\colorbox{red;x}{y}\\colorx\\\\href{a}{b}\\textcolor{u(}{v}")
def test_ruled_commands_are_found_where_every_control_word_is_looked_up(tex: str) -> None:
    assert neutralise_tex(tex) == neutralise_at_every_control_word(tex)
