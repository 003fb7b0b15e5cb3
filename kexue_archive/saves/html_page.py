"""A saved HTML post page of the blog as the archive keeps it: body Markdown, tags, comments.

A browser's "save page" of a kexue.fm post holds the post's Typecho markup,
MathJax 2's ``<script type="math/tex">`` sources next to the rendered
formulas, the comments, and the page around them (sidebar, reward block,
citation block, comment form...).  This module turns the post into Markdown
for the site's Markdown (Python-Markdown with ``pymdownx.arithmatex``,
``pymdownx.escapeall``, tables, fenced code, footnotes, toc, sane lists):

- text is made literal with :func:`~kexue_archive.markdown_out.escape_literal`
  and the Markdown syntax is written around it, so nothing a save holds can
  become markup (raw HTML never passes);
- every formula is the MathJax source, byte-exact: ``$…$`` inline, ``$$…$$``
  as a block of its own; the rendering MathJax left in the page is dropped;
- scripts, ``on*`` attributes, frames, forms and links to ``javascript:``
  (``data:``, ``vbscript:``) are dropped and listed in ``neutralised``.

It also gives the body's paragraphs as plain :class:`Block` text (inline TeX
in ``$…$``), the form listing excerpts take, so the two can be matched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from bs4.element import CData

from kexue_archive.dumps.entry import Block, PageExtras
from kexue_archive.dumps.format_a import MONTHS
from kexue_archive.dumps.html import (
    RENDERED_MATH_CLASS,
    classes_of,
    display_math_text,
    has_class,
)
from kexue_archive.markdown_out import escape_literal, is_display_math, split_inline_math
from kexue_archive.model import BLOG_URL, Comment

#: Elements that hold a block of their own; anything else is read as inline.
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "center", "address",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "details", "summary",
})  # fmt: skip
_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
#: Elements that can act or that no reader sees; dropped with everything in them.
_SILENT_DROPS = frozenset({
    "style", "noscript", "svg", "canvas", "template", "link", "meta", "base", "head", "title",
    "audio", "video", "source", "track", "math",
})  # fmt: skip
#: Elements that could act: dropped, and counted in ``neutralised``.
_ACTIVE_DROPS = {
    "script": "<script>",
    "iframe": "<iframe>",
    "frame": "<frame>",
    "frameset": "<frame>",
    "object": "<object>",
    "embed": "<embed>",
    "applet": "<object>",
    "form": "<form>",
    "input": "<form>",
    "button": "<form>",
    "select": "<form>",
    "textarea": "<form>",
}
#: Link targets that would run code when followed.
_ACTIVE_SCHEMES = ("javascript", "data", "vbscript")
_SAFE_SCHEMES = ("http", "https", "mailto", "ftp")
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
_HEADING_ANCHOR = re.compile(r"^[\s#¶§🔗]*$")
_ANCHOR_CLASS = re.compile(r"(?i)anchor|headerlink|permalink")
_CODE_LANGUAGE = re.compile(r"^(?:lang(?:uage)?-|brush:)([A-Za-z0-9_+#.-]+)$")
_LANGUAGE_WORD = re.compile(r"[A-Za-z0-9_+#.-]+")
_FOOTNOTE_ID = re.compile(r"^(?:fn|footnote)[-:_]?(.+)$")
_FOOTNOTE_LABEL = re.compile(r"[^A-Za-z0-9_-]")
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
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?!\d)")
_ENGLISH_DATE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_BACKTICKS = re.compile(r"`+")
#: Characters left as they are in a link target; everything else is percent-encoded, so
#: no ``$``, backtick, backslash, bracket, pipe or space can end the link or start math.
_URL_SAFE = "/:?#@!&'*+,;=%-._~"
#: Deeper than this, an element's text is kept as one paragraph (no recursion limit hit).
_MAX_DEPTH = 120


@dataclass
class PostPage:
    """What :func:`read_post_page` read: the Entry's body in both forms and its extras."""

    markdown: str
    blocks: list[Block]
    extras: PageExtras


