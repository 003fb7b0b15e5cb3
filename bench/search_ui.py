"""Search in the browser: time to first results, bytes per query, query latency.

Follows the page contract of the search issue: ``search.html?q=…`` runs the
query on load, and ``#search-results`` carries ``aria-busy="true"`` while the
index loads or a query runs and ``"false"`` once results are on the page.
Every measurement opens a fresh browser context, so nothing is cached.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from bench.browser import (
    FIRST_RESULTS_JS,
    QUERY_JS,
    RequestLog,
    summarize_latencies,
    weigh,
)
from bench.measure import Stage, failed, median, not_available
from bench.queries import BODY_QUERIES, LATENCY_QUERIES, TITLE_QUERY

SEARCH_PAGE = "search.html"
#: Where the search page's own box may be; the first that exists is used.
INPUT_SELECTORS = (
    "#site-search",
    "#search-input",
    "#search-query",
    "main input[type=search]",
    "main input[name=q]",
    "input[type=search]",
    "input[name=q]",
)
TIMEOUT_MS = 30_000
#: What the page itself costs (not search): left out when comparing with
#: Pagefind, whose bytes are only those of its own bundle.
PAGE_KINDS = ("html", "css", "font")


def _open_with_query(browser: object, base: str, query: str) -> tuple[object, RequestLog, float]:
    """Open ``search.html?q=query`` in a fresh context; ms to first results, or raise."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.add_init_script(FIRST_RESULTS_JS)
    log = RequestLog().attach(page)
    page.goto(f"{base}/{SEARCH_PAGE}?q={quote(query)}")
    page.wait_for_function("window.__benchFirstResults !== undefined", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    return page, log, float(page.evaluate("window.__benchFirstResults"))


def _first_results(browser: object, base: str, site: Path, runs: int) -> dict[str, object]:
    """Time to complete results, and what was fetched before the first title result."""
    times, first_link, weight = [], [], None
    for _ in range(runs):
        page, log, ms = _open_with_query(browser, base, TITLE_QUERY)
        origin = float(page.evaluate("performance.timeOrigin"))
        link = float(page.evaluate("window.__benchFirstLink"))
        times.append(ms)
        first_link.append(link)
        weight = weigh(log.urls(before_epoch_ms=origin + link), site)
        page.context.close()
    assert weight is not None
    return {
        "query": TITLE_QUERY,
        "ms": round(median(times), 1),
        "first_title_result_ms": round(median(first_link), 1),
        **weight.as_dict(),
    }


def _body_queries(browser: object, base: str, site: Path) -> dict[str, object]:
    per_query: dict[str, dict[str, int]] = {}
    for query in BODY_QUERIES:
        try:
            page, log, _ = _open_with_query(browser, base, query)
        except Exception:  # no result for this query at this size: leave it out
            continue
        weight = weigh(log.urls(), site)
        page_only = sum(weight.by_kind.get(kind, 0) for kind in PAGE_KINDS)
        per_query[query] = {
            "gzip_bytes": weight.gzip_bytes,
            "raw_bytes": weight.raw_bytes,
            "search_gzip_bytes": weight.gzip_bytes - page_only,
        }
        page.context.close()
    if not per_query:
        return {"status": "no body query found a result"}
    return {
        "gzip_bytes": int(median([v["gzip_bytes"] for v in per_query.values()])),
        "raw_bytes": int(median([v["raw_bytes"] for v in per_query.values()])),
        "max_gzip_bytes": max(v["gzip_bytes"] for v in per_query.values()),
        "search_gzip_bytes": int(median([v["search_gzip_bytes"] for v in per_query.values()])),
        "per_query": dict(sorted(per_query.items())),
    }


#: What a request costs this browser on this machine, whatever the site: the
#: median over 9 rounds of 10 parallel fetches of a small file of the site
#: (a new URL each time, so the server answers every one) and of an in-memory
#: ``blob:`` URL (no network at all).  A first-time query makes two rounds of
#: requests (its shards, then the doc files of the results shown), so this
#: bounds its latency from below.
FETCH_FLOOR_JS = """
async () => {
  const time = async (urls) => {
    const start = performance.now();
    await Promise.all(urls.map((url) => fetch(url).then((r) => r.arrayBuffer())));
    return performance.now() - start;
  };
  const blob = URL.createObjectURL(new Blob(['{}'], {type: 'application/json'}));
  const blobs = [], files = [];
  for (let round = 0; round < 9; round++) {
    blobs.push(await time(Array.from({length: 10}, () => blob)));
    files.push(await time(Array.from({length: 10}, (_, i) =>
      `search/doc/0.json?floor=${round}-${i}`)));
  }
  const middle = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  return {blob_10_parallel_ms: middle(blobs), file_10_parallel_ms: middle(files)};
}
"""


def _find_input(page: object) -> str | None:
    for selector in INPUT_SELECTORS:
        if page.query_selector(selector):  # type: ignore[attr-defined]
            return selector
    return None


def measure_latency(browser: object, base: str, runs: int) -> dict[str, object]:
    """p50/p95 of the fixed queries on a loaded page: first pass, then again (warm).

    The first pass is what a reader meets (body shards fetched as queries need
    them); the warm pass repeats the queries with every shard already loaded,
    which separates search work from fetching and parsing.
    """
    first: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    timeouts, selector = 0, None
    slowest: dict[str, float] = {}
    floors: list[dict[str, float]] = []
    for _ in range(runs):
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(f"{base}/{SEARCH_PAGE}")
        page.wait_for_load_state("networkidle")
        selector = _find_input(page)
        if selector is None:
            context.close()
            return {"status": "no search box found on search.html"}
        for passes in (first, warm):
            values = []
            for query in LATENCY_QUERIES:
                ms = page.evaluate(QUERY_JS, [query, selector])
                if ms is None:
                    timeouts += 1
                else:
                    values.append(float(ms))
                    if passes is warm:
                        slowest[query] = max(slowest.get(query, 0.0), round(float(ms), 1))
            if values:
                passes.append(summarize_latencies(values))
        floors.append(page.evaluate(FETCH_FLOOR_JS))
        context.close()
    if not first:
        return {"status": "no query settled", "timeouts": timeouts}
    return {
        "queries": len(LATENCY_QUERIES),
        "p50_ms": round(median([s["p50_ms"] for s in first]), 1),
        "p95_ms": round(median([s["p95_ms"] for s in first]), 1),
        "mean_ms": round(median([s["mean_ms"] for s in first]), 1),
        "warm_p50_ms": round(median([s["p50_ms"] for s in warm]), 1) if warm else None,
        "warm_p95_ms": round(median([s["p95_ms"] for s in warm]), 1) if warm else None,
        "timeouts": timeouts,
        "input_selector": selector,
        "slowest_warm_ms": dict(sorted(slowest.items(), key=lambda kv: -kv[1])[:5]),
        "fetch_floor": {
            key: round(median([floor[key] for floor in floors]), 1)
            for key in ("blob_10_parallel_ms", "file_10_parallel_ms")
        },
    }


def measure_search_ui(browser: object, base: str, site: Path, runs: int) -> Stage:
    if not (site / SEARCH_PAGE).exists():
        return not_available(f"not built yet ({SEARCH_PAGE} missing from the site)")
    try:
        first = _first_results(browser, base, site, runs)
    except Exception as error:
        return failed(f"no results for {TITLE_QUERY!r} on {SEARCH_PAGE}: {error}"[:400])
    return {
        "status": "ok",
        "first_results": first,
        "typical_body_query": _body_queries(browser, base, site),
        "latency": measure_latency(browser, base, runs),
    }
