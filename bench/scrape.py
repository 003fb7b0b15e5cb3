"""Scrape stage: posts per second and peak memory of ``scripts/scrape.py``.

The scraper runs as a user runs it (a fresh process, interpreter start-up
included) on the synthetic dumps plus the synthetic archive index, into a
fresh output folder each run so no run benefits from an earlier one
(the previous one set aside, see ``bench.measure``).  It
reads big inputs with one worker process per core, so both figures are kept:
posts per wall-clock second (the target) and posts per CPU second (the CPU
time of the scraper and its workers together, the cost on a busy machine).
The peak RSS is the largest single process's, not the sum over the workers.

For the full-post corpora the input is the folder of synthetic clipper saves
(``bench.fullposts``) and ``posts_per_s`` counts saves; until the scraper has
its clipper-save reader (``kexue_archive/saves/__init__.py``) it would reject
every save, so the stage says ``n/a`` instead of timing rejections.
"""

from __future__ import annotations

from pathlib import Path

from bench.corpus import SyntheticArchive
from bench.measure import (
    PYTHON,
    ROOT,
    Stage,
    failed,
    median,
    mib,
    not_available,
    run_measured,
    set_aside,
)

SCRAPER = ROOT / "scripts" / "scrape.py"
#: The scraper's reader of web-clipper Markdown saves; without it a full save is rejected.
SAVES_READER = ROOT / "kexue_archive" / "saves" / "__init__.py"
NO_SAVES_READER = "no full-save reader yet (kexue_archive.saves)"


def measure_scrape(archive: SyntheticArchive, content: Path, runs: int) -> Stage:
    """Scrape ``archive`` into ``content`` ``runs`` times; the median run's figures."""
    inputs = [archive.dumps, "--archive-index", archive.archive_index]
    return _measure(inputs, content, archive.posts, archive.entries, runs)


def measure_full_scrape(saves: Path, content: Path, posts: int, runs: int) -> Stage:
    """Scrape the synthetic clipper saves of a full-post corpus (``posts_per_s`` counts saves)."""
    if not SAVES_READER.exists():
        return not_available(NO_SAVES_READER)
    return _measure([saves], content, posts, posts, runs)


def _measure(inputs: list, content: Path, posts: int, entries: int, runs: int) -> Stage:
    if not SCRAPER.exists():
        return not_available("not built yet (scripts/scrape.py missing)")
    report = content.parent / f"{content.name}-report.json"
    samples = []
    for _ in range(runs):
        set_aside(content)
        cmd = [PYTHON, SCRAPER, *inputs, "--output", content, "--report", report]
        run = run_measured(cmd, cwd=ROOT)
        # Exit 1 means some entry was rejected and reported; the rest is written.
        if run.returncode not in (0, 1):
            return failed(f"scrape.py exited {run.returncode}: {run.stderr_tail[-300:]}")
        samples.append(run)
    written = len(list(content.glob("*.md")))
    if written == 0:
        return failed(f"scrape.py wrote no post: {samples[-1].stderr_tail[-300:]}")
    seconds = median([s.seconds for s in samples])
    cpu = median([s.cpu_seconds for s in samples])
    return {
        "status": "ok",
        "posts": posts,
        "entries": entries,
        "posts_written": written,
        "exit_code": samples[-1].returncode,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "posts_per_cpu_s": round(posts / cpu, 1),
        "cpu_ms_per_post": round(1000 * cpu / posts, 3),
        "posts_per_s": round(posts / seconds, 1),
        "ms_per_post": round(1000 * seconds / posts, 3),
        "peak_rss_mib": mib(median([s.peak_rss_bytes for s in samples])),
    }
