"""Date ranges of posts narrowed by "this post is not older than that one" facts.

Every post is a node with a range ``[low, high]`` of possible dates.  A post
whose dump gives a day and month can only sit on that day and month, so its
bounds are *snapped* to it: a lower bound of 2021-09-10 for a post of
``8 Sep`` becomes 2022-09-08.  Facts are edges ``later >= earlier`` (a post
is not older than what it cites, a listing lists newest first, part n comes
after part n-1), optionally with a most-days gap ("上周" = at most 16 days
after), and one-sided bounds (an arXiv id).  Narrowing one range narrows its
neighbours', so ranges are propagated along the edges until nothing changes
(a worklist, so the work is near-linear in the number of edges).

Facts are added in batches, most trusted first.  A batch that would leave
some post with no possible date contradicts what was accepted before: it is
undone (a journal of changes) and reported instead of trusted.  A post whose
range holds one date of its day and month, with both ends set by evidence,
has that date.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict, deque
from dataclasses import dataclass, field

#: Years beyond the known ones a range may reach (only evidence narrows it).
YEAR_MARGIN = 30
#: How many years a snap may skip looking for a 29 February.
_LEAP_SEARCH = 8


@dataclass(frozen=True)
class Edge:
    """``later`` is on or after ``earlier`` (and at most ``gap`` days after, when given)."""

    later: int
    earlier: int
    evidence: str
    gap: int | None = None
    #: how the fact reads from the earlier post's side (default: ``evidence``)
    seen_from_earlier: str = ""


@dataclass(frozen=True)
class Limit:
    """A one-sided bound on one node: not before ``low`` / not after ``high``."""

    node: int
    evidence: str
    low: _dt.date | None = None
    high: _dt.date | None = None


Fact = Edge | Limit


@dataclass
class Node:
    """One post's possible dates; ``fixed`` posts (stated dates) never move."""

    day_month: tuple[int, int] | None
    fixed: _dt.date | None
    low: _dt.date
    high: _dt.date
    low_why: str = ""
    high_why: str = ""

    @property
    def pinned(self) -> bool:
        """Evidence on both sides leaves one date (always true of fixed nodes)."""
        return self.fixed is not None or (
            bool(self.low_why and self.high_why) and self.low == self.high
        )


