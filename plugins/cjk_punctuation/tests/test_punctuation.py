"""The CJK punctuation rule, one quirk of the dumps (or one thing never to touch) per test."""

from __future__ import annotations

import pytest
from cjk_punctuation.punctuation import punctuate_html, punctuate_text


def test_commas_between_chinese_become_full_width() -> None:
    assert punctuate_html("<p>闭门造车,分享一下</p>") == "<p>闭门造车，分享一下</p>"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("真的吗?是的!好;再见:明天", "真的吗？是的！好；再见：明天"),
        ("如下:", "如下："),  # the end of a block counts as Chinese context
        ("为什么?", "为什么？"),
    ],
)
def test_each_mark_has_its_full_width_form(before: str, after: str) -> None:
    assert punctuate_html(f"<p>{before}</p>") == f"<p>{after}</p>"


@pytest.mark.parametrize(
    "latin",
    ["a,b", "中,a", "a,中", "f(x),", "中, 文", "12:30之前", "2,3个", "Hello,World", "中!a"],
)
def test_latin_text_and_its_neighbours_keep_ascii(latin: str) -> None:
    assert punctuate_html(f"<p>{latin}</p>") == f"<p>{latin}</p>"


def test_math_is_never_touched_but_counts_as_chinese_context() -> None:
    math = '<span class="arithmatex">\\(a,b\\)</span>'
    html = f"<p>设{math},则{math.replace('a,b', 'f(x)')}</p>"
    assert punctuate_html(html) == html.replace("</span>,则", "</span>，则")


def test_display_math_is_never_touched() -> None:
    html = '<div class="arithmatex">\\[f(x,y):=g(x);\\]</div>'
    assert punctuate_html(html) == html


@pytest.mark.parametrize(
    "code",
    [
        "<p>中<code>甲,乙(丙)</code>中</p>",
        "<pre><code>print(中,文)\n</code></pre>",
        "<p>中<kbd>中,中</kbd></p>",
        "<script>x(中,中)</script>",
    ],
)
def test_code_is_never_touched(code: str) -> None:
    assert punctuate_html(code) == code


def test_urls_keep_their_commas_and_brackets() -> None:
    html = "<p>见https://example.org/a,b_(c)d,然后</p>"
    assert punctuate_html(html) == html
    # A URL ends where Chinese starts: the dump ran the sentence on after it.
    html = "<p>见https://example.org/a,b(c)也不变,然后</p>"
    assert punctuate_html(html) == "<p>见https://example.org/a,b(c)也不变，然后</p>"


def test_attributes_are_never_touched() -> None:
    html = '<p><a href="a,中(b)" title="中,中">中,中</a></p>'
    assert punctuate_html(html) == '<p><a href="a,中(b)" title="中,中">中，中</a></p>'


def test_inline_tags_do_not_break_the_context() -> None:
    assert punctuate_html("<p>中<em>文</em>,中</p>") == "<p>中<em>文</em>，中</p>"


def test_block_tags_do_break_it() -> None:
    # The "(" of one paragraph is not closed by the ")" of the next.
    assert punctuate_html("<p>中(</p><p>文)a</p>") == "<p>中(</p><p>文)a</p>"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("(注:…)", "（注：…）"),
        ("去噪(Denoise)的", "去噪（Denoise）的"),  # both sides Chinese
        ("生成(上)", "生成（上）"),  # encloses Chinese
        ("f(x)的", "f(x)的"),
        ("中(a)b", "中(a)b"),
        ("见(1)", "见(1)"),
    ],
)
def test_brackets_change_only_around_or_enclosing_chinese(before: str, after: str) -> None:
    assert punctuate_html(f"<p>{before}</p>") == f"<p>{after}</p>"


def test_entities_are_kept_and_judged_by_their_character() -> None:
    assert punctuate_html("<p>中&amp;,中</p>") == "<p>中&amp;,中</p>"
    assert punctuate_html("<p>中&#12290;,中</p>") == "<p>中&#12290;，中</p>"


def test_titles_are_plain_text_with_tex_kept() -> None:
    assert punctuate_text("闭门造车,分享一下(注:草稿)") == "闭门造车，分享一下（注：草稿）"
    assert punctuate_text("$a,b$,中") == "$a,b$，中"
    assert punctuate_text("A<B,中") == "A<B,中"


def test_unclosed_protected_element_keeps_the_rest() -> None:
    html = "<p>中,中<code>a,中"
    assert punctuate_html(html) == "<p>中，中<code>a,中"


def test_a_title_in_a_link_ends_with_a_half_width_closing_mark_and_is_escaped() -> None:
    from cjk_punctuation.cjk_punctuation import link_text
    from markupsafe import Markup

    assert link_text("求解微分方程的李对称方法（二）") == Markup(
        '求解微分方程的李对称方法（二<span class="close-mark">）</span>'
    )
    assert link_text('<b>"A&B"</b>》') == (
        '&lt;b&gt;&#34;A&amp;B&#34;&lt;/b&gt;<span class="close-mark">》</span>'
    )
    assert link_text("没有收尾的标点") == "没有收尾的标点"
    assert link_text(Markup("<i>已是标记</i>")) == "<i>已是标记</i>"  # markup stays markup
    assert link_text("") == ""
