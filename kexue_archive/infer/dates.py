"""Full dates: stated where a source states one, otherwise the year is inferred.

Format A's date badge has no year.  In order of authority a post's date
comes from the archive index, from a full date stated for the same post in
another dump (format B by-line, saved HTML), and only then from evidence,
most trusted first (see :mod:`.solver` for how ranges are narrowed):

1. listings whose order their dated entries prove (:mod:`.listings`);
2. series order: part n is not older than part n-1;
3. citations: a post is not older than the posts it cites in ``《…》``, and at
   most a few weeks newer when it says "上周/上个月…", in the next calendar
   year when it says "去年";
4. arXiv ids (``2303.12345``) and years written in a past-tense frame
   ("早在2018年", "2019年的论文"): a post is not older than what it quotes.

A year is ``inferred`` only when that evidence leaves exactly one year for the
day and month.  Every other post gets a best guess marked ``uncertain``
(Pelican needs a date): the hints then join in (pages whose badges fit in
half a year are probably consecutive posts, years written as ``2019年`` are
probably past), and :mod:`.guesses` picks the year nearest to the posts it
cites and is cited by.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections import defaultdict

from kexue_archive.dumps.archive_index import ArchiveIndex
from kexue_archive.infer.evidence import (
    arxiv_months,
    cited_titles,
    past_years,
    relative_citations,
    years_mentioned,
)
from kexue_archive.infer.guesses import Guesser
from kexue_archive.infer.listings import Listing, build_listings, note
from kexue_archive.infer.merge import Draft
from kexue_archive.infer.solver import Edge, Fact, Limit, Solver
from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title

#: Year assumed when nothing at all is known (the blog's first year).
FALLBACK_YEAR = 2009


def resolve_dates(drafts: list[Draft], index: ArchiveIndex | None) -> None:
    """Give every draft a date, a status and the evidence for it (in place)."""
    infer_dates(drafts, index).guess()


class PendingGuesses:
    """What :func:`infer_dates` leaves to do: the best guesses for the dates still open."""

    def __init__(
        self,
        drafts: list[Draft],
        graph: _Graph,
        listings: list[Listing],
        problems: dict[int, list[str]],
    ) -> None:
        self.drafts, self.graph, self.listings, self.problems = drafts, graph, listings, problems

    def guess(self) -> None:
        """Add the hints (unproven listings, years mentioned), then guess every open date."""
        solver, graph = self.graph.solver, self.graph
        for listing in self.listings:
            if not listing.proven:
                solver.add(graph.chain(listing))
        for batch in graph.soft_facts():
            solver.add(batch)
        related = graph.related
        Guesser(self.drafts, solver, lambda i: related.get(i, ()), graph.where, graph.known).run(
            self.listings, self.problems
        )


def infer_dates(drafts: list[Draft], index: ArchiveIndex | None) -> PendingGuesses:
    """Stated and inferred dates only; the best guesses wait for :meth:`PendingGuesses.guess`.

    Inference may find new evidence in the inferred dates (a title-less
    post's year) and start again; guessing first would be wasted work.
    """
    _stated_dates(drafts)
    graph = _Graph(drafts, index)
    listings, problems = build_listings(drafts)
    solver = graph.solver
    for listing in listings:
        if listing.proven and not solver.add(graph.chain(listing)):
            why = f"{listing.how}, but its badges contradict that; order not used"
            note(problems, listing.drafts, why)
    for batch in graph.hard_facts():
        if not solver.add(batch):
            _reject(batch, drafts, problems)
    for i, d in enumerate(drafts):
        node = solver.nodes[i]
        if d.date is None and node.pinned and d.day_month is not None:
            d.date, d.date_status = node.low, "inferred"
            d.date_evidence = [
                f"not before: {node.low_why}",
                f"not after: {node.high_why}",
                f"only {node.low.year} fits {node.low:%m-%d} between them",
            ]
    return PendingGuesses(drafts, graph, listings, problems)


def _reject(batch: list[Fact], drafts: list[Draft], problems: dict[int, list[str]]) -> None:
    """Report a fact that contradicts the evidence accepted before it, on both its posts."""
    for fact in batch:
        ends = (fact.node,) if isinstance(fact, Limit) else (fact.later, fact.earlier)
        for i in ends:
            if i < len(drafts):
                problems[id(drafts[i])].append(f"ignored, contradicts the rest: {fact.evidence}")


def _stated_dates(drafts: list[Draft]) -> None:
    for d in drafts:
        d.date, d.date_status, d.date_evidence = None, "uncertain", []
        if d.index is not None:
            d.date, d.date_status = d.index.date, "exact"
            d.date_evidence = [f"archive index: {d.index.date.isoformat()}"]
        elif (stated := d.stated_date) is not None:
            d.date, d.date_status = stated, "exact"
            source = next(e.source for e in d.sorted_entries() if e.year)
            d.date_evidence = [f"full date stated by {source}"]


class _Graph:
    """Drafts (and the index's other posts) as solver nodes, and the facts between them."""

    def __init__(self, drafts: list[Draft], index: ArchiveIndex | None) -> None:
        self.drafts = drafts
        self.where = {id(d): i for i, d in enumerate(drafts)}
        self.by_key: dict[str, int] = {}
        self.names: list[str] = []
        posts: list[tuple[tuple[int, int] | None, _dt.date | None]] = []
        for i, d in enumerate(drafts):
            title = d.index.title if d.index else (d.dump_title or "")
            self.names.append(title)
            posts.append((d.day_month, d.date))
            if title:
                self.by_key.setdefault(normalize_title(title), i)
        if index is not None:
            for e in index.entries:
                key = e.key  # normalize_title(e.title)
                if key and key not in self.by_key:
                    self.by_key[key] = len(posts)
                    self.names.append(e.title)
                    posts.append(((e.month, e.day), e.date))
        self.arxiv = [d.from_text(arxiv_months) for d in drafts]
        years = [date.year for _, date in posts if date is not None]
        years += [m.year for months in self.arxiv for m in months]
        self.known = (min(years), max(years)) if years else None
        known = self.known or (FALLBACK_YEAR, FALLBACK_YEAR)
        self.solver = Solver.create(posts, known)
        #: nodes each node cites, is cited by, or neighbours in its series
        self.related: dict[int, list[int]] = defaultdict(list)

    def chain(self, listing: Listing) -> list[Fact]:
        """Edges between consecutive entries of a newest-first listing (and its window span)."""
        nodes = [self.where[id(d)] for d in listing.drafts]
        facts: list[Fact] = [
            Edge(
                a,
                b,
                f"{listing.how}; after 《{self.names[b] or '…'}》",
                seen_from_earlier=f"{listing.how}; before 《{self.names[a] or '…'}》",
            )
            for a, b in itertools.pairwise(nodes)
        ]
        if listing.span is not None and len(nodes) > 1:
            facts.append(Edge(nodes[0], nodes[-1], listing.how, gap=listing.span))
        return facts

    def hard_facts(self) -> list[list[Fact]]:
        """Series order, citations, relative words and arXiv ids, one batch per fact."""
        batches: list[list[Fact]] = []
        series: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, name in enumerate(self.names):
            if name and (s := parse_series(name)):
                series[normalize_title(s.name)].append((s.index, i))
        for parts in series.values():
            parts.sort()
            for (p, a), (q, b) in itertools.pairwise(parts):
                if p < q:
                    why = f"part {q} of its series comes after 《{self.names[a]}》"
                    back = f"part {p} of its series comes before 《{self.names[b]}》"
                    batches.append([Edge(b, a, why, seen_from_earlier=back)])
                    self.related[a].append(b)
                    self.related[b].append(a)
        for i, d in enumerate(self.drafts):
            own = normalize_title(self.names[i]) if self.names[i] else None
            for title in d.from_text(cited_titles):
                key = normalize_title(title)
                j = self.by_key.get(key)
                if j is not None and j != i and key != own:
                    back = f"cited by 《{self.names[i] or '…'}》"
                    batches.append(
                        [Edge(i, j, f"cites 《{self.names[j]}》", seen_from_earlier=back)]
                    )
                    self.related[i].append(j)
                    self.related[j].append(i)
            for rc in d.from_text(relative_citations):
                j = self.by_key.get(normalize_title(rc.title))
                if j is None or j == i:
                    continue
                why = f"says 《{self.names[j]}》 was {rc.word}"
                if rc.max_days is not None:
                    back = f"《{self.names[i] or '…'}》 calls it {rc.word}"
                    batches.append([Edge(i, j, why, gap=rc.max_days, seen_from_earlier=back)])
                elif (cited := self.solver.nodes[j].fixed) is not None and cited.year < _dt.MAXYEAR:
                    low, high = _dt.date(cited.year + 1, 1, 1), _dt.date(cited.year + 1, 12, 31)
                    batches.append([Limit(i, why, low=low, high=high)])
            for month in self.arxiv[i]:
                batches.append([Limit(i, f"quotes an arXiv id of {month:%Y-%m}", low=month)])
            for year in d.from_text(past_years):
                why = f"speaks of {year} as past"
                batches.append([Limit(i, why, low=_dt.date(year, 1, 1))])
        return batches

    def soft_facts(self) -> list[list[Fact]]:
        """Hints for best guesses only: years written out in the text."""
        batches: list[list[Fact]] = []
        latest = self.known[1] if self.known else None
        for i, d in enumerate(self.drafts):
            for year in d.from_text(years_mentioned):
                if latest is not None and year <= latest:
                    why = f"mentions the year {year}"
                    batches.append([Limit(i, why, low=_dt.date(year, 1, 1))])
        return batches
