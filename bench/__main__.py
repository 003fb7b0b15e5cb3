"""``make bench``: speed, size and growth of the archive at 1k, 10k (and 50k) posts.

Two kinds of corpus (``--corpus excerpt|full|all``): listing excerpts
(``--sizes``, from ``bench.corpus``) and full posts with headings, formulas
and comments (``--full-sizes``, 1,300 and 10,000 by default, from
``bench.fullposts``; the 10,000-post one is measured once whatever ``--runs``
says, as the issue asks).  For each size: generate a synthetic archive, scrape
it, build the site (and bare Pelican, and the site without search), then
measure search, Pagefind and page weight in headless Chromium.  Once per
bench, whatever the sizes: the grouping of 20,000 title-less entries that open
alike (``bench.grouping``).  A stage whose part of the project does not exist yet is reported as
``n/a``, never a crash.  Writes ``--out`` (JSON, sorted keys), prints the
tables and PASS/FAIL per target, and puts the tables into
``docs/benchmarks.md`` between its markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench import corpus, fullposts
from bench.browser import chromium, chromium_available
from bench.build import measure_build, project_settings
from bench.grouping import GROUPING_ENTRIES, measure_grouping, shared_paragraph
from bench.measure import ROOT, Stage, clear_set_aside, not_available
from bench.pagefind_stage import measure_pagefind
from bench.report import markdown, write_into_docs
from bench.scrape import measure_full_scrape, measure_scrape
from bench.search_ui import measure_search_ui
from bench.serve import serve
from bench.targets import FULL_SIZES, REFERENCE_SIZE, evaluate
from bench.weights import measure_weights

STAGES = ("scrape", "build", "search", "pagefind", "weights", "grouping")
CORPORA = ("excerpt", "full", "all")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="all",
        help="excerpt corpora, full-post ones, or both (one alone keeps the other's results)",
    )
    parser.add_argument("--sizes", default="1000,10000", help="excerpt corpora: post counts")
    parser.add_argument(
        "--full-sizes",
        default=",".join(str(n) for n in FULL_SIZES),
        help="full-post corpora: post counts",
    )
    parser.add_argument("--with-50k", action="store_true", help="also measure 50,000 posts")
    parser.add_argument("--runs", type=int, default=3, help="each figure is the median of N runs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument(
        "--excerpt-source",
        type=Path,
        default=corpus.DEFAULT_CORPUS,
        help="listing corpus the excerpt archives are made of (truth.json, archive_index.txt)",
    )
    parser.add_argument(
        "--fullposts",
        type=Path,
        default=fullposts.DEFAULT_FULLPOSTS,
        help="full saves the full-post archives are made of (saves/, truth.json)",
    )
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument(
        "--skip", default="", help=f"comma-separated stages to leave out: {','.join(STAGES)}"
    )
    parser.add_argument(
        "--grouping-entries",
        type=int,
        default=GROUPING_ENTRIES,
        help="title-less entries sharing one opening in the grouping case",
    )
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-docs", action="store_true", help="do not touch --docs")
    parser.add_argument(
        "--merge", action="store_true", help="keep sizes of an existing --out not measured now"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="measure nothing: re-print the tables of --out"
    )
    args = parser.parse_args(argv)
    args.size_list = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.full_size_list = sorted({int(s) for s in args.full_sizes.split(",") if s.strip()})
    if args.with_50k:
        args.size_list = sorted({*args.size_list, 50_000})
    if args.corpus == "full":
        args.size_list = []
    if args.corpus == "excerpt":
        args.full_size_list = []
    args.skipped = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = args.skipped - set(STAGES)
    if (
        unknown
        or args.runs < 1
        or args.grouping_entries < 1
        or not (args.size_list or args.full_size_list)
        or min(args.size_list + args.full_size_list) < 1
    ):
        parser.error(f"bad --skip {sorted(unknown)}, --runs or --sizes")
    return args


def _log(size: int, message: str, kind: str = "") -> None:
    print(f"[{size:>6} {kind}posts] {message}", file=sys.stderr, flush=True)


def _skipped(stage: str) -> Stage:
    return not_available(f"skipped (--skip {stage})")


def measure_size(size: int, args: argparse.Namespace, browser: object | None) -> dict[str, Stage]:
    """An excerpt archive: listing dumps scraped into content/, then the site stages."""
    work = args.work / str(size)
    started = time.perf_counter()
    archive = corpus.write_archive(size, work, args.excerpt_source, args.seed)
    _log(size, f"archive: {archive.entries} entries in {archive.dumps}")
    content = work / "content"
    result: dict[str, Stage] = {}
    result["scrape"] = (
        _skipped("scrape")
        if "scrape" in args.skipped
        else measure_scrape(archive, content, args.runs)
    )
    _log(size, f"scrape: {result['scrape'].get('status')}")
    result.update(_measure_site(size, content, work, args.runs, args, browser))
    _log(size, f"done in {time.perf_counter() - started:.0f} s")
    return result


def full_runs(size: int, runs: int) -> int:
    """Runs of a full-post size: ``runs`` for the blog's size, one from 10,000 posts up."""
    return 1 if size >= REFERENCE_SIZE else runs


