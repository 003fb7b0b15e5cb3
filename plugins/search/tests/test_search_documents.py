"""Plain text and URLs of search documents."""

from __future__ import annotations

from search.documents import plain_text, site_relative_url


def test_plain_text_keeps_visible_text_and_drops_markup() -> None:
    html = (
        "<p>谱范数<b>很</b>重要。</p><script>alert(1)</script>"
        "<style>p{}</style><p>a &lt;b&gt; &amp; c</p>"
    )
    assert plain_text(html) == "谱范数很重要。 a <b> & c"


def test_plain_text_drops_tex_control_words_but_keeps_variables() -> None:
    html = '<p>设 <span class="arithmatex">\\(\\Vert\\boldsymbol{W}\\Vert_2\\)</span> 为谱范数</p>'
    assert plain_text(html) == "设 {W} _2 为谱范数"


def test_urls_are_stored_relative_to_the_site_root() -> None:
    assert site_relative_url("archives/1.html") == "archives/1.html"
    assert site_relative_url("/archives/1.html") == "archives/1.html"
