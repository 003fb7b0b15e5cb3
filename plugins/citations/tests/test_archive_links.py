"""Links to posts on the blog point at their archived pages, fragment kept; others stay."""

from __future__ import annotations

import pytest
from citations.citations import element_ids, link_archive_urls

ARCHIVED = {7302: "{filename}/7302.md", 5001: "{filename}/5001.md"}


def link(html: str) -> tuple[str, list[int]]:
    return link_archive_urls(html, ARCHIVED.get)


@pytest.mark.parametrize(
    "url",
    [
        "https://kexue.fm/archives/7302",
        "http://kexue.fm/archives/7302",
        "https://www.kexue.fm/archives/7302/",
        "https://spaces.ac.cn/archives/7302",
        "http://www.spaces.ac.cn/archives/7302/",
        "HTTPS://KEXUE.FM/archives/7302",
    ],
)
def test_every_spelling_of_the_blogs_address_is_recognised(url: str) -> None:
    html, linked = link(f'<p><a href="{url}">AdaFactor</a></p>')
    assert html == '<p><a href="{filename}/7302.md">AdaFactor</a></p>'
    assert linked == [7302]


def test_fragment_is_kept_and_a_heading_anchor_with_spaces_becomes_its_id() -> None:
    html, _ = link('<a href="https://kexue.fm/archives/7302#%E6%8A%9B%E5%BC%83">x</a>')
    assert html == '<a href="{filename}/7302.md#%E6%8A%9B%E5%BC%83">x</a>'
    html, _ = link('<a title="t" href="https://kexue.fm/archives/7302#Adam%20&amp;%20AdaX">x</a>')
    assert html == '<a title="t" href="{filename}/7302.md#Adam-%26-AdaX">x</a>'
    html, _ = link('<a href="https://kexue.fm/archives/5001#comment-16001">x</a>')
    assert html == '<a href="{filename}/5001.md#comment-16001">x</a>'


@pytest.mark.parametrize(
    "url",
    [
        "https://kexue.fm/archives/99999",  # not archived
        "https://kexue.fm/archives/7302/comment-page-2#comments",  # not the post page
        "https://kexue.fm/archives/7302?replyTo=1",
        "https://notkexue.fm/archives/7302",
        "https://kexue.fm.evil.example/archives/7302",
        "https://kexue.fm/category/archives/7302",
        "/archives/7302",
    ],
)
def test_other_links_stay_as_they_are(url: str) -> None:
    source = f'<p><a href="{url}">x</a> https://kexue.fm/archives/7302 as text</p>'
    assert link(source) == (source, [])


def test_only_link_targets_are_rewritten_never_text_or_other_attributes() -> None:
    source = (
        '<p data-x="https://kexue.fm/archives/7302">https://kexue.fm/archives/7302</p>'
        '<img alt="" src="https://kexue.fm/archives/7302">'
    )
    assert link(source) == (source, [])


def test_a_fragment_the_archived_page_lacks_links_to_the_page_top():
    # an excerpt of post 9379 lacks the heading the blog's link points at
    ids = {9379: {"开头"}}
    page = '<a href="https://kexue.fm/archives/9379#%E7%9B%B4%E7%BA%BF">直线</a>'
    html, linked = link_archive_urls(page, {9379: "9379.html"}.get, lambda i, a: a in ids[i])
    assert html == '<a href="9379.html">直线</a>' and linked == [9379]
    kept = '<a href="https://kexue.fm/archives/9379#%E5%BC%80%E5%A4%B4">开头</a>'
    html, _ = link_archive_urls(kept, {9379: "9379.html"}.get, lambda i, a: a in ids[i])
    assert html == '<a href="9379.html#%E5%BC%80%E5%A4%B4">开头</a>'


def test_element_ids_reads_every_id_unescaped():
    assert element_ids('<h2 id="a&amp;b">x</h2><p id=\'c\'>y</p><p data-id="no">') == {"a&b", "c"}
