"""Link archived posts to each other: ``《title》`` citations and blog URLs; 被引用 lists.

The blog cites its own posts by title in ``《…》``, and the listing-page dumps lost
the links.  After all posts are read, this plugin rewrites each post's rendered
HTML: a ``《…》`` whose title matches an archived post (compared with
:func:`kexue_archive.titles.normalize_title`, because the dumps changed the
punctuation) becomes ``《<a href=…>…</a>》``.  Only text nodes are touched: never
a tag or an attribute, never math (``.arithmatex``), code, or an existing link.
A link whose address is a post on the blog (``kexue.fm/archives/N`` or
``spaces.ac.cn/archives/N``) of an archived post is pointed at that post's page
(:func:`link_archive_urls`), its fragment kept.  Each post gets ``article.cited_by``
(the posts that cite or link it, newest first) and ``article.cites`` (the posts it
cites or links, in order of appearance).
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from pelican import signals

from kexue_archive.headings import heading_id
from kexue_archive.model import Post
from kexue_archive.rendered_html import MATH_CLASS, TAG, TAG_NAME, VOID_ELEMENTS, tag_classes
from kexue_archive.titles import normalize_title

log = logging.getLogger(__name__)

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    # Class of the ``<a>`` put around a linked title.
    "CITATIONS_LINK_CLASS": "citation",
    # Elements whose text is never rewritten (besides any element of class arithmatex).
    "CITATIONS_SKIP_TAGS": ("a", "code", "pre", "script", "style", "kbd", "samp"),
}

#: Python-Markdown output: a tag (its attributes escape ``<`` and ``>``) or a comment.
_CITATION = re.compile(r"《([^《》<>]{1,200})》")

#: A post's address on the blog, on either of its hosts, http or https, with or without
#: ``www.`` and a trailing slash; group 1 is the post id, group 2 the fragment (``#…``).
BLOG_POST_URL = re.compile(
    r"https?://(?:www\.)?(?:kexue\.fm|spaces\.ac\.cn)/archives/(\d+)/?(#.*)?", re.IGNORECASE
)
#: An ``<a>`` start tag's ``href`` as Python-Markdown writes it (double quotes, escaped).
_A_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")', re.IGNORECASE)


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


def link_citations(
    content: str,
    resolve: Callable[[str], str | None],
    link_class: str = DEFAULTS["CITATIONS_LINK_CLASS"],
    skip_tags: tuple[str, ...] = DEFAULTS["CITATIONS_SKIP_TAGS"],
) -> tuple[str, list[str]]:
    """Link every resolvable ``《title》`` in the text nodes of ``content``.

    ``resolve`` maps a cited title (unescaped text) to an href, or ``None`` when
    the title is not in the archive.  Returns the new HTML and the titles linked,
    in order.  Text inside a skipped element or a math element is kept as is.
    """
    linked: list[str] = []
    if "《" not in content:  # no title cited: the walk below would change nothing
        return content, linked
    pieces = _TAG_SPLIT.split(content)  # text, tag, text, ..., text
    # The walk ends at the last text that holds a 《: nothing after it can change.
    last = len(pieces) - 1
    while "《" not in pieces[last]:
        last -= 1
    last -= last % 2
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, opens a protected region)
    protected = 0
    for at in range(0, last, 2):
        text, tag = pieces[at], pieces[at + 1]
        if protected or "《" not in text:
            out.append(text)
        else:
            out.append(_link_text(text, resolve, link_class, linked))
        out.append(tag)
        kind = _tag_kind(tag, skip_tags)
        if kind is None:
            continue  # comment, doctype, void element
        name, opens = kind
        if opens is None:
            if stack and stack[-1][0] == name:  # the usual case: the element opened last
                protected -= stack.pop()[1]
                continue
            # Pop to the matching opener (tolerates unclosed <p> and the like).
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    protected -= sum(1 for _, p in stack[i:] if p)
                    del stack[i:]
                    break
        else:
            stack.append((name, opens))
            protected += opens
    text = pieces[last]
    out.append(text if protected else _link_text(text, resolve, link_class, linked))
    out.extend(pieces[last + 1 :])
    return "".join(out), linked


#: :data:`TAG` as a separator: splitting keeps the tags, between the texts around them.
_TAG_SPLIT = re.compile(f"({TAG.pattern})", TAG.flags)


@functools.lru_cache(maxsize=4096)
def _tag_kind(tag: str, skip_tags: tuple[str, ...]) -> tuple[str, bool | None] | None:
    """What one tag does to the walk of :func:`link_citations`, read once per distinct tag
    (a post repeats its ``<p>`` and formula spans hundreds of times).

    ``(name, None)`` closes an element; ``(name, opens)`` opens one, ``opens`` telling
    whether its text is protected; ``None``: a comment, a doctype or an element without
    content, which the walk passes over.
    """
    name_match = TAG_NAME.match(tag)
    if not name_match:
        return None
    closing, name = name_match.group(1) == "/", name_match.group(2).lower()
    if closing:
        return name, None
    if name in VOID_ELEMENTS or tag.endswith("/>"):
        return None
    return name, name in skip_tags or MATH_CLASS in tag_classes(tag)


def _link_text(
    text: str, resolve: Callable[[str], str | None], link_class: str, linked: list[str]
) -> str:
    """Rewrite one HTML text node (entities still escaped)."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        href = resolve(html.unescape(inner))
        if href is None:
            return match.group(0)
        linked.append(html.unescape(inner))
        return f'《<a class="{html.escape(link_class)}" href="{html.escape(href)}">{inner}</a>》'

    return _CITATION.sub(replace, text) if "《" in text else text


