"""Saved HTML pages of the blog: listing pages and single post pages, read by structure.

The blog runs Typecho.  Each post on a page has a ``div.PostHead`` (date
badge, the title in an ``h1`` on a post page or an ``h2`` linking to
``/archives/N`` on a listing page, and on post pages a by-line with the full
date) followed by a ``div.PostContent``.  A listing's excerpt ends in a
``阅读全文`` link; a post page holds the whole post.  A browser's "save page"
keeps MathJax 2's ``<script type="math/tex">`` sources next to the rendered
formulas: the sources are the math, the rendering is dropped.

A listing's posts become excerpt blocks here.  A post page (one ``PostHead``
with an ``h1``) keeps its structure: :mod:`kexue_archive.saves.html_page`
writes its body as Markdown and reads its tags, categories and comments.

Dates and ids read from the HTML are stated by the page (not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kexue_archive.dumps.entry import Block, Entry, EntryFormat
from kexue_archive.dumps.excerpt import build_blocks
from kexue_archive.dumps.format_a import MONTHS, EntryError, is_possible_day
from kexue_archive.dumps.stated_date import DateError, stated_date
from kexue_archive.model import SourceRef
from kexue_archive.quoting import quote_excerpt
from kexue_archive.report import Rejection

ARCHIVE_LINK = re.compile(r"/archives/(\d+)")
FULL_DATE = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})(?!\d)")
DAY_MONTH = re.compile(
    r"(?<!\d)(\d{1,2})\s*([A-Za-z]{3,9})\b|\b([A-Za-z]{3,9})\.?\s*(\d{1,2})(?!\d)"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")
READ_MORE_TEXT = "阅读全文"

_DROP = ("style", "noscript", "iframe", "svg", "button", "form", "input", "nav")
#: Classes of MathJax 2's rendering (and of MathJax 3's elements): what a reader sees, not the TeX.
RENDERED_MATH_CLASS = re.compile(r"^(MathJax|mjx-|MJX)")
_BLOCK_TAGS = {
    "p", "div", "li", "blockquote", "pre", "figure", "table", "tr", "section",
    "ul", "ol", "dl", "dd", "dt", "center", "article",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def classes_of(tag: Tag) -> list[str]:
    """The ``class`` attribute as a list, however the parser stored it."""
    value = tag.get("class")
    if isinstance(value, str):
        return value.split()
    return list(value or [])


def has_class(name: str) -> object:
    """A ``find_all`` filter: tags carrying the class ``name``."""
    return lambda tag: isinstance(tag, Tag) and name in classes_of(tag)


def parse_html(text: str, path: str) -> tuple[list[Entry], list[Rejection]]:
    """Entries of a saved page and the posts on it that could not be read."""
    soup = BeautifulSoup(text, "html.parser")
    page_url = _page_url(soup)
    post_head = _post_page_head(soup)
    if post_head is not None:
        return _post_page(soup, post_head, path, page_url)
    _prepare(soup)
    heads = soup.find_all(has_class("PostHead"))
    entries: list[Entry] = []
    rejections: list[Rejection] = []
    if not heads:
        return [], [Rejection(path, 0, "HTML page without any post (no div.PostHead)")]
    for number, head in enumerate(heads, start=1):
        following = heads[number] if number < len(heads) else None
        source = SourceRef(path=path, entry=number, line=head.sourceline or 0)
        try:
            entries.append(_entry(head, following, source, page_url, single=len(heads) == 1))
        except EntryError as error:
            rejections.append(Rejection(path, error.line, error.reason, entry=number))
    return entries, rejections


def _post_page_head(soup: BeautifulSoup) -> Tag | None:
    """The head of a single post page (one ``PostHead``, its title an ``h1``), else ``None``."""
    heads = soup.find_all(has_class("PostHead"), limit=2)
    if len(heads) != 1:
        return None
    title_tag = heads[0].find(["h1", "h2", "h3"])
    return heads[0] if isinstance(title_tag, Tag) and title_tag.name == "h1" else None


def _post_page(
    soup: BeautifulSoup, head: Tag, path: str, page_url: str
) -> tuple[list[Entry], list[Rejection]]:
    """The one entry of a saved post page: the whole post with its structure, tags, comments.

    Read from the page as saved (before any chrome is dropped), so
    :mod:`kexue_archive.saves.html_page` sees the MathJax sources and the
    markup around them.
    """
    from kexue_archive.saves.html_page import read_post_page  # only post pages need it

    source = SourceRef(path=path, entry=1, line=head.sourceline or 0)
    title_tag = head.find("h1")
    assert isinstance(title_tag, Tag)
    title = " ".join(title_tag.get_text(" ").split())
    archive_id = _archive_id(title_tag)
    if archive_id is None:
        m = ARCHIVE_LINK.search(page_url)
        archive_id = int(m.group(1)) if m else None
    content = head.find_next(has_class("PostContent"))
    page = read_post_page(soup, content if isinstance(content, Tag) else None, page_url)
    title_tag.decompose()  # a date in the title is not the post's date
    try:
        year, month, day = _date(head, source.line)
    except EntryError as error:
        return [], [Rejection(path, error.line, error.reason, entry=1)]
    if not title and not page.blocks:
        return [], [Rejection(path, source.line, "post page without a title or text", entry=1)]
    entry = Entry(
        source=source,
        format="html-post",
        day=day,
        month=month,
        year=year,
        title=title or None,
        blocks=page.blocks,
        truncated=False,
        archive_id=archive_id,
        page=page.extras,
    )
    entry.markdown = page.markdown
    return [entry], []


def _page_url(soup: BeautifulSoup) -> str:
    """The URL the page was saved from (canonical link, og:url, or the browser's note)."""
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag) and link.get("href"):
        return str(link["href"])
    meta = soup.find("meta", property="og:url")
    if isinstance(meta, Tag) and meta.get("content"):
        return str(meta["content"])
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        m = SAVED_FROM.search(str(comment))
        if m:
            return m.group(1)
    return ""


