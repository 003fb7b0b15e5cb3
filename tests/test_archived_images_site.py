"""The site's images (plugins/archived_images) in a real build of the tiny image site.

One post shows two blog images: the first has a local copy, the second none.  The built
page shows the copy by a relative address (absolute in the publish build), shows no ``<img>``
for the other but its caption and a link, and loads nothing from another host.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.image_fixtures import (
    IMAGE_POST_SLUG,
    LOCAL_IMAGE,
    LOCAL_IMAGE_URL,
    MISSING_IMAGE_URL,
    write_image_site,
)

COPY = "images/kexue.fm/usr/uploads/2019/03/3541623049.png"


@pytest.fixture(scope="session")
def image_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_image_site(tmp_path_factory.mktemp("image-site"))


def post_soup(output: Path) -> BeautifulSoup:
    page = output / "archives" / f"{IMAGE_POST_SLUG}.html"
    return BeautifulSoup(page.read_text("utf-8"), "html.parser")


def test_an_image_with_a_copy_shows_it_by_a_relative_address(built_site, image_content) -> None:
    output = built_site(content=image_content)
    body = post_soup(output).select_one(".post-body")
    (img,) = body.select("img")
    assert img["src"] == f"../{COPY}"
    assert (output / "archives" / img["src"]).read_bytes() == LOCAL_IMAGE
    figure = img.find_parent("figure")
    assert figure["class"] == ["image"]
    assert img["alt"] == figure.figcaption.select_one(".image-caption").get_text()
    assert figure.figcaption.get_text(" ", strip=True) == "图1：<b>损失</b>曲线 & 训练步数 查看原图"
    link = figure.figcaption.a
    assert (link["href"], link["rel"]) == (LOCAL_IMAGE_URL, ["external", "noopener"])


def test_an_image_without_a_copy_is_a_caption_and_a_link(built_site, image_content) -> None:
    body = post_soup(built_site(content=image_content)).select_one(".post-body")
    (figure,) = body.select("figure.image-missing")
    assert figure.select("img") == []
    assert figure.select_one(".image-caption").get_text() == "图2：尚未下载的示意图"
    assert figure.select_one(".image-missing-note").get_text() == "图片未存档"
    (link,) = figure.select("a")
    assert (link["href"], link.get_text()) == (MISSING_IMAGE_URL, "查看原图")
    assert link["rel"] == ["external", "noopener"]
    assert body.select("figcaption b") == []  # the caption's markup is text, not an element


def test_only_the_copies_posts_show_are_published(built_site, image_content) -> None:
    output = built_site(content=image_content)
    files = [p for p in (output / "images").rglob("*") if p.is_file()]
    assert [p.relative_to(output).as_posix() for p in files] == [COPY]  # no part, no index


def test_no_page_shows_an_image_from_another_host(built_site, image_content) -> None:
    output = built_site(content=image_content)
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        sources = [img.get("src", "") for img in soup.select("img")]
        assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], page


def test_publish_build_shows_the_copy_by_its_absolute_address(built_site, image_content) -> None:
    output = built_site(content=image_content, siteurl="https://example.org/archive")
    (img,) = post_soup(output).select(".post-body img")
    assert img["src"] == f"https://example.org/archive/{COPY}"
    assert (output / COPY).read_bytes() == LOCAL_IMAGE


def test_two_builds_write_the_same_bytes(built_site, image_content, tmp_path: Path) -> None:
    first = built_site(content=image_content)
    second = built_site(content=image_content, output=tmp_path / "again")
    page = Path("archives") / f"{IMAGE_POST_SLUG}.html"
    assert (first / page).read_bytes() == (second / page).read_bytes()
