"""Format A: a ``D Mon`` date badge, an optional title, the excerpt, ``点击阅读全文...``.

The badge has no year, and about a quarter of the entries have no title: the
excerpt starts right after the badge (FORMATS.md).  A title is told from a
first paragraph by shape: one line of modest length that does not end like a
sentence.  Real titles in the blog are at least five characters long, while
excerpts often open with a short heading such as ``说在前面``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.dumps.excerpt import (
    READ_MORE_SUFFIX,
    READ_MORE_WORDS,
    SENTENCE_END,
    build_blocks,
    is_read_more,
)
from kexue_archive.model import SourceRef
from kexue_archive.quoting import quote_excerpt

MONTHS: dict[str, int] = {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
MONTHS["sept"] = 9

#: ``28 Mar``: the date badge line that starts an entry.
BADGE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]{3,4})\.?\s*$")
TITLE_MIN_CHARS = 5
TITLE_MAX_CHARS = 48


class EntryError(ValueError):
    """An entry that cannot become a post; ``line`` is the 1-based line to point at."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def badge(line: str) -> tuple[int, int] | None:
    """``(day, month)`` when ``line`` is a date badge (even an impossible one), else None."""
    head = line[:1]
    if not head.isdigit() and not head.isspace():  # a badge starts with its day (or spaces)
        return None
    m = BADGE.match(line)
    if m is None:
        return None
    month = MONTHS.get(m.group(2).lower())
    if month is None:
        return None
    return int(m.group(1)), month


def is_possible_day(day: int, month: int) -> bool:
    """Whether ``day`` exists in ``month`` in some year (29 Feb does)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]


def looks_like_title(paragraph: Sequence[str]) -> bool:
    """A one-line paragraph shaped like a post title rather than excerpt text."""
    if len(paragraph) != 1:
        return False
    text = paragraph[0].strip()
    return (
        TITLE_MIN_CHARS <= len(text) <= TITLE_MAX_CHARS
        and not text.endswith(SENTENCE_END)
        and "。" not in text
        and not text.startswith(("\\begin", "$$", "\\["))
    )


def paragraphs_of(lines: Sequence[str]) -> list[list[str]]:
    """Blank-line separated paragraphs, lines right-stripped."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def parse_entry(lines: Sequence[str], source: SourceRef) -> Entry:
    """One format-A entry: ``lines[0]`` is the badge, the rest its title and excerpt."""
    found = badge(lines[0])
    if found is None:
        raise EntryError(source.line, f"not a date badge: {quote_excerpt(lines[0])}")
    day, month = found
    if not is_possible_day(day, month):
        raise EntryError(source.line, f"impossible date {quote_excerpt(lines[0])}")
    truncated = False
    kept: list[str] = []
    for line in lines[1:]:
        if READ_MORE_WORDS not in line:  # most lines: neither pattern can match
            kept.append(line)
            continue
        if is_read_more(line):
            truncated = True
            kept.append("")
            continue
        cut = READ_MORE_SUFFIX.search(line)
        if cut:
            truncated = True
            line = line[: cut.start()]
        kept.append(line)
    paragraphs = paragraphs_of(kept)
    title: str | None = None
    if paragraphs and looks_like_title(paragraphs[0]):
        title = paragraphs[0][0].strip()
        paragraphs = paragraphs[1:]
    blocks: list[Block] = build_blocks(paragraphs, one_line_paragraphs=False)
    if not blocks and not title:
        # A title and a date with an empty excerpt are still a post worth keeping.
        raise EntryError(source.line, "entry has a date badge but no title or text")
    return Entry(
        source=source,
        format="A",
        day=day,
        month=month,
        title=title,
        blocks=blocks,
        truncated=truncated,
    )
