"""Joining title-less entries to the entries whose excerpts open alike, in near-linear time.

The rule (what :func:`join_by_opening` must connect) is stated pairwise.  Two
entries are *alike* when their openings (:func:`~.evidence.excerpt_opening`)
are :func:`~.evidence.same_opening` (one a prefix of the other, both at least
:data:`~.evidence.MIN_OPENING_MATCH` long) and their day/month badges agree
(equal, or one of them has none).  For each title-less entry ``i``, let
``T(i)`` be the normalized titles of the titled entries alike to it:

- one title: ``i`` joins the alike entry of that title that comes last in
  source order;
- no title: ``i`` joins every alike entry before it in source order;
- two titles or more: ``i`` joins nothing (it could be either post).

Applied pair by pair, that compared every title-less entry with every entry
of its bucket: 20,000 saves of one entry took minutes.  Here the same joins
are made through an index, and the equivalence rests on four facts:

1. *Alike is a relation between classes.*  Put entries with the same opening
   and the same badge (or the same lack of one) in one class.  Whether two
   entries are alike depends only on their classes, so the alike entries of
   ``i`` are the members of the classes compatible with ``i``'s class, minus
   ``i`` itself; and since ``i`` is title-less, ``T(i)`` and the choice in
   the one-title case are the same for every title-less member of a class.
   They are computed once per class from per-class summaries (each keeps the
   last index of at most two titles: a third changes nothing).
2. *Compatible classes are found by lookup.*  One opening is a prefix of
   another only when it equals one of the other's at most
   ``OPENING_CHARS - MIN_OPENING_MATCH`` prefixes, so the related openings of
   every opening come from dictionary lookups of its prefixes.  A class
   without a badge is compatible with every class of a related opening (one
   group per opening serves it).  A class with a badge is compatible with
   the classes of related openings that have the same badge (looked up among
   the prefixes; the longer openings are listed per badge) and with those
   that have no badge, which are the same for every badge of the opening:
   their titles are merged once per opening (:class:`_Unbadged`).
3. *Only connectivity counts.*  Drafts are the connected components of all
   joins; a component's reasons are the reasons of the joins that merged
   two parts, and every join made here is "same excerpt opening", so a
   component gets that reason exactly when it is made of more than one
   component of the title and id joins, whichever joins did it.  Any set of
   joins with the same components gives the same drafts.
4. *The no-title case is a star.*  If ``T = ∅`` for a class, all its members
   and all members of compatible classes are title-less, and its last
   member alone joins every member of a compatible class that comes before
   it (its own class included); the other members' joins are a subset of
   those.  So the class connects its last member with the members before it
   in each compatible class.  Each class remembers how many of its first
   members are already chained together, so no member is chained twice
   however many classes reach it; and the badged classes of one opening
   reach its unbadged groups through one :class:`_Unbadged`, whose groups
   are chained once, up to the latest member any of those classes reached.

Cost: one pass to build the classes; at most 28 prefix lookups per opening
and per class; per badge-less class (one per opening) one group per related
opening, and per badged class its prefixes' groups and its own list of
longer ones (each class is in at most 28 such lists); one join per member
per group it is in.  Linear in the entries: 20,000 saves of one entry
(``bench.grouping``) take 0.2 s, and 20,000 entries made to be worst for it
(openings that are prefixes of each other, on hundreds of different days)
under a second.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kexue_archive.dumps.entry import Entry
from kexue_archive.infer.evidence import MIN_OPENING_MATCH, excerpt_opening
from kexue_archive.titles import normalize_title

_Badge = tuple[int, int] | None


@dataclass
class _Members:
    """The entries of one opening (or of one opening and badge), in source order."""

    indices: list[int] = field(default_factory=list)
    #: normalized title -> index of its last titled member; at most two titles kept
    titles: dict[str, int] = field(default_factory=dict)
    #: how many of the first ``indices`` are already joined to each other
    chained: int = 0

    def add(self, i: int, title: str | None) -> None:
        self.indices.append(i)
        if title:
            key = normalize_title(title)
            if key in self.titles or len(self.titles) < 2:
                self.titles[key] = i

    def join_before(self, last: int, join: Callable[[int, int], None]) -> None:
        """Join ``last`` with every member before it, each member at most once overall."""
        count = bisect_left(self.indices, last)
        if count == 0:
            return
        first = self.indices[0]
        for i in self.indices[max(self.chained, 1) : count]:
            join(first, i)
        self.chained = max(self.chained, count)
        join(first, last)


def _merged_titles(summaries: Iterable[dict[str, int] | None]) -> dict[str, int] | None:
    """Each title of the summaries with its last index; ``None`` for two titles or more."""
    found: dict[str, int] = {}
    for summary in summaries:
        if summary is None:
            return None
        for key, i in summary.items():
            if key not in found:
                if found:
                    return None
                found[key] = i
            elif i > found[key]:
                found[key] = i
    return found


class _Unbadged:
    """The badge-less groups of an opening's related openings, shared by its badged classes."""

    def __init__(self, groups: list[_Members]) -> None:
        self.groups = sorted(groups, key=lambda g: g.indices[0])
        self.firsts = [g.indices[0] for g in self.groups]
        self.titles = _merged_titles(g.titles for g in self.groups)
        self.linked = 0  # how many groups start before a member joined to them
        self.reach = -1  # the latest member joined to them

    def join_before(self, last: int, join: Callable[[int, int], None]) -> None:
        """Join ``last`` with the groups' members before it (they are chained in :meth:`finish`)."""
        count = bisect_left(self.firsts, last)
        if count:
            join(self.firsts[0], last)
            self.linked = max(self.linked, count)
            self.reach = max(self.reach, last)

    def finish(self, join: Callable[[int, int], None]) -> None:
        """Chain each reached group's members before ``reach`` and join them to it.

        Every class that reached a group joined its last member to the first
        group's first member, which comes before ``reach``: so all of them,
        and the members before their last members, end up in one component.
        """
        for group in self.groups[: self.linked]:
            group.join_before(self.reach, join)