def _prepare(soup: BeautifulSoup) -> None:
    """Drop chrome and rendered math; turn MathJax 2 sources back into TeX text."""
    for tag in soup.find_all("script"):
        kind = str(tag.get("type", ""))
        if kind.startswith("math/tex"):
            tex = tag.get_text()
            if "mode=display" in kind:
                tag.replace_with(NavigableString(f"\n{display_math_text(tex)}\n"))
            else:
                tag.replace_with(NavigableString(f"${tex}$"))
        else:
            tag.decompose()
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(lambda t: any(RENDERED_MATH_CLASS.match(c) for c in classes_of(t))):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(lambda t: t.name.startswith("mjx-")):
        if not tag.decomposed:
            tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()


def display_math_text(tex: str) -> str:
    """A display formula as excerpt text: an environment as it is, other TeX in ``$$``.

    Text dumps show display math this way, so entries of saved HTML match them.
    """
    tex = tex.strip()
    return tex if tex.startswith("\\begin{") else f"$${tex}$$"


def _entry(
    head: Tag, following: Tag | None, source: SourceRef, page_url: str, *, single: bool
) -> Entry:
    title_tag = head.find(["h1", "h2", "h3"])
    title = " ".join(title_tag.get_text(" ").split()) if isinstance(title_tag, Tag) else ""
    archive_id = _archive_id(title_tag if isinstance(title_tag, Tag) else head)
    is_post_page = isinstance(title_tag, Tag) and title_tag.name == "h1"
    if archive_id is None and is_post_page and single:
        m = ARCHIVE_LINK.search(page_url)
        archive_id = int(m.group(1)) if m else None
    if isinstance(title_tag, Tag):
        title_tag.decompose()  # a date in the title is not the post's date
    year, month, day = _date(head, source.line)
    content = head.find_next(has_class("PostContent"))
    if isinstance(content, Tag) and following is not None and _pos(content) > _pos(following):
        content = None  # that content belongs to the next post: this one has none
    truncated = not is_post_page
    blocks: list[Block] = []
    if isinstance(content, Tag):
        more = [a for a in content.find_all("a") if READ_MORE_TEXT in a.get_text()]
        for link in more:
            link.decompose()
        truncated = truncated or bool(more)
        blocks = _blocks(content)
    if not title and not blocks:
        raise EntryError(source.line, "post without a title or text")
    fmt: EntryFormat = "html-post" if is_post_page else "html-listing"
    return Entry(
        source=source,
        format=fmt,
        day=day,
        month=month,
        year=year,
        title=title or None,
        blocks=blocks,
        truncated=truncated,
        archive_id=archive_id,
    )