@dataclass
class _Piece:
    """A bit of inline content: ``text`` (Markdown and plain), a ``br``, an ``image``, or
    ``display`` math (``md`` is the TeX), which ends the paragraph it stands in."""

    kind: str
    md: str = ""
    plain: str = ""
    alt: str = ""


@dataclass
class _Out:
    """One Markdown block and the plain blocks it stands for."""

    md: str
    plain: list[Block] = field(default_factory=list)
    image_alt: str = ""  # set when the block is one image, whose caption may follow
    #: ``paragraph`` (its lines are safe as lazy continuation lines of a list item), ``list``
    #: (follows a list item's text without a blank line) or ``block``
    kind: str = "block"


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
        _count_active(content, counts)
        converter = _Converter(base, counts, notes)
        converter.skip |= {id(tag) for tag, _, _ in comment_tags}  # never part of the body
        markdown, blocks = converter.document(content)
    comments = []
    for tag, number, parent in comment_tags:
        if parent is None:  # (a reply is counted with the comment it is in)
            _count_active(tag, counts)
        comments.append(_comment(tag, number, parent, _Converter(base, counts, notes)))
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


# --- the body ------------------------------------------------------------------------------


class _Converter:
    """HTML -> the site's Markdown, one document (a post body or a comment) at a time."""

    def __init__(self, base: str, counts: Counter[str], notes: list[str]) -> None:
        self.base = base
        self.counts = counts
        self.notes = notes
        self.nested = 0  # list items and quotes around the current block
        self.caption = ""  # the figcaption of the figure being read
        self.footnotes: dict[str, str] = {}  # element id -> footnote label
        self.skip: set[int] = set()  # ids of elements read elsewhere (comment parts)

    def document(self, root: Tag) -> tuple[str, list[Block]]:
        """The Markdown of everything in ``root`` and its plain blocks."""
        notes = self._footnote_lists(root)
        outs = self._container(root, 0)
        plain = [b for out in outs for b in out.plain]
        parts = [out.md for out in outs if out.md]
        self.nested += 1  # a footnote's blocks are indented under its label
        for label, item in notes:
            body = self._container(item, 1)
            plain += [b for out in body for b in out.plain]
            text = "\n\n".join(out.md for out in body if out.md)
            if text:
                parts.append(f"[^{label}]: " + _indent(text, "    ", first=False))
        self.nested -= 1
        markdown = "\n\n".join(parts)
        return (markdown + "\n" if markdown else ""), plain

    # footnotes: a list of items with ids, in an element whose class says footnotes

    def _footnote_lists(self, root: Tag) -> list[tuple[str, Tag]]:
        notes: list[tuple[str, Tag]] = []
        for box in root.find_all(lambda t: any("footnote" in c for c in classes_of(t))):
            if id(box) in self.skip or box.find_parent("li", id=True) in (n for _, n in notes):
                continue
            items = [li for li in box.find_all("li", id=True)]
            if not items:
                continue
            for li in items:
                m = _FOOTNOTE_ID.match(str(li["id"]))
                label = _FOOTNOTE_LABEL.sub("", m.group(1) if m else str(li["id"]))
                label = label or str(len(notes) + 1)
                while label in self.footnotes.values():
                    label += "x"
                self.footnotes[str(li["id"])] = label
                for back in li.find_all("a", href=True):
                    if str(back["href"]).startswith("#fnref") or "backref" in " ".join(
                        classes_of(back)
                    ):
                        back.decompose()
                notes.append((label, li))
            self.skip.add(id(box))
        return notes

    # blocks

    def _container(self, node: Tag, depth: int) -> list[_Out]:
        """The blocks of an element whose children may be blocks or inline content."""
        if depth > _MAX_DEPTH:
            return self._flat(node)
        outs: list[_Out] = []
        run: list[_Piece] = []
        for child in node.children:
            if isinstance(child, Tag) and child.name in _BLOCKS and not self._dropped(child):
                outs += self._paragraphs(run)
                run = []
                outs += self._block(child, depth + 1)
            else:
                run += self._inline(child, depth + 1)
        outs += self._paragraphs(run)
        return _merge_captions(outs)

    def _flat(self, node: Tag) -> list[_Out]:
        text = _collapse(node.get_text(" "))
        return [_Out(self._text_md(text), [Block("text", text)])] if text else []

    def _block(self, tag: Tag, depth: int) -> list[_Out]:
        name = tag.name
        if name in _HEADING_LEVEL:
            return self._heading(tag, depth)
        if name in ("ul", "ol"):
            return self._list(tag, depth)
        if name == "blockquote":
            self.nested += 1
            inner = self._container(tag, depth)
            self.nested -= 1
            text = "\n\n".join(out.md for out in inner if out.md)
            md = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
            return [_Out(md if text else "", [b for out in inner for b in out.plain])]
        if name == "pre":
            return self._code(tag)
        if name == "table":
            return self._table(tag, depth)
        if name == "hr":
            return [_Out("* * *")]
        if name == "figure":
            caption = tag.find("figcaption") if tag.find("img") else None
            saved, self.caption = self.caption, _collapse(caption.get_text(" ")) if caption else ""
            outs = self._container(tag, depth)
            self.caption = saved
            return outs
        if name == "figcaption" and self.caption:
            text = _collapse(tag.get_text(" "))
            # the caption is the figure's image's alt text; shown once, by the figure
            return [_Out("", [Block("caption", text)])] if text else []
        return self._container(tag, depth)

    def _heading(self, tag: Tag, depth: int) -> list[_Out]:
        for link in tag.find_all("a"):
            if _ANCHOR_CLASS.search(" ".join(classes_of(link))) or _HEADING_ANCHOR.match(
                link.get_text()
            ):
                link.decompose()  # the blog's permalink anchor, not the heading's text
        pieces = self._inline_children(tag, depth, display=False)
        md = _collapse("".join(p.md for p in pieces if p.kind in ("text", "image")))
        plain = _collapse("".join(p.plain for p in pieces if p.kind == "text"))
        if not md:
            return []
        level = max(2, _HEADING_LEVEL[tag.name])
        return [_Out("#" * level + " " + md, [Block("heading", plain)] if plain else [])]

    def _list(self, tag: Tag, depth: int) -> list[_Out]:
        ordered = tag.name == "ol"
        start = str(tag.get("start", "1")).strip()
        number = int(start) if start.isdigit() else 1
        items: list[str] = []
        plain: list[Block] = []
        tight = True
        for child in tag.children:
            if not isinstance(child, Tag) or self._dropped(child):
                continue
            self.nested += 1
            if child.name == "li":
                inner = self._container(child, depth)
            elif child.name in _BLOCKS:  # a list straight inside a list, as editors write it
                inner = self._block(child, depth)
            else:
                inner = self._paragraphs(self._inline(child, depth))
            self.nested -= 1
            plain += [b for out in inner for b in out.plain]
            if not any(out.md for out in inner):
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            shown = [out for out in inner if out.md]
            first = shown[0]
            # A paragraph's lines stay as they are (lazy lines of the item: indenting them
            # would put spaces into a formula that spans them); the rest is indented.
            text = first.md if first.kind == "paragraph" else _indent(first.md, "    ", first=False)
            for out in shown[1:]:
                tight = tight and out.kind == "list"
                text += ("\n" if out.kind == "list" else "\n\n") + _indent(out.md, "    ")
            items.append(marker + text)
        if not items:
            return [_Out("", plain)] if plain else []
        return [_Out(("\n" if tight else "\n\n").join(items), plain, kind="list")]

    def _code(self, tag: Tag) -> list[_Out]:
        code = _code_text(tag).strip("\n")
        if not code.strip():
            return []
        language = ""
        for candidate in [tag, *tag.find_all("code")]:
            for name in classes_of(candidate):
                m = _CODE_LANGUAGE.match(name)
                if m:
                    language = m.group(1)
                    break
            if language:
                break
        plain = [Block("text", code)]
        if self.nested:  # fenced code only works at the top level: indent it
            return [_Out(_indent(code, "    "), plain)]
        fence = "`" * max(3, 1 + max((len(r) for r in _BACKTICKS.findall(code)), default=0))
        return [_Out(f"{fence}{language}\n{code}\n{fence}", plain)]

    def _table(self, tag: Tag, depth: int) -> list[_Out]:
        # The first row is the header (Markdown tables need one; the blog's tables are
        # plain rows, whose first row names the columns).
        rows: list[list[tuple[str, str]]] = []
        for row in _table_rows(tag):
            cells = [
                self._cell(cell, depth)
                for cell in row.find_all(["td", "th"], recursive=False)
                if not self._dropped(cell)
            ]
            if cells:
                rows.append(cells)
        if not rows:
            return []
        width = max(len(r) for r in rows)
        rows = [r + [("", "")] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(md for md, _ in rows[0]) + " |"]
        lines.append("|" + " --- |" * width)
        lines += ["| " + " | ".join(md for md, _ in row) + " |" for row in rows[1:]]
        plain = [Block("text", " ".join(p for _, p in row if p)) for row in rows]
        return [_Out("\n".join(lines), [b for b in plain if b.text])]

    def _cell(self, cell: Tag, depth: int) -> tuple[str, str]:
        pieces = self._inline_children(cell, depth, display=False, table=True)
        md = _collapse("".join(p.md for p in pieces if p.kind in ("text", "image")))
        plain = _collapse("".join(p.plain for p in pieces if p.kind == "text"))
        return md, plain

    # paragraphs

    def _paragraphs(self, run: list[_Piece]) -> list[_Out]:
        """Paragraph blocks of an inline run; display math in it stands between them."""
        outs: list[_Out] = []
        lines: list[list[_Piece]] = [[]]
        for piece in [*run, _Piece("display")]:
            if piece.kind == "br":
                lines.append([])
            elif piece.kind == "display":
                outs += self._paragraph(lines)
                lines = [[]]
                if piece.md:
                    outs.append(self._display(piece.md))
            else:
                lines[-1].append(piece)
        return outs

    def _paragraph(self, lines: list[list[_Piece]]) -> list[_Out]:
        outs: list[_Out] = []
        md_lines: list[str] = []
        plain_lines: list[str] = []
        alt = ""
        for line in lines:
            md = "".join(p.md for p in line).strip()
            plain = _collapse("".join(p.plain for p in line))
            if alt and plain == alt and not any(p.kind == "image" for p in line):
                outs.append(_Out("", [Block("caption", plain)]))  # shown as the image's caption
                alt = ""
                continue
            images = [p for p in line if p.kind == "image"]
            alt = images[0].alt if len(images) == 1 and not plain else ""
            if md:
                md_lines.append(md)
            if plain:
                plain_lines.append(plain)
        text = "\n".join(plain_lines)
        if not md_lines:
            return outs
        if len(plain_lines) == 1 and len(md_lines) == 1 and is_display_math(text):
            # TeX MathJax had not reached yet (a page saved while it rendered): still math
            return [self._display_text(text), *outs]
        image_alt = alt if len(md_lines) == 1 and alt else ""
        out = _Out(
            "  \n".join(md_lines), [Block("text", text)] if text else [], image_alt, "paragraph"
        )
        return [out, *outs]

    def _display(self, tex: str) -> _Out:
        """A display formula: ``$$…$$`` around the MathJax source, as a block of its own."""
        source = _BLANK_LINE.sub("", tex)  # a blank line would end the block (TeX: \\par)
        md = f"$${source}$$"
        if not is_display_math(md) and is_display_math(f"\\[{source}\\]"):
            md = f"\\[{source}\\]"
        if not is_display_math(md):
            self.notes.append(f"display math shown as text: {_collapse(tex)[:60]!r}")
            md = self._text_md(tex)
        return _Out(md, [Block("math", display_math_text(tex))])

    def _display_text(self, text: str) -> _Out:
        return _Out(text.strip(), [Block("math", text.strip())])

    # inline content

    def _inline_children(
        self, tag: Tag, depth: int, *, display: bool = True, table: bool = False
    ) -> list[_Piece]:
        pieces: list[_Piece] = []
        for child in tag.children:
            pieces += self._inline(child, depth + 1, table=table)
        if not display:  # a heading or a table cell: one line, display math written inline
            space = _Piece("text", " ", " ")
            pieces = [
                self._inline_math(p.md, table)
                if p.kind == "display"
                else space
                if p.kind == "br"
                else p
                for p in pieces
            ]
        return pieces

    def _inline(self, node: PageElement, depth: int, *, table: bool = False) -> list[_Piece]:
        if isinstance(node, NavigableString):
            if type(node) not in (NavigableString, CData) or id(node) in self.skip:
                return []
            return self._text_pieces(str(node))
        if not isinstance(node, Tag) or self._dropped(node):
            return []
        if depth > _MAX_DEPTH:
            text = _collapse(node.get_text(" "))
            return [_Piece("text", self._text_md(text), text)] if text else []
        name = node.name
        if name == "script":
            kind = str(node.get("type", "")).lower()
            tex = node.string or ""
            if not tex.strip():
                return []
            if "mode=display" in kind:
                return [_Piece("display", tex)]
            return [self._inline_math(tex, table)]
        if name == "br":
            return [_Piece("br")]
        if name == "img":
            return self._image(node, "")
        if name == "code":
            return self._inline_code(_code_text(node))
        if name == "a":
            return self._link(node, depth, table)
        if name == "sup":
            note = self._footnote_ref(node)
            if note:
                return [_Piece("text", note)]
        pieces = [p for child in node.children for p in self._inline(child, depth + 1, table=table)]
        if name in ("em", "i", "strong", "b") and pieces:
            return _emphasis(pieces, "**" if name in ("strong", "b") else "*")
        if name in _BLOCKS:  # a block inside inline content: on lines of its own
            return [_Piece("br"), *pieces, _Piece("br")]
        return pieces

    def _text_pieces(self, text: str) -> list[_Piece]:
        text = _HTML_SPACE.sub(" ", text)
        if not text:
            return []
        pieces = []
        for is_math, segment in split_inline_math(text):
            if is_math:  # TeX MathJax had not turned into a script yet: still math
                pieces.append(_Piece("text", segment, segment))
            else:
                pieces.append(_Piece("text", self._text_md(segment), segment))
        return pieces

    def _text_md(self, text: str) -> str:
        md = escape_literal(text)
        # an escaped backslash right before math would make arithmatex read ``\\$``
        return md[:-2] + "&#92;" if md.endswith("\\\\") else md

    def _inline_math(self, tex: str, table: bool = False) -> _Piece:
        """Inline TeX as ``$…$`` (``\\(…\\)`` when the dollars would not hold it), byte-exact."""
        plain = f"${tex}$"
        if table:
            tex = _table_safe_tex(tex)
        for md in (f"${tex}$", f"\\({tex}\\)"):
            if split_inline_math(md) == [(True, md)]:
                return _Piece("text", md, plain)
        one_line = _HTML_SPACE.sub(" ", tex)
        if "%" not in tex and split_inline_math(f"${one_line}$") == [(True, f"${one_line}$")]:
            return _Piece("text", f"${one_line}$", plain)  # line breaks are spaces in TeX
        self.notes.append(f"inline math shown as text: {_collapse(tex)[:60]!r}")
        return _Piece("text", self._text_md(tex), tex)

    def _inline_code(self, code: str) -> list[_Piece]:
        code = _HTML_SPACE.sub(" ", code)
        if not code.strip():
            return [_Piece("text", " ", " ")] if code else []
        ticks = "`" * (1 + max((len(r) for r in _BACKTICKS.findall(code)), default=0))
        pad = " " if code.startswith("`") or code.endswith("`") else ""
        return [_Piece("text", f"{ticks}{pad}{code}{pad}{ticks}", code)]

    def _link(self, tag: Tag, depth: int, table: bool) -> list[_Piece]:
        href = str(tag.get("href", "")).strip()
        note = self._footnote_ref(tag)
        if note:
            return [_Piece("text", note)]
        images = tag.find_all("img")
        if len(images) == 1 and not _collapse(tag.get_text()):
            # the blog's "点击查看原图" link around an image: the link is the original
            return self._image(images[0], href)
        pieces = [p for child in tag.children for p in self._inline(child, depth + 1, table=table)]
        url = self._url(href, link=True, text=_collapse(tag.get_text(" ")))
        if not url or href.startswith("#"):
            return pieces
        texts = [p for p in pieces if p.kind in ("text", "image")]
        inner = "".join(p.md for p in texts).strip()
        if not inner or len(texts) != len(pieces):
            return pieces  # nothing to click, or a formula block in it: keep the content
        plain = "".join(p.plain for p in texts)
        return [_Piece("text", f"[{inner}]({url})", plain)]

    def _image(self, tag: Tag, link: str) -> list[_Piece]:
        original = self._url(link, link=False) if _looks_like_image(link) else ""
        for attribute in ("data-original", "data-src", "src"):
            if original:
                break
            original = self._url(str(tag.get(attribute, "")).strip(), link=False)
        alt = self.caption or _collapse(str(tag.get("alt", "") or tag.get("title", "") or ""))
        if not original:
            return [_Piece("text", self._text_md(alt), alt)] if alt else []
        return [_Piece("image", f"![{self._text_md(alt)}]({original})", "", alt)]

    def _url(self, href: str, *, link: bool, text: str = "") -> str:
        """An absolute, percent-encoded URL, or "" for a target that could act (noted)."""
        if not href:
            return ""
        cleaned = re.sub(r"[\x00-\x20\x7f]", "", href)
        scheme = cleaned.split(":", 1)[0].lower() if ":" in cleaned else ""
        if scheme in _ACTIVE_SCHEMES:
            what = "link" if link else "image"
            self.notes.append(f"{scheme}: {what} dropped" + (f": {text[:40]!r}" if text else ""))
            return ""
        absolute = urljoin(self.base, href)
        if urlsplit(absolute).scheme.lower() not in _SAFE_SCHEMES:
            return ""
        return quote(absolute, safe=_URL_SAFE)

    def _footnote_ref(self, tag: Tag) -> str:
        links = [tag] if tag.name == "a" else tag.find_all("a", href=True)
        for link in links:
            href = str(link.get("href", ""))
            if href.startswith("#") and href[1:] in self.footnotes:
                return f"[^{self.footnotes[href[1:]]}]"
        return ""

    def _dropped(self, tag: Tag) -> bool:
        """True for what is not shown: chrome, rendered math, active or invisible elements."""
        name = tag.name
        if id(tag) in self.skip or name in _SILENT_DROPS or name.startswith("mjx-"):
            return True
        if name == "script":
            return not str(tag.get("type", "")).lower().startswith("math/tex")
        if name in _ACTIVE_DROPS:
            return True
        if any(RENDERED_MATH_CLASS.match(c) for c in classes_of(tag)):
            return True
        return _is_chrome(tag)


