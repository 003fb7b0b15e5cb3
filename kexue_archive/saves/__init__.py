"""Whole-post pages readers saved: web-clipper Markdown saves of kexue.fm posts.

:func:`read_save` turns one save into one :class:`~kexue_archive.dumps.entry.Entry`
of format ``save-md`` (the whole body as Markdown, its paragraphs as plain
blocks, tags, categories and comments in :class:`~kexue_archive.dumps.entry.PageExtras`),
or a :class:`~kexue_archive.report.Rejection` naming file and line.
:func:`looks_like_save` recognises such a file by content, whatever its name.
"""

from __future__ import annotations

import datetime as _dt
import re

from kexue_archive.dumps.entry import Entry, PageExtras
from kexue_archive.model import SourceRef
from kexue_archive.report import Rejection
from kexue_archive.saves import inline
from kexue_archive.saves.body import convert, lost_delimiters
from kexue_archive.saves.chrome import (
    BODY_END,
    COMMENTS_CLOSE,
    COMMENTS_OPEN,
    META_LINE,
    TAGS_LINE,
    count_pieces,
    is_site_page,
)
from kexue_archive.saves.comments import parse_comments
from kexue_archive.saves.detect import TITLE_LINE, PostHead, layout, looks_like_save, post_heads
from kexue_archive.saves.inline import ACTIVE_TEX, Notes

__all__ = ["looks_like_save", "read_save"]

#: ``分类： [数学研究](…/category/Mathematics)    标签： [概率](…/tag/…), …[N 评论](…)``
_META_LINE = re.compile(META_LINE)
_TAGS_LINE = re.compile(TAGS_LINE)
_CATEGORY = re.compile(r"\[([^\]]+)\]\([^)]*/category/[^)]*\)")
_TAG = re.compile(r"\[([^\]]+)\]\([^)]*/tag/[^)]*\)")
_COMMENT_COUNT = re.compile(r"\[(\d+)\s*评论\]")
_COMMENTS_START = re.compile(COMMENTS_OPEN)
_COMMENTS_END = re.compile(COMMENTS_CLOSE)


def read_save(text: str, path: str) -> tuple[list[Entry], list[Rejection]]:
    """One clipper save -> one entry, or the reason it is not a post; never raises."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        return [], [Rejection(path, 0, "empty file")]
    heads = post_heads(lines, limit=2)
    if len(heads) != 1:
        return [], [_not_a_post(text, path, heads)]
    head = heads[0]
    year, month, day = (int(head.byline[key]) for key in ("year", "month", "day"))
    try:
        _dt.date(year, month, day)
    except ValueError:
        reason = f"by-line date {year}-{month}-{day} does not exist"
        return [], [Rejection(path, head.byline_line + 1, reason)]
    try:
        return [_entry(lines, head, path)], []
    except RecursionError:  # a guard: the readers bound their nesting, this is the last line
        return [], [Rejection(path, head.title_line + 1, "save nested too deeply to read")]


def _not_a_post(text: str, path: str, heads: list[PostHead]) -> Rejection:
    """Why a file with no single post title and by-line is not a save of a post."""
    if heads:
        reason = "a saved kexue.fm page listing several posts (home, category or search page)"
        return Rejection(path, heads[1].title_line + 1, reason)
    titled = next((i for i, line in enumerate(text.split("\n")) if TITLE_LINE.match(line)), None)
    if titled is not None:
        reason = "post title without the 'By … | date |' by-line under it: no date to keep"
        return Rejection(path, titled + 1, reason)
    if is_site_page(text):
        reason = (
            "a saved kexue.fm page that is not a post (no title linking to "
            "/archives/N followed by a 'By … | date |' by-line): a home, category or "
            "search page, or the archive page (归档), which --archive-index reads"
        )
    else:
        reason = "not a save of a kexue.fm post: no title linking to kexue.fm/archives/N"
    return Rejection(path, 1, reason)


def _entry(lines: list[str], head: PostHead, path: str) -> Entry:
    """The entry of a save whose post starts at ``head``."""
    end = next(
        (i for i in range(head.body_start, len(lines)) if BODY_END.match(lines[i].strip())),
        len(lines),
    )
    body_lines = lines[head.body_start : end]
    recover = layout(lines) == "rendering" or lost_delimiters(body_lines)
    notes = Notes()
    body = convert(body_lines, recover, notes)
    tail = lines[end:]
    comments = parse_comments(_comment_lines(tail), recover, notes)
    tags, categories, count = _meta(tail)
    if not body.markdown:
        notes.add("body is empty: kept with its title and date")
    elif recover and "$" not in body.joined:
        notes.add("saved after MathJax had rendered: no TeX left, formulas are rendered text")
    _report_active_tex(body.joined, notes)
    title = inline.plain_text(inline.parse(head.title_markdown, False, bare_tex=False)).strip()
    page = PageExtras(
        tags=tags,
        categories=categories,
        comments=tuple(comments),
        comment_count=count,
        math_status="recovered" if recover else "exact",
        chrome_dropped=count_pieces("\n".join(lines[: head.title_line] + tail)),
        neutralised=tuple(notes.items),
    )
    return Entry(
        source=SourceRef(path, 1, head.title_line + 1),
        format="save-md",
        day=int(head.byline["day"]),
        month=int(head.byline["month"]),
        year=int(head.byline["year"]),
        title=title,
        blocks=body.blocks,
        # no end-of-post marker: the save was cut off before the end of the post
        truncated=end == len(lines),
        archive_id=head.archive_id,
        page=page,
        markdown=body.joined,
    )


def _comment_lines(tail: list[str]) -> list[str]:
    """The lines between the comment form's link and the form itself."""
    start = next((i for i, line in enumerate(tail) if _COMMENTS_START.match(line)), None)
    if start is None:
        return []
    end = next(
        (i for i in range(start + 1, len(tail)) if _COMMENTS_END.match(tail[i].strip())),
        len(tail),
    )
    return tail[start + 1 : end]


def _meta(tail: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], int | None]:
    """Tags, categories and the blog's comment count from the ``分类：…标签：…`` lines.

    The line may wrap, and a theme may put the tags on a line of their own, so
    every line from ``分类：`` to the next blank line and any ``标签：`` line count.
    """
    meta: list[str] = []
    for index, line in enumerate(tail):
        if _META_LINE.match(line.strip()):
            end = index
            while end < len(tail) and tail[end].strip():
                end += 1
            meta.extend(tail[index:end])
        elif _TAGS_LINE.match(line.strip()):
            meta.append(line)
    text = " ".join(meta)
    categories = tuple(dict.fromkeys(_name(m) for m in _CATEGORY.findall(text)))
    tags = tuple(dict.fromkeys(_name(m) for m in _TAG.findall(text)))
    count = _COMMENT_COUNT.search(text)
    return tags, categories, int(count[1]) if count else None


def _name(markdown: str) -> str:
    return inline.plain_text(inline.parse(markdown, False, bare_tex=False)).strip()


def _report_active_tex(markdown: str, notes: Notes) -> None:
    """The post's own TeX stays byte-exact: what could act is left to the site's guard."""
    for command in sorted(set(ACTIVE_TEX.findall(markdown))):
        notes.add(f"TeX {command} left to the site's TeX guard")
