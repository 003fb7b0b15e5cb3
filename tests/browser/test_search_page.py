"""search.html in Chromium: typed queries, filters, keyboard, hostile input, sub-path serving.

Built from the search plugin's fixture site with the project's pelicanconf.py and theme,
served over HTTP by the shared ``http_server`` fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from pelican.plugins.cjk_search.tests.fixture_site import FIXTURE_CONTENT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(built_site, http_server) -> str:
    return http_server(built_site(content=FIXTURE_CONTENT))


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def no_dialog(dialog) -> None:
        errors.append(f"dialog opened: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", no_dialog)
    yield page
    context.close()
    assert errors == []


def wait_idle(page) -> None:
    page.wait_for_selector("#search-results[aria-busy='false']", timeout=15000)


def search(page, query: str) -> list[str]:
    """Type ``query`` into the box, submit, wait for the results; return result hrefs."""
    page.fill("#site-search", query)
    page.press("#site-search", "Enter")
    wait_idle(page)
    return result_paths(page)


def result_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#search-results a.search-result-link", "links => links.map(a => a.href)"
    )
    # A result links to its section with the query to mark (?highlight=…#heading).
    paths = [href.split("#", 1)[0].split("?", 1)[0] for href in hrefs]
    return [path.split("/archives/", 1)[1] if "/archives/" in path else path for path in paths]


def open_search(page, site_url: str, query: str = "") -> None:
    page.goto(site_url + "search.html" + (f"?q={quote(query)}" if query else ""))
    wait_idle(page)


def test_chinese_phrase_lists_both_diffusion_posts(page, site_url: str) -> None:
    open_search(page, site_url)
    assert sorted(search(page, "扩散模型")) == ["diffusion-1.html", "diffusion-2.html"]
    assert "找到 2 篇文章" in page.inner_text("#search-status")
    marks = page.eval_on_selector_all("#search-results mark", "ms => ms.map(m => m.textContent)")
    assert "扩散模型" in marks


def test_english_word_and_prefix(page, site_url: str) -> None:
    open_search(page, site_url)
    assert search(page, "Muon")[0] == "muon-optimizer.html"
    found = search(page, "Trans")
    assert {"transformer-upgrade-1.html", "transformer-upgrade-2.html"} <= set(found[:2])
    assert "translation-thoughts.html" in found


def test_month_query_filters_by_date(page, site_url: str) -> None:
    open_search(page, site_url)
    assert search(page, "2023-02") == ["muon-optimizer.html", "spectral-norm.html"]


def test_series_prefix_and_series_select(page, site_url: str) -> None:
    open_search(page, site_url)
    assert search(page, "series:Transformer 2") == ["transformer-upgrade-2.html"]
    page.fill("#site-search", "")
    page.select_option("#search-series", "生成扩散模型漫谈")
    wait_idle(page)
    assert result_paths(page) == ["diffusion-2.html", "diffusion-1.html"]
    assert "series=" in page.url
    page.select_option("#search-series", "")
    page.select_option("#search-year", "2021")
    wait_idle(page)
    assert sorted(result_paths(page)) == [
        "transformer-upgrade-1.html",
        "transformer-upgrade-2.html",
    ]


def test_no_results_says_so(page, site_url: str) -> None:
    open_search(page, site_url)
    assert search(page, "量子引力弦论") == []
    assert "没有找到" in page.inner_text("#search-status")


def test_query_in_url_runs_on_load_and_box_keeps_url_in_sync(page, site_url: str) -> None:
    open_search(page, site_url, "谱范数")
    assert result_paths(page) == ["spectral-norm.html"]
    assert page.input_value("#site-search") == "谱范数"
    page.fill("#site-search", "")
    page.type("#site-search", "Muon")
    page.wait_for_function("() => location.search.includes('q=Muon')")
    wait_idle(page)
    assert result_paths(page)[0] == "muon-optimizer.html"


def test_escape_clears_the_query_its_results_and_the_url(page, site_url: str) -> None:
    open_search(page, site_url, "谱范数")
    assert result_paths(page) == ["spectral-norm.html"]
    page.focus("#site-search")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('q=')")
    assert page.input_value("#site-search") == ""
    assert result_paths(page) == []
    assert "输入关键词" in page.inner_text("#search-status")
    assert page.get_attribute("#search-results", "aria-busy") == "false"
    assert page.title() == "搜索"


def test_slash_focuses_the_box_unless_typing(page, site_url: str) -> None:
    open_search(page, site_url)
    page.click("h1")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("a/b")
    assert page.input_value("#site-search") == "a/b"


def test_slash_focuses_the_header_box_on_every_page(page, site_url: str) -> None:
    page.goto(site_url + "archives/muon-optimizer.html")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("谱范数")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    wait_idle(page)
    assert result_paths(page) == ["spectral-norm.html"]


def test_arrow_keys_and_enter_move_through_results(page, site_url: str) -> None:
    open_search(page, site_url)
    found = search(page, "位置编码")
    assert len(found) == 2
    focused = "document.activeElement.pathname"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused).endswith(found[0])
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused).endswith(found[1])
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused).endswith(found[0])
    page.keyboard.press("Enter")
    page.wait_for_url("**/archives/" + found[0] + "?highlight=*")


HOSTILE = [
    ":",
    "*",
    "~",
    "^",
    '"',
    "'",
    "title:",
    "😀😀",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "x" * 10000,
]


def test_hostile_input_neither_throws_nor_injects(page, site_url: str) -> None:
    open_search(page, site_url)
    count = "() => document.querySelectorAll('script, img, svg, iframe').length"
    before = page.evaluate(count)
    for query in HOSTILE:
        search(page, query)
        status = page.inner_text("#search-status")
        assert status and "出错" not in status, query
    assert page.evaluate(count) == before
    # The fixture title holds literal "<b>": it must be shown as text, not as markup.
    search(page, "script alert")
    link = page.locator("#search-results a.search-result-link").first
    assert "<b>尖括号</b>" in link.inner_text()
    assert page.locator("#search-results b").count() == 0
    assert page.evaluate(count) == before


@pytest.mark.parametrize("absolute", [False, True], ids=["relative-urls", "publish-siteurl"])
def test_links_work_when_the_site_is_served_under_a_sub_path(
    browser, built_site, http_server, tmp_path: Path, absolute: bool
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    base = http_server(folder, prefix="/archive/")
    built_site(
        content=FIXTURE_CONTENT, output=folder, siteurl=base.rstrip("/") if absolute else None
    )
    page = browser.new_page()
    try:
        open_search(page, base, "Muon")
        href = page.eval_on_selector("a.search-result-link", "a => a.href")
        assert href.split("?")[0] == base + "archives/muon-optimizer.html"
        page.click("a.search-result-link")
        page.wait_for_load_state()
        assert "Muon优化器" in page.title()
    finally:
        page.close()


DISK_QUERIES = ["扩散模型", "Trans", "2023-02", "谱", "series:Transformer 2", "量子引力弦论"]


def shown(page) -> tuple[list[str], str, list[str]]:
    """What a reader sees: result links in order, the status line, the marked words."""
    marks = page.eval_on_selector_all("#search-results mark", "ms => ms.map(m => m.textContent)")
    return result_paths(page), page.inner_text("#search-status"), marks


def index_files_read(requests: list[str]) -> set[str]:
    """The index files among requested URLs, named as over HTTP (``body/3.json``).

    The plugin's scripts (``search/js/``, or the one bundle from disk) are not index files.
    """
    paths = (url.split("/search/", 1)[1] for url in requests if "/search/" in url)
    return {
        path.removesuffix(".js")
        for path in paths
        if path != "search-disk.js" and not path.startswith("js/")
    }


def test_a_page_opened_from_disk_searches_as_over_http(page, site_url: str, built_site) -> None:
    """A double-clicked search.html (file://, no browser flags) gives the same answers."""
    disk = (built_site(content=FIXTURE_CONTENT) / "search.html").as_uri()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    found = {}
    for query in DISK_QUERIES:
        open_search(page, site_url, query)
        over_http, http_reads = shown(page), index_files_read(requests)
        requests.clear()
        page.goto(f"{disk}?q={quote(query)}")
        wait_idle(page)
        assert shown(page) == over_http, query
        found[query] = over_http[0]
        # Only what the query needs is read, as over HTTP: the same files, as scripts. A
        # doc file (title, date) is read only by the quick title answer, which one side
        # may skip when the query's shards are in before the engine is (the final answer
        # takes the same rows from the text files): at most one per result shown.
        disk_reads = index_files_read(requests)
        docs = {f for f in disk_reads | http_reads if f.startswith("doc/")}
        assert disk_reads - docs == http_reads - docs, query
        assert len(docs) <= len(over_http[0]), query
        assert all(url.startswith("file://") for url in requests), query
        requests.clear()
    assert found["2023-02"] == ["muon-optimizer.html", "spectral-norm.html"]
    assert found["Trans"] and found["扩散模型"] and found["谱"]
    assert over_http[0] == [] and "没有找到" in over_http[1]


def test_typing_a_query_on_a_page_opened_from_disk(page, built_site) -> None:
    page.goto((built_site(content=FIXTURE_CONTENT) / "search.html").as_uri())
    wait_idle(page)
    assert sorted(search(page, "扩散模型")) == ["diffusion-1.html", "diffusion-2.html"]
    assert "扩散模型" in shown(page)[2]
    assert search(page, "Muon")[0] == "muon-optimizer.html"
    page.fill("#site-search", "")
    page.select_option("#search-series", "生成扩散模型漫谈")
    wait_idle(page)
    assert result_paths(page) == ["diffusion-2.html", "diffusion-1.html"]


def test_a_copy_in_a_folder_with_spaces_and_chinese_searches_from_disk(
    page, built_site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Copied to a USB stick as "科学空间 存档/": script URLs are built from the page's own."""
    copy = tmp_path_factory.mktemp("usb") / "科学空间 存档 #1"
    shutil.copytree(built_site(content=FIXTURE_CONTENT), copy)
    page.goto((copy / "search.html").as_uri() + "?q=" + quote("Muon 2023"))
    wait_idle(page)
    assert result_paths(page) == ["muon-optimizer.html"]


def test_without_disk_scripts_a_page_opened_from_disk_says_search_needs_a_server(
    page, built_site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = built_site(
        content=FIXTURE_CONTENT,
        output=tmp_path_factory.mktemp("no-disk"),
        extra={"SEARCH_DISK_SCRIPTS": '""'},
    )
    assert not (folder / "search" / "index.json.js").exists()
    page.goto((folder / "search.html").as_uri() + "?q=Muon")
    wait_idle(page)
    assert "网页服务器" in page.inner_text("#search-status")
    assert "make serve" in page.inner_text("#search-status")  # the theme's own wording


def test_title_results_show_before_the_body_shards_are_requested(page, site_url: str) -> None:
    """Opened with ``?q=``, the page downloads only what its title results need (title
    shards, their doc files) before showing them; the body shards are asked for after."""
    docs, bodies, asked = [], [], []
    page.on("request", lambda request: asked.append(request.url))
    page.context.route("**/search/doc/*.json", lambda route: docs.append(route))
    page.context.route("**/search/body/*.json", lambda route: bodies.append(route))
    page.goto(site_url + "search.html?q=" + quote("谱范数"))
    while not docs:  # the title pass has ranked its posts and wants their titles
        page.wait_for_timeout(20)
    page.wait_for_timeout(300)
    assert [url for url in asked if "/search/body/" in url] == []
    assert result_paths(page) == []
    page.context.unroute("**/search/doc/*.json")
    for route in docs:
        route.continue_()
    page.wait_for_selector("#search-results a.search-result-link")
    assert result_paths(page) == ["spectral-norm.html"]
    while not bodies:  # now, and only now, the body shards
        page.wait_for_timeout(20)
    assert page.get_attribute("#search-results", "aria-busy") == "true"
    assert result_paths(page) == ["spectral-norm.html"], "the titles stay while the body loads"
    for route in bodies:
        route.continue_()
    wait_idle(page)
    assert result_paths(page) == ["spectral-norm.html"]
    assert page.locator("#search-results .snippet mark").count() > 0


def test_more_results_button_pages_through_a_long_result_list(page, site_url: str) -> None:
    def small_pages(route) -> None:
        html = route.fetch().text().replace('id="search"', 'id="search" data-page-size="3"', 1)
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route("**/search.html*", small_pages)
    open_search(page, site_url)
    first = search(page, "的")
    assert len(first) == 3
    assert "显示前 3 篇" in page.inner_text("#search-status")
    page.click("#search-more")
    wait_idle(page)
    assert result_paths(page)[:3] == first
    assert len(result_paths(page)) == 6
    search(page, "Muon")
    assert page.is_hidden("#search-more")


def test_the_worker_starts_before_the_page_script_and_nothing_it_says_is_lost(
    page, site_url: str
) -> None:
    """search.html starts the worker inline; search-ui.js, arriving late, replays its messages."""
    late = []

    def hold(route) -> None:
        late.append(route)

    page.route("**/search/js/search-ui.js", hold)
    # The index and the query's shards are fetched while search-ui.js is held back.
    with page.expect_request("**/search/index.json"), page.expect_request("**/search/title/*"):
        page.goto(site_url + "search.html?q=" + quote("谱范数"), wait_until="commit")
    page.wait_for_timeout(300)  # let the worker answer "ready" into the early buffer
    assert late and page.get_attribute("#search-results", "aria-busy") == "true"
    late[0].continue_()
    wait_idle(page)
    assert result_paths(page) == ["spectral-norm.html"]


def test_an_index_that_fails_to_load_says_so_even_before_the_page_script_runs(
    page, site_url: str
) -> None:
    late = []
    page.route("**/search/js/search-ui.js", lambda route: late.append(route))
    page.route("**/search/index.json", lambda route: route.fulfill(status=404, body="missing"))
    with page.expect_response("**/search/index.json"):
        page.goto(site_url + "search.html?q=Muon", wait_until="commit")
    page.wait_for_timeout(300)  # the worker's error reaches the early buffer
    assert late
    late[0].continue_()
    wait_idle(page)
    assert "搜索索引加载失败" in page.inner_text("#search-status")
    assert result_paths(page) == []


def test_a_query_downloads_only_index_files(page, site_url: str) -> None:
    """Each request costs a few ms in a browser, so a query must not trigger any other:
    the page icon, for one, is inlined because Chromium asks for it again on every
    address change the search box makes."""
    open_search(page, site_url)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    assert search(page, "谱范数") == ["spectral-norm.html"]
    assert asked, "the query's shards and doc files were not requested"
    assert [url for url in asked if "/search/" not in url] == []
    assert page.evaluate("document.querySelector('link[rel=icon]').href.startsWith('data:')")


def test_a_series_link_opens_filtered_and_only_filters_fetch_series_ids(
    page, site_url: str
) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_search(page, site_url, "扩散模型")
    assert sorted(result_paths(page)) == ["diffusion-1.html", "diffusion-2.html"]
    assert not [url for url in asked if url.endswith("/search/series.json")]
    series = "生成扩散模型漫谈"
    page.goto(f"{site_url}search.html?q={quote('模型')}&series={quote(series)}")
    wait_idle(page)
    assert page.input_value("#search-series") == series
    assert sorted(result_paths(page)) == ["diffusion-1.html", "diffusion-2.html"]
    assert len([url for url in asked if url.endswith("/search/series.json")]) == 1


def test_typing_downloads_the_query_shards_before_the_pause_ends(page, site_url: str) -> None:
    """The shards of what is typed download during the pause after a keystroke; the
    query itself still waits for the pause (made long here, so it cannot have run)."""
    open_search(page, site_url)
    page.evaluate("document.getElementById('search').dataset.debounce = '60000'")
    with page.expect_request(lambda r: "/search/body/" in r.url, timeout=10000) as body:
        page.type("#site-search", "谱范数")
    assert body.value.url.endswith(".json")
    page.wait_for_load_state("networkidle")
    assert result_paths(page) == []  # nothing searched yet
    assert page.get_attribute("#search-results", "aria-busy") == "true"
    page.press("#site-search", "Enter")  # Enter does not wait for the pause
    wait_idle(page)
    assert result_paths(page) == ["spectral-norm.html"]


def test_an_input_method_s_words_download_their_shards_once_committed(page, site_url: str) -> None:
    """Mid-composition the box holds pinyin: nothing is fetched for it. Chrome sends
    no input event after the commit, so the commit itself starts the download."""
    open_search(page, site_url)
    page.evaluate("document.getElementById('search').dataset.debounce = '60000'")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.eval_on_selector(
        "#site-search",
        """box => { box.value = 'pu fan shu';
                    box.dispatchEvent(new InputEvent('input', {isComposing: true})); }""",
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert [url for url in asked if "/search/" in url] == []
    with page.expect_request(lambda r: "/search/body/" in r.url, timeout=10000):
        page.eval_on_selector(
            "#site-search",
            """box => { box.value = '谱范数';
                        const end = new CompositionEvent('compositionend', {data: '谱范数'});
                        box.dispatchEvent(end); }""",
        )
    assert result_paths(page) == []  # the query itself still waits for the pause
