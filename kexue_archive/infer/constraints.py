"""Years that no single post's evidence pins, found by constraints between undated posts.

Pages of a listing without any dated entry still cite each other: a post is
newer than what it cites and older than what cites it, parts of a series come
in order.  Each proven listing (one unknown year offset for all its entries)
and each other undated post (one unknown year) is a *unit* with a domain of
possible years; every relation between two posts prunes both domains until
nothing changes.  A unit left with one year is inferred; the others keep the
narrowed domain for a best guess.  A relation that would empty a domain
contradicts the rest and is ignored rather than trusted.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kexue_archive.dumps.archive_index import ArchiveIndex
from kexue_archive.infer.evidence import arxiv_months, cited_titles, relative_citations
from kexue_archive.infer.listings import Listing
from kexue_archive.infer.merge import Draft
from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title

#: Years around the known ones a domain starts with (wide, so only evidence narrows it).
YEAR_MARGIN = 12
MAX_PASSES = 50


@dataclass
class Unit:
    """Undated posts sharing one unknown: a proven listing's offset, or one post's year."""

    drafts: list[Draft]
    options: dict[int, list[_dt.date]]  # year of the first draft -> dates of all drafts
    how: str
    listing: bool
    lower_why: str = ""
    upper_why: str = ""

    def span(self, i: int) -> tuple[_dt.date, _dt.date]:
        dates = [v[i] for v in self.options.values()]
        return min(dates), max(dates)


@dataclass(frozen=True)
class Relation:
    """``later`` is on or after ``earlier``, and at most ``gap`` days after when given."""

    later: object  # a Draft or a fixed date
    earlier: object
    evidence: str
    gap: int | None = None


@dataclass
class Solution:
    pinned: dict[int, tuple[_dt.date, list[str]]] = field(default_factory=dict)
    #: per undated draft: its possible dates, whether evidence bounds them below/above
    spans: dict[int, tuple[list[_dt.date], bool, bool, str]] = field(default_factory=dict)


def solve(drafts: list[Draft], listings: list[Listing], index: ArchiveIndex | None) -> Solution:
    """Propagate relations between undated posts; report pinned dates and narrowed ranges."""
    known_years = [d.date.year for d in drafts if d.date and d.date_status != "uncertain"]
    if index is not None:
        known_years += [e.year for e in index.entries]
    if not known_years:
        return Solution()
    years = range(min(known_years) - YEAR_MARGIN, max(known_years) + YEAR_MARGIN + 1)
    units, where = _units(drafts, listings, years)
    relations = _relations(drafts, index)
    for _ in range(MAX_PASSES):
        changed = False
        for rel in relations:
            changed |= _prune(rel, units, where)
        if not changed:
            break
    solution = Solution()
    for unit in units:
        for i, d in enumerate(unit.drafts):
            dates = sorted(v[i] for v in unit.options.values())
            if len(unit.options) == 1 and unit.lower_why and unit.upper_why:
                evidence = [unit.how, unit.lower_why, unit.upper_why, "only one year fits"]
                solution.pinned[id(d)] = (dates[0], evidence)
            else:
                why = [x for x in (unit.lower_why, unit.upper_why) if x]
                solution.spans[id(d)] = (
                    dates,
                    bool(unit.lower_why),
                    bool(unit.upper_why),
                    "; ".join([unit.how, *why]),
                )
    return solution


def _units(
    drafts: list[Draft], listings: list[Listing], years: range
) -> tuple[list[Unit], dict[int, tuple[Unit, int]]]:
    units: list[Unit] = []
    where: dict[int, tuple[Unit, int]] = {}
    for listing in listings:
        if not listing.proven or all(d.date for d in listing.drafts):
            continue
        options = {}
        first = listing.base[0].year
        for year in years:
            dates = listing.dates(year - first)
            if dates is None or any(
                d.date is not None and d.date != dt
                for d, dt in zip(listing.drafts, dates, strict=True)
            ):
                continue
            options[year] = dates
        if options and not any(id(d) in where for d in listing.drafts):
            unit = Unit(list(listing.drafts), options, listing.how, listing=True)
            units.append(unit)
            for i, d in enumerate(unit.drafts):
                where[id(d)] = (unit, i)
    for d in drafts:
        if d.date is not None or d.day_month is None or id(d) in where:
            continue
        month, day = d.day_month
        options = {}
        for year in years:
            try:
                options[year] = [_dt.date(year, month, day)]
            except ValueError:
                continue
        unit = Unit([d], options, "its own evidence", listing=False)
        units.append(unit)
        where[id(d)] = (unit, 0)
    return units, where


def _relations(drafts: list[Draft], index: ArchiveIndex | None) -> list[Relation]:
    """Every ordering fact between two posts (a draft, or a dated post of the index)."""
    by_key: dict[str, object] = {}
    names: dict[int, str] = {}
    series: dict[str, list[tuple[int, object, str]]] = {}

    def add(title: str, who: object) -> None:
        key = normalize_title(title)
        if key and key not in by_key:
            by_key[key] = who
            if s := parse_series(title):
                series.setdefault(normalize_title(s.name), []).append((s.index, who, title))

    for d in drafts:
        title = d.title or d.dump_title
        if title:
            names[id(d)] = title
            add(title, d)
    if index is not None:
        for e in index.entries:
            add(e.title, e.date)

    relations: list[Relation] = []
    for d in drafts:
        own = d.key
        for title in cited_titles(d.text):
            other = by_key.get(normalize_title(title))
            if other is not None and other is not d and normalize_title(title) != own:
                relations.append(Relation(d, other, f"cites 《{title}》"))
        for rc in relative_citations(d.text):
            other = by_key.get(normalize_title(rc.title))
            if other is not None and other is not d and rc.max_days is not None:
                relations.append(
                    Relation(d, other, f"says 《{rc.title}》 was {rc.word}", gap=rc.max_days)
                )
        for month in arxiv_months(d.text):
            relations.append(Relation(d, month, f"quotes an arXiv id of {month:%Y-%m}"))
        title = names.get(id(d))
        if title and (s := parse_series(title)):
            for part, other, other_title in series.get(normalize_title(s.name), []):
                if other is d:
                    continue
                if part < s.index:
                    relations.append(Relation(d, other, f"comes after 《{other_title}》"))
                elif part > s.index:
                    relations.append(Relation(other, d, f"comes before 《{other_title}》"))
    return relations


def _range(who: object, units: list[Unit], where: dict[int, tuple[Unit, int]]):
    """The earliest and latest date ``who`` can have, and its unit (None when fixed)."""
    if isinstance(who, _dt.date):
        return who, who, None
    d: Draft = who  # type: ignore[assignment]
    if id(d) in where:
        unit, i = where[id(d)]
        low, high = unit.span(i)
        return low, high, (unit, i)
    if d.date is not None:
        return d.date, d.date, None
    return None, None, None


def _prune(rel: Relation, units: list[Unit], where: dict[int, tuple[Unit, int]]) -> bool:
    """Narrow both sides of one relation; ignore it when it contradicts the domains."""
    later_low, later_high, later_at = _range(rel.later, units, where)
    earlier_low, earlier_high, earlier_at = _range(rel.earlier, units, where)
    if later_low is None or earlier_low is None:
        return False
    changed = False
    if later_at is not None:
        unit, i = later_at

        def later_ok(dates: list[_dt.date]) -> bool:
            if dates[i] < earlier_low:
                return False
            return rel.gap is None or dates[i] <= earlier_high + _dt.timedelta(days=rel.gap)

        changed |= _keep(unit, later_ok, rel.evidence)
    if earlier_at is not None:
        unit, i = earlier_at
        later_low, later_high, _ = _range(rel.later, units, where)

        def earlier_ok(dates: list[_dt.date]) -> bool:
            if dates[i] > later_high:
                return False
            return rel.gap is None or dates[i] >= later_low - _dt.timedelta(days=rel.gap)

        changed |= _keep(unit, earlier_ok, f"a later post {rel.evidence}")
    return changed


def _keep(unit: Unit, ok: Callable[[list[_dt.date]], bool], evidence: str) -> bool:
    """Keep the options ``ok`` accepts, unless none would be left (a contradiction)."""
    kept = {y: v for y, v in unit.options.items() if ok(v)}
    if not kept or len(kept) == len(unit.options):
        return False
    lost_low = min(kept) > min(unit.options)
    lost_high = max(kept) < max(unit.options)
    unit.options = kept
    if lost_low:
        unit.lower_why = evidence
    if lost_high:
        unit.upper_why = evidence
    return True
