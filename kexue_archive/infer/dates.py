"""Full dates: stated where a source states one, otherwise the year is inferred.

Format A's date badge has no year.  In order of authority a post's date
comes from the archive index, from a full date stated for the same post in
another dump (format B by-line, saved HTML), and only then from inference:

* a listing that *proves* to be chronological (its dated entries agree with
  a newest-first or oldest-first walk over the day/month badges) dates its
  other entries;
* bounds: a post is newer than the posts it cites in ``《…》``, older than
  the posts citing it, between the neighbouring parts of its series, within a
  few weeks of what it calls "上周/上个月…", in the year after "去年…", and
  not older than the arXiv ids (``2303.12345``) it quotes.

A year is ``inferred`` only when the evidence leaves exactly one year for the
day and month; otherwise the date is ``uncertain`` and a best guess (nearest
to the dated posts of the same listing) is kept, because Pelican needs one.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass, field

from kexue_archive.dumps.archive_index import ArchiveIndex
from kexue_archive.infer.constraints import Solution, solve
from kexue_archive.infer.evidence import (
    arxiv_months,
    cited_titles,
    relative_citations,
    years_mentioned,
)
from kexue_archive.infer.listings import Listing, build_listings
from kexue_archive.infer.merge import Draft
from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title

#: How many rounds of bound propagation (each pins posts the next can lean on).
MAX_ROUNDS = 8


@dataclass(frozen=True)
class Bound:
    """One fact limiting a post's date from one side."""

    date: _dt.date
    evidence: str
    weak: bool = False


@dataclass
class Bounds:
    lower: list[Bound] = field(default_factory=list)
    upper: list[Bound] = field(default_factory=list)


def on_day(year: int, month: int, day: int) -> _dt.date | None:
    """The date, or ``None`` when that year has no such day (29 Feb)."""
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def resolve_dates(drafts: list[Draft], index: ArchiveIndex | None) -> None:
    """Give every draft a date, a status and the evidence for it (in place)."""
    for d in drafts:
        if d.index is not None:
            d.date, d.date_status = d.index.date, "exact"
            d.date_evidence = [f"archive index: {d.index.date.isoformat()}"]
        elif (stated := d.stated_date) is not None:
            d.date, d.date_status = stated, "exact"
            source = next(e.source for e in d.sorted_entries() if e.year)
            d.date_evidence = [f"full date stated by {source}"]

    context = _Context(drafts, index)
    listings = build_listings(drafts)
    for _ in range(MAX_ROUNDS):
        _propagate_fixed(drafts, listings, context)
        solution = solve(drafts, listings, index)
        for d in drafts:
            if d.date is None and id(d) in solution.pinned:
                d.date, d.date_evidence = solution.pinned[id(d)]
                d.date_status = "inferred"
        if not solution.pinned:
            break
    context.refresh()
    guesses = _listing_guesses(listings, context, solution)
    for d in drafts:
        if d.date is not None:
            continue
        in_proven = any(d in x.drafts for x in listings if x.proven)
        if id(d) in guesses and not in_proven:
            d.date, evidence = guesses[id(d)]
            d.date_status, d.date_evidence = "uncertain", evidence
        elif id(d) in solution.spans and _guess_from_span(d, solution.spans[id(d)]):
            continue
        elif id(d) in guesses:
            d.date, evidence = guesses[id(d)]
            d.date_status, d.date_evidence = "uncertain", evidence
        else:
            _best_guess(d, context)


def _propagate_fixed(drafts: list[Draft], listings: list[Listing], context: _Context) -> None:
    """Pin what the dated posts alone pin, round after round."""
    for _ in range(MAX_ROUNDS):
        context.refresh()
        pinned = _pin_listings(listings, context)
        context.refresh()
        if not (_pin_by_bounds(drafts, context) or pinned):
            break


