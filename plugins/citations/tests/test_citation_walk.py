"""The citation walk, which splits at tags once and reads each distinct tag once, links
exactly what a walk reading every tag anew links: checked on generated HTML."""

from __future__ import annotations

from collections.abc import Callable

from citations.citations import DEFAULTS, _link_text, link_citations
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kexue_archive.rendered_html import MATH_CLASS, TAG, TAG_NAME, VOID_ELEMENTS, tag_classes

TITLES = {"a&b": "ab.html", "线性模型": "t.html", "x": "x.html"}


def resolve(title: str) -> str | None:
    return TITLES.get(title.lower())


def walk_every_tag(
    content: str, resolve: Callable[[str], str | None], skip_tags: tuple[str, ...]
) -> tuple[str, list[str]]:
    """The walk as it was: every tag matched and read anew (the oracle)."""
    out: list[str] = []
    linked: list[str] = []
    stack: list[tuple[str, bool]] = []
    protected = 0
    pos = 0
    link_class = DEFAULTS["CITATIONS_LINK_CLASS"]
    for match in TAG.finditer(content):
        text = content[pos : match.start()]
        out.append(text if protected else _link_text(text, resolve, link_class, linked))
        tag = match.group(0)
        out.append(tag)
        pos = match.end()
        name_match = TAG_NAME.match(tag)
        if not name_match:
            continue
        closing, name = name_match.group(1) == "/", name_match.group(2).lower()
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    protected -= sum(1 for _, p in stack[i:] if p)
                    del stack[i:]
                    break
        elif name not in VOID_ELEMENTS and not tag.endswith("/>"):
            opens = name in skip_tags or MATH_CLASS in tag_classes(tag)
            stack.append((name, opens))
            protected += opens
    tail = content[pos:]
    out.append(tail if protected else _link_text(tail, resolve, link_class, linked))
    return "".join(out), linked


PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<a href=\"x.html\">", "</a>", "<code>", "</code>", "<pre>", "</pre>",
        '<span class="arithmatex">', '<div class="arithmatex note">', "</span>", "</div>",
        "<span>", "<br>", "<br/>", '<img alt="《x》" src="i.png" />', "<!-- 《x》 -->",
        "<!DOCTYPE html>", "<P>", "</P>", "<Code>", "< p>", "</ code>", "<b\nclass='arithmatex'>",
        "《x》", "《A&amp;B》", "《线性模型》", "《未知》", "《《x》》", "text", "\n", "&amp;",
        "《", "》", "<", ">",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(PIECES, max_size=25).map("".join),
    st.sampled_from([DEFAULTS["CITATIONS_SKIP_TAGS"], ("a",), ()]),
)
@example("<p>《x》<code>《x》</p>《x》", DEFAULTS["CITATIONS_SKIP_TAGS"])
@example('<p><span class="arithmatex">《x》<code></span>《x》</code>《x》</p>', ("code",))
def test_walk_links_what_reading_every_tag_links(content: str, skip_tags: tuple[str, ...]) -> None:
    assert link_citations(content, resolve, skip_tags=skip_tags) == walk_every_tag(
        content, resolve, skip_tags
    )


def test_html_without_a_title_mark_comes_back_as_it_is() -> None:
    source = "<p>x 〈x〉</p><code>y</code>"
    assert link_citations(source, resolve) == (source, [])
    assert link_citations("<p>《x》</p>", resolve) == (
        '<p>《<a class="citation" href="x.html">x</a>》</p>',
        ["x"],
    )