def _pos(tag: Tag) -> tuple[int, int]:
    return (tag.sourceline or 0, tag.sourcepos or 0)


def _archive_id(tag: Tag) -> int | None:
    for link in tag.find_all("a", href=True) if tag.name != "a" else [tag]:
        m = ARCHIVE_LINK.search(str(link["href"]))
        if m:
            return int(m.group(1))
    return None


def _date(head: Tag, line: int) -> tuple[int | None, int | None, int | None]:
    """``(year, month, day)`` as the head states them: a by-line date or a badge."""
    texts = [head.get_text(" ")]
    texts += [str(t.get("datetime", "")) for t in head.find_all("time")]
    for text in texts:
        m = FULL_DATE.search(text)
        if m:
            year, month, day = (int(g) for g in m.groups())
            try:
                stated_date(year, month, day)
            except DateError as error:
                raise EntryError(line, str(error)) from None
            return year, month, day
    badge = head.find(lambda t: any("date" in c.lower() for c in classes_of(t)))
    if not isinstance(badge, Tag):
        return None, None, None
    text = " ".join(badge.get_text(" ").split())
    for m in DAY_MONTH.finditer(text):
        day_s, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = MONTHS.get(name.lower()[:3])
        if month is None:
            continue
        day = int(day_s)
        if not is_possible_day(day, month):
            raise EntryError(line, f"impossible date {quote_excerpt(text)}")
        y = YEAR.search(text)
        year = int(y.group(1)) if y else None
        if year is not None:
            try:
                stated_date(year, month, day)
            except DateError as error:
                raise EntryError(line, f"{error} ({quote_excerpt(text)})") from None
        return year, month, day
    return None, None, None


def _blocks(content: Tag) -> list[Block]:
    """Blocks of a ``PostContent``: headings from tags, paragraphs through build_blocks."""
    blocks: list[Block] = []
    for kind, text in _walk(content):
        if kind == "heading":
            line = " ".join(text.split())
            if line:
                blocks.append(Block("heading", line))
        elif kind == "caption":
            line = " ".join(text.split())
            if line:
                blocks.append(Block("caption", line))
        else:
            lines = [ln.strip() for ln in text.split("\n")]
            lines = [ln for ln in lines if ln]
            if lines:
                blocks += build_blocks([lines], one_line_paragraphs=False, detect_headings=False)
    return blocks


def _walk(node: Tag) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` per paragraph in document order; inline runs become paragraphs.

    Iterative (a stack of child iterators), so deeply nested markup cannot
    exhaust Python's recursion limit.
    """
    run: list[str] = []
    stack = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if "".join(run).strip():
                yield "text", "".join(run)
            run = []
            continue
        if isinstance(child, NavigableString):
            run.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            run.append("\n")
        elif name == "img":
            continue
        elif name in _HEADINGS or name == "figcaption" or name in _BLOCK_TAGS:
            if "".join(run).strip():
                yield "text", "".join(run)
            run = []
            if name in _HEADINGS:
                yield "heading", child.get_text(" ")
            elif name == "figcaption":
                yield "caption", child.get_text(" ")
            elif name == "pre":
                yield "text", child.get_text()
            else:
                stack.append(iter(child.children))
        else:
            run.append(_inline_text(child))


def _inline_text(tag: Tag) -> str:
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts)
