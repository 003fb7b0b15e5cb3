"""Measure ingest accuracy on a corpus with known truth (``make eval``).

Usage: ``python scripts/eval_ingest.py CORPUS`` where ``CORPUS`` holds
``pages/`` (listing dumps), ``archive_index.txt`` and ``truth.json``.

The scraper runs three times through its real command line: with the archive
index, without it, and without it on *shuffled* pages (the entries of each
page in random order, the pages renamed at random, fixed seed), because the
dumps users bring are rarely in order.  Each run is scored against
``truth.json``: title, date and series/part accuracy, and the number of dates
marked ``exact`` that are wrong (which must be zero).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kexue_archive.infer.evidence import excerpt_opening, same_opening  # noqa: E402
from kexue_archive.model import Post  # noqa: E402
from kexue_archive.titles import normalize_title  # noqa: E402

SHUFFLE_SEED = 20240417
_BADGE = re.compile(r"^\d{1,2} [A-Z][a-z]{2}\s*$")
_BYLINE = re.compile(r"^By .+\| \d{4}-\d{2}-\d{2} \|")
_SIDEBAR = "最近评论"
_META = re.compile(r"^([A-Za-z_]+):\s?(.*)$")


@dataclass
class Score:
    """One run's figures over the truth posts it is measured on."""

    name: str
    truth_posts: int
    found: int
    titles: int
    dates: int
    series: int
    posts: int
    exact: int
    exact_wrong: int
    inferred_wrong: int
    statuses: dict[str, int]

    def row(self) -> str:
        def pct(n: int) -> str:
            return f"{100 * n / self.truth_posts:6.1f}%" if self.truth_posts else "   n/a"

        return (
            f"| {self.name:<28} | {self.truth_posts:5} | {self.posts:5} | {pct(self.found)} "
            f"| {pct(self.titles)} | {pct(self.dates)} | {pct(self.series)} "
            f"| {self.exact:5} | {self.exact_wrong:5} | {self.inferred_wrong:9} | "
            + " ".join(f"{k}={v}" for k, v in sorted(self.statuses.items()))
            + " |"
        )


HEADER = (
    "| run                          | truth | posts |  found |  title |   date | series "
    "| exact | wrong | inf.wrong | date statuses |\n"
    "|------------------------------|-------|-------|--------|--------|--------|--------"
    "|-------|-------|-----------|---------------|"
)


def read_posts(folder: Path) -> tuple[list[Post], dict[str, str]]:
    """The posts a scraper run wrote, and each one's body (for matching by excerpt)."""
    posts, bodies = [], {}
    for path in sorted(folder.glob("*.md")):
        meta: dict[str, str] = {}
        lines = path.read_text(encoding="utf-8").split("\n")
        blank = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
        for line in lines[:blank]:
            if m := _META.match(line):
                meta[m.group(1)] = m.group(2)
        body = "\n".join(lines[blank + 1 :])
        post = Post.from_metadata(meta, body)
        posts.append(post)
        bodies[post.slug] = body
    return posts, bodies


def score(
    name: str, posts: list[Post], bodies: dict[str, str], truth: list[dict], only_indexed: bool
) -> Score:
    """Match every truth post to an output post and count what is right."""
    wanted = [t for t in truth if t["in_archive_index"] or not only_indexed]
    by_id = {p.archive_id: p for p in posts if p.archive_id}
    by_title: dict[str, Post] = {normalize_title(p.title): p for p in posts}
    openings = [
        (excerpt_opening(re.sub(r"\\(.)", r"\1", bodies.get(p.slug, ""))), p) for p in posts
    ]
    truth_by_id = {t["archive_id"]: t for t in truth}
    found = titles = dates = series = 0
    for t in wanted:
        post = by_id.get(t["archive_id"])
        post = post or by_title.get(normalize_title(t["title"]))
        if post is None and t["title_in_dump"]:
            post = by_title.get(normalize_title(t["title_in_dump"]))
        if post is None:
            opening = excerpt_opening("\n".join(t["excerpt_paragraphs"]))
            post = next((p for o, p in openings if same_opening(o, opening)), None)
        if post is None:
            continue
        found += 1
        titles += normalize_title(post.title) == normalize_title(t["title"])
        dates += post.date is not None and post.date.isoformat() == t["date"]
        want_series = (normalize_title(t["series"]) if t["series"] else None, t["part"])
        got_series = (normalize_title(post.series) if post.series else None, post.series_index)
        series += want_series == got_series
    exact = [p for p in posts if p.date_status == "exact"]
    exact_wrong = sum(1 for p in exact if _wrong_date(p, truth, truth_by_id))
    inferred = [p for p in posts if p.date_status == "inferred"]
    inferred_wrong = sum(1 for p in inferred if _wrong_date(p, truth, truth_by_id))
    statuses: dict[str, int] = {}
    for p in posts:
        statuses[p.date_status] = statuses.get(p.date_status, 0) + 1
    return Score(
        name,
        len(wanted),
        found,
        titles,
        dates,
        series,
        len(posts),
        len(exact),
        exact_wrong,
        inferred_wrong,
        statuses,
    )


