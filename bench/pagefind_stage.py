"""Pagefind on the same built site: the search a user would pick instead.

Pagefind (extended build, for Chinese segmentation) indexes the post pages
of the project's own build, and a one-file page calls its JavaScript API the
way a results list does: ``pagefind.search(q)`` and ``data()`` of the first
ten results (titles and snippets).  Its bytes per query are everything
fetched under ``/pagefind/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bench.browser import RequestLog, summarize_latencies, weigh
from bench.measure import (
    PYTHON,
    ROOT,
    SET_ASIDE,
    Stage,
    failed,
    median,
    mib,
    not_available,
    run_measured,
    set_aside,
)
from bench.queries import BODY_QUERIES, LATENCY_QUERIES, TITLE_QUERY

BUNDLE = "pagefind"
PAGE = "pagefind-bench.html"
#: The query page: Pagefind's API only, no UI of ours in the way.
PAGE_HTML = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind bench</title></head>
<body><script type="module">
window.__pagefind = await import("./pagefind/pagefind.js");
window.__pagefindReady = true;
</script></body></html>
"""
SEARCH_JS = """
async (query) => {
  const start = performance.now();
  const search = await window.__pagefind.search(query);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return [performance.now() - start, search.results.length];
}
"""


def pagefind_available() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


def article_glob(save_as: str) -> str:
    """``archives/{slug}.html`` -> ``archives/*.html``: index the post pages only."""
    return re.sub(r"\{[^}]*\}", "*", save_as)


def build_index(site: Path, glob: str, runs: int) -> Stage:
    samples = []
    for _ in range(runs):
        set_aside(site / BUNDLE, holder=site.parent / SET_ASIDE)
        run = run_measured(
            [PYTHON, "-m", "pagefind", "--site", site, "--glob", glob, "--silent"], cwd=ROOT
        )
        if run.returncode != 0:
            return failed(f"pagefind exited {run.returncode}: {run.stderr_tail[-300:]}")
        samples.append(run)
    files = [p for p in (site / BUNDLE).rglob("*") if p.is_file()]
    return {
        "status": "ok",
        "glob": glob,
        "index_seconds": round(median([s.seconds for s in samples]), 3),
        "peak_rss_mib": mib(median([s.peak_rss_bytes for s in samples])),
        "files": len(files),
        "raw_bytes": sum(p.stat().st_size for p in files),
    }


def _fresh_page(browser: object, base: str) -> tuple[object, RequestLog]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    log = RequestLog().attach(page)
    page.goto(f"{base}/{PAGE}")
    page.wait_for_function("window.__pagefindReady === true")
    return page, log


def _bundle_urls(log: RequestLog) -> list[str]:
    return [u for u in log.urls() if urlsplit(u).path.startswith(f"/{BUNDLE}/")]


def measure_queries(browser: object, base: str, site: Path, runs: int) -> dict[str, object]:
    """First query from a cold page, bytes per body query, and latency once loaded."""
    (site / PAGE).write_text(PAGE_HTML, encoding="utf-8")
    first_ms = []
    for _ in range(runs):
        page, _log = _fresh_page(browser, base)
        ms, _count = page.evaluate(SEARCH_JS, TITLE_QUERY)
        first_ms.append(float(ms))
        page.context.close()
    per_query: dict[str, dict[str, int]] = {}
    for query in BODY_QUERIES:
        page, log = _fresh_page(browser, base)
        page.evaluate(SEARCH_JS, query)
        page.wait_for_load_state("networkidle")
        weight = weigh(_bundle_urls(log), site)
        per_query[query] = {"gzip_bytes": weight.gzip_bytes, "raw_bytes": weight.raw_bytes}
        page.context.close()
    p50s, p95s = [], []
    for _ in range(runs):
        page, _log = _fresh_page(browser, base)
        page.evaluate("window.__pagefind.init()")
        values = [float(page.evaluate(SEARCH_JS, q)[0]) for q in LATENCY_QUERIES]
        summary = summarize_latencies(values)
        p50s.append(summary["p50_ms"])
        p95s.append(summary["p95_ms"])
        page.context.close()
    return {
        "first_query_ms": round(median(first_ms), 1),
        "typical_body_query": {
            "gzip_bytes": int(median([v["gzip_bytes"] for v in per_query.values()])),
            "raw_bytes": int(median([v["raw_bytes"] for v in per_query.values()])),
            "per_query": dict(sorted(per_query.items())),
        },
        "latency": {"p50_ms": round(median(p50s), 1), "p95_ms": round(median(p95s), 1)},
    }


def measure_pagefind(
    browser: object | None, base: str | None, site: Path, article_save_as: str, runs: int
) -> Stage:
    if not pagefind_available():
        return not_available("pagefind is not installed (pip install 'pagefind[extended]')")
    if not site.is_dir():
        return not_available("no built site")
    result = build_index(site, article_glob(article_save_as), runs)
    if result["status"] != "ok" or browser is None or base is None:
        return result
    try:
        result.update(measure_queries(browser, base, site, runs))
    except Exception as error:
        result["browser"] = f"error: {error}"[:400]
    return result