def _emphasis(pieces: list[_Piece], marker: str) -> list[_Piece]:
    """``*…*`` / ``**…**`` around each run of text (display math and breaks stay outside)."""
    out: list[_Piece] = []
    run: list[_Piece] = []
    for piece in [*pieces, _Piece("br", "end")]:
        if piece.kind in ("text", "image"):
            run.append(piece)
            continue
        md = "".join(p.md for p in run)
        if md.strip():
            lead = md[: len(md) - len(md.lstrip())]
            trail = md[len(md.rstrip()) :]
            plain = "".join(p.plain for p in run)
            out.append(_Piece("text", f"{lead}{marker}{md.strip()}{marker}{trail}", plain))
        elif run:
            out += run
        run = []
        if piece.md != "end":
            out.append(piece)
    return out


def _merge_captions(outs: list[_Out]) -> list[_Out]:
    """An image's caption paragraph after it repeats its alt text: keep it as the caption."""
    merged: list[_Out] = []
    for out in outs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.image_alt
            and len(out.plain) == 1
            and out.plain[0].kind == "text"
            and out.plain[0].text == previous.image_alt
        ):
            merged.append(_Out("", [Block("caption", out.plain[0].text)]))
            continue
        merged.append(out)
    return merged


def _table_rows(table: Tag) -> list[Tag]:
    """The rows of a table in order, in row groups or not (not those of tables inside it)."""
    rows: list[Tag] = []
    for child in table.children:
        if isinstance(child, Tag) and child.name == "tr":
            rows.append(child)
        elif isinstance(child, Tag) and child.name in ("thead", "tbody", "tfoot"):
            rows += child.find_all("tr", recursive=False)
    return rows