@dataclass
class Solver:
    """The nodes and the accepted edges."""

    nodes: list[Node] = field(default_factory=list)
    _adjacent: dict[int, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    _journal: list[tuple[int, _dt.date, _dt.date, str, str]] | None = None

    @classmethod
    def create(
        cls, posts: list[tuple[tuple[int, int] | None, _dt.date | None]], years: tuple[int, int]
    ) -> Solver:
        """Nodes for ``(day_month, fixed date)`` pairs, unbounded within ``years`` ± margin."""
        floor = _dt.date(max(1, years[0] - YEAR_MARGIN), 1, 1)
        ceiling = _dt.date(min(9999, years[1] + YEAR_MARGIN), 12, 31)
        solver = cls()
        for day_month, fixed in posts:
            if fixed is not None:
                solver.nodes.append(Node(day_month, fixed, fixed, fixed, "stated", "stated"))
            else:
                low = snap_up(day_month, floor) or floor
                high = snap_down(day_month, ceiling) or ceiling
                solver.nodes.append(Node(day_month, None, low, high))
        return solver

    def add(self, facts: list[Fact]) -> bool:
        """Accept a batch of facts and propagate; undo it and return False on a contradiction."""
        self._journal = []
        queue: deque[Edge] = deque()
        ok = True
        for fact in facts:
            if isinstance(fact, Limit):
                ok = self._tighten(fact.node, fact.low, fact.high, fact.evidence, queue)
            else:
                self._adjacent[fact.later].append(fact)
                self._adjacent[fact.earlier].append(fact)
                queue.append(fact)
            if not ok:
                break
        while ok and queue:
            ok = self._apply(queue.popleft(), queue)
        if not ok:
            self._undo(facts)
        self._journal = None
        return ok

    def _apply(self, edge: Edge, queue: deque[Edge]) -> bool:
        later, earlier = self.nodes[edge.later], self.nodes[edge.earlier]
        ok = self._tighten(edge.later, earlier.low, None, edge.evidence, queue, earlier.low_why)
        back = edge.seen_from_earlier or edge.evidence
        ok = ok and self._tighten(edge.earlier, None, later.high, back, queue, later.high_why)
        if ok and edge.gap is not None:
            gap = _dt.timedelta(days=edge.gap)
            ok = self._tighten(
                edge.later, None, _add(earlier.high, gap), edge.evidence, queue, earlier.high_why
            ) and self._tighten(
                edge.earlier, _add(later.low, -gap), None, back, queue, later.low_why
            )
        return ok

    def _tighten(
        self,
        i: int,
        low: _dt.date | None,
        high: _dt.date | None,
        evidence: str,
        queue: deque[Edge],
        other_why: str = "stated",
    ) -> bool:
        """Raise node ``i``'s low / lower its high; False when nothing is left.

        A bound only counts as evidence when the bound it came from was
        evidence itself (``other_why``): an edge to an unbounded post carries
        the global floor or ceiling, not a fact, and a side it moves is no
        longer backed by evidence.
        """
        node = self.nodes[i]
        new_low, new_high = node.low, node.high
        low_why, high_why = node.low_why, node.high_why
        if low is not None and low > node.low:
            new_low = snap_up(node.day_month, low) or _dt.date.max
            low_why = evidence if other_why else ""
        if high is not None and high < node.high:
            new_high = snap_down(node.day_month, high) or _dt.date.min
            high_why = evidence if other_why else ""
        if (new_low, new_high) == (node.low, node.high):
            return True
        if new_low > new_high or (node.fixed is not None and not new_low <= node.fixed <= new_high):
            return False
        if node.fixed is not None:
            return True
        assert self._journal is not None
        self._journal.append((i, node.low, node.high, node.low_why, node.high_why))
        node.low, node.high, node.low_why, node.high_why = new_low, new_high, low_why, high_why
        queue.extend(self._adjacent[i])
        return True

    def _undo(self, facts: list[Fact]) -> None:
        assert self._journal is not None
        for i, low, high, low_why, high_why in reversed(self._journal):
            node = self.nodes[i]
            node.low, node.high, node.low_why, node.high_why = low, high, low_why, high_why
        for fact in facts:
            if isinstance(fact, Edge):
                for end in (fact.later, fact.earlier):
                    edges = self._adjacent[end]
                    if edges and edges[-1] is fact:
                        edges.pop()
                    elif fact in edges:
                        edges.remove(fact)


def _add(date: _dt.date, delta: _dt.timedelta) -> _dt.date:
    try:
        return date + delta
    except OverflowError:
        return _dt.date.max if delta.days > 0 else _dt.date.min


def snap_up(day_month: tuple[int, int] | None, date: _dt.date) -> _dt.date | None:
    """The earliest date on or after ``date`` that falls on ``day_month`` (None: none near)."""
    if day_month is None:
        return date
    month, day = day_month
    for year in range(date.year, min(9999, date.year + _LEAP_SEARCH) + 1):
        try:
            found = _dt.date(year, month, day)
        except ValueError:
            continue
        if found >= date:
            return found
    return None


def snap_down(day_month: tuple[int, int] | None, date: _dt.date) -> _dt.date | None:
    """The latest date on or before ``date`` that falls on ``day_month`` (None: none near)."""
    if day_month is None:
        return date
    month, day = day_month
    for year in range(date.year, max(1, date.year - _LEAP_SEARCH) - 1, -1):
        try:
            found = _dt.date(year, month, day)
        except ValueError:
            continue
        if found <= date:
            return found
    return None
