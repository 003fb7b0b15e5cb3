"""Citation linking: only text nodes, never math, tags, attributes or existing links."""

from __future__ import annotations

from types import SimpleNamespace

from citations.citations import build_title_index, link_citations

TITLES = {"线性transformer应该不是你要等的那个模型": "t.html", "a&b": "ab.html"}


def resolve(title: str) -> str | None:
    return TITLES.get(title.lower().replace(" ", ""))


def test_citation_of_an_archived_post_becomes_a_link() -> None:
    html, linked = link_citations("<p>见《线性Transformer应该不是你要等的那个模型》。</p>", resolve)
    link = '<a class="citation" href="t.html">线性Transformer应该不是你要等的那个模型</a>'
    assert html == f"<p>见《{link}》。</p>"
    assert linked == ["线性Transformer应该不是你要等的那个模型"]


def test_unknown_titles_stay_text() -> None:
    source = "<p>论文《Resurrecting Recurrent Neural Networks》很好。</p>"
    assert link_citations(source, resolve) == (source, [])


def test_math_is_never_touched() -> None:
    source = (
        '<p><span class="arithmatex">\\(\\text{《A&amp;B》}\\)</span>与《A&amp;B》</p>'
        '<div class="arithmatex">\\[\\text{《A&amp;B》} <b>x</b> 《A&amp;B》\\]</div>'
    )
    html, linked = link_citations(source, resolve)
    assert linked == ["A&B"]  # only the one outside math; entities are unescaped to match
    assert html.count("<a ") == 1
    assert '与《<a class="citation" href="ab.html">A&amp;B</a>》</p>' in html
    assert html.endswith(
        '<div class="arithmatex">\\[\\text{《A&amp;B》} <b>x</b> 《A&amp;B》\\]</div>'
    )


def test_existing_links_attributes_and_code_are_left_alone() -> None:
    source = (
        '<p><a href="x.html">《A&amp;B》</a><img alt="《A&amp;B》" src="i.png">'
        '<span title="《A&amp;B》">t</span><code>《A&amp;B》</code><br>《A&amp;B》</p>'
    )
    html, linked = link_citations(source, resolve)
    assert linked == ["A&B"]
    assert html.count('class="citation"') == 1
    assert html.endswith('<br>《<a class="citation" href="ab.html">A&amp;B</a>》</p>')


def test_linking_twice_changes_nothing() -> None:
    once, _ = link_citations("<p>《A&amp;B》和《A&amp;B》</p>", resolve)
    assert link_citations(once, resolve) == (once, [])
    assert once.count("<a ") == 2


def test_titles_shared_by_two_posts_are_not_linked() -> None:
    a = SimpleNamespace(title="重温SSM（一）：线性系统")
    b = SimpleNamespace(title="重温SSM(一):线性系统")
    c = SimpleNamespace(title="独一无二")
    index = build_title_index([a, b, c])
    assert list(index.values()) == [c]
