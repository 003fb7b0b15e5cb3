"""The blog's archive page (归档, ``kexue.fm/content.html``) as a user saved it.

The archive page lists every post under ``year -> month -> day`` with its
real title and its ``/archives/N`` link.  When a user saves it next to the
listing dumps it is the authority for full dates, real titles (full-width
punctuation intact) and original URLs.  Two saves are understood:

* the text save (``archive_index.txt``): ``### 2025年 (共60篇)``, ``- 12月``,
  `` - 16日: [title](https://kexue.fm/archives/11480) ( [0](…#PostComment))``,
  with Markdown escapes such as ``5\\.`` and ``\\|`` in titles;
* the HTML save, read by structure: a heading ``2025年``, list items ``12月``
  holding list items ``16日: <a href=".../archives/11480">title</a>``.

Only links under a year heading and a month item count, so the page chrome
(newest posts, comments, "you may also like") never becomes a post.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kexue_archive.dumps.decode import decode_dump
from kexue_archive.dumps.mojibake import mojibake_warning
from kexue_archive.dumps.stated_date import DateError, stated_date
from kexue_archive.input_files import read_named
from kexue_archive.model import original_url
from kexue_archive.report import InputWarning, Rejection
from kexue_archive.titles import normalize_title

_YEAR_HEADING = re.compile(r"^\s*#{1,6}\s*(\d{4})\s*年")
_OTHER_HEADING = re.compile(r"^\s*#{1,6}\s")
_MONTH_ITEM = re.compile(r"^\s*[-*+]\s*(\d{1,2})\s*月\s*$")
_DAY_ITEM = re.compile(
    r"^\s*[-*+]\s*(\d{1,2})\s*日\s*[:：]\s*"
    r"\[((?:\\.|[^\]\\])*)\]\(\s*<?(https?://[^)\s>]*/archives/(\d+))/?>?\s*\)"
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
_ARCHIVE_HREF = re.compile(r"/archives/(\d+)/?$")
_HTML_YEAR = re.compile(r"^\s*(\d{4})\s*年")
_HTML_MONTH = re.compile(r"^\s*(\d{1,2})\s*月")
_HTML_DAY = re.compile(r"^\s*(\d{1,2})\s*日")


@dataclass(frozen=True, order=True)
class IndexEntry:
    """One post as the archive page lists it."""

    year: int
    month: int
    day: int
    title: str
    archive_id: int
    #: the publication date (derived; computed once, inference asks for it often)
    date: _dt.date = field(init=False, compare=False, repr=False)
    #: the title's comparison key (:func:`normalize_title`), computed once
    key: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", _dt.date(self.year, self.month, self.day))
        object.__setattr__(self, "key", normalize_title(self.title))


@dataclass
class ArchiveIndex:
    """All posts of an archive page, with the look-ups inference needs."""

    entries: list[IndexEntry] = field(default_factory=list)
    #: day items whose date is impossible or outside the blog's life, not kept
    rejections: list[Rejection] = field(default_factory=list)
    #: what looked wrong in the saved page (mojibake)
    warnings: list[InputWarning] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, list[IndexEntry]] = defaultdict(list)
        self._by_id: dict[int, IndexEntry] = {}
        self._by_day: dict[tuple[int, int], list[IndexEntry]] = defaultdict(list)
        for e in self.entries:
            self._by_key[e.key].append(e)
            self._by_id[e.archive_id] = e
            self._by_day[(e.month, e.day)].append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def by_title(self, title: str) -> IndexEntry | None:
        """The post with this title (after normalization), if exactly one has it."""
        found = self._by_key.get(normalize_title(title), [])
        return found[0] if len(found) == 1 else None

    def by_id(self, archive_id: int) -> IndexEntry | None:
        return self._by_id.get(archive_id)

    def on_day(self, month: int, day: int) -> list[IndexEntry]:
        """Every post published on this day and month, in any year."""
        return list(self._by_day.get((month, day), []))


def load_archive_index(path: str | Path) -> ArchiveIndex:
    """Read a saved archive page, text or HTML, into an :class:`ArchiveIndex`.

    Raises :class:`OSError` or :class:`ValueError` when the file cannot be
    read (refused as not a regular file or too big, not text).
    """
    name = str(path)
    text = decode_dump(read_named(Path(path))).text
    index = (
        parse_archive_html(text, name) if _looks_like_html(text) else parse_archive_text(text, name)
    )
    warning = mojibake_warning(text, name)
    if warning is not None:
        index.warnings.append(warning)
    return index


def series_reader(path: str | Path) -> list[tuple[str, str]]:
    """Every post's ``(title, blog URL)`` on a saved archive page, for the series plugin.

    The site names the parts of a series it lacks from the page the content was scraped
    with; pelicanconf.py gives this as the plugin's ``SERIES_ARCHIVE_READER``, so the
    page is read by this module only.
    """
    return [(e.title, original_url(e.archive_id)) for e in load_archive_index(path).entries]


def parse_archive_text(text: str, path: str = "") -> ArchiveIndex:
    """Parse the text save: year headings, month items, day items with a link."""
    year: int | None = None
    month: int | None = None
    found = _Found(path)
    for number, line in enumerate(text.splitlines(), start=1):
        # Most lines are day items, which match none of the other patterns:
        # trying them first saves three failed matches per post.
        if m := _DAY_ITEM.match(line):
            if year is not None and month is not None:
                day, title = int(m.group(1)), _unescape(m.group(2))
                found.add(number, year, month, day, title, int(m.group(4)))
        elif m := _YEAR_HEADING.match(line):
            year, month = int(m.group(1)), None
        elif _OTHER_HEADING.match(line):
            year, month = None, None
        elif m := _MONTH_ITEM.match(line):
            month = int(m.group(1))
    return found.index()


def parse_archive_html(html: str, path: str = "") -> ArchiveIndex:
    """Parse the HTML save by structure: year heading, month ``li``, day ``li`` with a link."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = _Found(path)
    for link in soup.find_all("a", href=True):
        m = _ARCHIVE_HREF.search(str(link["href"]).split("#", 1)[0])
        if not m or "#" in str(link["href"]):
            continue
        day_item = link.find_parent("li")
        if day_item is None or not (d := _HTML_DAY.match(_own_text(day_item))):
            continue
        month_item = day_item.find_parent("li")
        if month_item is None or not (mo := _HTML_MONTH.match(_own_text(month_item))):
            continue
        heading = month_item.find_previous(["h1", "h2", "h3", "h4", "h5", "h6"])
        if heading is None or not (y := _HTML_YEAR.match(heading.get_text())):
            continue
        title = " ".join(link.get_text().split())
        date = (int(y.group(1)), int(mo.group(1)), int(d.group(1)))
        found.add(link.sourceline or 0, *date, title, int(m.group(1)))
    return found.index()


