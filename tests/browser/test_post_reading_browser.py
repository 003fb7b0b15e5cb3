"""A long post in a real browser: contents, heading links, part numbers, related posts,
folded comments and wide formulas (issue 20, post page).

The full-post fixture site (``tests/fixtures/fullposts``) is built with publishconf.py and
its fixture archive page, and served under ``/archive/`` (a sub-path, as on GitHub
Pages).  Screenshots of 5004 (desktop and 375 px, light and dark) go to
``test-output/screenshots/post-reading-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FULLPOSTS = ROOT / "tests" / "fixtures" / "fullposts"
INDEX = {"SERIES_ARCHIVE_INDEX": f'"{FULLPOSTS / "archive_index.txt"}"'}
PHONE = {"viewport": {"width": 375, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

#: Where a heading is relative to the window, and the page's own horizontal overflow.
HEADING_TOP = "id => Math.round(document.getElementById(id).getBoundingClientRect().top)"


@pytest.fixture(scope="module")
def site(built_site, http_server, tmp_path_factory) -> str:
    output = tmp_path_factory.mktemp("post-reading")
    base = http_server(output, "/archive/")
    built_site(FULLPOSTS / "content", siteurl=base.rstrip("/"), output=output, extra=INDEX)
    return base


def test_contents_link_and_heading_link_land_on_the_heading(site: str, open_page) -> None:
    page, log = open_page(f"{site}archives/5004.html", **DESKTOP)
    toc = page.locator("nav.toc")
    assert toc.locator("details").get_attribute("open") is not None  # open on a wide screen
    assert toc.locator("a").all_inner_texts() == ["问题的提出", "求解的步骤", "数值验证", "小结"]
    toc.get_by_role("link", name="数值验证").click()
    page.wait_for_function("() => location.hash !== ''")
    assert unquote(urlsplit(page.url).fragment) == "数值验证"
    assert 0 <= page.evaluate(HEADING_TOP, "数值验证") < 40
    page.evaluate("window.scrollTo(0, 0)")
    link = page.get_by_role("link", name="本节链接：小结")
    assert link.inner_text() == "#" and link.is_visible()
    link.click()
    page.wait_for_function("() => decodeURIComponent(location.hash) === '#小结'")
    assert 0 <= page.evaluate(HEADING_TOP, "小结") < 40
    assert urlsplit(page.url).path == "/archive/archives/5004.html"  # sub-path kept
    assert log.errors == [] and log.failed == []


def test_contents_fold_on_a_phone_and_open_by_keyboard(site: str, open_page) -> None:
    page, _ = open_page(f"{site}archives/5004.html", **PHONE)
    details = page.locator("nav.toc details")
    assert details.get_attribute("open") is None
    entry = page.locator("nav.toc").get_by_role("link", name="数值验证", exact=True)
    assert not entry.is_visible()
    page.locator("nav.toc summary").focus()
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert entry.is_visible()


def test_part_numbers_and_missing_parts_are_what_a_reader_sees(site: str, open_page) -> None:
    page, _ = open_page(f"{site}archives/5004.html", **DESKTOP)
    assert "第3篇，共5篇，本存档收录其中2篇" in page.locator(".post-meta").inner_text()
    rows = page.locator(".series-box li").all_inner_texts()
    assert [row[: row.index("篇") + 1] for row in rows] == [
        "第1篇",
        "第2篇",
        "第3篇",
        "第4篇",
        "第5篇",
    ]
    assert rows[1].replace(" ", "") == "第2篇（未收录）"
    assert page.locator(".series-box li.missing a").first.get_attribute("href") == (
        "https://kexue.fm/archives/11196"
    )
    nav = page.locator("nav.post-nav a")
    assert nav.count() == 2  # the next part is also the next post: listed once


def test_related_posts_are_listed_and_lead_to_archived_posts(site: str, open_page) -> None:
    page, _ = open_page(f"{site}archives/5004.html", **DESKTOP)
    related = page.locator("#related")
    assert related.get_by_role("heading").inner_text() == "相关文章"
    first = related.get_by_role("link").first
    assert first.inner_text() == "流形上的最速下降：5. 对偶梯度下降"
    first.click()
    page.wait_for_url("**/archives/5005.html")


def test_a_long_comment_is_folded_and_unfolds_by_keyboard(site: str, open_page) -> None:
    page, _ = open_page(f"{site}archives/5004.html", **PHONE)
    body = page.locator("#comment-17001 > .comment-body")
    assert page.get_by_role("button", name="展开全文").count() == 1
    button = page.locator("#comment-17001 > button.comment-toggle")
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == body.get_attribute("id")
    folded = body.evaluate("el => [el.clientHeight, el.scrollHeight]")
    assert folded[0] < folded[1] / 2
    # The short reply is not folded, and its math is typeset.
    assert page.locator("#comment-17002 .comment-body").get_attribute("data-folded") is None
    assert page.locator("#comment-17002 mjx-container").count() == 1
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and button.inner_text() == "收起"
    opened = body.evaluate("el => [el.clientHeight, el.scrollHeight]")
    assert opened[0] >= opened[1] - 1
    assert "第12点" in body.inner_text()
    assert body.locator("mjx-container").count() >= 12


def test_a_wide_formula_scrolls_in_its_box_not_the_page(site: str, open_page) -> None:
    page, _ = open_page(f"{site}archives/5004.html", **PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator('mjx-container[display="true"].formula-wide').first
    size = box.evaluate("el => [el.clientWidth, el.scrollWidth]")
    assert size[0] <= 375 and size[1] > 2 * size[0]
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-label") == "公式较宽，可左右滚动查看"
    hint = box.evaluate("el => getComputedStyle(el.parentElement, '::after').content")
    assert "左右滑动" in hint
    box.focus()
    for _ in range(4):  # each press scrolls the focused box 40 px
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('mjx-container.formula-wide').scrollLeft > 100"
    )
    assert page.evaluate("window.scrollX") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # On a wide screen the same formula still scrolls, and narrow ones are left alone.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(
        "() => document.querySelectorAll('mjx-container.formula-wide').length === 1"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_a_full_post(
    site: str, open_page, screenshot_dir: Path, scheme: str, width: int
) -> None:
    page, log = open_page(
        f"{site}archives/5004.html",
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    page.wait_for_selector(".comment-toggle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(screenshot_dir / f"post-reading-{width}-{scheme}.png"), full_page=True)
    assert log.errors == [] and log.failed == []
