"""The one data model of the archive: a post, as every stage sees it.

The scraper builds :class:`Post` objects from dumps and writes them to
``content/*.md``; the Pelican plugins read the same metadata back through
:meth:`Post.from_metadata`; the tests compare both sides against it.  Keeping
the field names, the status vocabularies and the Markdown metadata keys in
this one file is what keeps the three stages from drifting apart.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

DateStatus = Literal["exact", "inferred", "uncertain"]
TitleStatus = Literal["dump", "index", "override", "derived"]

DATE_STATUSES: tuple[str, ...] = ("exact", "inferred", "uncertain")
TITLE_STATUSES: tuple[str, ...] = ("dump", "index", "override", "derived")

#: The blog's canonical host; ``Original`` links are built from it.
BLOG_URL = "https://kexue.fm"

#: Markdown metadata keys in the order the scraper writes them.  Pelican
#: lower-cases keys when it reads them, so the plugins look them up in lower
#: case (``series_index``, ``date_status``...).
METADATA_KEYS: tuple[str, ...] = (
    "Title",
    "Date",
    "Slug",
    "Series",
    "Series_index",
    "Source",
    "Date_status",
    "Title_status",
    "Original",
    "Truncated",
)

#: Separator between the occurrences listed in the ``Source`` metadata.
SOURCE_SEPARATOR = "; "


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where one occurrence of a post was read: a file and the entry's position.

    ``entry`` counts entries from 1 within the file and ``line`` is the
    1-based line the entry starts on, so a report can point a user at it.
    """

    path: str
    entry: int
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}#{self.entry}"

    @classmethod
    def parse(cls, text: str) -> SourceRef:
        path, _, entry = text.strip().rpartition("#")
        return cls(path=path, entry=int(entry) if entry.isdigit() else 0)


@dataclass
class Post:
    """A blog post as the archive knows it.

    ``body`` is Markdown ready for Pelican: text outside math is escaped so it
    stays literal, math is byte-exact and display math sits in its own block.
    ``truncated`` is true when the blog cut the excerpt ("read more"), so the
    site can say so and link to ``original``.
    """

    title: str
    date: _dt.date | None
    slug: str
    body: str = ""
    series: str | None = None
    series_index: int | None = None
    sources: list[SourceRef] = field(default_factory=list)
    date_status: DateStatus = "uncertain"
    title_status: TitleStatus = "dump"
    original: str | None = None
    truncated: bool = True

    @property
    def archive_id(self) -> int | None:
        """The blog's numeric post id, taken from ``original`` when known."""
        if not self.original:
            return None
        tail = self.original.rstrip("/").rpartition("/")[2]
        return int(tail) if tail.isdigit() else None

    def metadata(self) -> dict[str, str]:
        """The Markdown metadata block, as ordered ``key -> value`` strings."""
        meta: dict[str, str] = {
            "Title": self.title,
            "Date": self.date.isoformat() if self.date else "",
            "Slug": self.slug,
        }
        if self.series:
            meta["Series"] = self.series
            if self.series_index is not None:
                meta["Series_index"] = str(self.series_index)
        meta["Source"] = SOURCE_SEPARATOR.join(str(s) for s in sorted(self.sources))
        meta["Date_status"] = self.date_status
        meta["Title_status"] = self.title_status
        if self.original:
            meta["Original"] = self.original
        meta["Truncated"] = "true" if self.truncated else "false"
        return {k: v for k, v in meta.items() if v != ""}

    @classmethod
    def from_metadata(cls, meta: Mapping[str, object], body: str = "") -> Post:
        """Rebuild a post from metadata as Pelican (or a test) read it.

        Keys are matched case-insensitively; Pelican hands dates over as
        ``datetime`` objects and everything else as strings.
        """
        low = {str(k).lower(): v for k, v in meta.items()}
        raw_date = low.get("date")
        date: _dt.date | None
        if isinstance(raw_date, _dt.datetime):
            date = raw_date.date()
        elif isinstance(raw_date, _dt.date):
            date = raw_date
        elif raw_date:
            date = _dt.date.fromisoformat(str(raw_date)[:10])
        else:
            date = None
        index = low.get("series_index")
        sources = str(low.get("source") or "")
        return cls(
            title=str(low.get("title") or ""),
            date=date,
            slug=str(low.get("slug") or ""),
            body=body,
            series=str(low["series"]) if low.get("series") else None,
            series_index=int(str(index)) if index not in (None, "") else None,
            sources=[SourceRef.parse(s) for s in sources.split(";") if s.strip()],
            date_status=str(low.get("date_status") or "uncertain"),  # type: ignore[arg-type]
            title_status=str(low.get("title_status") or "dump"),  # type: ignore[arg-type]
            original=str(low["original"]) if low.get("original") else None,
            truncated=str(low.get("truncated", "true")).lower() != "false",
        )


def original_url(archive_id: int) -> str:
    """The blog's URL of a post, from its numeric id."""
    return f"{BLOG_URL}/archives/{archive_id}"
