"""The results as Markdown: one table of figures by size, one of targets.

The tables are printed and written into ``docs/benchmarks.md`` between the
markers below, so the document's prose stays hand-written while its figures
always come from the last run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.targets import figure

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"

#: (row label, keys under results["sizes"][n], divisor, decimals)
ROWS: tuple[tuple[str, tuple[str, ...], float, int], ...] = (
    ("scrape: posts/s", ("scrape", "posts_per_s"), 1, 0),
    ("scrape: posts per CPU second", ("scrape", "posts_per_cpu_s"), 1, 0),
    ("scrape: seconds", ("scrape", "seconds"), 1, 2),
    ("scrape: CPU seconds", ("scrape", "cpu_seconds"), 1, 2),
    ("scrape: peak RSS (MiB)", ("scrape", "peak_rss_mib"), 1, 0),
    ("build: full site (s)", ("build", "full_seconds"), 1, 2),
    ("build: bare Pelican (s)", ("build", "bare_seconds"), 1, 2),
    ("build: full site, CPU (s)", ("build", "full_cpu_seconds"), 1, 2),
    ("build: bare Pelican, CPU (s)", ("build", "bare_cpu_seconds"), 1, 2),
    ("build: full / bare", ("build", "ratio_full_to_bare"), 1, 2),
    ("build: full / bare, CPU", ("build", "ratio_cpu_full_to_bare"), 1, 2),
    ("build: peak RSS (MiB)", ("build", "full_peak_rss_mib"), 1, 0),
    ("build: peak PSS, all processes (MiB)", ("build", "full_peak_tree_pss_mib"), 1, 0),
    ("build: HTML pages", ("build", "html_pages"), 1, 0),
    ("build: site bytes per post (KB)", ("build", "output_bytes_per_post"), 1000, 1),
    ("search index: build (s)", ("search_index", "generator_seconds"), 1, 2),
    ("search index: files", ("search_index", "files"), 1, 0),
    ("search index: total gzip (KB)", ("search_index", "gzip_bytes"), 1000, 0),
    ("search: first results (ms)", ("search_ui", "first_results", "ms"), 1, 0),
    (
        "search: gzip before first result (KB)",
        ("search_ui", "first_results", "gzip_bytes"),
        1000,
        1,
    ),
    (
        "search: gzip, typical body query (KB)",
        ("search_ui", "typical_body_query", "gzip_bytes"),
        1000,
        1,
    ),
    (
        "search: gzip, body query, search files only (KB)",
        ("search_ui", "typical_body_query", "search_gzip_bytes"),
        1000,
        1,
    ),
    ("search: query p50 (ms)", ("search_ui", "latency", "p50_ms"), 1, 1),
    ("search: query p95 (ms)", ("search_ui", "latency", "p95_ms"), 1, 1),
    ("search: query p95, warm (ms)", ("search_ui", "latency", "warm_p95_ms"), 1, 1),
    (
        "browser: 10 parallel fetches of small files (ms)",
        ("search_ui", "latency", "fetch_floor", "file_10_parallel_ms"),
        1,
        1,
    ),
    (
        "browser: 10 parallel fetches of a blob: URL (ms)",
        ("search_ui", "latency", "fetch_floor", "blob_10_parallel_ms"),
        1,
        1,
    ),
    ("Pagefind: index (s)", ("pagefind", "index_seconds"), 1, 2),
    ("Pagefind: peak RSS while indexing (MiB)", ("pagefind", "peak_rss_mib"), 1, 0),
    ("Pagefind: first query (ms)", ("pagefind", "first_query_ms"), 1, 0),
    (
        "Pagefind: gzip, typical body query (KB)",
        ("pagefind", "typical_body_query", "gzip_bytes"),
        1000,
        1,
    ),
    ("Pagefind: query p50 (ms)", ("pagefind", "latency", "p50_ms"), 1, 1),
    ("Pagefind: query p95 (ms)", ("pagefind", "latency", "p95_ms"), 1, 1),
    ("weight: home (KB gzip)", ("weights", "home", "gzip_bytes"), 1000, 1),
    ("weight: post with math (KB gzip)", ("weights", "post_with_math", "gzip_bytes"), 1000, 1),
    ("weight: search page (KB gzip)", ("weights", "search", "gzip_bytes"), 1000, 1),
)


def _cell(value: float | None, divisor: float, decimals: int) -> str:
    return "n/a" if value is None else f"{value / divisor:,.{decimals}f}"


def figures_table(results: dict[str, Any]) -> str:
    sizes = sorted(int(s) for s in results.get("sizes", {}))
    head = "| figure | " + " | ".join(f"{s:,} posts" for s in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    lines = [head, rule]
    for label, keys, divisor, decimals in ROWS:
        cells = [_cell(figure(results, s, *keys), divisor, decimals) for s in sizes]
        if all(c == "n/a" for c in cells):
            reason = _reason(results, sizes, keys[0])
            cells = [reason] * len(sizes)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _reason(results: dict[str, Any], sizes: list[int], stage: str) -> str:
    status = results["sizes"][str(sizes[-1])].get(stage, {}).get("status", "n/a")
    return "n/a" if status == "ok" else str(status).replace("|", "/")[:60]


def targets_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| target | at | measured | limit | result |", "|---|---:|---|---|---|"]
    for row in rows:
        at = f"{row['at_posts']:,}" if row["at_posts"] else ""
        lines.append(
            f"| {row['target']} | {at} | {row['measured']} | {row['limit']} | {row['status']} |"
        )
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    """Figures of the excerpt corpora, of the full-post corpora (if measured), then targets."""
    parts = []
    if results.get("sizes"):
        parts.append(figures_table(results))
    full = results.get("full", {})
    if full.get("sizes"):
        parts.append("Full posts (scrape: saves/s):\n\n" + figures_table(full))
    parts.append(targets_table(results.get("targets", [])))
    return "\n\n".join(parts)


def write_into_docs(doc: Path, table: str) -> bool:
    """Replace the text between the markers of ``doc``; False when it has none."""
    if not doc.exists():
        return False
    text = doc.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return False
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    doc.write_text(f"{before}{START}\n{table}\n{END}{after}", encoding="utf-8")
    return True
