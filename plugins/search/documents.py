"""What the search index knows about one post, taken from a Pelican article.

The index never sees Pelican objects: :func:`document_from_article` reads the
shared metadata through :meth:`kexue_archive.model.Post.from_metadata` and
turns the rendered HTML into plain text once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from kexue_archive.model import Post

_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")
_SPACE = re.compile(r"\s+")
#: A tag's attributes, read as HTML does: quoted values may hold ">" and "<"
#: (a theme's ``<meta content="…">``), and ``<b <i>`` is one tag.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
#: Comments, declarations (``<!DOCTYPE html>``), processing instructions, and
#: elements whose content is not visible text (to their end tag, or to the end
#: of an unclosed one).
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<![A-Za-z][^<>]*>|<\?[^<>]*>"
    rf"|<(script|style|template|noscript)\b{_ATTRS}>.*?(?:</\1\s*>|\Z)",
    re.S | re.I,
)
#: Start tags that separate words: a space stands in for them.
_BREAK = re.compile(rf"<(?:p|br|div|li|h[1-4]|td)\b{_ATTRS}>", re.I)
_TAG = re.compile(rf"</?[A-Za-z]{_ATTRS}>")


@dataclass(frozen=True)
class SearchDocument:
    """One post as the index stores it; ``url`` is relative to the site root."""

    url: str
    title: str
    date: str
    series: str | None
    part: int | None
    text: str
    #: only a listing page's excerpt, not the whole post (results say so)
    truncated: bool = False


def plain_text(html: str) -> str:
    """Visible text of rendered HTML, TeX control words dropped, spaces collapsed.

    TeX commands (``\\boldsymbol``, ``\\Vert``) would otherwise be the most
    frequent "words" of a math blog and fill snippets with noise; the
    variables and numbers around them stay searchable.  Regular expressions,
    not an HTML parser: the input is Python-Markdown's well-formed output, and
    :class:`html.parser.HTMLParser` took a fifth of the search index build
    (2 of 10 CPU s at 10,000 posts).  The tests hold it to an HTMLParser
    reference on awkward markup and on whole built pages.
    """
    text = _TAG.sub("", _BREAK.sub(" ", _HIDDEN.sub("", html or "")))
    return _SPACE.sub(" ", _TEX_COMMAND.sub(" ", unescape(text))).strip()


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
        truncated=post.truncated,
    )
