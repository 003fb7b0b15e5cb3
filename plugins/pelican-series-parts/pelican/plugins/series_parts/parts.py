"""True part numbers of a series, and the parts the site does not hold.

A site rarely holds every part of a series: a reader of ``第11篇`` must not be told
it is the second, because it is the second one saved.  The number a post carries is the
blog's own, from its ``Series_index`` or, failing that, from the title itself
(:func:`~pelican.plugins.series_parts.titles.parse_series`).  The series' length is the
highest part number known, from the site's parts and, when a list of the blog's posts is
given (``SERIES_ARCHIVE_INDEX``), from every title of that series on it; the parts below
it that the site lacks are listed as missing, with their title and address when the list
names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .titles import normalize_title, parse_series

_DIGIT_RUNS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class KnownPart:
    """A part of a series that the blog's list of posts names: its title and address."""

    number: int
    title: str
    #: where the blog has this part
    original: str


@dataclass(frozen=True)
class MissingParts:
    """A run of consecutive parts the archive lacks (``first == last`` for one part).

    ``known`` is set only for a single part that the archive page names, so the series
    box can link it; unnamed neighbours are folded into one run (``第1–16篇（未收录）``)
    instead of sixteen identical lines.
    """

    first: int
    last: int
    known: KnownPart | None = None

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"第{self.first}篇"
        return f"第{self.first}–{self.last}篇"


def part_number(article: Any) -> int | None:
    """The blog's number of this part: ``Series_index``, else the number in its title."""
    raw = getattr(article, "series_index", None)
    if raw is not None and str(raw).strip().isdigit():
        return int(str(raw).strip()) or None
    parsed = parse_series(str(getattr(article, "title", "") or ""))
    return parsed.index if parsed else None


def _address_order(url: str) -> tuple[Any, ...]:
    """Addresses compared with their numbers as numbers (``/archives/9`` before ``/10``)."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGIT_RUNS.split(url)))


def parts_by_series(titles: Iterable[tuple[str, str]]) -> dict[str, dict[int, KnownPart]]:
    """Index ``(title, address)`` pairs of the blog's posts by normalized series name.

    When two titles claim one number of one series (a repost), the lower address (post
    id) is kept, so the result does not depend on the list's order.
    """
    found: dict[str, dict[int, KnownPart]] = {}
    for title, url in titles:
        parsed = parse_series(title)
        if parsed is None:
            continue
        parts = found.setdefault(normalize_title(parsed.name), {})
        old = parts.get(parsed.index)
        if old is None or _address_order(url) < _address_order(old.original):
            parts[parsed.index] = KnownPart(parsed.index, title, url)
    return found


def missing_runs(held: set[int], total: int, known: dict[int, KnownPart]) -> list[MissingParts]:
    """The parts ``1..total`` not in ``held``: named ones alone, unnamed ones in runs."""
    runs: list[MissingParts] = []
    for number in range(1, total + 1):
        if number in held:
            continue
        if number in known:
            runs.append(MissingParts(number, number, known[number]))
        elif runs and runs[-1].known is None and runs[-1].last == number - 1:
            runs[-1] = MissingParts(runs[-1].first, number)
        else:
            runs.append(MissingParts(number, number))
    return runs
