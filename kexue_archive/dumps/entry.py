"""What a parser hands to inference: one entry of a listing page, as read.

Parsers only read; they never guess a year, a real title or a series.  That
is :mod:`kexue_archive.infer`'s job, which turns entries into
:class:`kexue_archive.model.Post` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kexue_archive.model import SourceRef

EntryFormat = Literal["A", "B", "html-listing", "html-post"]
BlockKind = Literal["text", "heading", "math", "caption"]


@dataclass(frozen=True)
class Block:
    """One block of an excerpt.

    ``text`` blocks keep their raw text (inline math and all); ``math`` blocks
    hold display math (``$$…$$``, ``\\begin{equation}…``) byte-exact;
    ``heading`` is a section heading line.
    """

    kind: BlockKind
    text: str


@dataclass
class Entry:
    """One post occurrence in one input file, before inference.

    ``year`` is set only when the dump states it (format B's by-line, saved
    HTML); format A's badge gives ``day`` and ``month`` only.  ``title`` is
    ``None`` for the title-less entries of format A.  ``truncated`` is true
    when the entry ended with the blog's read-more cut.
    """

    source: SourceRef
    format: EntryFormat
    day: int | None
    month: int | None
    year: int | None = None
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    truncated: bool = True
    archive_id: int | None = None

    @property
    def text(self) -> str:
        """All the excerpt's text, for evidence search and matching."""
        return "\n".join(b.text for b in self.blocks)
