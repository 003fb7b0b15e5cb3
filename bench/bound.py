"""How low could a first-time query go?  Latency bounds for an index redesign.

A query the search page has not seen makes two rounds of requests: its
title and body shards, then the doc files of the ten results shown (title,
date, series, snippet text).  On the bench machine each request costs the
browser a few milliseconds even from memory, so the query p95 target is
mostly a question of how many requests a first-time query needs.  Before
anyone redesigns the index files to take requests away, this probe measures
what the redesign could at best reach, on the machine at hand:

``site``
    the built site as it is (the bench's own latency figure);
``no doc round``
    every doc file already in the worker, as if each result's record came
    with the shards (the best any "records in the shards" design can do);
``body shards only``
    every title shard in the worker too: a query fetches only its body
    shards (the best a design with one file per query term can do).

Each variant is a copy of the built site (hard links) whose worker, once
ready, reads one extra file holding those index files and seeds its caches
with them; the search code itself is unchanged.  The preload is far beyond
any byte budget (about 13 MB of JSON at 10,000 posts) and is not counted: only
latency is.  Variants are measured in turn within each run, so they share
the machine's moment::

    .venv/bin/python -m bench.bound --size 10000 --runs 3   # after make bench
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from bench.browser import chromium
from bench.measure import ROOT, median
from bench.search_ui import measure_latency
from bench.serve import serve

WORKER = Path("search") / "js" / "search-worker.js"
PRELOAD = "bound-preload.json"
#: The line of the worker's start-up after which the preload goes in.
ANCHOR = "const info = await engine.load(manifest);"
#: Seeds the worker's file caches as if those files had been fetched already.
PRELOAD_JS = f"""
          const preload = await fetchJson("{PRELOAD}");
          for (const kind of ["doc", "title"]) {{
            for (const [n, data] of Object.entries(preload[kind] ?? {{}})) {{
              engine.store.preload(kind, Number(n), data);
            }}
          }}"""
#: Variant name -> the kinds of index files preloaded.
VARIANTS: dict[str, tuple[str, ...]] = {
    "site": (),
    "no doc round": ("doc",),
    "body shards only": ("doc", "title"),
}


def prepare(site: Path, dest: Path, kinds: Sequence[str]) -> Path:
    """A hard-linked copy of ``site`` at ``dest`` whose worker preloads ``kinds`` of files.

    The patched worker is written as a new file, so the linked original is
    never changed.  Raises ``ValueError`` if the worker no longer has the
    line the preload follows (the probe must then be updated with it).
    """
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site, dest, copy_function=os.link)
    if not kinds:
        return dest
    index = dest / "search"
    preload = {
        kind: {
            path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((index / kind).glob("*.json"))
        }
        for kind in kinds
    }
    (index / PRELOAD).write_text(json.dumps(preload, ensure_ascii=False), encoding="utf-8")
    worker = dest / WORKER
    source = worker.read_text(encoding="utf-8")
    if source.count(ANCHOR) != 1:
        raise ValueError(f"{WORKER}: expected the line {ANCHOR!r} once")
    worker.unlink()
    worker.write_text(source.replace(ANCHOR, ANCHOR + PRELOAD_JS), encoding="utf-8")
    return dest


def measure_bounds(
    site: Path, work: Path, runs: int, browser: object | None = None
) -> dict[str, dict[str, object]]:
    """First-pass and warm query latency of each variant (median over ``runs``).

    The variants are prepared under ``work``, as folders named by
    :func:`folder`; ``browser`` is a Playwright browser to use (default: a
    headless Chromium launched for the measurement).
    """
    for name, kinds in VARIANTS.items():
        prepare(site, work / folder(name), kinds)
    samples: dict[str, list[dict[str, object]]] = {name: [] for name in VARIANTS}
    with ExitStack() as stack:
        base = stack.enter_context(serve(work))
        if browser is None:
            browser = stack.enter_context(chromium())
        for _ in range(runs):
            for name in VARIANTS:
                samples[name].append(measure_latency(browser, f"{base}/{folder(name)}", 1))
    figures = {}
    for name, runs_of in samples.items():
        ok = [r for r in runs_of if "p95_ms" in r]
        figures[name] = {
            key: round(median([float(r[key]) for r in ok]), 1) if ok else None
            for key in ("p50_ms", "p95_ms", "warm_p95_ms")
        } | {"timeouts": sum(int(r.get("timeouts", 0)) for r in runs_of)}
    return figures


def folder(name: str) -> str:
    """The folder of ``work`` a variant is served from."""
    return name.replace(" ", "-")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bound", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", type=int, default=10_000, help="a size `make bench` has built")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    site = args.work / str(args.size) / "output-full"
    if not (site / "search.html").exists():
        parser.error(f"{site}: no built site; run python -m bench --sizes {args.size} first")
    work = args.work / f"bound-{args.size}"
    figures = measure_bounds(site, work, args.runs)
    print(f"first-time query latency at {args.size:,} posts, median of {args.runs} run(s)")
    print("| variant | p50 (ms) | p95 (ms) | p95 warm (ms) | timeouts |")
    print("|---|---:|---:|---:|---:|")
    for name, row in figures.items():
        cells = [name, *(row[k] for k in ("p50_ms", "p95_ms", "warm_p95_ms", "timeouts"))]
        print("| " + " | ".join(str(cell) for cell in cells) + " |")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
