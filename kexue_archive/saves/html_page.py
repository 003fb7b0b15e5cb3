"""A saved HTML post page of the blog as the archive keeps it: body, tags, comments.

A browser's "save page" of a kexue.fm post holds the post's Typecho markup
(with MathJax 2's sources next to the rendered formulas), its 分类/标签
line, the blog's comment count, the comments of the saved comment page, and
the page around them (sidebar, notes after the post, reward and citation
blocks, related posts, comment form, footer).  :func:`read_post_page` keeps
the post and its comments, as Markdown written by
:class:`~kexue_archive.saves.html_markdown.HtmlMarkdown`, and counts the
chrome it leaves out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, PageElement, Tag

from kexue_archive.dumps.entry import Block, PageExtras
from kexue_archive.dumps.format_a import MONTHS
from kexue_archive.dumps.html import FULL_DATE, classes_of, has_class
from kexue_archive.model import BLOG_URL, Comment
from kexue_archive.saves.html_markdown import BLOCK_ELEMENTS, HtmlMarkdown, collapse, count_active

#: Page chrome inside or next to the post, by class or id.
_CHROME_NAME = re.compile(
    r"(?i)^(?:reward|dashang|pay|share|cite|citation|bibtex|related(?:[-_]?posts?)?"
    r"|post-?nav(?:igation)?|nav|menu|footer|respond(?:-post-\d+)?|comment-?form|sidebar"
    r"|widget|copyright|licen[cs]e)$"
)
#: The blog's notes after a post (转载, FAQ, 打赏, citation): the post ends where one starts.
_CHROME_OPENINGS = (
    "转载到请包括本文地址",
    "更详细的转载事宜请参考",
    "如果您还有什么疑惑或建议",
    "如果您觉得本文还不错",
    "如果您需要引用本文",
)
_COMMENT_ID = re.compile(r"^(?:li-)?comment-(\d+)$")
_COMMENT_PART = {
    "author": re.compile(r"(?i)^(?:fn|comment-author|comment-name|author|comment_author)$"),
    "meta": re.compile(r"(?i)^(?:comment-meta|comment-time|comment-date|commentmetadata)$"),
    "content": re.compile(r"(?i)^(?:comment-content|comment-text|comment_text|comment-body-text)$"),
    "reply": re.compile(r"(?i)^(?:comment-reply|reply|comment-reply-link)$"),
    "children": re.compile(r"(?i)^(?:comment-children|children)$"),
}
_REPLY_TEXTS = ("回复", "回复评论", "Reply", "reply")
_BYLINE_WORD = r"(?:发表于|说[:：]?|says:?)"
_AUTHOR_SUFFIX = re.compile(rf"\s*{_BYLINE_WORD}\s*$")
_BYLINE_ONLY = re.compile(rf"^\s*{_BYLINE_WORD}\s*$")
#: The blog's count: ``63 评论`` (kexue.fm), ``已有 63 条评论`` (Typecho's default theme).
_COUNT_TEXT = re.compile(
    r"^\s*(?:已有|共)?\s*(\d+)\s*(?:条)?\s*(?:评论|comments?)\s*$", re.IGNORECASE
)
#: The label right before the links (``分类：``, `` | 标签：``): the text node ends with it.
_TAXONOMY_LABEL = re.compile(r"(?:^|[\s|,，;；])(分类|标签)\s*[:：]\s*$")
_TAXONOMY_LINK = {"分类": "/category/", "标签": "/tag/"}
_ENGLISH_DATE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


@dataclass
class PostPage:
    """What :func:`read_post_page` read: the Entry's body in both forms and its extras."""

    markdown: str
    blocks: list[Block]
    extras: PageExtras


