"""Images in Chromium: the local copy shows, the missing one is a visible caption and link,
and the page asks no other host for anything (publish build under a sub-path, and from disk).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.image_fixtures import IMAGE_POST_SLUG, MISSING_IMAGE_URL, write_image_site

pytestmark = pytest.mark.browser

IMAGES_STATE = """() => ({
  shown: Array.from(document.querySelectorAll('.post-body img'),
                    img => [img.currentSrc, img.complete, img.naturalWidth]),
  missing: Array.from(document.querySelectorAll('figure.image-missing'), figure => {
    const box = figure.getBoundingClientRect();
    return [figure.innerText, box.width, box.height];
  }),
})"""


@pytest.fixture(scope="module")
def image_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_image_site(tmp_path_factory.mktemp("image-site-browser"))


def wait_for_images(page) -> None:
    page.wait_for_function(
        "() => Array.from(document.images).every(img => img.complete)", timeout=10_000
    )


def test_post_shows_the_copy_and_a_caption_without_asking_another_host(
    built_site, http_server, image_content, open_page, screenshot_dir, tmp_path: Path
) -> None:
    output = tmp_path / "published"
    base = http_server(output, "/archive/")
    built_site(content=image_content, siteurl=base.rstrip("/"), output=output)
    page, log = open_page(f"{base}archives/{IMAGE_POST_SLUG}.html")
    wait_for_images(page)
    state = page.evaluate(IMAGES_STATE)
    copy = f"{base}images/kexue.fm/usr/uploads/2019/03/3541623049.png"
    assert state["shown"] == [[copy, True, 40]]  # loaded, 40 px wide: the local PNG
    ((text, width, height),) = state["missing"]
    assert "图2：尚未下载的示意图" in text and "查看原图" in text and "图片未存档" in text
    assert width > 100 and height > 20
    link = page.locator("figure.image-missing a.image-original")
    assert link.is_visible() and link.get_attribute("href") == MISSING_IMAGE_URL
    page.screenshot(path=str(screenshot_dir / "post-images.png"), full_page=True)
    origin = urlsplit(base)
    assert [u for u in log.requests if urlsplit(u)[:2] != origin[:2]] == []
    assert log.failed == [] and log.errors == []
    assert copy in log.requests


def test_the_copy_shows_from_disk_too(built_site, image_content, open_page) -> None:
    output = built_site(content=image_content)
    page, log = open_page((output / "archives" / f"{IMAGE_POST_SLUG}.html").as_uri())
    wait_for_images(page)
    ((src, complete, width),) = page.evaluate(IMAGES_STATE)["shown"]
    assert src == (output / "images/kexue.fm/usr/uploads/2019/03/3541623049.png").as_uri()
    assert complete and width == 40
    assert [u for u in log.requests if not u.startswith("file://")] == []


def test_figures_fit_a_phone_in_dark_mode(
    built_site, image_content, open_page, screenshot_dir
) -> None:
    output = built_site(content=image_content)
    url = (output / "archives" / f"{IMAGE_POST_SLUG}.html").as_uri()
    page, _ = open_page(url, viewport={"width": 375, "height": 800}, color_scheme="dark")
    wait_for_images(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    colours = page.evaluate(
        "() => [getComputedStyle(document.querySelector('figure.image-missing')).backgroundColor,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    assert colours[0] != "rgb(244, 241, 232)"  # the dark box, not the light one
    page.screenshot(path=str(screenshot_dir / "post-images-375-dark.png"), full_page=True)
