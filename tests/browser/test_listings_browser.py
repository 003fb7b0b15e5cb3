"""What a reader sees on listings, the search page and the 404 page (issue 20's defects).

The site is ``tests/fixtures/listings/content`` (see tests/test_listings_build.py).
Screenshots (desktop and 375 px, light and dark) go to test-output/screenshots/listings-*.
"""

from __future__ import annotations

import pytest

from tests.test_listings_build import LISTINGS

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 1}
DESKTOP = {"viewport": {"width": 1100, "height": 900}}

#: WCAG contrast of two computed CSS colours (rgb()/rgba() strings), in the page.
CONTRAST_JS = """([a, b]) => {
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


@pytest.fixture(scope="module")
def base(built_site, http_server) -> str:
    return http_server(built_site(LISTINGS))


def search(page, query: str) -> None:
    page.wait_for_selector("#search-results[aria-busy='false']")
    page.fill("#site-search", query)
    page.press("#site-search", "Enter")
    page.wait_for_selector("#search-results[aria-busy='false'] .search-result")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_highlight_stands_out_and_stays_readable(open_page, base, scheme) -> None:
    page, log = open_page(base + "search.html?q=系列", color_scheme=scheme, **DESKTOP)
    page.wait_for_selector(".search-result mark")
    mark, body = page.evaluate(
        "() => [getComputedStyle(document.querySelector('.search-result mark')),"
        " getComputedStyle(document.body)].map((s) => [s.backgroundColor, s.color])"
    )
    assert page.evaluate(CONTRAST_JS, [mark[0], body[0]]) >= 3  # the mark against the page
    assert page.evaluate(CONTRAST_JS, [mark[1], mark[0]]) >= 4.5  # its text against the mark
    assert log.errors == []


def test_search_results_mark_excerpts_and_keep_the_part_whole(open_page, base) -> None:
    page, _ = open_page(base + "search.html?q=系列", **PHONE)
    page.wait_for_selector("#search-results[aria-busy='false'] .search-result")
    rows = page.eval_on_selector_all(
        ".search-result",
        "(els) => els.map((e) => [e.querySelector('a').pathname.split('/').pop(),"
        " Boolean(e.querySelector('.excerpt-mark')), e.querySelector('.part')?.textContent])",
    )
    assert ["6103.html", True, "第1篇"] in rows and ["6104.html", False, "第2篇"] in rows
    # 第N篇 never breaks over two lines.
    heights = page.eval_on_selector_all(
        ".search-result .part", "(els) => els.map((e) => e.getClientRects().length)"
    )
    assert heights and set(heights) == {1}


def test_search_selects_are_styled_and_ordered_and_labels_stay_with_them(open_page, base) -> None:
    page, _ = open_page(base + "search.html", **PHONE)
    page.wait_for_function("document.querySelectorAll('#search-series option').length > 2")
    styles = page.evaluate(
        "() => ['#search-series', '#search-year', '#search-more'].map((s) => {"
        " const c = getComputedStyle(document.querySelector(s));"
        " return [c.appearance, c.borderTopStyle, c.borderRadius, c.fontFamily]; })"
    )
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert styles[0][0] == styles[1][0] == "none"  # not the browser's own select
    for _appearance, border, radius, font in styles:
        assert border == "solid" and radius != "0px" and font == body_font
    # Newest series first (the series page's order), not code point order.
    options = page.eval_on_selector_all("#search-series option", "(os) => os.map((o) => o.text)")
    assert options == ["全部系列", "孤篇系列", "两篇系列"]
    # Each label sits on the line of its select at 375 px.
    for name in ("series", "year"):
        label, select = page.evaluate(
            f"() => [document.querySelector('label[for=search-{name}]'),"
            f" document.getElementById('search-{name}')].map((e) => e.getBoundingClientRect().top"
            " + e.getBoundingClientRect().height / 2)"
        )
        assert abs(label - select) < 8, name
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_more_results_moves_the_keyboard_to_the_first_new_result(browser, base) -> None:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    # Two results a page, so the fixture's few posts need 显示更多结果.
    page.route(
        "**/search.html*",
        lambda route: route.fulfill(
            response=route.fetch(),
            body=route.fetch().text().replace('id="search"', 'id="search" data-page-size="2"', 1),
        ),
    )
    page.goto(base + "search.html?q=篇")
    page.wait_for_selector("#search-results[aria-busy='false'] .search-result")
    assert page.locator(".search-result").count() == 2
    page.focus("#search-more")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.search-result').length > 2")
    page.wait_for_selector("#search-results[aria-busy='false']")
    focused = page.evaluate("document.activeElement.href || document.activeElement.id")
    third = page.eval_on_selector_all("a.search-result-link", "(a) => a[2].href")
    assert focused == third
    context.close()


def test_404_page_keeps_its_styles_and_links_at_a_nested_path(browser, base) -> None:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    body = page.request.get(base + "404.html").text()
    # As nginx's error_page does: the 404 page's bytes for any missing address.
    page.route(
        "**/no/such/deep/page.html",
        lambda r: r.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"),
    )
    page.goto(base + "no/such/deep/page.html")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle")
        == "solid"
    )
    page.click("main a:text('归档')")
    page.wait_for_url(base + "archives/index.html")
    assert page.title().startswith("归档")
    context.close()


def test_raw_tex_is_hidden_until_mathjax_typesets_it(browser, base) -> None:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    release = []
    page.route("**/tex-chtml-full.js", lambda route: release.append(route))
    # MathJax is deferred: held back, the page is parsed and painted without it.
    page.goto(base + "archives/6101.html", wait_until="commit")
    page.wait_for_selector(".post-body .arithmatex", state="attached")
    hidden = page.evaluate("getComputedStyle(document.querySelector('.arithmatex')).visibility")
    assert hidden == "hidden"  # TeX not shown while MathJax is on its way
    page.wait_for_timeout(200)
    for route in release:
        route.continue_()
    page.wait_for_selector("mjx-container")
    page.wait_for_function("!document.documentElement.classList.contains('math-pending')")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.arithmatex')).visibility")
        == "visible"
    )
    context.close()


def test_raw_tex_shows_without_javascript(browser, base) -> None:
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    page.goto(base + "archives/6101.html")
    assert page.locator(".arithmatex").first.is_visible()
    context.close()


def test_a_closing_mark_at_a_links_end_is_half_width(open_page, base) -> None:
    page, _ = open_page(base + "archives/6102.html", **DESKTOP)
    width, size = page.evaluate(
        "() => { const m = document.querySelector('a.citation .close-mark');"
        " return [m.getBoundingClientRect().width, parseFloat(getComputedStyle(m).fontSize)]; }"
    )
    assert width <= 0.6 * size  # the underline ends with the mark, not half an em later
    page.goto(base + "search.html?q=优化器")
    page.wait_for_selector("#search-results[aria-busy='false'] .search-result")
    mark = page.eval_on_selector("a.search-result-link .close-mark", "(m) => m.textContent")
    assert mark == "）"


PAGES = {
    "home": "index.html",
    "archives": "archives/index.html",
    "tag": None,
    "category": None,
    "tags": "tag/index.html",
    "search": "search.html?q=系列",
    "search-selects": "search.html",
    "search-more": "search.html?q=篇&pages=2",
    "404-nested": "no/such/deep/page.html",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots(browser, base, screenshot_dir, scheme, size) -> None:
    options = dict(DESKTOP if size == "desktop" else PHONE)
    context = browser.new_context(color_scheme=scheme, **options)
    page = context.new_page()
    body = page.request.get(base + "404.html").text()
    page.route(
        "**/no/such/deep/page.html",
        lambda r: r.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"),
    )
    page.route(
        lambda url: "pages=2" in url,
        lambda route: route.fulfill(
            response=route.fetch(),
            body=route.fetch().text().replace('id="search"', 'id="search" data-page-size="2"', 1),
        ),
    )
    page.goto(base + "tag/index.html")
    tag = page.eval_on_selector(".term-list a", "(a) => a.getAttribute('href')")
    page.goto(base + "category/index.html")
    category = page.eval_on_selector(".term-list a", "(a) => a.getAttribute('href')")
    pages = dict(
        PAGES, tag="tag/" + tag.rsplit("/", 1)[1], category="category/" + category.rsplit("/", 1)[1]
    )
    for name, rel in pages.items():
        page.goto(base + rel)
        if rel.startswith("search"):
            page.wait_for_selector("#search-results[aria-busy='false']")
        if name == "search-selects":
            page.click("#search-series")
        page.wait_for_timeout(100)
        page.screenshot(
            path=str(screenshot_dir / f"listings-{name}-{size}-{scheme}.png"), full_page=True
        )
        errors = page.evaluate("document.documentElement.scrollWidth")
        assert errors <= options["viewport"]["width"], name
    context.close()


def test_a_reader_goes_from_a_post_to_its_tag_and_category_and_their_indexes(
    open_page, base
) -> None:
    page, log = open_page(base + "archives/6104.html", **PHONE)
    page.click(".post-tags a:text('优化器')")
    assert page.locator("h1").inner_text() == "标签：优化器"
    assert "共收录 2 篇，其中全文 2 篇" in page.locator(".lead").inner_text()
    listed = page.eval_on_selector_all(".post-list a", "(a) => a.map((x) => x.textContent)")
    assert listed == ["优化器的几何（上）", "两篇系列（二）：结尾"]
    page.goto(base + "archives/6104.html")
    page.click(".post-categories a:text('信息时代')")
    assert page.locator("h1").inner_text() == "分类：信息时代"
    page.click("a:text('全部分类')")
    counts = page.eval_on_selector_all(
        ".term-list li", "(li) => li.map((x) => x.textContent.replace(/\\s+/g, ' ').trim())"
    )
    assert counts == ["数学研究 2 篇", "信息时代 1 篇"]  # pinyin order, with counts
    page.click(".term-switch a:text('标签')")
    assert page.locator("h1").inner_text() == "标签"
    assert page.locator(".term-switch a[aria-current=page]").inner_text() == "标签"
    assert log.errors == []


def test_publish_build_404_page_works_at_a_nested_path_under_a_sub_path(
    browser, published_site
) -> None:
    """The publish build (served under /archive/) writes absolute URLs: any depth works."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    body = page.request.get(published_site + "404.html").text()
    page.route(
        "**/archive/no/such/deep/page.html",
        lambda r: r.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"),
    )
    page.goto(published_site + "no/such/deep/page.html")
    border = "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle"
    assert page.evaluate(border) == "solid"
    page.click("main a:text('归档')")
    page.wait_for_url(published_site + "archives/index.html")
    context.close()
