"""Which entries are the same post: one :class:`Draft` per real post.

The same post turns up in several dumps and formats, with a title in one and
none in another, with excerpts of different length.  Entries are the same post
when they share a normalized title or a blog id, or when a title-less entry's
excerpt opens like a titled one's (and their day/month agree).  Two entries
are never joined only because their day and month agree: posts written on
the same day of different years are different posts.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kexue_archive.dumps.archive_index import IndexEntry
from kexue_archive.dumps.entry import FULL_POST_FORMATS, Entry
from kexue_archive.infer.evidence import excerpt_opening
from kexue_archive.infer.openings import join_by_opening
from kexue_archive.titles import normalize_title

_T = TypeVar("_T")


@dataclass
class Draft:
    """A post being inferred: its entries and what is known so far."""

    entries: list[Entry]
    reasons: set[str] = field(default_factory=set)
    index: IndexEntry | None = None
    title: str = ""
    title_status: str = "dump"
    title_evidence: list[str] = field(default_factory=list)
    date: _dt.date | None = None
    date_status: str = "uncertain"
    date_evidence: list[str] = field(default_factory=list)
    slug: str = ""
    #: derived values (by name, or by the reading function for ``from_text``),
    #: each stored with the entry count it was computed for (entries are only
    #: ever added, so the count tells a stale value)
    _cache: dict[object, tuple[int, Any]] = field(default_factory=dict, repr=False, compare=False)

    def _cached(self, name: str, compute: Callable[[], Any]) -> Any:
        hit = self._cache.get(name)
        if hit is None or hit[0] != len(self.entries):
            hit = (len(self.entries), compute())
            self._cache[name] = hit
        return hit[1]

    @property
    def dump_title(self) -> str | None:
        """The title the dumps give, the most frequent spelling first (ties: source order)."""

        if len(self.entries) == 1:  # one entry: its title, nothing to count
            return self.entries[0].title or None

        def compute() -> str | None:
            # A saved post page has the blog's own spelling (full-width punctuation),
            # which a listing dump lost: it wins over any count of dump spellings.
            full = [e.title for e in self.sorted_entries() if e.title and e.page is not None]
            if full:
                return Counter(full).most_common(1)[0][0]
            titles = [e.title for e in self.sorted_entries() if e.title]
            return Counter(titles).most_common(1)[0][0] if titles else None

        return self._cached("dump_title", compute)

    @property
    def key(self) -> str | None:
        title = self.index.title if self.index else self.dump_title
        return normalize_title(title) if title else None

    @property
    def best_entry(self) -> Entry:
        """The occurrence that gives the post its body (ties: the first source).

        A whole saved post beats any listing excerpt; among whole posts, one
        that is not cut off beats one that is; then the longest text wins.
        """
        if len(self.entries) == 1:  # most posts occur once: nothing to compare
            return self.entries[0]
        return max(self.sorted_entries(), key=completeness)

    @property
    def text(self) -> str:
        """All words of all occurrences, for evidence."""
        return self._cached("text", lambda: "\n".join(e.text for e in self.sorted_entries()))

    def from_text(self, read: Callable[[str], _T]) -> _T:
        """``read(self.text)``, computed once per set of entries.

        Dates are resolved twice (before and after title-less drafts find
        their index posts), so every fact read from the words is kept here
        instead of being read again.  ``read`` must be a pure function of the
        text, and callers must not change what it returns.
        """
        if len(self.entries) == 1:  # the draft's text is its one entry's text
            return self.entries[0].read(read)
        hit = self._cache.get(read)
        if hit is None or hit[0] != len(self.entries):
            hit = (len(self.entries), read(self.text))
            self._cache[read] = hit
        return hit[1]

    @property
    def opening(self) -> str:
        return self.best_entry.read(excerpt_opening)

    @property
    def day_month(self) -> tuple[int, int] | None:
        """The (month, day) the dumps give, the most frequent first."""

        if len(self.entries) == 1:  # one entry: its badge, nothing to count
            e = self.entries[0]
            return (e.month, e.day) if e.month and e.day else None

        def compute() -> tuple[int, int] | None:
            pairs = [(e.month, e.day) for e in self.sorted_entries() if e.month and e.day]
            return Counter(pairs).most_common(1)[0][0] if pairs else None  # type: ignore[return-value]

        return self._cached("day_month", compute)

    @property
    def stated_date(self) -> _dt.date | None:
        """A full date a dump states for this post (format B by-line, saved HTML)."""
        for e in self.sorted_entries():
            if e.year and e.month and e.day:
                try:
                    return _dt.date(e.year, e.month, e.day)
                except ValueError:
                    continue
        return None

    @property
    def archive_id(self) -> int | None:
        if self.index:
            return self.index.archive_id
        ids = sorted({e.archive_id for e in self.entries if e.archive_id})
        return ids[0] if ids else None

    @property
    def files(self) -> set[str]:
        return self._cached("files", lambda: {e.source.path for e in self.entries})

    def sorted_entries(self) -> list[Entry]:
        return self._cached("sorted", lambda: sorted(self.entries, key=lambda e: e.source))


def completeness(entry: Entry) -> tuple[bool, bool, int]:
    """How complete an occurrence's text is, as a sort key (greater: more complete)."""
    full = entry.format in FULL_POST_FORMATS
    return (full, full and not entry.truncated, len(entry.text.strip()))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def group_entries(entries: list[Entry]) -> list[Draft]:
    """Group entries into drafts: same title, same blog id, or same excerpt opening."""
    ordered = sorted(entries, key=lambda e: e.source)
    uf = _UnionFind(len(ordered))
    reasons: dict[int, set[str]] = {}

    def join(a: int, b: int, reason: str) -> None:
        if uf.union(a, b):
            reasons.setdefault(a, set()).add(reason)

    first_by: dict[tuple[str, object], int] = {}
    for i, e in enumerate(ordered):
        keys: list[tuple[str, object]] = []
        if e.title and normalize_title(e.title):
            keys.append(("same title", normalize_title(e.title)))
        if e.archive_id:
            keys.append(("same blog id", e.archive_id))
        for key in keys:
            if key in first_by:
                join(first_by[key], i, key[0])
            else:
                first_by[key] = i

    join_by_opening(ordered, lambda a, b: join(a, b, "same excerpt opening"))

    groups: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        groups.setdefault(uf.find(i), []).append(i)
    drafts = []
    for _root, members in sorted(groups.items()):
        why = set().union(*(reasons.get(m, set()) for m in members))
        drafts.append(Draft(entries=[ordered[m] for m in members], reasons=why))
    return drafts
