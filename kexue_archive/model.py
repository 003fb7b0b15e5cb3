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
#: ``exact``: the save kept the TeX with its delimiters; ``recovered``: the page was saved
#: while MathJax was rendering and the scraper put the delimiters back.
MathStatus = Literal["exact", "recovered"]

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
    "Tags",
    "Category",
    "Categories",
    "Math_status",
    "Comment_count",
)

#: Separator of list values (``Tags: a, b``), as Pelican splits them.
LIST_SEPARATOR = ", "
#: Sidecar file of a post's archived comments, next to ``<slug>.md`` in ``content/``:
#: kept out of the body so comments enter neither the post text nor its search body.
COMMENTS_SUFFIX = ".comments.json"

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


@dataclass(frozen=True)
class Comment:
    """One reader comment of a post, as the saved page showed it.

    ``body`` is Markdown under the same rules as a post body (literal text
    escaped, math byte-exact), so the site renders it with the post's Markdown
    and the same TeX guard.  ``id`` is the blog's comment number
    (``#comment-27910``) when the save shows it; ``parent`` is the id of the
    comment it replies to, ``None`` for a top-level comment.
    """

    author: str
    date: str
    body: str
    id: int | None = None
    parent: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "author": self.author,
            "date": self.date,
            "body": self.body,
            "id": self.id,
            "parent": self.parent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Comment:
        def number(value: object) -> int | None:
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        return cls(
            author=str(data.get("author") or ""),
            date=str(data.get("date") or ""),
            body=str(data.get("body") or ""),
            id=number(data.get("id")),
            parent=number(data.get("parent")),
        )


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
    tags: list[str] = field(default_factory=list)
    #: every category the blog gave the post; Pelican's ``Category`` is the first
    categories: list[str] = field(default_factory=list)
    math_status: MathStatus = "exact"
    #: the comments the save holds (the blog paginates them: maybe fewer than it counted)
    comments: list[Comment] = field(default_factory=list)
    #: how many comments the blog said the post had (``[N 评论]``), when a save said
    comment_count: int | None = None

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
        if self.tags:
            meta["Tags"] = LIST_SEPARATOR.join(self.tags)
        if self.categories:
            meta["Category"] = self.categories[0]
            if len(self.categories) > 1:
                meta["Categories"] = LIST_SEPARATOR.join(self.categories)
        if self.math_status != "exact":
            meta["Math_status"] = self.math_status
        if self.comment_count is not None:
            meta["Comment_count"] = str(self.comment_count)
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
        categories = _names(low.get("categories")) or _names(low.get("category"))
        count = str(low.get("comment_count") or "")
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
            tags=_names(low.get("tags")),
            categories=categories,
            math_status="recovered" if low.get("math_status") == "recovered" else "exact",
            comment_count=int(count) if count.isdigit() else None,
        )


def _names(value: object) -> list[str]:
    """A list value as Pelican hands it over (Tag/Category objects, a list, or ``a, b``)."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [name for item in items if (name := str(item).strip())]


def original_url(archive_id: int) -> str:
    """The blog's URL of a post, from its numeric id."""
    return f"{BLOG_URL}/archives/{archive_id}"