def _wrong_date(p: Post, truth: list[dict], truth_by_id: dict[int, dict]) -> bool:
    """Whether a post's date differs from its truth post's (found by id, title or dump title)."""
    t = truth_by_id.get(p.archive_id) if p.archive_id else None
    key = normalize_title(p.title)
    if t is None:
        t = next((x for x in truth if normalize_title(x["title"]) == key), None)
    if t is None:
        t = next(
            (x for x in truth if x["title_in_dump"] and normalize_title(x["title_in_dump"]) == key),
            None,
        )
    return t is not None and p.date is not None and p.date.isoformat() != t["date"]


def shuffle_pages(pages: Path, out: Path, seed: int = SHUFFLE_SEED) -> None:
    """Copy ``pages`` to ``out`` with each page's entries shuffled and the files renamed."""
    rng = random.Random(seed)
    files = sorted(pages.glob("*.txt"))
    names = [f"{rng.getrandbits(48):012x}.txt" for _ in files]
    for path, new_name in zip(files, names, strict=True):
        chunks, tail = split_entries(path.read_text(encoding="utf-8"))
        rng.shuffle(chunks)
        text = "\n\n".join(c.strip("\n") for c in chunks)
        if tail:
            text += "\n" + tail
        (out / new_name).write_text(text, encoding="utf-8")


def split_entries(text: str) -> tuple[list[str], str]:
    """Raw entry chunks of a page (A: badge, B: title + by-line) and the chrome after them."""
    lines = text.split("\n")
    tail_at = next((i for i, line in enumerate(lines) if line.strip() == _SIDEBAR), len(lines))
    starts = [
        i
        for i in range(tail_at)
        if _BADGE.match(lines[i])
        or (i + 1 < tail_at and lines[i].strip() and _BYLINE.match(lines[i + 1]))
    ]
    if not starts:
        return ["\n".join(lines[:tail_at])], "\n".join(lines[tail_at:])
    bounds = [*starts, tail_at]
    chunks = ["\n".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]
    if starts[0] > 0:
        chunks[0] = "\n".join(lines[: starts[0]]) + "\n" + chunks[0]
    return chunks, "\n".join(lines[tail_at:])


def run_scraper(inputs: Path, out: Path, index: Path | None) -> None:
    cmd = [sys.executable, str(ROOT / "scripts" / "scrape.py"), str(inputs), "--output", str(out)]
    cmd += ["--report", str(out.parent / f"{out.name}-report.json")]
    if index is not None:
        cmd += ["--archive-index", str(index)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"scraper failed ({done.returncode}): {done.stderr.strip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", type=Path, help="folder with pages/, archive_index.txt, truth.json"
    )
    args = parser.parse_args(argv)
    pages, index = args.corpus / "pages", args.corpus / "archive_index.txt"
    truth = json.loads((args.corpus / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="eval-ingest-") as tmp:
        work = Path(tmp)
        shuffled = work / "shuffled-pages"
        shuffled.mkdir()
        shuffle_pages(pages, shuffled)
        runs = {
            "index": (pages, index),
            "no-index": (pages, None),
            "shuffled": (shuffled, None),
        }
        results = {}
        for name, (inputs, idx) in runs.items():
            run_scraper(inputs, work / name, idx)
            results[name] = read_posts(work / name)
        rows = [
            score("with index (indexed posts)", *results["index"], truth, True),
            score("with index (all posts)", *results["index"], truth, False),
            score("without index", *results["no-index"], truth, False),
            score("without index, shuffled", *results["shuffled"], truth, False),
        ]
    print(HEADER)
    for s in rows:
        print(s.row())
    print(
        "\nfound/title/date/series: share of truth posts; exact/wrong: posts dated 'exact' "
        "and how many of those are wrong (target 0); inf.wrong: wrong 'inferred' dates."
    )
    return 1 if any(s.exact_wrong for s in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
