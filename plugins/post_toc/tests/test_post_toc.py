"""Headings read back from a rendered post: contents entries and "#" links."""

from __future__ import annotations

from post_toc import anchor_headings, post_headings

BODY = (
    '<p>x</p><h2 id="动量的定义">动量的定义</h2><p>a</p>'
    '<h3 id="C#-&amp;-100%">C# &amp; 100%<sup id="fnref:1"><a href="#fn:1">1</a></sup></h3>'
    '<h4 id="深">深</h4><h5 id="更深">更深</h5>'
    '<h2 id="公式">含<span class="arithmatex">\\(x\\)</span>的节</h2><h2>无id</h2>'
)


def test_headings_in_order_with_levels_and_fragment_safe_links() -> None:
    found = post_headings(BODY)
    assert [(h.level, h.id, h.href) for h in found] == [
        (2, "动量的定义", "#动量的定义"),
        (3, "C#-&amp;-100%", "#C%23-&-100%25"),
        (4, "深", "#深"),
        (2, "公式", "#公式"),
    ]
    # Footnote marks and links are left out; the formula stays for MathJax.
    assert str(found[1].html) == "C# &amp; 100%"
    assert found[1].text == "C# & 100%"
    assert 'class="arithmatex"' in str(found[3].html)
    assert [h.level for h in post_headings(BODY, max_level=5)] == [2, 3, 4, 5, 2]


def test_every_heading_with_an_id_ends_with_its_link() -> None:
    html = str(anchor_headings(BODY))
    assert (
        '<h2 id="动量的定义">动量的定义 <a class="heading-anchor" href="#动量的定义"'
        ' aria-label="本节链接：动量的定义">#</a></h2>'
    ) in html
    assert 'href="#C%23-&amp;-100%25" aria-label="本节链接：C# &amp; 100%">#</a></h3>' in html
    assert "<h2>无id</h2>" in html
    assert html.count("heading-anchor") == 5