def _badge(entry: Entry) -> _Badge:
    return (entry.month, entry.day) if entry.month and entry.day else None


def join_by_opening(ordered: list[Entry], join: Callable[[int, int], None]) -> None:
    """Call ``join(a, b)`` so that the components are those of the pairwise rule above.

    ``ordered`` is in source order; ``a`` and ``b`` are indices into it.
    """
    by_opening: dict[str, _Members] = {}
    badges: dict[str, dict[_Badge, _Members]] = {}  # opening -> badge -> its class
    for i, entry in enumerate(ordered):
        opening = entry.read(excerpt_opening)
        if len(opening) < MIN_OPENING_MATCH:
            continue
        by_opening.setdefault(opening, _Members()).add(i, entry.title)
        badges.setdefault(opening, {}).setdefault(_badge(entry), _Members()).add(i, entry.title)

    prefixes: dict[str, list[str]] = {opening: [] for opening in by_opening}
    longer: dict[str, list[str]] = {opening: [] for opening in by_opening}
    longer_by_badge: dict[str, dict[_Badge, list[_Members]]] = {o: {} for o in by_opening}
    for opening in by_opening:
        for length in range(MIN_OPENING_MATCH, len(opening)):
            prefix = opening[:length]
            if prefix in by_opening:
                prefixes[opening].append(prefix)
                longer[prefix].append(opening)
                for badge, group in badges[opening].items():
                    if badge is not None:
                        longer_by_badge[prefix].setdefault(badge, []).append(group)

    for opening, classes in badges.items():
        related = [opening, *prefixes[opening], *longer[opening]]
        unbadged = _Unbadged([badges[r][None] for r in related if None in badges[r]])
        for badge, members in classes.items():
            title_less = [i for i in members.indices if not ordered[i].title]
            if not title_less:
                continue
            shared: _Unbadged | None = None
            if badge is None:
                compatible = [by_opening[other] for other in related]
            else:
                compatible = [
                    group
                    for other in (opening, *prefixes[opening])
                    if (group := badges[other].get(badge)) is not None
                ]
                compatible += longer_by_badge[opening].get(badge, [])
                shared = unbadged
            summaries = [g.titles for g in compatible]
            titles = _merged_titles([*summaries, shared.titles] if shared else summaries)
            if titles is None:
                continue
            if titles:
                [titled] = titles.values()
                for i in title_less:
                    join(titled, i)
            else:
                last = members.indices[-1]
                for group in compatible:
                    group.join_before(last, join)
                if shared is not None:
                    shared.join_before(last, join)
        unbadged.finish(join)