def link_archive_urls(
    content: str,
    resolve: Callable[[int], str | None],
    has_anchor: Callable[[int, str], bool] | None = None,
) -> tuple[str, list[int]]:
    """Point every link to a blog post that ``resolve`` knows at the archived page.

    ``resolve`` maps a blog post id to an href (``None``: not archived, the link stays).
    The fragment is kept; a heading anchor of the blog (its heading's text, spaces and
    all) becomes the archive's id for that heading (:func:`heading_id`).  When
    ``has_anchor(id, anchor)`` says the archived page has no such element (an excerpt
    lacks most of the post's headings), the link goes to the page's top instead of to
    nowhere.  Returns the new HTML and the ids linked, in order.
    """
    linked: list[int] = []

    def replace(match: re.Match[str]) -> str:
        url = BLOG_POST_URL.fullmatch(html.unescape(match.group(2)).strip())
        href = resolve(int(url.group(1))) if url else None
        if url is None or href is None:
            return match.group(0)
        linked.append(int(url.group(1)))
        fragment = _fragment(url.group(2) or "")
        target = int(url.group(1))
        if fragment and has_anchor is not None and not has_anchor(target, unquote(fragment[1:])):
            fragment = ""
        return match.group(1) + html.escape(href + fragment) + match.group(3)

    return _A_HREF.sub(replace, content), linked


def _fragment(fragment: str) -> str:
    """A blog URL's fragment as it names the same place in the archive."""
    name = unquote(fragment[1:])
    anchor = heading_id(name)
    return fragment if not fragment or anchor == name else "#" + quote(anchor)


_ELEMENT_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


def element_ids(content: str) -> frozenset[str]:
    """The ids of the elements of rendered HTML (attribute values unescaped)."""
    return frozenset(html.unescape(a or b) for a, b in _ELEMENT_ID.findall(content))


def build_archive_id_index(articles: list[Any]) -> dict[int, Any]:
    """Blog post id (from ``Original``) -> post, for the posts whose original is known."""
    index: dict[int, Any] = {}
    for article in articles:
        archive_id = Post.from_metadata(article.metadata).archive_id
        if archive_id is not None:
            index.setdefault(archive_id, article)
    return index


def content_link(target: Any) -> str:
    """The href of another post, as Pelican resolves it per page (relative or absolute)."""
    return "{filename}/" + target.relative_source_path


def build_title_index(articles: list[Any]) -> dict[str, Any]:
    """Normalized title -> post; a title shared by two posts links to neither."""
    index: dict[str, Any] = {}
    ambiguous: set[str] = set()
    for article in articles:
        key = normalize_title(str(article.title))
        if key in index and index[key] is not article:
            ambiguous.add(key)
        index[key] = article
    for key in sorted(ambiguous):
        log.warning("citations: title %r is shared by several posts; not linked", key)
        del index[key]
    return index


def _on_articles_ready(generator: Any) -> None:
    articles = list(generator.articles)
    index = build_title_index(articles)
    by_id = build_archive_id_index(articles)
    link_class = setting(generator.settings, "CITATIONS_LINK_CLASS")
    skip_tags = tuple(setting(generator.settings, "CITATIONS_SKIP_TAGS"))
    for article in articles:
        article.cites = []
        article.cited_by = []
    ids: dict[int, frozenset[str]] = {}

    def has_anchor(archive_id: int, anchor: str) -> bool:
        if archive_id not in ids:
            ids[archive_id] = element_ids(by_id[archive_id]._content)
        return anchor in ids[archive_id]

    for article in articles:
        found: list[Any] = []

        def resolve(title: str, citing: Any = article, found: list[Any] = found) -> str | None:
            target = index.get(normalize_title(title))
            if target is None or target is citing:
                return None
            if target not in found:
                found.append(target)
            # Pelican turns ``{filename}`` into a URL relative to each page it is shown on.
            return content_link(target)

        def resolve_id(
            archive_id: int, citing: Any = article, found: list[Any] = found
        ) -> str | None:
            target = by_id.get(archive_id)
            if target is None:
                return None
            if target is not citing and target not in found:
                found.append(target)
            return content_link(target)

        article._content, _ = link_citations(article._content, resolve, link_class, skip_tags)
        article._content, _ = link_archive_urls(article._content, resolve_id, has_anchor)
        article.cites = found
        for target in found:
            target.cited_by.append(article)
    for article in articles:
        article.cited_by.sort(key=lambda a: (a.date, a.slug), reverse=True)


def register() -> None:
    signals.article_generator_finalized.connect(_on_articles_ready)
