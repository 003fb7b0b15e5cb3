"""Hostile TeX and HTML in a post, in Chromium: nothing runs, loads, links out or takes ids.

``tests/fixtures/hostile/`` holds one post whose formulas try every way TeX found to act
on the page (issue 18) and one whose raw HTML does.  Each is checked on its own page and
in its excerpt on the home page, built twice: with the build-time guard
(plugins/safe_content) and, for the TeX post, without it, so the browser's MathJax
settings (theme/static/js/mathjax-config.js) are shown to hold on their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
#: The site's plugins without safe_content: only the browser's wall is left.
UNGUARDED = {
    "PLUGINS": json.dumps(
        ["vendor_assets", "pelican.plugins.series_parts", "citations", "pelican.plugins.cjk_search"]
    )
}

PAGE_STATE = """() => {
  const ids = Array.from(document.querySelectorAll('[id]'), e => e.id);
  return {
    protocols: Array.from(document.querySelectorAll('a[href], area[href]'),
                          a => a.protocol + ' ' + a.getAttribute('href')),
    duplicate_ids: ids.filter((id, i) => ids.indexOf(id) !== i),
    foreign_classes: document.querySelectorAll('.hostile-class').length,
    formulas: document.querySelectorAll('.arithmatex').length,
    typeset: document.querySelectorAll('.arithmatex mjx-container').length,
    fixed: Array.from(document.querySelectorAll('main *'))
                .filter(e => getComputedStyle(e).position === 'fixed').length,
  };
}"""


@pytest.fixture(scope="module")
def guarded(built_site, http_server) -> str:
    return http_server(built_site(HOSTILE))


@pytest.fixture(scope="module")
def browser_only(built_site, http_server) -> str:
    return http_server(built_site(HOSTILE / "tex", extra=UNGUARDED))


def open_watched(browser, url: str, math_ready) -> tuple[object, list[str], list[str]]:
    """Open ``url``; return the page, the dialogs it tried, and every URL it requested."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    math_ready(page)
    page.wait_for_timeout(200)  # an onerror or a late style fetch would show by now
    return page, dialogs, requests


def assert_inert(page, dialogs: list[str], requests: list[str], base: str) -> dict:
    state = page.evaluate(PAGE_STATE)
    assert dialogs == []
    bad_links = [p for p in state["protocols"] if p.split()[0] not in ("http:", "https:")]
    assert bad_links == []
    host = urlsplit(base).netloc
    assert [u for u in requests if urlsplit(u).netloc != host] == []
    assert state["duplicate_ids"] == []
    assert state["foreign_classes"] == 0
    assert state["fixed"] == 0
    assert state["typeset"] == state["formulas"] > 0
    return state


def click_archives(page, dialogs: list[str]) -> None:
    """A reader clicks 归档 in the header: the archives page opens, nothing else runs."""
    page.get_by_role("navigation", name="站点导航").get_by_role("link", name="归档").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path.endswith("/archives/index.html")
    assert dialogs == []


def assert_eqref_works(page) -> None:
    """The harmless part still works: ``\\eqref`` shows (1) and points at equation (1)."""
    link = page.locator(".post-body mjx-container a[href^='#mjx-eqn']")
    assert link.count() == 1
    assert link.get_attribute("href") == "#mjx-eqn%3Aeq%3Aenergy"
    assert "(1)" in page.inner_text(".post-body")
    target = page.evaluate(
        "h => !!document.getElementById(decodeURIComponent(h.slice(1)))",
        link.get_attribute("href"),
    )
    assert target


@pytest.mark.parametrize("site", ["guarded", "browser_only"])
def test_hostile_tex_post_page_is_inert(site, request, browser, math_ready) -> None:
    base = request.getfixturevalue(site)
    page, dialogs, requests = open_watched(browser, f"{base}archives/7001.html", math_ready)
    assert_inert(page, dialogs, requests, base)
    assert_eqref_works(page)
    assert page.locator("#site-search").count() == 1
    click_archives(page, dialogs)
    page.context.close()


@pytest.mark.parametrize("site", ["guarded", "browser_only"])
def test_hostile_tex_excerpt_on_home_page_is_inert(site, request, browser, math_ready) -> None:
    base = request.getfixturevalue(site)
    page, dialogs, requests = open_watched(browser, f"{base}index.html", math_ready)
    state = assert_inert(page, dialogs, requests, base)
    assert state["formulas"] >= 14  # the excerpt's formulas are on the home page
    click_archives(page, dialogs)
    page.context.close()


def test_hostile_html_post_is_inert(guarded, browser, math_ready) -> None:
    page, dialogs, requests = open_watched(browser, f"{guarded}archives/7002.html", math_ready)
    page.hover("text=罩")
    state = page.evaluate(PAGE_STATE)
    assert dialogs == []
    assert [p for p in state["protocols"] if p.split()[0] not in ("http:", "https:")] == []
    assert [u for u in requests if urlsplit(u).netloc != urlsplit(guarded).netloc] == []
    assert state["duplicate_ids"] == [] and state["fixed"] == 0
    assert page.locator("main script, main iframe, main svg").count() == 0
    # a link to an archived post survives the guard and leads to its page in the archive
    assert page.get_by_role("link", name="本站链接").get_attribute("href") == (
        "../archives/7001.html"
    )
    click_archives(page, dialogs)
    page.context.close()


def test_search_shows_hostile_posts_as_text(guarded, browser) -> None:
    """Titles and snippets reach the search page through textContent and are never
    typeset: the hostile posts' results hold no link, element or formula of their own."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{guarded}search.html?q=脚本与请求", wait_until="load")
    page.wait_for_selector("#search-results a.search-result-link")
    results = page.locator("#search-list > li")
    assert results.count() == 2
    texts = page.inner_text("#search-list")
    assert "公式里的脚本与请求" in texts and "正文里的脚本与请求" in texts
    assert (
        page.locator("#search-list mjx-container, #search-list img, #search-list svg").count() == 0
    )
    hrefs = page.eval_on_selector_all("#search-list a", "as => as.map(a => a.protocol)")
    assert set(hrefs) == {"http:"}
    assert page.evaluate("typeof window.MathJax") == "undefined"
    assert dialogs == []
    context.close()
