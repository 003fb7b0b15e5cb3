"""Format B: title line, ``By 苏剑林 | YYYY-MM-DD | N位读者 | 引用`` by-line, excerpt lines.

There are no blank lines and no read-more marker; the first paragraph is
glued to the by-line after ``引用``, and when an excerpt is empty the next
title is glued there instead.  The reader count is a snapshot, not content.
The listing cut these excerpts too, so an entry is ``truncated`` unless the
page was a full post.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.dumps.excerpt import build_blocks, is_read_more
from kexue_archive.dumps.format_a import EntryError
from kexue_archive.dumps.stated_date import DateError, stated_date
from kexue_archive.model import SourceRef

#: The by-line; the reader count and even the author are optional, so saves
#: of other page variants still parse.
BYLINE = re.compile(
    r"^\s*By\s+(?P<author>[^|\n]{1,40}?)\s*\|\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"\s*\|(?:\s*[\d,]+\s*位读者\s*\|)?\s*引用(?P<rest>.*)$"
)
#: The sidebar heading that ends a saved listing page (chrome, not content).
SIDEBAR = "最近评论"


@dataclass(frozen=True)
class ByLine:
    """A parsed by-line: the stated date (maybe impossible) and the text glued after it."""

    year: int
    month: int
    day: int
    rest: str


def byline(line: str) -> ByLine | None:
    m = BYLINE.match(line)
    if m is None:
        return None
    return ByLine(int(m["year"]), int(m["month"]), int(m["day"]), m["rest"])


def is_sidebar(line: str) -> bool:
    return SIDEBAR in line and line.strip() == SIDEBAR


def parse_entry(
    title: str, by: ByLine, body: Sequence[str], source: SourceRef, *, glued_next_title: bool
) -> Entry:
    """One format-B entry from its title, by-line and following lines.

    ``glued_next_title`` says the text after ``引用`` is the next entry's
    title, so this excerpt is empty.
    """
    title = title.strip()
    if not title:
        raise EntryError(source.line, "by-line without a title")
    try:
        stated_date(by.year, by.month, by.day)
    except DateError as error:
        raise EntryError(source.line + 1, str(error)) from None
    lines = [] if glued_next_title else [by.rest, *body]
    kept = [line.rstrip() for line in lines if line.strip() and not is_read_more(line)]
    blocks = build_blocks([kept], one_line_paragraphs=True)
    if blocks and not glued_next_title and blocks[0].kind == "heading" and by.rest.strip():
        # the paragraph glued after ``引用`` opens the excerpt: it is text
        blocks[0] = Block("text", blocks[0].text)
    return Entry(
        source=source,
        format="B",
        day=by.day,
        month=by.month,
        year=by.year,
        title=title,
        blocks=blocks,
        truncated=True,
    )
