"""Image rewriting: a local copy or a caption and a link, never a request to another host."""

from __future__ import annotations

from pathlib import Path

import pytest
from archived_images.archived_images import (
    local_copy_finder,
    original_address,
    rewrite_images,
)

from kexue_archive.images.layout import image_key

COPIES = {"https://kexue.fm/usr/uploads/a.png": "{static}/images/kexue.fm/usr/uploads/a.png"}
LINK = '<a class="image-original" href="{}" rel="external noopener">查看原图</a>'


def rewrite(html: str) -> str:
    return rewrite_images(html, COPIES.get, {})


def test_alone_in_its_paragraph_an_image_with_a_copy_becomes_a_figure_of_it() -> None:
    html = rewrite('<p><img alt="图1" src="https://kexue.fm/usr/uploads/a.png" title="t"></p>')
    assert html == (
        '<figure class="image"><img alt="图1" src="{static}/images/kexue.fm/usr/uploads/a.png"'
        ' loading="lazy"><figcaption><span class="image-caption">图1</span> '
        + LINK.format("https://kexue.fm/usr/uploads/a.png")
        + "</figcaption></figure>"
    )


def test_without_a_copy_there_is_no_img_but_the_escaped_caption_and_a_link() -> None:
    html = rewrite(
        '<p><img alt="a&amp;b &lt;script&gt;" src="https://kexue.fm/x.png?s=1&amp;t=2"></p>'
    )
    assert "<img" not in html and "<script" not in html
    assert html == (
        '<figure class="image-missing"><span class="image-missing-note">图片未存档</span>'
        '<figcaption><span class="image-caption">a&amp;b &lt;script&gt;</span> '
        + LINK.format("https://kexue.fm/x.png?s=1&amp;t=2")
        + "</figcaption></figure>"
    )


def test_the_caption_falls_back_to_the_title_and_may_be_empty() -> None:
    titled = rewrite('<p><img alt="" src="http://kexue.fm/t.png" title="标题  说明"></p>')
    assert '<span class="image-caption">标题 说明</span>' in titled
    bare = rewrite('<p><img src="http://kexue.fm/t.png"></p>')
    assert "image-caption" not in bare and "<figcaption><a " in bare


def test_the_clippers_link_around_the_image_is_absorbed_by_the_figure() -> None:
    url = "https://kexue.fm/usr/uploads/a.png"
    html = rewrite(f'<p><a href="{url}" title="点击查看原图"><img alt="c" src="{url}"></a></p>')
    assert html.startswith('<figure class="image"><img') and "点击查看原图" not in html


def test_a_link_elsewhere_around_an_image_stays_with_the_image_inline() -> None:
    html = rewrite(
        '<p><a href="https://arxiv.org/abs/1"><img alt="c" src="https://kexue.fm/z.png"></a></p>'
    )
    assert html.startswith('<p><a href="https://arxiv.org/abs/1"><span class="image-missing">')
    assert html.endswith("</span></span></a></p>") and "<img" not in html


def test_an_image_in_running_text_becomes_an_inline_span() -> None:
    html = rewrite('<p>如图 <img alt="a" src="https://kexue.fm/usr/uploads/a.png"> 所示</p>')
    assert html.startswith('<p>如图 <span class="image"><img alt="a" src="{static}/')
    assert html.endswith("</span></span> 所示</p>")
    assert "<figure" not in html  # a figure may not stand inside a paragraph


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "java&#x09;script:alert(1)",
        " JavaScript:alert(1)",
        "vbscript:x",
        "file:///etc/passwd",
    ],
)
def test_other_schemes_show_the_caption_and_are_never_linked(src: str) -> None:
    html = rewrite(f'<p><img alt="c" src="{src}"></p>')
    assert "<img" not in html and "<a " not in html and "script:" not in html.lower()
    assert '<span class="image-caption">c</span>' in html


@pytest.mark.parametrize(
    ("src", "original"),
    [
        ("//evil.example/a.png", "https://evil.example/a.png"),
        ("/\\evil.example/a.png", "https://evil.example/a.png"),
        ("\\\\evil.example/a.png", "https://evil.example/a.png"),
        ("\n https://kexue.fm/a\t.png ", "https://kexue.fm/a.png"),
        ("HTTPS://kexue.fm/b.png", "HTTPS://kexue.fm/b.png"),
    ],
)
def test_addresses_a_browser_would_load_from_another_host_are_caught(src: str, original: str):
    assert original_address(src) == original
    assert "<img" not in rewrite(f'<p><img alt="c" src="{src}"></p>')


@pytest.mark.parametrize(
    "tag",
    [
        '<img alt="own" src="{static}/images/x.png">',
        '<img alt="own" src="../images/x.png">',
        '<img alt="inline data" src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_the_sites_own_and_inline_images_are_left_alone(tag: str) -> None:
    assert rewrite(f"<p>{tag}</p>") == f"<p>{tag}</p>"


def test_only_image_tags_change_and_rewriting_twice_changes_nothing() -> None:
    source = (
        '<p>公式 <span class="arithmatex">\\(a &lt;img src="https://x.org/a.png"&gt;\\)</span></p>\n'
        '<pre><code>![c](https://kexue.fm/a.png) &lt;img src="https://x.org/a.png"&gt;</code></pre>\n'
        '<p><img alt="d" src="https://kexue.fm/usr/uploads/a.png"></p>\n<p>尾</p>'
    )
    once = rewrite(source)
    head = source.split("<p><img", 1)[0]
    assert once.startswith(head) and once.endswith("\n<p>尾</p>")
    assert rewrite(once) == once


def test_settings_change_the_texts_and_classes() -> None:
    settings = {"IMAGES_LINK_TEXT": "original", "IMAGES_MISSING_CLASS": "gone"}
    html = rewrite_images('<p><img alt="c" src="https://kexue.fm/q.png"></p>', COPIES.get, settings)
    assert html.startswith('<figure class="gone">') and ">original</a>" in html


def test_local_copies_are_found_where_the_fetch_script_puts_them(tmp_path: Path) -> None:
    url, unusual = (
        "https://spaces.ac.cn/usr/uploads/2019/03/%E5%9B%BE.png",
        "https://kexue.fm/a b.png",
    )
    for address in (url, unusual):
        copy = tmp_path / "pics" / image_key(address)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(b"\x89PNG\r\n\x1a\n")
    find = local_copy_finder({"PATH": str(tmp_path), "IMAGES_DIR": "pics"})
    assert find(url) == "{static}/pics/spaces.ac.cn/usr/uploads/2019/03/图.png"
    assert find("http://spaces.ac.cn/usr/uploads/2019/03/图.png") == find(url)
    assert find(unusual) == f"{{static}}/pics/{image_key(unusual).as_posix()}"
    assert "~hashed/" in find(unusual) and " " not in find(unusual)
    assert find("https://kexue.fm/usr/uploads/none.png") is None
    assert find("javascript:alert(1)") is None