def measure_full_size(
    size: int, args: argparse.Namespace, browser: object | None
) -> dict[str, Stage]:
    """A full-post archive: content/ written as the scraper writes it, saves scraped beside."""
    work = args.work / f"full-{size}"
    runs = full_runs(size, args.runs)
    started = time.perf_counter()
    if not full_saves_present(args):
        # a fresh clone without the corpus beside it: say so, measure the rest
        missing = not_available(f"no full saves in {args.fullposts} (--fullposts)")
        stages = ("scrape", "build", "search_index", "search_ui", "weights", "pagefind")
        return dict.fromkeys(stages, missing)
    archive = fullposts.write_full_archive(
        size, work, args.fullposts, args.excerpt_source, args.seed
    )
    _log(size, f"archive: {archive.content} and {archive.saves}", "full ")
    result: dict[str, Stage] = {}
    result["scrape"] = (
        _skipped("scrape")
        if "scrape" in args.skipped
        else measure_full_scrape(archive.saves, work / "content-scraped", size, runs)
    )
    _log(size, f"scrape: {result['scrape'].get('status')}", "full ")
    result.update(_measure_site(size, archive.content, work, runs, args, browser))
    _log(size, f"done in {time.perf_counter() - started:.0f} s", "full ")
    return result


def _measure_site(
    size: int,
    content: Path,
    work: Path,
    runs: int,
    args: argparse.Namespace,
    browser: object | None,
) -> dict[str, Stage]:
    """Build, search, weights and Pagefind on one content folder."""
    result: dict[str, Stage] = {}
    if "build" in args.skipped:
        result["build"] = result["search_index"] = _skipped("build")
    else:
        result["build"], result["search_index"] = measure_build(content, work, runs, size)
    _log(size, f"build: {result['build'].get('status')}")
    site = work / "output-full"
    built = result["build"].get("status") == "ok"
    settings = project_settings() if built else {}
    for stage, name in (("search_ui", "search"), ("weights", "weights"), ("pagefind", "pagefind")):
        if name in args.skipped:
            result[stage] = _skipped(name)
        elif not built:
            result[stage] = not_available("no built site")
        elif browser is None:
            result[stage] = not_available("no Chromium/Playwright")
    if built and browser is None and "pagefind" not in args.skipped:
        # Pagefind's index time needs no browser; its query figures do.
        result["pagefind"] = measure_pagefind(None, None, site, settings["ARTICLE_SAVE_AS"], runs)
    if built and browser is not None:
        with serve(site) as base:
            if "search_ui" not in result:
                result["search_ui"] = measure_search_ui(browser, base, site, runs)
                _log(size, f"search: {result['search_ui'].get('status')}")
            if "weights" not in result:
                result["weights"] = measure_weights(
                    browser, base, site, content, settings["ARTICLE_URL"]
                )
            if "pagefind" not in result:
                result["pagefind"] = measure_pagefind(
                    browser, base, site, settings["ARTICLE_SAVE_AS"], runs
                )
                _log(size, f"pagefind: {result['pagefind'].get('status')}")
    return result


def full_saves_present(args: argparse.Namespace) -> bool:
    """Whether ``--fullposts`` holds the saves and truth the full-post corpora are made from."""
    return (args.fullposts / "saves").is_dir() and (args.fullposts / "truth.json").is_file()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        if not args.out.exists():
            print(f"error: {args.out} does not exist; run the bench first", file=sys.stderr)
            return 2
        results = json.loads(args.out.read_text(encoding="utf-8"))
        results["targets"] = evaluate(results)
        return _publish(results, args)
    # A browser only when some corpus will be built: the excerpt sizes, or full saves to use.
    measured = bool(args.size_list) or (bool(args.full_size_list) and full_saves_present(args))
    needs_browser = measured and not {"search", "weights", "pagefind"} <= args.skipped
    results: dict[str, Any] = {"sizes": {}, "full": {"sizes": {}}}
    if args.out.exists() and (args.merge or args.corpus != "all"):
        # --merge keeps every size not measured now; --corpus keeps the other corpus
        earlier = json.loads(args.out.read_text(encoding="utf-8"))
        if args.merge or args.corpus == "full":
            results["sizes"] = earlier.get("sizes", {})
            results["cases"] = earlier.get("cases", {})
        if args.merge or args.corpus == "excerpt":
            results["full"] = earlier.get("full", {"sizes": {}})
    with ExitStack() as stack:
        browser = (
            stack.enter_context(chromium()) if needs_browser and chromium_available() else None
        )
        try:
            for size in args.size_list:
                results["sizes"][str(size)] = measure_size(size, args, browser)
            for size in args.full_size_list:
                results["full"]["sizes"][str(size)] = measure_full_size(size, args, browser)
        finally:
            clear_set_aside(args.work)
    if "grouping" not in args.skipped:
        paragraph = shared_paragraph(corpus.load_source(args.excerpt_source))
        grouping = measure_grouping(paragraph, args.grouping_entries, args.runs)
        results.setdefault("cases", {})["grouping"] = grouping
        print(f"[grouping] {grouping}", file=sys.stderr, flush=True)
    results["config"] = {
        "cpus": os.cpu_count(),
        "generator_version": corpus.GENERATOR_VERSION,
        "full_generator_version": fullposts.FULL_GENERATOR_VERSION,
        "python": platform.python_version(),
        "runs": args.runs,
        "seed": args.seed,
    }
    results["targets"] = evaluate(results)
    return _publish(results, args)


def _publish(results: dict[str, Any], args: argparse.Namespace) -> int:
    """Write ``--out``, print the tables and PASS/FAIL, and update the docs page."""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    table = markdown(results)
    print(table)
    print()
    for row in results["targets"]:
        print(f"{row['status']:>4}  {row['target']}: {row['measured']} ({row['limit']})")
    if not args.no_docs and write_into_docs(args.docs, table):
        print(f"tables written into {args.docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
