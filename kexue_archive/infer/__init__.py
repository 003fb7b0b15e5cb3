"""Inference: from parsed entries to posts with real titles, full dates and series.

:func:`build_posts` is the one entry point.  It runs the steps in the order
their authority demands, each in its own module:

1. :mod:`.ids` — a blog id two different posts claim stays with one of them;
   :mod:`.merge` — which entries are the same post;
2. :mod:`.titles` — real titles from the archive index (by evidence for
   title-less entries), else the dump's title, else a derived one;
3. :mod:`.dates` — stated dates, then years inferred by :mod:`.solver` from
   proven listings (:mod:`.listings`), series, citations and arXiv ids, then
   best guesses (:mod:`.guesses`);
4. series, slugs and the :class:`~kexue_archive.model.Post` objects;
5. :mod:`kexue_archive.overrides`, applied last.

Every merge and every date or title the dumps did not state is recorded in
the report with its evidence.
"""

from __future__ import annotations

from collections import Counter

from kexue_archive.dumps.archive_index import ArchiveIndex
from kexue_archive.dumps.entry import Entry
from kexue_archive.infer.dates import infer_dates, resolve_dates
from kexue_archive.infer.ids import settle_id_claims
from kexue_archive.infer.merge import Draft, group_entries
from kexue_archive.infer.titles import attach_index_by_title, derived_title, match_title_less
from kexue_archive.model import Post, original_url
from kexue_archive.overrides import Overrides, apply_overrides
from kexue_archive.report import FullPost, Guess, Merge, Report
from kexue_archive.series import parse_series
from kexue_archive.slugs import slug_for_id, slug_for_identity
from kexue_archive.titles import normalize_title

__all__ = ["build_posts"]


def build_posts(
    entries: list[Entry],
    index: ArchiveIndex | None,
    overrides: Overrides | None,
    report: Report,
) -> list[Post]:
    """Turn entries into posts, sorted by date then slug; record merges and guesses."""
    entries, conflicts = settle_id_claims(entries, index)
    report.rejections += conflicts
    drafts = group_entries(entries)
    if index is not None:
        attach_index_by_title(drafts, index)
        drafts = _join_same_index_post(drafts)
        _match_title_less(drafts, index, with_years=False)
    pending = infer_dates(drafts, index)
    # A year inferred for a title-less post can identify its index post; the
    # titles and dates then change, so dates start again.  The guesses of the
    # first pass are only made when they are final (they never affect a match).
    if index is not None and _match_title_less(drafts, index, with_years=True):
        resolve_dates(drafts, index)
    else:
        pending.guess()
    _name(drafts)
    posts = [_post(d) for d in drafts]
    _unify_series_names(posts, drafts)
    for d, post in zip(drafts, posts, strict=True):
        _record(d, post, report)
    if overrides is not None:  # the excerpts are only needed to match overrides
        excerpts = {p.slug: d.text for d, p in zip(drafts, posts, strict=True)}
        apply_overrides(posts, overrides, report, excerpts)
    posts.sort(key=lambda p: (p.date, p.slug))
    return posts


def _join_same_index_post(drafts: list[Draft]) -> list[Draft]:
    """Join drafts that the index says are one post (a blog id in one, its title in another)."""
    joined: dict[int, Draft] = {}
    out: list[Draft] = []
    for d in drafts:
        if d.index is None:
            out.append(d)
        elif d.index.archive_id in joined:
            keep = joined[d.index.archive_id]
            keep.entries += d.entries
            keep.reasons |= d.reasons | {"same archive index post"}
        else:
            joined[d.index.archive_id] = d
            out.append(d)
    return out


def _match_title_less(drafts: list[Draft], index: ArchiveIndex, with_years: bool) -> bool:
    """Find index posts for title-less drafts by evidence; report whether any was found."""
    claimed = {d.index.archive_id for d in drafts if d.index}
    found = False
    # Posts of one day often come in series (parts 1 and 2 written the same day):
    # once one of them is matched, the others face fewer candidates, so passes
    # repeat until one finds nothing new.
    progress = True
    while progress:
        progress = False
        for d in drafts:
            if d.index is not None or d.dump_title:
                continue
            year = None
            if with_years:
                if d.date is None or d.date_status != "inferred":
                    continue
                year = d.date.year
            match = match_title_less(d, index, claimed, year)
            if match is not None:
                d.index, d.title_evidence = match
                d.date, d.date_status, d.date_evidence = None, "uncertain", []
                claimed.add(d.index.archive_id)
                found = progress = True
    if found:
        for d in drafts:
            if d.index is None and d.date_status != "exact":
                d.date, d.date_status, d.date_evidence = None, "uncertain", []
    return found