def _table_safe_tex(tex: str) -> str:
    """TeX for a table cell: a bare ``|`` would split the row, ``\\vert`` is the same symbol."""
    out: list[str] = []
    i = 0
    while i < len(tex):
        if tex[i] == "\\" and i + 1 < len(tex):
            out.append(tex[i : i + 2])
            i += 2
            continue
        out.append("\\vert " if tex[i] == "|" else tex[i])
        i += 1
    return "".join(out)


def _code_text(tag: Tag) -> str:
    """The text of code as shown: ``<br>`` is a line break, highlighting markup is ignored."""
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
        elif type(node) in (NavigableString, CData):
            parts.append(str(node))
    return "".join(parts)


def _looks_like_image(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp"))


def _collapse(text: str) -> str:
    return _HTML_SPACE.sub(" ", text).strip()


def _indent(text: str, prefix: str, *, first: bool = True) -> str:
    lines = text.split("\n")
    return "\n".join(
        (prefix + line if line and (first or i) else line) for i, line in enumerate(lines)
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
        if isinstance(first, Tag) and first.name in _BLOCKS:
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


def _count_active(root: Tag, counts: Counter[str]) -> None:
    """Count what could act in ``root``: scripts other than MathJax's, frames, forms, on*."""
    for tag in [root, *root.find_all(True)]:
        name = tag.name
        if name == "script" and str(tag.get("type", "")).lower().startswith("math/tex"):
            pass
        elif name in _ACTIVE_DROPS:
            counts[_ACTIVE_DROPS[name]] += 1
        for attribute in tag.attrs:
            if attribute.lower().startswith("on"):
                counts[f"{attribute.lower()} attribute"] += 1


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
            name = _collapse(link.get_text(" "))
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


def _comment(tag: Tag, number: int, parent: int | None, converter: _Converter) -> Comment:
    author_tag = _own(tag, _COMMENT_PART["author"])
    if author_tag is None:
        author_tag = _owned(tag, "cite")
    meta = _own(tag, _COMMENT_PART["meta"])
    content = _own(tag, _COMMENT_PART["content"])
    author = ""
    if author_tag is not None:
        fn = author_tag.find(class_="fn") or author_tag.find("cite") or author_tag
        author = _AUTHOR_SUFFIX.sub("", _collapse(fn.get_text(" ")))
    date = _comment_date(tag, meta)
    for reply in tag.find_all(lambda t: _comment_number(t) not in (None, number)):
        converter.skip.add(id(reply))  # replies are comments of their own
    for part in ("reply", "children"):
        for found in tag.find_all(
            lambda t, p=part: any(_COMMENT_PART[p].match(c) for c in classes_of(t))
        ):
            converter.skip.add(id(found))
    for link in tag.find_all("a"):
        if _collapse(link.get_text()) in _REPLY_TEXTS:
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
        return _collapse(owner_time.get_text(" ")) or str(owner_time.get("datetime", ""))
    if meta is not None:
        return _collapse(meta.get_text(" "))
    return ""


def _iso_date(text: str) -> str:
    """``2023-09-14`` from the dates the blog shows (``September 14th, 2023``), else the text."""
    m = _ISO_DATE.search(text)
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
