"""Real titles: from the archive index, by evidence for title-less entries, or derived.

With an archive index every post that the index lists takes the index's
real title (the dumps lost the full-width punctuation).  A title-less entry
gives only a day and month, and several posts of different years share
those, so it is matched to an index post only with evidence: its excerpt
cites another part of that post's series, or it contains the post's title
words, or its year is already known.  Without evidence the post keeps a
title derived from its first words and is flagged ``derived``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kexue_archive.dumps.archive_index import ArchiveIndex, IndexEntry
from kexue_archive.infer.evidence import cited_titles, title_shares
from kexue_archive.infer.merge import Draft
from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title

#: Share of a candidate title's terms an excerpt must contain to count as evidence.
MIN_TITLE_SUPPORT = 0.6
#: How far the best candidate must lead the runner-up.
MIN_SUPPORT_LEAD = 0.25
#: Longest derived title, in characters.
DERIVED_TITLE_CHARS = 30

_CLAUSE_END = re.compile(r"[。!?;:,！？；：，]")
_INLINE_MATH = re.compile(r"\$[^$]*\$")


def attach_index_by_title(drafts: list[Draft], index: ArchiveIndex) -> None:
    """Give every titled draft (or one with a known blog id) its index entry."""
    for draft in drafts:
        found = None
        if draft.archive_id:
            found = index.by_id(draft.archive_id)
        if found is None and draft.dump_title:
            found = index.by_title(draft.dump_title)
        if found is not None:
            draft.index = found


def match_title_less(
    draft: Draft, index: ArchiveIndex, claimed: set[int], year: int | None = None
) -> tuple[IndexEntry, list[str]] | None:
    """The index post a title-less draft is, with the evidence, or ``None`` without evidence.

    ``claimed`` holds ids other drafts already are; ``year``, when the
    listing order pinned it, narrows the candidates to one date.
    """
    if draft.day_month is None:
        return None
    month, day = draft.day_month
    candidates = [c for c in index.on_day(month, day) if c.archive_id not in claimed]
    cited = {normalize_title(t) for t in draft.from_text(cited_titles)}
    candidates = [c for c in candidates if c.key not in cited]
    if not candidates:
        return None
    where = f"index posts on {month:02d}-{day:02d}: {len(candidates)} unclaimed"

    if year is not None:
        same_year = [c for c in candidates if c.year == year]
        if len(same_year) == 1:
            return same_year[0], [where, f"the listing order puts it in {year}"]

    cited_series = {
        normalize_title(s.name)
        for t in draft.from_text(cited_titles)
        if (s := parse_series(t)) is not None
    }
    if cited_series:
        in_series = [
            c
            for c in candidates
            if (s := parse_series(c.title)) and normalize_title(s.name) in cited_series
        ]
        if len(in_series) == 1:
            series = parse_series(in_series[0].title)
            assert series is not None
            return in_series[0], [where, f"the excerpt cites other parts of 《{series.name}》"]

    headed = _titles_holding_a_heading(draft, candidates)
    if len(headed) == 1:
        return headed[0], [where, "a section heading of the excerpt is in the title"]

    haystack = draft.from_text(normalize_title)
    shares = title_shares([_subtitle(c.title) for c in candidates], haystack)
    scored = sorted(zip(shares, candidates, strict=True), key=lambda sc: (-sc[0], sc[1].archive_id))
    best, runner_up = scored[0][0], (scored[1][0] if len(scored) > 1 else 0.0)
    if best >= MIN_TITLE_SUPPORT and best - runner_up >= MIN_SUPPORT_LEAD:
        return scored[0][1], [where, f"the excerpt contains {best:.0%} of the title's words"]
    return None


#: Shortest section heading that counts as naming its post's title.
MIN_HEADING_CHARS = 3


def _titles_holding_a_heading(draft: Draft, candidates: list[IndexEntry]) -> list[IndexEntry]:
    """Candidates whose title contains one of the excerpt's section headings.

    A post's headings often repeat its title's words (``黎曼度量`` in
    ``从勾股定理到黎曼度量``), and that tells apart posts of one day that
    share a series, whose titles share most other words.
    """
    headings = {
        key
        for e in draft.entries
        for b in e.blocks
        if b.kind == "heading" and len(key := normalize_title(b.text)) >= MIN_HEADING_CHARS
    }
    if not headings:
        return []
    return [c for c in candidates if any(h in c.key for h in headings)]


@lru_cache(maxsize=1 << 14)  # the same index titles are candidates for many posts
def _subtitle(title: str) -> str:
    """The part of a title that names the post itself, without its series prefix."""
    series = parse_series(title)
    if series is None:
        return title
    key = normalize_title(title)
    rest = key.split(":", 1)[1] if ":" in key else ""
    return rest or title


def derived_title(draft: Draft) -> str:
    """A title from the excerpt's first clause, for a post nothing else names."""
    for block in draft.best_entry.blocks:
        if block.kind not in ("text", "heading"):
            continue
        words = _INLINE_MATH.sub("", block.text).strip()
        clause = _CLAUSE_END.split(words, 1)[0].strip()
        if clause:
            if len(clause) > DERIVED_TITLE_CHARS:
                return clause[:DERIVED_TITLE_CHARS].rstrip() + "…"
            return clause
    return "无题"