def _guess_from_span(d: Draft, span: tuple[list[_dt.date], bool, bool, str]) -> bool:
    """Guess inside the years the relations left: the earliest when bounded below.

    Posts mostly cite recent posts, so the earliest year after everything a
    post cites is the likeliest; with only later posts bounding it, the latest.
    """
    dates, has_lower, has_upper, how = span
    if has_lower:
        d.date = dates[0]
    elif has_upper:
        d.date = dates[-1]
    else:
        return False
    d.date_status = "uncertain"
    d.date_evidence = [how, f"{len(dates)} years remain possible"]
    return True


class _Context:
    """The dated facts inference leans on: titles, series parts, citations."""

    def __init__(self, drafts: list[Draft], index: ArchiveIndex | None) -> None:
        self.drafts = drafts
        self.index = index
        self.cites = {id(d): {normalize_title(t) for t in cited_titles(d.text)} for d in drafts}

    def refresh(self) -> None:
        self.by_key: dict[str, tuple[_dt.date, str]] = {}
        self.series: dict[str, list[tuple[int, _dt.date, str]]] = defaultdict(list)
        self.citers: dict[str, list[tuple[_dt.date, str]]] = defaultdict(list)
        known: list[tuple[str, _dt.date]] = []
        if self.index is not None:
            known += [(e.title, e.date) for e in self.index.entries]
        known += [(d.title or d.dump_title or "", d.date) for d in self._dated()]
        for title, date in known:
            if title:
                self.by_key.setdefault(normalize_title(title), (date, title))
                if s := parse_series(title):
                    self.series[normalize_title(s.name)].append((s.index, date, title))
        for d in self._dated():
            for key in self.cites[id(d)]:
                self.citers[key].append((d.date, d.title or d.dump_title or ""))  # type: ignore[arg-type]
        years = [date.year for _, date in known]
        self.years = (min(years), max(years)) if years else None

    def _dated(self) -> list[Draft]:
        return [d for d in self.drafts if d.date is not None and d.date_status != "uncertain"]

    def bounds(self, d: Draft) -> Bounds:
        b = Bounds()
        own = d.key
        for key in self.cites[id(d)]:
            if key != own and key in self.by_key:
                date, title = self.by_key[key]
                b.lower.append(Bound(date, f"cites 《{title}》 of {date.isoformat()}"))
        if own:
            for date, title in self.citers.get(own, []):
                b.upper.append(Bound(date, f"cited by 《{title}》 of {date.isoformat()}"))
        title = d.title or d.dump_title
        if title and (s := parse_series(title)):
            for part, date, other in self.series.get(normalize_title(s.name), []):
                if part < s.index:
                    b.lower.append(
                        Bound(date, f"part {part} of the series, 《{other}》, is of {date}")
                    )
                elif part > s.index:
                    b.upper.append(
                        Bound(date, f"part {part} of the series, 《{other}》, is of {date}")
                    )
        for rc in relative_citations(d.text):
            key = normalize_title(rc.title)
            if key == own or key not in self.by_key:
                continue
            date, cited = self.by_key[key]
            if rc.max_days is not None:
                end = date + _dt.timedelta(days=rc.max_days)
                b.upper.append(Bound(end, f"says 《{cited}》 ({date}) was {rc.word}"))
            else:
                b.lower.append(Bound(_dt.date(date.year + 1, 1, 1), f"says 《{cited}》 was 去年"))
                b.upper.append(Bound(_dt.date(date.year + 1, 12, 31), f"says 《{cited}》 was 去年"))
        for month in arxiv_months(d.text):
            b.lower.append(Bound(month, f"quotes an arXiv id of {month:%Y-%m}"))
        latest = self.years[1] if self.years else None
        for year in years_mentioned(d.text):
            if latest is not None and year <= latest:
                b.lower.append(Bound(_dt.date(year, 1, 1), f"mentions the year {year}", weak=True))
        return b

    def year_range(self, b: Bounds) -> range:
        years = [x.date.year for x in b.lower + b.upper]
        if self.years:
            years += list(self.years)
        if not years:
            return range(0)
        return range(min(years) - 1, max(years) + 2)


