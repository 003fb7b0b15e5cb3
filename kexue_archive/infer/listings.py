"""Listing order, used as evidence only where the dated entries prove it.

A listing is one file's entries in file order, or the entries of several
files whose names sort into a numbered sequence (``page_0001.txt``,
``page_0002.txt``…: a common prefix and suffix around a number), taken in
that order.  It is *proven* newest-first (or oldest-first) when it holds at
least two entries with a stated full date and all of them are monotone in
listing order; its consecutive entries then give hard "not older than"
edges, and the solver checks that the day/month badges between the dated
entries fit (a contradiction rejects the whole listing).

A file that proves nothing (shuffled entries, a search page) still hints:
when its badges fit in half a year its entries are probably consecutive
posts, so a *window* orders them by calendar inside that half year.  Windows
only ever feed best guesses, never an ``inferred`` date.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from kexue_archive.infer.merge import Draft

#: Stated dates a listing needs to prove its order.
MIN_ANCHORS = 2
#: Widest span of day/month badges (days) for an unordered page to be taken as consecutive.
MAX_WINDOW_SPAN = 183
#: Base year for calendar arithmetic on badges (a leap year, so 29 Feb exists).
_BASE_YEAR = 2000

_NUMBERED = re.compile(r"^(.*?)(\d+)(\D*)$")


@dataclass
class Listing:
    """Drafts newest first, and why that order is believed."""

    drafts: list[Draft]
    how: str
    proven: bool
    span: int | None = None  # windows: the badges' span in days


def build_listings(drafts: list[Draft]) -> tuple[list[Listing], dict[int, list[str]]]:
    """Proven listings (file sequences first, then single files) and windows; and problems.

    The second value maps ``id(draft)`` to the problems of the listings it is
    in (dated entries that are not monotone), for the report.
    """
    by_file: dict[str, list[tuple[int, Draft]]] = defaultdict(list)
    for d in drafts:
        for e in d.entries:
            by_file[e.source.path].append((e.source.entry, d))
    files = {path: _in_order(listed) for path, listed in by_file.items()}
    listings: list[Listing] = []
    problems: dict[int, list[str]] = defaultdict(list)
    covered: set[str] = set()
    for name, paths in _sequences(sorted(files)):
        seq = _unique([d for p in paths for d in files[p]])
        proven = _prove(seq, f"files {name} ({len(paths)} files in name order)")
        if isinstance(proven, Listing):
            listings.append(proven)
            covered.update(paths)
            continue
        if proven:
            note(problems, seq, proven)
        for run in _newest_first_runs(paths, files):
            seq = _unique([d for p in run for d in files[p]])
            part = _prove(seq, f"files {run[0]} to {run[-1]} ({len(run)} files in name order)")
            if isinstance(part, Listing):
                listings.append(part)
                covered.update(run)
    for path in sorted(files):
        if path in covered:
            continue
        proven = _prove(files[path], path)
        if isinstance(proven, Listing):
            listings.append(proven)
            continue
        if proven:
            note(problems, files[path], proven)
        window = _window(path, files[path])
        if window is not None:
            listings.append(window)
    return listings, problems


def note(problems: dict[int, list[str]], drafts: list[Draft], problem: str) -> None:
    """Record ``problem`` for every draft of a listing."""
    for d in drafts:
        problems[id(d)].append(problem)


def _in_order(listed: list[tuple[int, Draft]]) -> list[Draft]:
    return _unique([d for _, d in sorted(listed, key=lambda x: x[0])])


def _unique(seq: list[Draft]) -> list[Draft]:
    """Each draft once, at its first place."""
    seen: set[int] = set()
    out = []
    for d in seq:
        if id(d) not in seen:
            seen.add(id(d))
            out.append(d)
    return out


def _sequences(paths: list[str]) -> list[tuple[str, list[str]]]:
    """Groups of two or more files named ``<prefix><number><suffix>`` alike, by number."""
    groups: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for path in paths:
        p = PurePosixPath(path)
        m = _NUMBERED.match(p.name)
        if m:
            groups[(str(p.parent), m.group(1), m.group(3))].append((int(m.group(2)), path))
    out = []
    for (folder, prefix, suffix), members in sorted(groups.items()):
        numbers = [n for n, _ in members]
        if len(members) >= 2 and len(set(numbers)) == len(numbers):
            name = f"{prefix}N{suffix}" if folder == "." else f"{folder}/{prefix}N{suffix}"
            out.append((name, [path for _, path in sorted(members)]))
    return out


def _newest_first_runs(paths: list[str], files: dict[str, list[Draft]]) -> list[list[str]]:
    """Stretches of two or more files whose stated dates run newest first.

    A sequence spoiled by one stray page (saved from a tag page, another
    listing) still proves its stretches before and after that page; a file
    whose own dated entries are out of order belongs to no stretch.
    """
    runs: list[list[str]] = []
    current: list[str] = []
    last: _dt.date | None = None
    for path in paths:
        dates = [date for d in files[path] if (date := _stated(d)) is not None]
        if any(a < b for a, b in itertools.pairwise(dates)):
            runs.append(current)
            current, last = [], None
            continue
        if dates and last is not None and dates[0] > last:
            runs.append(current)
            current = []
        current.append(path)
        last = dates[-1] if dates else last
    runs.append(current)
    return [run for run in runs if len(run) >= 2]


def _stated(d: Draft) -> _dt.date | None:
    return d.date if d.date is not None and d.date_status == "exact" else None


def _prove(seq: list[Draft], name: str) -> Listing | str | None:
    """The listing newest first if its stated dates are monotone; a problem text if not."""
    dates = [date for d in seq if (date := _stated(d)) is not None]
    if len(dates) < MIN_ANCHORS or len(set(dates)) < 2:
        return None
    if all(a >= b for a, b in itertools.pairwise(dates)):
        return Listing(list(seq), f"{name} lists posts newest first ({len(dates)} dated)", True)
    if all(a <= b for a, b in itertools.pairwise(dates)):
        return Listing(seq[::-1], f"{name} lists posts oldest first ({len(dates)} dated)", True)
    return f"{name}: its {len(dates)} dated entries are in no order; its order is not used"


def _window(path: str, seq: list[Draft]) -> Listing | None:
    """The entries of a page whose badges fit in half a year, newest first by calendar."""
    badged = [d for d in seq if d.day_month is not None]
    if len(badged) < 2:
        return None
    days = sorted({_day_of_year(d.day_month) for d in badged})  # type: ignore[arg-type]
    if len(days) == 1:
        span, start = 0, days[0]
    else:
        gaps = [(days[(i + 1) % len(days)] - days[i]) % 366 for i in range(len(days))]
        widest = max(range(len(days)), key=lambda i: gaps[i])
        span = 366 - gaps[widest]
        start = days[(widest + 1) % len(days)]  # the oldest day of the window
    if span > MAX_WINDOW_SPAN:
        return None
    ordered = sorted(
        badged,
        key=lambda d: (_day_of_year(d.day_month) - start) % 366,  # type: ignore[arg-type]
        reverse=True,
    )
    return Listing(ordered, f"{path}: badges within {span} days", False, span)


@lru_cache(maxsize=512)  # 366 possible badges, asked for by every page twice per pass
def _day_of_year(day_month: tuple[int, int]) -> int:
    month, day = day_month
    return _dt.date(_BASE_YEAR, month, day).timetuple().tm_yday
