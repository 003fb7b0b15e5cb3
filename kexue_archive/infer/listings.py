"""A listing page's entries share one unknown: which year the page starts in.

A page of a blog listing holds consecutive posts.  When its day/month badges
run newest-first (or oldest-first) with at most one year change, or its
dated entries agree with such a walk, the order is *proven* chronological:
every entry's year follows from one offset, and the bounds of all entries
together (what they cite, who cites them, arXiv ids…) can pin that offset
even when no single entry's bounds could.  A page whose order is not proven
(a shuffled page, a search result) only gives a best guess, when its badges
fit within half a year: its entries are then probably consecutive posts.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass

from kexue_archive.infer.merge import Draft

#: Entries a listing needs for its order alone (no dated entry) to prove it.
MIN_ENTRIES_FOR_ORDER = 5
#: Year changes a proven listing may show (a page spanning New Year).
MAX_WRAPS = 1
#: Widest span of day/month badges (days) for an unordered page to be taken as consecutive.
MAX_UNORDERED_SPAN = 183
#: Base year of relative walks (a leap year, so 29 Feb exists).
_BASE_YEAR = 2000


@dataclass
class Listing:
    """One file's entries in walk order, with their dates for offset 0."""

    path: str
    drafts: list[Draft]
    base: list[_dt.date]
    proven: bool
    how: str

    def dates(self, offset: int) -> list[_dt.date] | None:
        """The entries' dates when the walk is shifted by ``offset`` years (None: 29 Feb lost)."""
        out = []
        for date in self.base:
            try:
                out.append(date.replace(year=date.year + offset))
            except ValueError:
                return None
        return out

    def anchor_offset(self) -> tuple[set[int], bool]:
        """Offsets the exactly dated entries allow, and whether any exist."""
        offsets: set[int] | None = None
        for d, date in zip(self.drafts, self.base, strict=True):
            if d.date_status == "exact" and d.date is not None:
                k = d.date.year - date.year
                if d.date != _shift(date, k):
                    return set(), True
                offsets = {k} if offsets is None else offsets & {k}
        return (offsets if offsets is not None else set()), offsets is not None


def _shift(date: _dt.date, years: int) -> _dt.date | None:
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return None


def build_listings(drafts: list[Draft]) -> list[Listing]:
    """One :class:`Listing` per input file whose entries can be walked."""
    by_file: dict[str, list[tuple[int, Draft]]] = defaultdict(list)
    for d in drafts:
        for e in d.entries:
            by_file[e.source.path].append((e.source.entry, d))
    listings = []
    for path, listed in sorted(by_file.items()):
        seq: list[Draft] = []
        for _, d in sorted(listed, key=lambda x: x[0]):
            if d.day_month and all(d is not s for s in seq):
                seq.append(d)
        if len(seq) < 2:
            continue
        listing = _ordered(path, seq) or _unordered(path, seq)
        if listing is not None:
            listings.append(listing)
    return listings


def _ordered(path: str, seq: list[Draft]) -> Listing | None:
    """The listing as a proven newest-first or oldest-first walk, if it is one."""
    for newest_first in (True, False):
        walk = seq if newest_first else seq[::-1]
        base, wraps = _walk([d.day_month for d in walk])  # type: ignore[misc]
        how = "newest first" if newest_first else "oldest first"
        listing = Listing(path, walk, base, proven=False, how=how)
        offsets, has_anchor = listing.anchor_offset()
        if has_anchor and not offsets:
            continue
        anchors = sum(1 for d in walk if d.date_status == "exact" and d.date)
        by_order = len(walk) >= MIN_ENTRIES_FOR_ORDER and wraps <= MAX_WRAPS
        by_anchors = anchors >= 2 and len(walk) >= 3 and wraps <= anchors - 1 + MAX_WRAPS
        if by_order or by_anchors:
            listing.proven = True
            listing.how = f"{path} lists its posts {how}" + (
                f" ({anchors} dated entries agree)" if anchors else ""
            )
            return listing
    return None


def _unordered(path: str, seq: list[Draft]) -> Listing | None:
    """A page in no proven order whose badges fit in half a year: walk them by calendar."""
    days = sorted({_day_of_year(d.day_month) for d in seq})  # type: ignore[arg-type]
    gaps = [(days[(i + 1) % len(days)] - days[i]) % 366 for i in range(len(days))]
    widest = max(range(len(days)), key=lambda i: gaps[i])
    span = 366 - gaps[widest] if len(days) > 1 else 0
    if span > MAX_UNORDERED_SPAN:
        return None
    start = days[(widest + 1) % len(days)]  # the oldest day of the window
    ordered = sorted(seq, key=lambda d: (_day_of_year(d.day_month) - start) % 366, reverse=True)  # type: ignore[arg-type]
    base, _ = _walk([d.day_month for d in ordered])  # type: ignore[misc]
    listing = Listing(path, ordered, base, proven=False, how=f"{path}: posts within {span} days")
    offsets, has_anchor = listing.anchor_offset()
    return None if has_anchor and not offsets else listing


def _day_of_year(day_month: tuple[int, int]) -> int:
    month, day = day_month
    return _dt.date(_BASE_YEAR, month, day).timetuple().tm_yday


def _walk(day_months: list[tuple[int, int]]) -> tuple[list[_dt.date], int]:
    """Newest-first dates: each entry the latest date on or before the previous one."""
    month, day = day_months[0]
    dates = [
        _dt.date(_BASE_YEAR + 40, month, day) if (month, day) != (2, 29) else _dt.date(2040, 2, 29)
    ]
    wraps = 0
    for month, day in day_months[1:]:
        prev = dates[-1]
        year = prev.year if (month, day) <= (prev.month, prev.day) else prev.year - 1
        while True:
            try:
                date = _dt.date(year, month, day)
                break
            except ValueError:
                year -= 1
        wraps += year != prev.year
        dates.append(date)
    return dates, wraps