def _name(drafts: list[Draft]) -> None:
    """Titles and slugs: index title, else dump title, else derived; id slug, else a hash."""
    used: set[str] = set()
    for d in sorted(drafts, key=lambda x: x.sorted_entries()[0].source):
        if d.index is not None:
            d.title, d.title_status = d.index.title, "index"
        elif d.dump_title:
            d.title, d.title_status = d.dump_title, "dump"
        else:
            d.title, d.title_status = derived_title(d), "derived"
            d.title_evidence = ["no title in any dump or index; from the excerpt's first words"]
        if d.archive_id:
            slug = slug_for_id(d.archive_id)
        else:
            month, day = d.day_month or (None, None)
            slug = slug_for_identity(d.dump_title, d.opening, month, day)
        base, n = slug, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        d.slug = slug


def _post(d: Draft) -> Post:
    from kexue_archive.markdown_out import render_body

    best = d.best_entry
    series = parse_series(d.title) if d.title_status != "derived" else None
    page = best.page
    post = Post(
        title=d.title,
        date=d.date,
        slug=d.slug,
        body=best.markdown if best.markdown is not None else render_body(best.blocks),
        series=series.name if series else None,
        series_index=series.index if series else None,
        sources=sorted(e.source for e in d.entries),
        date_status=d.date_status,  # type: ignore[arg-type]
        title_status=d.title_status,  # type: ignore[arg-type]
        original=original_url(d.archive_id) if d.archive_id else None,
        truncated=best.truncated,
    )
    if page is not None:
        post.tags = list(page.tags)
        post.categories = list(page.categories)
        post.math_status = page.math_status
        post.comments = list(page.comments)
        post.comment_count = page.comment_count
    return post


def _unify_series_names(posts: list[Post], drafts: list[Draft]) -> None:
    """One spelling per series: the index's (real punctuation) wins, else the most common."""
    spellings: dict[str, Counter[str]] = {}
    for post, d in zip(posts, drafts, strict=True):
        if post.series:
            weight = 1000 if d.title_status == "index" else 1
            spellings.setdefault(normalize_title(post.series), Counter())[post.series] += weight
    for post in posts:
        if post.series:
            counts = spellings[normalize_title(post.series)]
            post.series = min(counts, key=lambda s: (-counts[s], s))


def _record(d: Draft, post: Post, report: Report) -> None:
    best = d.best_entry
    if len(d.entries) > 1:
        sources = tuple(str(e.source) for e in d.sorted_entries())
        reason = ", ".join(sorted(d.reasons)) or "same post"
        if best.page is not None:
            reason += f"; body from the saved post page {best.source}"
            others = [e for e in d.sorted_entries() if e.page is not None and e is not best]
            if others:
                reason += " (more complete than " + ", ".join(str(e.source) for e in others) + ")"
        report.merges.append(Merge(post.slug, sources, reason))
    if best.page is not None:
        page = best.page
        report.full_posts.append(
            FullPost(
                slug=post.slug,
                source=str(best.source),
                format=best.format,
                excerpts_replaced=tuple(
                    str(e.source) for e in d.sorted_entries() if e.page is None
                ),
                chrome_dropped=page.chrome_dropped,
                comments_archived=len(page.comments),
                comment_count=page.comment_count,
                math_status=page.math_status,
                truncated=best.truncated,
                neutralised=page.neutralised,
            )
        )
    if d.title_status == "derived" or (d.title_evidence and d.title_status == "index"):
        report.guesses.append(
            Guess(post.slug, "title", post.title, post.title_status, tuple(d.title_evidence))
        )
    if d.date_status != "exact":
        report.guesses.append(
            Guess(
                post.slug,
                "date",
                post.date.isoformat() if post.date else "",
                d.date_status,
                tuple(d.date_evidence),
            )
        )
