"""bench.bound on the fixture site, in the session's Chromium: every variant
answers every fixed query, and a variant really fetches none of the files it
preloads (else it would measure the site itself under another name)."""

from __future__ import annotations

from pathlib import Path

from bench.bound import VARIANTS, folder, measure_bounds
from bench.browser import QUERY_JS
from bench.queries import LATENCY_QUERIES
from bench.search_ui import SEARCH_PAGE
from bench.serve import serve


def test_bounds_answer_every_query_and_skip_the_preloaded_requests(
    browser, built_site, tmp_path: Path
) -> None:
    figures = measure_bounds(built_site(), tmp_path, runs=1, browser=browser)
    assert set(figures) == set(VARIANTS)
    for name, row in figures.items():
        assert row["timeouts"] == 0, name
        assert 0 < row["p50_ms"] <= row["p95_ms"], name
    with serve(tmp_path) as base:
        for name, skipped in (("no doc round", "doc"), ("body shards only", "title")):
            context = browser.new_context()
            page = context.new_page()
            asked: list[str] = []
            page.on("request", lambda request, asked=asked: asked.append(request.url))
            page.goto(f"{base}/{folder(name)}/{SEARCH_PAGE}")
            page.wait_for_load_state("networkidle")
            shown = 0
            for query in LATENCY_QUERIES:
                asked.clear()
                assert page.evaluate(QUERY_JS, [query, "#site-search"]) is not None
                shown = page.locator("#search-results a.search-result-link").count()
                if shown:
                    break
            assert shown, "no fixed query found a result on the fixture site"
            assert any("/search/body/" in url for url in asked), (name, query)
            assert not any(f"/search/{skipped}/" in url for url in asked), (name, query, asked)
            context.close()
