"""True part numbers of a series, and the parts the archive does not hold.

The archive rarely holds every part of a series: a reader of ``第11篇`` must not be told
it is the second, because it is the second one saved.  The number a post carries is the
blog's own, from its ``Series_index`` (the scraper's reading of the title) or, failing
that, from the title itself (:func:`kexue_archive.series.parse_series`).  The series'
length is the highest part number known, from the archived parts and, when a saved
archive page (归档) is given, from every title of that series on it; the parts below it
that the archive lacks are listed as missing, with their title and kexue.fm address when
the archive page names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kexue_archive.model import original_url
from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title


@dataclass(frozen=True)
class KnownPart:
    """A part of a series that the blog's archive page lists: its title and post id."""

    number: int
    title: str
    archive_id: int

    @property
    def original(self) -> str:
        """Where the blog has this part."""
        return original_url(self.archive_id)


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


def parts_by_series(titles: Iterable[tuple[str, int]]) -> dict[str, dict[int, KnownPart]]:
    """Index ``(title, post id)`` pairs of an archive page by normalized series name.

    When two titles claim one number of one series (a repost), the lower id is kept, so
    the result does not depend on the page's order.
    """
    found: dict[str, dict[int, KnownPart]] = {}
    for title, archive_id in titles:
        parsed = parse_series(title)
        if parsed is None:
            continue
        parts = found.setdefault(normalize_title(parsed.name), {})
        old = parts.get(parsed.index)
        if old is None or archive_id < old.archive_id:
            parts[parsed.index] = KnownPart(parsed.index, title, archive_id)
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