def read_post_page(soup: BeautifulSoup, content: Tag | None, page_url: str) -> PostPage:
    """Body, tags, categories and comments of a saved post page.

    ``content`` is the post's ``PostContent`` (``None``: the save has no body,
    which still makes a post).  The page is changed: the chrome in the body is
    taken out of it.
    """
    base = page_url if urlsplit(page_url).scheme in ("http", "https") else BLOG_URL + "/"
    counts: Counter[str] = Counter()
    notes: list[str] = []
    chrome = _cut_chrome(content) if content is not None else 0
    comment_tags = _comment_tags(soup)
    taxonomy, lines = _taxonomy(soup)
    comment_count = _comment_count(soup)
    chrome += _page_chrome(soup, content, comment_tags)
    for line in lines:  # a theme may put the 分类/标签 line inside the post: not its text
        if content is not None and not line.decomposed and content in line.parents:
            line.decompose()
            chrome += 1
    markdown, blocks = "", []
    if content is not None:
        count_active(content, counts)
        converter = HtmlMarkdown(base, counts, notes)
        converter.skip |= {id(tag) for tag, _, _ in comment_tags}  # never part of the body
        markdown, blocks = converter.document(content)
    comments = []
    for tag, number, parent in comment_tags:
        if tag.decomposed:  # a comment marker the body dropped with its heading anchor
            continue
        if parent is None:  # (a reply is counted with the comment it is in)
            count_active(tag, counts)
        converter = HtmlMarkdown(base, counts, notes)
        converter.skip |= {id(chrome_tag) for chrome_tag in tag.find_all(_is_chrome)}
        comments.append(_comment(tag, number, parent, converter))
    neutralised = [f"{n} {what} dropped" for what, n in sorted(counts.items())] + notes
    return PostPage(
        markdown=markdown,
        blocks=blocks,
        extras=PageExtras(
            tags=taxonomy["标签"],
            categories=taxonomy["分类"],
            comments=tuple(comments),
            comment_count=comment_count,
            math_status="exact",
            chrome_dropped=chrome,
            neutralised=tuple(neutralised),
        ),
    )


# --- chrome ----------------------------------------------------------------------------------


def _is_chrome(tag: Tag) -> bool:
    names = [*classes_of(tag), str(tag.get("id", ""))]
    return any(_CHROME_NAME.match(name) for name in names if name)


def _cut_chrome(content: Tag) -> int:
    """Take the blog's closing notes (转载, 打赏, citation) and chrome elements out of the body.

    The notes end the post: the block a note opens and everything after it
    goes.  Returns how many pieces were dropped.
    """
    dropped = 0
    for tag in content.find_all(_is_chrome):
        if not tag.decomposed:
            tag.decompose()
            dropped += 1
    start = next(
        (s for s in content.find_all(string=True) if s.strip().startswith(_CHROME_OPENINGS)),
        None,
    )
    if start is None:
        return dropped
    first: PageElement = start
    while first.parent is not content and first.parent is not None:
        if isinstance(first, Tag) and first.name in BLOCK_ELEMENTS:
            break
        first = first.parent
    node: PageElement = first
    while node is not content and node.parent is not None:
        for sibling in list(node.next_siblings):
            dropped += bool(sibling.get_text(strip=True))
            sibling.extract()
        node = node.parent
    dropped += bool(first.get_text(strip=True))
    first.extract()
    return dropped


def _page_chrome(
    soup: BeautifulSoup, content: Tag | None, comments: list[tuple[Tag, int, int | None]]
) -> int:
    """How many chrome regions surround the post: nav, header, footer, sidebars, forms..."""
    keep = {id(content)} | {id(tag) for tag, _, _ in comments}
    regions = 0
    for tag in soup.find_all(
        lambda t: t.name in ("nav", "header", "footer", "aside", "form") or _is_chrome(t)
    ):
        if id(tag) in keep or any(id(p) in keep for p in tag.parents):
            continue
        if any(
            p.name in ("nav", "header", "footer", "aside", "form") or _is_chrome(p)
            for p in tag.parents
        ):
            continue
        if content is not None and any(p is tag for p in content.parents):
            continue
        regions += 1
    return regions


# --- tags, categories, comment count ---------------------------------------------------------


def _taxonomy(soup: BeautifulSoup) -> tuple[dict[str, tuple[str, ...]], list[Tag]]:
    """The post's categories and tags (the links after its ``分类：`` and ``标签：`` labels)
    and the elements holding them."""
    found: dict[str, list[str]] = {"分类": [], "标签": []}
    lines: list[Tag] = []
    for label in soup.find_all(string=_TAXONOMY_LABEL):
        kind = _TAXONOMY_LABEL.search(str(label)).group(1)  # type: ignore[union-attr]
        marker = _TAXONOMY_LINK[kind]
        box = next(
            (
                tag
                for tag in [*label.parents][:3]  # its element, or the line around it
                if tag is not None
                and any(marker in str(a.get("href", "")) for a in tag.find_all("a", limit=50))
            ),
            None,
        )
        if box is None or box.find(has_class("PostContent")) is not None:
            continue  # text that happens to start with 分类：, or a box far too large
        lines.append(box)
        for link in box.find_all("a", href=True):
            name = collapse(link.get_text(" "))
            if marker in str(link["href"]) and name and name not in found[kind]:
                found[kind].append(name)
    return {kind: tuple(names) for kind, names in found.items()}, lines


