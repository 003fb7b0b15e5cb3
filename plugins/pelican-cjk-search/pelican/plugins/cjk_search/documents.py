"""What the search index knows about one post, taken from a Pelican article.

The index never sees Pelican objects: :func:`document_from_article` reads the
metadata every Pelican site has (title, date) and the series keys of the
series plugins (``series``, ``series_index``) when a post carries them, and
turns the rendered HTML into plain text once, here.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from html import unescape

_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")
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
#: A formula as arithmatex writes it: its TeX is text (``<`` escaped), so no tag nests in it.
_MATH = re.compile(
    rf"<(span|div)\b[^>]*\bclass=\"[^\"]*\barithmatex\b[^\"]*\"{_ATTRS}>.*?</\1\s*>", re.S | re.I
)
#: A footnote's way back to its reference (``↩``): a link, not text a snippet should show.
_BACKREF = re.compile(rf"<a\b[^>]*\bclass=\"footnote-backref\"{_ATTRS}>.*?</a\s*>", re.S | re.I)
#: A section heading with the id Markdown's toc extension (or the theme) gave it.
_HEADING = re.compile(rf"<h([2-4])\b[^>]*?\bid=\"([^\"]*)\"{_ATTRS}>(.*?)</h\1\s*>", re.S | re.I)
#: What a snippet shows where a formula was: the reader sees that something is left out.
FORMULA_MARK = "⋯"
_AROUND_MARK = re.compile(rf"\s*{FORMULA_MARK}\s*")


@dataclass(frozen=True)
class SearchDocument:
    """One post as the index stores it; ``url`` is relative to the site root."""

    url: str
    title: str
    date: str
    series: str | None
    part: int | None
    #: The whole post as plain text (formulas' variables included): the body postings.
    text: str
    #: ``(heading id, heading, text without formulas)`` per section, the part before
    #: the first heading first (id and heading ""); empty means one section of ``text``.
    sections: tuple[tuple[str, str, str], ...] = ()
    #: ``(anchor, text without formulas)`` per comment: the comment postings and snippets.
    comments: tuple[tuple[str, str], ...] = ()
    #: The post's tags and category, shown in results when the site asks for them.
    tags: tuple[str, ...] = ()
    category: str | None = None

    def section_rows(self) -> list[list[str]]:
        """The sections as the index stores them (one of ``text`` when none were given)."""
        return [list(s) for s in self.sections] or [["", "", self.text]]

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
    # split() breaks at exactly the characters ``\s`` matches, and drops them at both ends.
    return " ".join(_TEX_COMMAND.sub(" ", unescape(text)).split())


def readable_text(html: str) -> str:
    """Plain text with every formula replaced by :data:`FORMULA_MARK`: what snippets show.

    Snippets of a math blog were full of TeX debris (``{equation} {x}_t = { {F}}_t(``);
    a formula's variables stay searchable through :attr:`SearchDocument.text`.
    """
    html = _MATH.sub(f" {FORMULA_MARK} ", _BACKREF.sub("", html or ""))
    return _AROUND_MARK.sub(FORMULA_MARK, plain_text(html))


def split_sections(html: str) -> tuple[tuple[str, str, str], ...]:
    """``(heading id, heading text, section text)`` for the part before the first
    ``h2``-``h4`` heading and each heading's section, as :func:`readable_text`.

    A result links to the section its snippet comes from, by the id the page's
    heading carries; a heading without an id stays inside the section before it.
    """
    sections = []
    anchor, heading, start = "", "", 0
    for match in _HEADING.finditer(html or ""):
        sections.append((anchor, heading, readable_text(html[start : match.start()])))
        anchor, heading, start = unescape(match[2]), readable_text(match[3]), match.end()
    sections.append((anchor, heading, readable_text((html or "")[start:])))
    return tuple(s for s in sections if s[1] or s[2])


def comment_texts(article) -> tuple[tuple[str, str], ...]:
    """``(anchor, text)`` of each of the article's comments (plugins/comments), in page order."""
    return tuple(
        (node.anchor, readable_text(node.body_html))
        for node in getattr(article, "comment_list", None) or ()
    )


def site_relative_url(url: str) -> str:
    """A post URL relative to the site root, the only URL form the index stores.

    The browser resolves it against the root the page was served from, so a
    site deployed under a sub-path (``/archive/``) still links correctly.
    """
    return url.lstrip("/")


def _iso_date(value: object) -> str:
    """``YYYY-MM-DD`` of a Pelican date (a datetime) or of a date string; "" for none."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)[:10] if value else ""


def _part(value: object) -> int | None:
    """A series part number, or None where a post gives none (or not a number)."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def document_from_article(article) -> SearchDocument:
    """The search's view of one Pelican article; series fields only where the post has them."""
    meta = {str(key).lower(): value for key, value in article.metadata.items()}
    series = meta.get("series")
    return SearchDocument(
        url=site_relative_url(article.url),
        title=str(meta.get("title") or getattr(article, "title", "")),
        date=_iso_date(meta.get("date") or getattr(article, "date", None)),
        series=str(series) if series else None,
        part=_part(meta.get("series_index")) if series else None,
        text=plain_text(article.content),
        sections=split_sections(article.content),
        comments=comment_texts(article),
        # "Truncated: true" marks a listing excerpt (the archive's scraper writes it)
        truncated=str(meta.get("truncated", "")).strip().lower() == "true",
        tags=tuple(str(tag) for tag in getattr(article, "tags", None) or ()),
        category=str(getattr(article, "category", "") or "") or None,
    )
