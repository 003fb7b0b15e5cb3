"""HTML of a saved page -> the site's Markdown, formulas byte-exact, nothing that could act.

The site renders posts with Python-Markdown plus ``pymdownx.arithmatex``,
``pymdownx.escapeall``, tables, fenced code, footnotes, toc and sane lists.
:class:`HtmlMarkdown` writes that Markdown from the HTML of a post body or
of a comment:

- text is made literal with :func:`~kexue_archive.markdown_out.escape_literal`
  and the Markdown syntax is written around it, so nothing a save holds can
  become markup (raw HTML never passes);
- every formula is MathJax 2's ``<script type="math/tex">`` source,
  byte-exact: ``$…$`` inline, ``$$…$$`` as a block of its own; the rendering
  MathJax left in the page is dropped;
- scripts, ``on*`` attributes, frames, forms and links to ``javascript:``
  (``data:``, ``vbscript:``) are dropped (:func:`count_active` counts them,
  links are noted).

It also gives the paragraphs as plain :class:`Block` text (inline TeX in
``$…$``), the form listing excerpts take, so the two can be matched.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, urljoin, urlsplit

from bs4 import NavigableString, PageElement, Tag
from bs4.element import CData

from kexue_archive.dumps.entry import Block
from kexue_archive.dumps.html import RENDERED_MATH_CLASS, classes_of, display_math_text
from kexue_archive.markdown_out import escape_literal, is_display_math, split_inline_math

#: Elements that hold a block of their own; anything else is read as inline.
BLOCK_ELEMENTS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "center", "address",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "details", "summary",
})  # fmt: skip
_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
#: Elements no reader sees as text (styles, media, MathML): dropped with what is in them.
_SILENT_DROPS = frozenset({
    "style", "noscript", "svg", "canvas", "template", "link", "meta", "base", "head", "title",
    "audio", "video", "source", "track", "math",
})  # fmt: skip
#: Elements that could act: dropped, and counted in ``neutralised``.
ACTIVE_DROPS = {
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
_HEADING_ANCHOR = re.compile(r"^[\s#¶§🔗]*$")
_ANCHOR_CLASS = re.compile(r"(?i)anchor|headerlink|permalink")
#: A code block's language in its classes: ``language-python``, ``lang-js``, and
#: SyntaxHighlighter's ``brush: bash;``.
_CODE_LANGUAGE = re.compile(r"(?:^|\s)(?:lang(?:uage)?-|brush:\s*)([A-Za-z0-9_+#.-]+)")
_FOOTNOTE_ID = re.compile(r"^(?:fn|footnote)[-:_]?(.+)$")
_FOOTNOTE_LABEL = re.compile(r"[^A-Za-z0-9_-]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_BACKTICKS = re.compile(r"`+")
#: Characters left as they are in a link target; everything else is percent-encoded, so
#: no ``$``, backtick, backslash, bracket, pipe or space can end the link or start math.
_URL_SAFE = "/:?#@!&'*+,;=%-._~"
#: Deeper than this, an element's text is kept as one paragraph (no recursion limit hit).
_MAX_DEPTH = 120


@dataclass
class _Piece:
    """A bit of inline content: ``text`` (Markdown and plain), a ``br``, an ``image``, or
    ``display`` math (``md`` is the TeX), which ends the paragraph it stands in."""

    kind: Literal["text", "br", "image", "display", "end"]
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
    kind: Literal["paragraph", "list", "block"] = "block"


class HtmlMarkdown:
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
            if isinstance(child, Tag) and child.name in BLOCK_ELEMENTS and not self._dropped(child):
                outs += self._paragraphs(run)
                run = []
                outs += self._block(child, depth + 1)
            else:
                run += self._inline(child, depth + 1)
        outs += self._paragraphs(run)
        return _merge_captions(outs)

    def _flat(self, node: Tag) -> list[_Out]:
        text = collapse(node.get_text(" "))
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
            saved, self.caption = self.caption, collapse(caption.get_text(" ")) if caption else ""
            outs = self._container(tag, depth)
            self.caption = saved
            return outs
        if name == "figcaption" and self.caption:
            text = collapse(tag.get_text(" "))
            # the caption is the figure's image's alt text; shown once, by the figure
            return [_Out("", [Block("caption", text)])] if text else []
        return self._container(tag, depth)

    def _heading(self, tag: Tag, depth: int) -> list[_Out]:
        for link in tag.find_all("a"):
            if link.decomposed:  # inside an anchor already dropped (<a><a>…)
                continue
            if _ANCHOR_CLASS.search(" ".join(classes_of(link))) or _HEADING_ANCHOR.match(
                link.get_text()
            ):
                link.decompose()  # the blog's permalink anchor, not the heading's text
        pieces = self._inline_children(tag, depth, display=False)
        md = collapse("".join(p.md for p in pieces if p.kind in ("text", "image")))
        plain = collapse("".join(p.plain for p in pieces if p.kind == "text"))
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
            elif child.name in BLOCK_ELEMENTS:  # a list straight inside a list, as editors write it
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
            m = _CODE_LANGUAGE.search(" ".join(classes_of(candidate)))
            if m:
                language = m.group(1)
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
        md = collapse("".join(p.md for p in pieces if p.kind in ("text", "image")))
        plain = collapse("".join(p.plain for p in pieces if p.kind == "text"))
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
            plain = collapse("".join(p.plain for p in line))
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
            self.notes.append(f"display math shown as text: {collapse(tex)[:60]!r}")
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
            text = collapse(node.get_text(" "))
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
        if name in BLOCK_ELEMENTS:  # a block inside inline content: on lines of its own
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
        self.notes.append(f"inline math shown as text: {collapse(tex)[:60]!r}")
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
        if len(images) == 1 and not collapse(tag.get_text()):
            # the blog's "点击查看原图" link around an image: the link is the original
            return self._image(images[0], href)
        pieces = [p for child in tag.children for p in self._inline(child, depth + 1, table=table)]
        url = self._url(href, link=True, text=collapse(tag.get_text(" ")))
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
        alt = self.caption or collapse(str(tag.get("alt", "") or tag.get("title", "") or ""))
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
        """True for what is not shown: rendered math, active or invisible elements, ``skip``."""
        name = tag.name
        if id(tag) in self.skip or name in _SILENT_DROPS or name.startswith("mjx-"):
            return True
        if name == "script":
            return not str(tag.get("type", "")).lower().startswith("math/tex")
        if name in ACTIVE_DROPS:
            return True
        return any(RENDERED_MATH_CLASS.match(c) for c in classes_of(tag))


def _emphasis(pieces: list[_Piece], marker: str) -> list[_Piece]:
    """``*…*`` / ``**…**`` around each run of text (display math and breaks stay outside)."""
    out: list[_Piece] = []
    run: list[_Piece] = []
    end = _Piece("end")
    for piece in [*pieces, end]:
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
        if piece is not end:
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


def collapse(text: str) -> str:
    """Text as HTML shows it: runs of white space are one space, none at the ends."""
    return _HTML_SPACE.sub(" ", text).strip()


def _indent(text: str, prefix: str, *, first: bool = True) -> str:
    lines = text.split("\n")
    return "\n".join(
        (prefix + line if line and (first or i) else line) for i, line in enumerate(lines)
    )


def count_active(root: Tag, counts: Counter[str]) -> None:
    """Count what could act in ``root``: scripts other than MathJax's, frames, forms, on*."""
    for tag in [root, *root.find_all(True)]:
        if tag.decomposed:
            continue
        name = tag.name
        if name == "script" and str(tag.get("type", "")).lower().startswith("math/tex"):
            pass
        elif name in ACTIVE_DROPS:
            counts[ACTIVE_DROPS[name]] += 1
        for attribute in tag.attrs:
            if attribute.lower().startswith("on"):
                counts[f"{attribute.lower()} attribute"] += 1
