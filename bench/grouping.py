"""Grouping stage: :func:`~kexue_archive.infer.merge.group_entries` on entries that all open alike.

A title-less entry is matched to the others by its excerpt's opening.  Done
pairwise, that cost grew with the square of the entries that share one
opening: a dump of the same entry saved 20,000 times (a crawler looping on
one page, or a hostile input) took 92 s to group.  This stage builds exactly
that input in memory, title-less format-A entries with the same day and
month whose excerpts open with the same real paragraph, and times the
grouping alone (the excerpt openings are read inside it, as in a scrape).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench import corpus
from bench.measure import Stage, median
from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer.evidence import OPENING_CHARS, excerpt_opening
from kexue_archive.infer.merge import group_entries
from kexue_archive.model import SourceRef

#: How many entries share their opening in the measured case.
GROUPING_ENTRIES = 20_000


def shared_paragraph(source: corpus.SourceText) -> str:
    """The first real prose paragraph that starts with a Chinese character and whose
    opening is a whole one (:data:`OPENING_CHARS`)."""
    return next(
        p
        for p in source.long_paragraphs
        if "\u4e00" <= p[0] <= "\u9fff" and len(excerpt_opening(p)) == OPENING_CHARS
    )


def shared_opening_entries(n: int, paragraph: str) -> list[Entry]:
    """``n`` title-less entries of one day whose excerpts all start with ``paragraph``.

    The excerpts differ after the paragraph (the save number), as repeated
    saves of one listing would, so only their openings are the same.
    """
    return [
        Entry(
            SourceRef(f"dumps/repeated-{k // 1000:03d}.txt", k % 1000 + 1, 4 * (k % 1000) + 1),
            "A",
            28,
            3,
            blocks=[Block("text", f"{paragraph}（第{k}次保存）")],
        )
        for k in range(n)
    ]


def measure_grouping(paragraph: str, n: int = GROUPING_ENTRIES, runs: int = 1) -> Stage:
    """Group ``n`` fresh shared-opening entries ``runs`` times; the median run's figures."""
    wall, cpu = [], []
    drafts = 0
    for _ in range(runs):
        entries = shared_opening_entries(n, paragraph)  # fresh: no opening read ahead
        started, started_cpu = time.perf_counter(), time.process_time()
        drafts = len(group_entries(entries))
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "status": "ok",
        "entries": n,
        "drafts": drafts,
        "seconds": round(median(wall), 3),
        "cpu_seconds": round(median(cpu), 3),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.grouping``: this case alone, without scraping or building anything."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.grouping", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--entries", type=int, default=GROUPING_ENTRIES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=corpus.DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    paragraph = shared_paragraph(corpus.load_source(args.corpus))
    print(json.dumps(measure_grouping(paragraph, args.entries, args.runs), sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