def _comment_count(soup: BeautifulSoup) -> int | None:
    """The blog's own count of comments (``63 评论``), when the page shows it."""
    for link in soup.find_all("a", href=True):
        if str(link["href"]).endswith("#comments"):
            m = _COUNT_TEXT.match(link.get_text(" "))
            if m:
                return int(m.group(1))
    for text in soup.find_all(string=_COUNT_TEXT):
        return int(_COUNT_TEXT.match(str(text)).group(1))  # type: ignore[union-attr]
    return None


# --- comments --------------------------------------------------------------------------------


def _comment_number(tag: Tag) -> int | None:
    m = _COMMENT_ID.match(str(tag.get("id", "")))
    return int(m.group(1)) if m else None


def _owner(tag: Tag) -> int | None:
    """The id of the comment an element belongs to (the nearest comment around it)."""
    return next((n for p in tag.parents if (n := _comment_number(p)) is not None), None)


def _comment_tags(soup: BeautifulSoup) -> list[tuple[Tag, int, int | None]]:
    """``(element, id, parent id)`` of every comment, outermost element per id, in page order."""
    seen: dict[int, Tag] = {}
    found: list[tuple[Tag, int, int | None]] = []
    for tag in soup.find_all(id=_COMMENT_ID):
        number = _comment_number(tag)
        if number is None or number in seen:
            continue
        seen[number] = tag
        found.append((tag, number, _owner(tag)))
    return found


def _own(tag: Tag, pattern: re.Pattern[str]) -> Tag | None:
    """The first element in ``tag`` (not in a reply within it) with a class ``pattern`` names."""
    for found in tag.find_all(lambda t: any(pattern.match(c) for c in classes_of(t))):
        if _owner(found) in (_comment_number(tag), None):
            return found
    return None


def _comment(tag: Tag, number: int, parent: int | None, converter: HtmlMarkdown) -> Comment:
    author_tag = _own(tag, _COMMENT_PART["author"])
    if author_tag is None:
        author_tag = _owned(tag, "cite")
    meta = _own(tag, _COMMENT_PART["meta"])
    content = _own(tag, _COMMENT_PART["content"])
    author = ""
    if author_tag is not None:
        fn = author_tag.find(class_="fn") or author_tag.find("cite") or author_tag
        author = _AUTHOR_SUFFIX.sub("", collapse(fn.get_text(" ")))
    date = _comment_date(tag, meta)
    for reply in tag.find_all(lambda t: _comment_number(t) not in (None, number)):
        converter.skip.add(id(reply))  # replies are comments of their own
    for part in ("reply", "children"):
        for found in tag.find_all(
            lambda t, p=part: any(_COMMENT_PART[p].match(c) for c in classes_of(t))
        ):
            converter.skip.add(id(found))
    for link in tag.find_all("a"):
        if collapse(link.get_text()) in _REPLY_TEXTS:
            converter.skip.add(id(link))
    if content is not None:
        body, _ = converter.document(content)
    else:  # no content element: the comment's own text, without its author, date and avatar
        for part in (author_tag, meta, _owned(tag, "time")):
            if part is not None:
                converter.skip.add(id(part))
        for img in tag.find_all("img", class_="avatar"):
            converter.skip.add(id(img))
        for word in tag.find_all(string=_BYLINE_ONLY):
            converter.skip.add(id(word))  # the "发表于" between author and date
        body, _ = converter.document(tag)
    return Comment(author=author, date=_iso_date(date), body=body, id=number, parent=parent)


def _owned(tag: Tag, name: str) -> Tag | None:
    """The first ``name`` element of comment ``tag`` itself (not of a reply within it)."""
    for found in tag.find_all(name):
        if _owner(found) == _comment_number(tag):
            return found
    return None


def _comment_date(tag: Tag, meta: Tag | None) -> str:
    owner_time = _owned(tag, "time")
    if owner_time is not None:
        return collapse(owner_time.get_text(" ")) or str(owner_time.get("datetime", ""))
    if meta is not None:
        return collapse(meta.get_text(" "))
    return ""


def _iso_date(text: str) -> str:
    """``2023-09-14`` from the dates the blog shows (``September 14th, 2023``), else the text."""
    m = FULL_DATE.search(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _ENGLISH_DATE.search(text)
        if not m or m.group(1).lower()[:3] not in MONTHS:
            return text
        year, month, day = int(m.group(3)), MONTHS[m.group(1).lower()[:3]], int(m.group(2))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return text
