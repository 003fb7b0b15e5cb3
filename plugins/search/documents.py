"""What the search index knows about one post, taken from a Pelican article.

The index never sees Pelican objects: :func:`document_from_article` reads the
shared metadata through :meth:`kexue_archive.model.Post.from_metadata` and
turns the rendered HTML into plain text once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kexue_archive.model import Post

_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")
_SPACE = re.compile(r"\s+")
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})


@dataclass(frozen=True)
class SearchDocument:
    """One post as the index stores it; ``url`` is relative to the site root."""

    url: str
    title: str
    date: str
    series: str | None
    part: int | None
    text: str


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag in {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "td"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Visible text of rendered HTML, TeX control words dropped, spaces collapsed.

    TeX commands (``\\boldsymbol``, ``\\Vert``) would otherwise be the most
    frequent "words" of a math blog and fill snippets with noise; the
    variables and numbers around them stay searchable.
    """
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    text = _TEX_COMMAND.sub(" ", "".join(extractor.parts))
    return _SPACE.sub(" ", text).strip()


def site_relative_url(url: str) -> str:
    """A post URL relative to the site root, the only URL form the index stores.

    The browser resolves it against the root the page was served from, so a
    site deployed under a sub-path (``/archive/``) still links correctly.
    """
    return url.lstrip("/")


def document_from_article(article) -> SearchDocument:
    post = Post.from_metadata(article.metadata)
    return SearchDocument(
        url=site_relative_url(article.url),
        title=post.title or str(getattr(article, "title", "")),
        date=post.date.isoformat() if post.date else "",
        series=post.series,
        part=post.series_index,
        text=plain_text(article.content),
    )
