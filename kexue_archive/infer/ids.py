"""Blog ids claimed by two different posts: one keeps the id, the other is reported.

Entries that carry the same ``/archives/N`` id are the same post, and
grouping joins them.  A saved page can get an id wrong, though (a listing
whose links were rewritten, two saved post pages of different posts with one
canonical link), and then two posts with different titles and different dates
claim one id; joined, they made one post with one's title and the other's
text.  So before grouping, the entries of each id are split by normalized
title into *claims*, taken best-attested first.  A claim whose stated date
contradicts that of a claim already kept is a different post: its entries
lose the id (they become a post of their own, which may still find its own
id in the archive index by its title), and the report gets a
:class:`Rejection` naming both claims' files and lines, so the scrape exits 1
(the record has no entry number: the entry is not lost, only its claim to
the id).  Rejecting the entry instead would lose a post whose title and text
belong together; only the link between them and the id is in doubt.  A
claim with another title and no contradicting date is the same post renamed
(the blog's titles do change; its dates do not) and keeps the id, as before.

The best-attested claim, in this order:

1. the archive index lists the id with the claim's title: the blog's own
   archive page is the authority on ids, and only this way does the title
   the index attaches by id agree with the title of the claim that keeps it
   (a losing claim with the index's title would be joined back to the
   winner through the index);
2. more occurrences (entries in more saves or places);
3. a stated full date (a by-line with the year) over a day badge only;
4. the first in source order (a stable choice, the same on every run).
"""

from __future__ import annotations

import dataclasses

from kexue_archive.dumps.archive_index import ArchiveIndex
from kexue_archive.dumps.entry import Entry
from kexue_archive.report import Rejection
from kexue_archive.titles import normalize_title

#: ``(year or None, month, day)`` as an entry states them.
_Stated = tuple[int | None, int, int]


def _stated(entries: list[Entry]) -> _Stated | None:
    """The claim's stated date: the first full one, else the first day badge (source order)."""
    badges = [(e.year, e.month, e.day) for e in entries if e.month and e.day]
    full = [b for b in badges if b[0]]
    return full[0] if full else (badges[0] if badges else None)


def _contradict(a: _Stated | None, b: _Stated | None) -> bool:
    """Whether two stated dates cannot be one post's (an unstated part never contradicts)."""
    if a is None or b is None:
        return False
    if a[1:] != b[1:]:
        return True
    return bool(a[0] and b[0] and a[0] != b[0])


def _attestation(key: str, group: list[Entry], listed_key: str | None) -> tuple[object, ...]:
    """Sort key of a claim, best first: the rule of the module docstring, in its order."""
    return (
        key != listed_key,
        -len(group),
        not any(e.year and e.month and e.day for e in group),
        group[0].source,
    )


def _describe(entries: list[Entry], stated: _Stated | None) -> str:
    """A claim as the report names it: its title and stated date."""
    when = "no date"
    if stated is not None:
        year, month, day = stated
        when = f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"
    return f"{entries[0].title!r} ({when})"


def _why(best: tuple[object, ...], other: tuple[object, ...]) -> str:
    """Which rule of the order put the best claim first (its :func:`_attestation` keys)."""
    if best[0] != other[0]:
        return "the archive index lists the id with its title"
    if best[1] != other[1]:
        return f"{-best[1]} occurrences against {-other[1]}"  # type: ignore[operator]
    if best[2] != other[2]:
        return "it states a full date"
    return "neither is better attested; it comes first in source order"


def settle_id_claims(
    entries: list[Entry], index: ArchiveIndex | None
) -> tuple[list[Entry], list[Rejection]]:
    """The entries with the ids of losing claims removed, and one rejection per losing claim.

    Entries are returned in the order given; an entry that loses its id is
    a copy without it (the caller's entries are not changed).
    """
    claims_by_id: dict[int, dict[str, list[Entry]]] = {}
    for e in sorted(entries, key=lambda e: e.source):
        if e.archive_id and e.title and normalize_title(e.title):
            claims = claims_by_id.setdefault(e.archive_id, {})
            claims.setdefault(normalize_title(e.title), []).append(e)
    losers: set[int] = set()  # id() of the entries that lose their id
    rejections: list[Rejection] = []
    for archive_id, claims in claims_by_id.items():
        if len(claims) < 2:
            continue
        listed = index.by_id(archive_id) if index is not None else None
        listed_key = listed.key if listed is not None else None
        rank = {key: _attestation(key, group, listed_key) for key, group in claims.items()}
        kept: list[str] = []  # best first; no two of them contradict each other
        for key in sorted(claims, key=rank.__getitem__):
            group, stated = claims[key], _stated(claims[key])
            rival = next((k for k in kept if _contradict(stated, _stated(claims[k]))), None)
            if rival is None:
                kept.append(key)
                continue
            losers.update(id(e) for e in group)
            other = claims[rival]
            rejections.append(
                Rejection(
                    group[0].source.path,
                    group[0].source.line,
                    f"/archives/{archive_id} is claimed by two different posts: "
                    f"{_describe(group, stated)} here and {_describe(other, _stated(other))} "
                    f"at {other[0].source.path}:{other[0].source.line}; the id stays with the "
                    f"latter ({_why(rank[rival], rank[key])}), this one becomes a post of its "
                    "own without it",
                )
            )
    if not losers:
        return entries, []
    out = [dataclasses.replace(e, archive_id=None) if id(e) in losers else e for e in entries]
    return out, rejections
