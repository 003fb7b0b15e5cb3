"""The site in a real browser: math, keyboard, dark mode, phone width, no errors.

Runs against the fixture site's publish build served under ``/archive/`` (a GitHub Pages
project site), and renders every formula of the seeds when the scraper is there.
Screenshots of the home, a post and a series page go to ``test-output/screenshots/``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

MATH_POSTS = ["9164", "9181", "9209", "8231", "8265", "9001"]

#: Raw TeX that must not survive typesetting in the visible text of a post.
RAW_TEX = ("\\begin{", "\\end{", "\\(", "\\[", "\\eqref", "\\label", "$")

MATH_STATE = """() => ({
  formulas: document.querySelectorAll('.post-body .arithmatex').length,
  typeset: document.querySelectorAll('.post-body .arithmatex mjx-container').length,
  errors: Array.from(document.querySelectorAll('mjx-merror'),
                     e => e.getAttribute('data-mjx-error') || e.textContent),
})"""


def assert_typeset(page, where: str) -> None:
    state = page.evaluate(MATH_STATE)
    assert state["errors"] == [], where
    assert state["formulas"] > 0 and state["typeset"] == state["formulas"], where
    visible = page.inner_text(".post-body")
    leftovers = [tex for tex in RAW_TEX if tex in visible]
    assert leftovers == [], f"{where}: raw TeX {leftovers} left in {visible[:200]!r}"


def assert_quiet(log, base: str) -> None:
    """No console error, no failed request, no request outside the site."""
    assert log.errors == []
    assert log.failed == []
    origin = urlsplit(base)
    outside = [u for u in log.requests if urlsplit(u)[:2] != origin[:2]]
    assert outside == []
    assert all(urlsplit(u).path.startswith(origin.path) for u in log.requests)


def test_math_renders_in_every_fixture_post(published_site: str, open_page) -> None:
    for slug in MATH_POSTS:
        page, log = open_page(f"{published_site}archives/{slug}.html")
        assert_typeset(page, slug)
        assert_quiet(log, published_site)
    fonts = [u for u in log.requests if u.endswith(".woff")]
    assert fonts and all("/archive/vendor/mathjax/output/chtml/fonts/" in u for u in fonts)


def test_eqref_links_to_the_numbered_equation(published_site: str, open_page) -> None:
    page, _ = open_page(f"{published_site}archives/9181.html")
    links = page.locator(".post-body mjx-container a[href^='#']")
    assert links.count() == 2  # two \eqref{eq:sm}
    target = links.first.get_attribute("href")
    assert page.locator(f"[id='{target[1:].replace('%3A', ':')}']").count() == 1
    assert page.locator(".post-body mjx-mtd[id] , .post-body [id^='mjx-eqn']").count() >= 1
    assert "(1)" in page.inner_text(".post-body")
    page, _ = open_page(f"{published_site}archives/8231.html")  # align: two numbered rows
    refs = page.locator(".post-body span.arithmatex mjx-container a")
    hrefs = [refs.nth(i).get_attribute("href") for i in range(refs.count())]
    assert hrefs == ["#mjx-eqn%3Aeq%3Astd", "#mjx-eqn%3Aeq%3Alin"]
    for href in hrefs:
        assert page.locator(f"[id='{href[1:].replace('%3A', ':')}']").count() == 1


def test_keyboard_reaches_skip_link_first_and_it_works(published_site: str, open_page) -> None:
    page, _ = open_page(f"{published_site}archives/9181.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown while focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the main content
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_dark_mode_follows_the_system_and_print_is_plain(published_site: str, open_page) -> None:
    colors = {}
    for scheme in ("light", "dark"):
        page, _ = open_page(published_site + "index.html", color_scheme=scheme)
        colors[scheme] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert colors["light"] != colors["dark"]
    dark = [int(c) for c in colors["dark"][4:-1].split(",")]
    assert sum(dark) < 3 * 64  # a dark background, not just a different one
    page.emulate_media(media="print", color_scheme="dark")  # print: text on white, no chrome
    assert page.locator(".site-header").is_hidden() and page.locator(".entry").first.is_visible()
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    title = page.evaluate("() => getComputedStyle(document.querySelector('.entry h2 a')).color")
    assert title == "rgb(0, 0, 0)"


def test_phone_width_has_no_horizontal_scroll(
    published_site: str, open_page, screenshot_dir: Path
) -> None:
    for rel in ("index.html", "archives/8265.html", "archives/8231.html", "series/index.html"):
        page, _ = open_page(published_site + rel, viewport={"width": 375, "height": 740})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, rel
    page.screenshot(path=str(screenshot_dir / "phone-series-index.png"), full_page=True)


def test_pages_without_errors_and_screenshots(
    published_site: str, open_page, screenshot_dir: Path
) -> None:
    series = None
    for name, rel in (("home", "index.html"), ("post", "archives/9181.html")):
        page, log = open_page(published_site + rel, viewport={"width": 1100, "height": 900})
        assert_quiet(log, published_site)
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
        if series is None:
            series = page.locator(".series-box h2 a, .entry .meta a").first.get_attribute("href")
    page, log = open_page(series, viewport={"width": 1100, "height": 900})
    assert_quiet(log, published_site)
    assert page.locator(".series-parts li").count() >= 2
    page.screenshot(path=str(screenshot_dir / "series.png"), full_page=True)
    page, log = open_page(published_site + "archives/9181.html", color_scheme="dark")
    page.screenshot(path=str(screenshot_dir / "post-dark.png"), full_page=True)
    for rel in ("archives/index.html", "404.html", "archives/9500.html"):
        page, log = open_page(published_site + rel)
        assert_quiet(log, published_site)
    assert not any("mathjax" in u for u in log.requests)  # 9500 has no math


def test_every_formula_of_the_seeds_renders(
    built_site, seeds_content: Path, http_server, open_page, math_ready, tmp_path_factory
) -> None:
    output = tmp_path_factory.mktemp("seeds-site")
    base = http_server(output, "/archive/")
    built_site(seeds_content, siteurl=base.rstrip("/"), output=output)
    pages = sorted(p.name for p in (output / "archives").glob("*.html") if p.stem != "index")
    assert pages
    # One phone-sized tab (MathJax stays cached): every formula typeset, no sideways scroll.
    page, log = open_page(f"{base}archives/{pages[0]}", viewport={"width": 375, "height": 740})
    checked = 0
    full = with_comments = 0
    for name in pages:
        page.goto(f"{base}archives/{name}", wait_until="load")
        math_ready(page)
        if page.locator(".post-body .arithmatex").count():
            assert_typeset(page, name)
            checked += 1
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, name
        if page.locator(".excerpt-note").count() == 0:  # a post from a whole saved page
            full += 1
            # its tags and categories link to their pages
            assert page.locator("a[href*='tag/']").count() > 0, name
            assert page.locator("a[href*='category/']").count() > 0, name
            comments = page.locator("#comments article")
            if comments.count():
                with_comments += 1
                assert comments.first.is_visible(), name
                # comment math goes through MathJax like the post's (readers' own TeX may
                # be broken, as on the blog; it is still typeset, errors and all)
                formulas = page.locator("#comments .arithmatex").count()
                assert page.locator("#comments .arithmatex mjx-container").count() == formulas
    assert_quiet(log, base)
    assert checked > 0
    # samples/saves holds 26 whole posts, most of them with archived comments
    assert full == 26 and with_comments >= 20