def _own_text(tag: object) -> str:
    """The text of a list item before its first nested list (its own label)."""
    parts: list[str] = []
    for child in tag.children:  # type: ignore[attr-defined]
        if getattr(child, "name", None) in ("ul", "ol", "a"):
            break
        parts.append(child.get_text() if hasattr(child, "get_text") else str(child))
    return "".join(parts)


class _Found:
    """The entries of an archive page as they are parsed, and the day items rejected."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: dict[int, IndexEntry] = {}
        self.rejections: list[Rejection] = []

    def add(self, line: int, y: int, mo: int, d: int, title: str, aid: int) -> None:
        """Keep a well-formed entry; its date must be a real day in the blog's life
        (the page is trusted, not blindly): the others are rejected with their line."""
        try:
            stated_date(y, mo, d)
        except DateError as error:
            self.rejections.append(Rejection(self.path, line, str(error)))
            return
        title = title.strip()
        if title and aid not in self.entries:
            self.entries[aid] = IndexEntry(y, mo, d, title, aid)

    def index(self) -> ArchiveIndex:
        entries = sorted(self.entries.values(), key=lambda e: (e.date, e.archive_id))
        return ArchiveIndex(entries, self.rejections)


def _unescape(title: str) -> str:
    """Undo the Markdown escapes the text save put into titles (``5\\.`` -> ``5.``)."""
    return _MD_ESCAPE.sub(r"\1", title) if "\\" in title else title


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<!doctype" in head or ("<li" in text and "</a>" in text)