def _candidates(month: int, day: int, years: range, lower: list[Bound], upper: list[Bound]):
    low = max((x.date for x in lower), default=None)
    high = min((x.date for x in upper), default=None)
    found = []
    for y in years:
        date = on_day(y, month, day)
        if date and (low is None or date >= low) and (high is None or date <= high):
            found.append(date)
    return found


def _pin_by_bounds(drafts: list[Draft], ctx: _Context) -> bool:
    """Date the posts whose bounds leave one year; report whether any was dated."""
    changed = False
    for d in drafts:
        if d.date is not None or d.day_month is None:
            continue
        month, day = d.day_month
        b = ctx.bounds(d)
        strong_low = [x for x in b.lower if not x.weak]
        for lower in (b.lower, strong_low):
            found = _candidates(month, day, ctx.year_range(b), lower, b.upper)
            if found:
                break
        if len(found) == 1 and lower and b.upper:
            low = max(lower, key=lambda x: x.date)
            high = min(b.upper, key=lambda x: x.date)
            d.date, d.date_status = found[0], "inferred"
            d.date_evidence = [low.evidence, high.evidence, "only one year fits the day/month"]
            changed = True
    return changed


def _best_guess(d: Draft, ctx: _Context) -> None:
    """A date for a post nothing pins: the fitting year nearest to what is known about it."""
    b = ctx.bounds(d)
    neighbours = sorted(
        x.date
        for x in ctx.drafts
        if x is not d and x.date and x.date_status != "uncertain" and x.files & d.files
    )
    if d.day_month is None:
        d.date = neighbours[len(neighbours) // 2] if neighbours else _fallback(ctx)
        d.date_status = "uncertain"
        d.date_evidence = ["no day or month in any dump; date of the listing's dated posts"]
        return
    month, day = d.day_month
    years = ctx.year_range(b) or range(_fallback(ctx).year - 1, _fallback(ctx).year + 2)
    found = _candidates(month, day, years, b.lower, b.upper) or _candidates(
        month, day, years, [x for x in b.lower if not x.weak], b.upper
    )
    evidence = [x.evidence for x in b.lower + b.upper]
    if not found:
        found = _candidates(month, day, years, [], [])
        evidence = ["the evidence contradicts itself; ignored", *evidence]
    if neighbours and _narrow(neighbours):
        hint = neighbours[len(neighbours) // 2]
        evidence.append(f"nearest to the dated posts of the same listing ({hint})")
    elif b.lower:
        hint = max(x.date for x in b.lower)
        evidence.append("earliest year after its lower bound")
    elif b.upper:
        hint = min(x.date for x in b.upper)
        evidence.append("latest year before its upper bound")
    elif neighbours:
        hint = neighbours[len(neighbours) // 2]
        evidence.append(f"nearest to the dated posts of the same listing ({hint})")
    else:
        hint = _fallback(ctx)
        evidence.append("no evidence at all: nearest to the other posts")
    d.date = min(found, key=lambda x: (abs((x - hint).days), x)) if found else _fallback(ctx)
    d.date_status = "uncertain"
    d.date_evidence = evidence


def _narrow(dates: list[_dt.date]) -> bool:
    """Whether a listing's dated posts lie within a year (a page of consecutive posts)."""
    return (dates[-1] - dates[0]).days <= 366


def _fallback(ctx: _Context) -> _dt.date:
    dated = sorted(x.date for x in ctx.drafts if x.date)
    if dated:
        return dated[len(dated) // 2]
    if ctx.years:
        return _dt.date(ctx.years[1], 1, 1)
    return _dt.date(2009, 1, 1)


# --- listings: one offset for a whole page ---------------------------------------


@dataclass
class _Offset:
    """How well one year offset of a listing fits the evidence of its entries."""

    offset: int
    dates: list[_dt.date]
    strong: int = 0
    weak: int = 0
    lower: Bound | None = None
    upper: Bound | None = None


def _offsets(listing: Listing, ctx: _Context) -> list[_Offset]:
    """Every offset the listing's dated entries allow, scored against all entries' bounds."""
    pool = [
        (i, ctx.bounds(d))
        for i, d in enumerate(listing.drafts)
        if d.date is None or d.date_status == "uncertain"
    ]
    bound_years = [x.date.year for _, b in pool for x in b.lower + b.upper]
    years = bound_years + (list(ctx.years) if ctx.years else [])
    if not years:
        return []
    first = listing.base[0].year
    found = []
    for year in range(min(years) - 1, max(years) + 2):
        k = year - first
        dates = listing.dates(k)
        if dates is None:
            continue
        if any(
            d.date is not None and d.date_status != "uncertain" and d.date != date
            for d, date in zip(listing.drafts, dates, strict=True)
        ):
            continue
        fit = _Offset(k, dates)
        for i, b in pool:
            date = dates[i]
            for x in b.lower:
                if date < x.date:
                    fit.strong += not x.weak
                    fit.weak += x.weak
                elif not x.weak and (fit.lower is None or x.date > fit.lower.date):
                    fit.lower = x
            for x in b.upper:
                if date > x.date:
                    fit.strong += 1
                elif fit.upper is None or x.date < fit.upper.date:
                    fit.upper = x
        found.append(fit)
    return found


def _pin_listings(listings: list[Listing], ctx: _Context) -> bool:
    """Date every entry of a proven listing whose evidence leaves one offset."""
    changed = False
    for listing in listings:
        if not listing.proven or all(d.date is not None for d in listing.drafts):
            continue
        fits = [f for f in _offsets(listing, ctx) if f.strong == 0]
        anchored = any(d.date is not None and d.date_status != "uncertain" for d in listing.drafts)
        if len(fits) != 1:
            continue
        fit = fits[0]
        if not anchored and (fit.lower is None or fit.upper is None):
            continue
        evidence = [listing.how]
        evidence += [x.evidence for x in (fit.lower, fit.upper) if x is not None]
        if not anchored:
            evidence.append("only one year offset of the whole listing fits")
        for d, date in zip(listing.drafts, fit.dates, strict=True):
            if d.date is None:
                d.date, d.date_status, d.date_evidence = date, "inferred", list(evidence)
                changed = True
    return changed


def _listing_guesses(
    listings: list[Listing], ctx: _Context, solution: Solution
) -> dict[int, tuple[_dt.date, list[str]]]:
    """Best-guess dates for the undated entries of listings, proven listings first."""
    guesses: dict[int, tuple[_dt.date, list[str]]] = {}
    for listing in sorted(listings, key=lambda x: not x.proven):
        fits = _offsets(listing, ctx)
        if not fits:
            continue
        has_lower = any(f.lower for f in fits)
        has_upper = any(f.upper for f in fits)
        if not (has_lower or has_upper) and not any(d.date is not None for d in listing.drafts):
            continue

        sign = 1 if has_lower else -1
        best = min(
            fits, key=lambda f: (_misses(listing, f, solution), f.strong, f.weak, sign * f.offset)
        )
        evidence = [listing.how, "best year offset of the whole listing (not proven)"]
        evidence += [x.evidence for x in (best.lower, best.upper) if x is not None]
        for d, date in zip(listing.drafts, best.dates, strict=True):
            if d.date is None and id(d) not in guesses:
                guesses[id(d)] = (date, evidence)
    return guesses


def _misses(listing: Listing, fit: _Offset, solution: Solution) -> int:
    """Members whose relations rule out this offset's date for them."""
    return sum(
        1
        for d, date in zip(listing.drafts, fit.dates, strict=True)
        if id(d) in solution.spans and date not in solution.spans[id(d)][0]
    )
