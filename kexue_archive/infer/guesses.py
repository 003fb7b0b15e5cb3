"""Best guesses for the dates that no evidence pins (``Date_status: uncertain``).

Pelican needs a date, so every post gets one; the guess still follows the
evidence, and each guess is fed back to the solver before the next, so the
guesses never contradict each other or a hard fact.  The best-informed pages
and posts (most links to dated posts) are guessed first, so their guesses
inform the posts linked to them.

* A *window* (a page whose badges fit in half a year, probably consecutive
  posts) is placed as a whole: its newest entry's possible years are tried,
  the others follow in calendar order.  The year preferred puts the page's
  posts nearest (in days, summed) to the dated posts they cite and that cite
  them, since posts mostly cite recent work and are cited soon after; among
  equals, the latest year the bounds allow.  (Preferring years where no
  dated post of another page falls inside the page's span was measured and
  rejected: it pushes pages into years the dumps do not cover at all.)
* A lone post takes the year nearest to the posts it is related to, else the
  latest its bounds allow, else the date nearest to the dated posts of its file.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence

from kexue_archive.dumps.stated_date import BLOG_FIRST_YEAR
from kexue_archive.infer.listings import Listing
from kexue_archive.infer.merge import Draft
from kexue_archive.infer.solver import Limit, Node, Solver, snap_down, snap_up

#: Most years of a window's newest entry tried (its range is clipped to the known years).
MAX_CANDIDATES = 80
#: Most years a lone post's guess looks back from its latest possible date.
MAX_YEARS = 200


class Guesser:
    """Guesses dates for the undated drafts, window by window, then post by post."""

    def __init__(
        self,
        drafts: list[Draft],
        solver: Solver,
        related: Callable[[int], Sequence[int]],
        where: dict[int, int],
        known: tuple[int, int] | None,
    ) -> None:
        self.drafts = drafts
        self.solver = solver
        self.related = related
        self.where = where
        self.known = known
        self.dated = sorted(d.date for d in drafts if d.date is not None)
        self.by_file: dict[str, list[_dt.date]] = defaultdict(list)
        for d in drafts:
            if d.date is not None:
                for path in d.files:
                    self.by_file[path].append(d.date)

    def run(self, listings: list[Listing], problems: dict[int, list[str]]) -> None:
        """Place pages and lone posts, best-informed first, until every draft has a date.

        A unit is best informed when most of its links (citations, series
        neighbours) lead to dated posts; each placement dates more posts, so
        priorities are refreshed as the guesses go (a heap with lazy updates).
        """
        units: list[tuple[list[int], Listing | None]] = []
        unit_of: dict[int, int] = {}
        for window in listings:
            members = [self.where[id(d)] for d in window.drafts]
            if window.proven or all(self.drafts[i].date is not None for i in members):
                continue
            for i in members:
                unit_of.setdefault(i, len(units))
            units.append((members, window))
        for i, d in enumerate(self.drafts):
            if d.date is None and i not in unit_of:
                unit_of[i] = len(units)
                units.append(([i], None))
        heap = [(self._priority(*unit), u) for u, unit in enumerate(units)]
        heapq.heapify(heap)
        done: set[int] = set()
        while heap:
            key, u = heapq.heappop(heap)
            if u in done:
                continue
            members, window = units[u]
            if (now := self._priority(members, window)) != key:
                heapq.heappush(heap, (now, u))
                continue
            done.add(u)
            if window is not None:
                self._place_window(window)
            for i in members:
                if self.drafts[i].date is None:
                    self._place_post(i)
            for v in {unit_of.get(j) for i in members for j in self.related(i)} - done:
                if v is not None:
                    heapq.heappush(heap, (self._priority(*units[v]), v))
        for d in self.drafts:
            if d.date_status != "exact":
                d.date_evidence += problems.get(id(d), [])

    def _priority(self, members: list[int], window: Listing | None) -> tuple[int, int, int]:
        """Most links to dated posts first, then fewest possible years."""
        links = sum(
            1
            for i in members
            if self.drafts[i].date is None
            for j in self.related(i)
            if self._date_of(j) is not None
        )
        if window is not None:
            years = len(self._candidates(window))
        else:
            years = len(self._options(self.solver.nodes[members[0]]))
        return (-links, years, members[0])

    def _date_of(self, j: int) -> _dt.date | None:
        fixed = self.solver.nodes[j].fixed
        if fixed is not None or j >= len(self.drafts):
            return fixed
        return self.drafts[j].date

    # --- windows --------------------------------------------------------------

    def _candidates(self, window: Listing) -> list[_dt.date]:
        head = self.solver.nodes[self.where[id(window.drafts[0])]]
        if not any(self.solver.nodes[self.where[id(d)]].low_why for d in window.drafts) and not any(
            self.solver.nodes[self.where[id(d)]].high_why for d in window.drafts
        ):
            return []
        return self._options(head)[-MAX_CANDIDATES:]

    def _place_window(self, window: Listing) -> None:
        members = [self.where[id(d)] for d in window.drafts]
        if all(self.drafts[i].date is not None for i in members):
            return
        best: tuple[tuple[int, int], list[_dt.date]] | None = None
        for head in self._candidates(window):
            dates = self._walk(members, head)
            if dates is None:
                continue
            cost = sum(self._distance(i, date) for i, date in zip(members, dates, strict=True))
            key = (cost, -head.toordinal())
            if best is None or key < best[0]:
                best = (key, dates)
        if best is None:
            return
        (cost, _), dates = best
        why = [window.how, f"whole page placed in {dates[0].year}"]
        if cost:
            why.append("nearest to the posts its posts cite and are cited by")
        bounds = {i: self._bounds(i) for i in members}
        facts = [
            Limit(i, "best guess for its page", low=date, high=date)
            for i, date in zip(members, dates, strict=True)
            if self.drafts[i].date is None
        ]
        if not self.solver.add(list(facts)):
            return
        for i, date in zip(members, dates, strict=True):
            if self.drafts[i].date is None:
                self._set(i, date, [*bounds[i], *why])

    def _walk(self, members: list[int], head: _dt.date) -> list[_dt.date] | None:
        """Members' dates newest first from the head's date, each within its range."""
        dates: list[_dt.date] = []
        for i in members:
            node = self.solver.nodes[i]
            date = head if not dates else snap_down(node.day_month, dates[-1])
            if date is None or not node.low <= date <= node.high:
                return None
            if (known := self.drafts[i].date) is not None and known != date:
                return None
            dates.append(date)
        return dates

    # --- single posts ---------------------------------------------------------

    def _place_post(self, i: int) -> None:
        node = self.solver.nodes[i]
        options = self._options(node)
        why = self._bounds(i)
        if not (node.low_why or node.high_why) or not options:
            date, how = self._nearest(i)
            why.append(how)
        else:
            date = min(options, key=lambda x: (self._distance(i, x), -x.toordinal()))
            if self._distance(i, date):
                why.append("nearest to the posts it cites and is cited by")
            elif len(options) > 1:
                why.append("latest year its bounds allow")
            else:
                why.append("the one year its bounds leave within the years the dumps cover")
        self.solver.add([Limit(i, "best guess", low=date, high=date)])
        self._set(i, date, why)

    def _nearest(self, i: int) -> tuple[_dt.date, str]:
        """No evidence: the fitting date nearest to the dated posts of its file, else all."""
        d = self.drafts[i]
        near = sorted(date for path in d.files for date in self.by_file.get(path, ()))
        how = "no evidence: nearest to the dated posts of the same file"
        if not near:
            near, how = self.dated, "no evidence: nearest to the other dated posts"
        if near:
            hint = near[len(near) // 2]
        else:
            hint = _dt.date(self.known[1] if self.known else BLOG_FIRST_YEAR, 7, 1)
            how = "no evidence at all"
        node = self.solver.nodes[i]
        options = [x for x in (snap_down(d.day_month, hint), snap_up(d.day_month, hint)) if x]
        options = [x for x in options if node.low <= x <= node.high] or options
        if not options:
            return hint, how
        return min(options, key=lambda x: (abs((x - hint).days), x)), how

    # --- shared ---------------------------------------------------------------

    def _options(self, node: Node) -> list[_dt.date]:
        """Dates on the node's day/month within its range (clipped to the known years)."""
        low, high = node.low, node.high
        if self.known is not None:
            if not node.low_why:
                low = max(low, _dt.date(self.known[0], 1, 1))
            if not node.high_why:
                high = min(high, _dt.date(self.known[1], 12, 31))
        if high.year - low.year > MAX_YEARS:
            low = _dt.date(high.year - MAX_YEARS, 1, 1)
        if node.day_month is None:
            return [low] if low <= high else []
        out = []
        date = snap_up(node.day_month, low)
        while date is not None and date <= high:
            out.append(date)
            if date.year >= _dt.MAXYEAR:
                break
            date = snap_up(node.day_month, _dt.date(date.year + 1, 1, 1))
        return out

    def _width(self, i: int) -> int:
        node = self.solver.nodes[i]
        return (node.high - node.low).days

    def _distance(self, i: int, date: _dt.date) -> int:
        """Days between ``date`` and the dated posts ``i`` cites or is cited by."""
        total = 0
        for j in self.related(i):
            if (known := self._date_of(j)) is not None:
                total += abs((date - known).days)
        return total

    def _bounds(self, i: int) -> list[str]:
        node = self.solver.nodes[i]
        why = []
        if node.low_why:
            why.append(f"not before {node.low}: {node.low_why}")
        if node.high_why:
            why.append(f"not after {node.high}: {node.high_why}")
        return why

    def _set(self, i: int, date: _dt.date, evidence: list[str]) -> None:
        d = self.drafts[i]
        d.date, d.date_status, d.date_evidence = date, "uncertain", evidence
        bisect.insort(self.dated, date)
