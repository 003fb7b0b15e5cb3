"""Headless Chromium through Playwright: what a reader waits for and downloads.

Bytes are counted from the requests the page (and its workers) really made,
each mapped back to the file it served, and reported raw and gzipped (gzip
level 6, what a static host would send).  Times are taken inside the page
with ``performance.now()``, so Playwright's own round trips do not count.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench.build import gzip_size
from bench.chromium import CHROMIUM, CHROMIUM_ARGS

#: Records, inside the page, when ``#search-results`` first shows a result
#: link (``__benchFirstLink``: the eager title pass may show results while the
#: body index still loads) and when it first shows one with
#: ``aria-busy="false"`` (``__benchFirstResults``: the query is complete).
#: Both are ms since navigation start.
FIRST_RESULTS_JS = """
(() => {
  const check = () => {
    const el = document.getElementById('search-results');
    if (!el || !el.querySelector('a[href]')) return;
    if (window.__benchFirstLink === undefined) window.__benchFirstLink = performance.now();
    if (el.getAttribute('aria-busy') === 'false') {
      window.__benchFirstResults = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ['aria-busy']});
})();
"""

#: Puts one query into the search box and submits it as Enter does (the
#: form's submit, or an ``input`` event when the box has no form), then
#: resolves with the ms until ``aria-busy`` went from "true" back to "false"
#: (null if it never did).  Submitting skips the UI's typing debounce, which
#: is a deliberate wait, not search work.
QUERY_JS = """
async ([query, selector]) => {
  const box = document.querySelector(selector);
  const results = document.getElementById('search-results');
  return await new Promise((resolve) => {
    let done = false;
    const finish = (value) => {
      if (!done) { done = true; observer.disconnect(); resolve(value); }
    };
    const start = performance.now();
    const observer = new MutationObserver((records) => {
      const settled = records.some((r) => r.oldValue === 'true');
      if (settled && results.getAttribute('aria-busy') === 'false') {
        finish(performance.now() - start);
      }
    });
    observer.observe(results, {attributes: true, attributeOldValue: true,
                               attributeFilter: ['aria-busy']});
    box.value = query;
    if (box.form) box.form.requestSubmit();
    else box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => finish(null), 15000);
  });
}
"""


def chromium_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class RequestLog:
    """Every request a page and its workers finished, with its start time (epoch ms)."""

    requests: list[tuple[str, float]] = field(default_factory=list)

    def attach(self, page: object) -> RequestLog:
        page.on("requestfinished", self._finished)  # type: ignore[attr-defined]
        return self

    def _finished(self, request: object) -> None:
        start = request.timing.get("startTime", 0.0)  # type: ignore[attr-defined]
        self.requests.append((request.url, float(start)))  # type: ignore[attr-defined]

    def urls(self, before_epoch_ms: float | None = None, under: str = "") -> list[str]:
        return sorted(
            {
                url
                for url, start in self.requests
                if (before_epoch_ms is None or start <= before_epoch_ms)
                and urlsplit(url).path.startswith(under)
            }
        )


@dataclass(frozen=True)
class Weight:
    requests: int
    raw_bytes: int
    gzip_bytes: int
    by_kind: dict[str, int]  # gzipped bytes per kind of file

    def as_dict(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "raw_bytes": self.raw_bytes,
            "gzip_bytes": self.gzip_bytes,
            "gzip_bytes_by_kind": dict(sorted(self.by_kind.items())),
        }


_KINDS = {
    ".html": "html",
    ".css": "css",
    ".js": "js",
    ".mjs": "js",
    ".json": "index",
    ".woff": "font",
    ".woff2": "font",
    ".wasm": "wasm",
}


def weigh(urls: list[str], root: Path) -> Weight:
    """Raw and gzipped bytes of the files behind ``urls`` (served from ``root``)."""
    raw = gz = 0
    kinds: dict[str, int] = {}
    for url in urls:
        path = root / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        data = path.read_bytes()
        size = gzip_size(data)
        raw += len(data)
        gz += size
        kind = _KINDS.get(path.suffix, "pagefind" if "/pagefind/" in url else "other")
        kinds[kind] = kinds.get(kind, 0) + size
    return Weight(len(urls), raw, gz, kinds)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 50 queries is the 48th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summarize_latencies(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "mean_ms": round(statistics.fmean(values), 1),
    }
