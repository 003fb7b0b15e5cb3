"""What a parser hands to inference: one entry of a listing page, as read.

Parsers only read; they never guess a year, a real title or a series.  That
is :mod:`kexue_archive.infer`'s job, which turns entries into
:class:`kexue_archive.model.Post` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from kexue_archive.model import Comment, MathStatus, SourceRef

EntryFormat = Literal["A", "B", "html-listing", "html-post", "save-md"]
#: Formats whose entries hold a whole post (a saved post page), not a listing excerpt.
FULL_POST_FORMATS: frozenset[str] = frozenset({"html-post", "save-md"})
BlockKind = Literal["text", "heading", "math", "caption"]
_T = TypeVar("_T")


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
class PageExtras:
    """What a saved post page gives beyond an excerpt: tags, categories, comments.

    ``chrome_dropped`` counts the pieces of page chrome (menus, sidebars,
    reward block, citation block...) the reader left out, for the report.
    """

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    comments: tuple[Comment, ...] = ()
    comment_count: int | None = None
    math_status: MathStatus = "exact"
    chrome_dropped: int = 0
    #: what the reader escaped or dropped because it could act (HTML, javascript: links, TeX)
    neutralised: tuple[str, ...] = ()


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
    #: set for whole-post pages (:data:`FULL_POST_FORMATS`); ``markdown`` then holds
    #: the whole body and ``blocks`` its paragraphs as plain text, for evidence
    page: PageExtras | None = None
    #: ``blocks`` rendered by :func:`kexue_archive.markdown_out.render_body`,
    #: when the reader already did it (where the file was parsed, maybe in a
    #: worker process); ``None``: render when needed
    markdown: str | None = field(default=None, repr=False, compare=False)
    #: what pure functions read from ``text``, by function (see :meth:`read`)
    _read: dict[Callable[[str], Any], Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        """All the excerpt's text, for evidence search and matching."""
        return "\n".join(b.text for b in self.blocks)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its blocks as plain pairs: workers send thousands of entries back,
        and pairs of strings pickle and load several times faster than objects."""
        state = self.__dict__.copy()
        state["blocks"] = [(b.kind, b.text) for b in self.blocks]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["blocks"] = [Block(kind, text) for kind, text in state["blocks"]]
        self.__dict__.update(state)

    def read(self, reader: Callable[[str], _T]) -> _T:
        """``reader(self.text)``, computed once per entry and kept.

        The reader calls it for the facts inference needs (in the worker
        process that parsed the file, when there are several), so the
        parent process does not read every excerpt again.  ``reader`` must be
        a pure, module-level function of the text (results travel between
        processes keyed by it); callers must not change what it returns.
        """
        if reader not in self._read:
            self._read[reader] = reader(self.text)
        return self._read[reader]

    def read_ahead(self, readers: Sequence[Callable[[str], object]]) -> None:
        """:meth:`read` each of ``readers`` now, joining the text once for all of them."""
        text = self.text
        for reader in readers:
            if reader not in self._read:
                self._read[reader] = reader(text)
