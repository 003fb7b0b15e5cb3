"""A line of clipper Markdown -> inline pieces -> the site's Markdown and plain text.

The clipper's text is Markdown already, but nothing from a save may act on
the site: the pieces are read (text, math, emphasis, code, links, images) and
written again, literal text through :func:`kexue_archive.markdown_out.escape_literal`
(so raw HTML, a stray ``$`` or an entity stays text), math byte-exact, and a
link only when its target is harmless.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote, urljoin

from kexue_archive.markdown_out import escape_literal, split_inline_math
from kexue_archive.model import BLOG_URL
from kexue_archive.saves.clipper import ESCAPABLE, skip_escape, unescape
from kexue_archive.saves.math_recover import split_tex_runs

InlineKind = Literal["text", "math", "strong", "em", "code", "link", "image"]

#: Link targets that would run or embed something instead of going somewhere.
_ACTIVE_SCHEME = re.compile(r"^(?:javascript|data|vbscript|file):", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_URL_UNSAFE = {" ": "%20", "<": "%3C", ">": "%3E", '"': "%22", "(": "%28", ")": "%29"}
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
#: Where inline Markdown can start: everything between is plain text.
_SPECIAL = re.compile(r"[\\$`*_\[!]")
_BRACKET = re.compile(r"[\\\[\]]")
#: Longest link target read (a longer one is text, and scanning stays linear).
_MAX_URL = 4096
#: Links inside links read no deeper than this (the blog nests an image in a link).
_MAX_NESTING = 4


@dataclass
class Inline:
    """One inline piece: ``text`` (as it reads) or ``math`` (raw TeX), markers, links."""

    kind: InlineKind
    text: str = ""
    url: str = ""
    children: list[Inline] = field(default_factory=list)


#: TeX that makes links, styles, ids or requests (MathJax's ``\\href``, ``\\style``...).
ACTIVE_TEX = re.compile(r"\\(?:href|url|style|class|cssId|unicode|require|html|data)(?![A-Za-z])")
#: TeX that defines macros, the way to loop MathJax forever.
MACRO_TEX = re.compile(
    r"\\(?:def|gdef|edef|xdef|let|newcommand|renewcommand|DeclareMathOperator)(?![A-Za-z])"
)


@dataclass
class Notes:
    """What a conversion neutralised (for the report), shared by a save's pieces.

    ``strict_tex``: the text is a reader's comment, so math that could act or
    define macros is shown as text instead of handed to MathJax.
    """

    items: list[str] = field(default_factory=list)
    strict_tex: bool = False

    def refuses(self, tex: str) -> bool:
        """Whether ``tex`` must not reach MathJax here (and say so once)."""
        if not self.strict_tex:
            return False
        found = ACTIVE_TEX.search(tex) or MACRO_TEX.search(tex)
        if found is None:
            return False
        self.add(f"TeX {found[0]} in a comment shown as text")
        return True

    def add(self, note: str) -> None:
        if note not in self.items:
            self.items.append(note)


def safe_url(url: str) -> str | None:
    """An absolute, Markdown-safe link target, or ``None`` when it could act."""
    url = unescape(url.strip())
    # what a browser would read: entities decoded, percent escapes and blanks gone
    read = _URL_NOISE.sub("", unquote(html.unescape(url)))
    if _ACTIVE_SCHEME.match(read):
        return None
    url = urljoin(BLOG_URL + "/", url) if not url.startswith(("#", "mailto:")) else url
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in url)


def parse(text: str, recover: bool, bare_tex: bool = True) -> list[Inline]:
    """Read clipper Markdown into pieces.

    Bare TeX in text becomes math: any run of it when ``recover`` (the save lost
    its delimiters), else only runs with a backslash command, which the blog
    would have shown raw.  ``bare_tex=False`` (a title, a name): text stays text.
    """
    reader = _Reader(text, recover if bare_tex else None)
    return reader.read(0, len(text), depth=0)


class _Reader:
    """One text's inline reading: brackets are paired once, so no link is looked for twice."""

    def __init__(self, text: str, recover: bool | None) -> None:
        self.text = text
        self.recover = recover
        self.pairs = _bracket_pairs(text)
        #: backtick runs of these lengths found no closing run: later ones will not either
        self.unclosed_ticks: set[int] = set()

    def read(self, i: int, end: int, depth: int) -> list[Inline]:
        """The pieces of ``text[i:end]``."""
        text = self.text
        out: list[Inline] = []
        raw: list[str] = []
        dollar_open = True  # False once a ``$`` found no closing one: none later will

        def flush() -> None:
            if raw:
                out.extend(_text_pieces("".join(raw), self.recover))
                raw.clear()

        while i < end:
            found = _SPECIAL.search(text, i, end)
            if found is None:
                raw.append(text[i:end])
                break
            if found.start() > i:
                raw.append(text[i : found.start()])
                i = found.start()
            ch = text[i]
            if ch == "\\":
                nxt = min(skip_escape(text, i), end)
                raw.append(text[i:nxt])
                i = nxt
                continue
            if ch == "$" and dollar_open:
                close = _find(text, i + 1, end, "$")
                dollar_open = close >= 0
                if close > i + 1:
                    flush()
                    out.append(Inline("math", unescape(text[i + 1 : close])))
                    i = close + 1
                    continue
            elif ch == "`":
                ticks = len(text[i:end]) - len(text[i:end].lstrip("`"))
                close = (
                    -1 if ticks in self.unclosed_ticks else text.find("`" * ticks, i + ticks, end)
                )
                if close > 0:
                    flush()
                    out.append(Inline("code", text[i + ticks : close]))
                    i = close + ticks
                    continue
                self.unclosed_ticks.add(ticks)
                raw.append(text[i : i + ticks])
                i += ticks
                continue
            elif ch == "*" and text.startswith("**", i, end):
                flush()
                out.append(Inline("strong"))
                i += 2
                continue
            elif ch in "*_":
                flush()
                out.append(Inline("em"))
                i += 1
                continue
            elif depth < _MAX_NESTING and (ch == "[" or text.startswith("![", i, end)):
                link = self.link(i + (ch == "!"), end, depth + 1)
                if link is not None:
                    flush()
                    children, url, i = link
                    if ch == "!":
                        alt = "".join(plain(c) for c in children)
                        out.append(Inline("image", alt, url))
                    else:
                        out.append(Inline("link", "", url, children))
                    continue
            raw.append(ch)
            i += 1
        flush()
        return out

    def link(self, i: int, end: int, depth: int) -> tuple[list[Inline], str, int] | None:
        """``[inner](url "title")`` opening at ``i``: inner pieces, target, index after it."""
        text = self.text
        close = self.pairs.get(i, -1)
        if close < 0 or close + 1 >= end or text[close + 1] != "(":
            return None
        j = start = close + 2
        limit = min(end, start + _MAX_URL)
        nesting = 0
        while j < limit:
            ch = text[j]
            if ch == "\\" and j + 1 < limit and text[j + 1] in ESCAPABLE:
                j += 2
                continue
            if ch == "(":
                nesting += 1
            elif ch == ")":
                if nesting == 0:
                    break
                nesting -= 1
            elif ch == "\n":
                return None
            j += 1
        if j >= limit:
            return None
        children = self.read(i + 1, close, depth)
        target = text[start:j].strip()
        url = target.split(' "', 1)[0].split(" ", 1)[0] if target else ""
        return children, url, j + 1


def _bracket_pairs(text: str) -> dict[int, int]:
    """Each ``[`` the clipper did not escape -> the ``]`` that closes it."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while (found := _BRACKET.search(text, i)) is not None:
        j = found.start()
        ch = text[j]
        if ch == "\\":
            i = j + 2
            continue
        if ch == "[":
            stack.append(j)
        elif stack:
            pairs[stack.pop()] = j
        i = j + 1
    return pairs


def _text_pieces(raw: str, recover: bool | None) -> list[Inline]:
    """Text read as it reads; ``recover`` ``None``: never math (see :func:`parse`)."""
    text = unescape(raw)
    if recover is None:
        return [Inline("text", text)]
    runs = split_tex_runs(text, commands_only=not recover)
    return [Inline("math" if is_tex else "text", piece) for is_tex, piece in runs]


def _find(text: str, i: int, end: int, target: str) -> int:
    """Index of the next unescaped ``target`` in ``text[i:end]`` (-1: none)."""
    while i < end:
        if text[i] == target:
            return i
        if text[i] == "\n" and i + 1 < end and text[i + 1] == "\n":
            return -1
        i = skip_escape(text, i)
    return -1


def plain(piece: Inline) -> str:
    """A piece as plain text (math as ``$…$``), for matching excerpts by their opening."""
    if piece.kind == "text" or piece.kind == "code":
        return piece.text
    if piece.kind == "math":
        return f"${piece.text.strip()}$"
    if piece.kind == "link":
        return "".join(plain(c) for c in piece.children)
    return ""


def plain_text(pieces: list[Inline]) -> str:
    """All pieces as plain text."""
    return "".join(plain(p) for p in pieces)


def inline_math(tex: str) -> str | None:
    """``$tex$`` when arithmatex reads it back as this one formula, else ``None``."""
    tex = tex.strip()
    if not tex:
        return None
    for markdown in (f"${tex}$", f"\\({tex}\\)"):
        if split_inline_math(markdown) == [(True, markdown)]:
            return markdown
    return None


def render(pieces: list[Inline], notes: Notes) -> str:
    """The pieces as the site's Markdown (see the module docstring)."""
    balanced = {kind: sum(p.kind == kind for p in pieces) for kind in ("strong", "em")}
    seen = {"strong": 0, "em": 0}
    out: list[str] = []
    for index, piece in enumerate(pieces):
        kind = piece.kind
        if kind == "text":
            if _HTML_TAG.search(piece.text):
                notes.add("HTML in the text escaped")
            literal = escape_literal(piece.text)
            following = pieces[index + 1].kind if index + 1 < len(pieces) else ""
            if literal.endswith("\\\\") and following == "math":
                literal = literal[:-2] + "&#92;"
            out.append(literal)
        elif kind == "math":
            markdown = None if notes.refuses(piece.text) else inline_math(piece.text)
            if markdown is None and notes.strict_tex:
                markdown = escape_literal(f"${piece.text}$")
            elif markdown is None:
                notes.add("inline math arithmatex cannot read kept as text")
                markdown = escape_literal(piece.text)
            elif out and out[-1].endswith("\\"):
                out[-1] = out[-1][:-1] + "&#92;"
            out.append(markdown)
        elif kind in ("strong", "em"):
            seen[kind] += 1
            unpaired = balanced[kind] % 2 == 1 and seen[kind] == balanced[kind]
            marker = "**" if kind == "strong" else "*"
            out.append(escape_literal(marker) if unpaired else marker)
        elif kind == "code":
            fence = "`" * (max((len(m) for m in re.findall("`+", piece.text)), default=0) + 1)
            pad = " " if piece.text.startswith("`") or piece.text.endswith("`") else ""
            out.append(f"{fence}{pad}{piece.text}{pad}{fence}")
        elif kind == "image":
            out.append(_image(piece, notes))
        elif kind == "link":
            out.append(_render_link(piece, notes))
    return "".join(out)


def _image(piece: Inline, notes: Notes) -> str:
    url = safe_url(piece.url)
    if url is None:
        notes.add(f"image with an active target dropped: {piece.url[:40]!r}")
        return escape_literal(piece.text)
    return f"![{escape_literal(piece.text)}]({url})"


def _render_link(piece: Inline, notes: Notes) -> str:
    children = piece.children
    images = [c for c in children if c.kind == "image"]
    if len(images) == 1 and not plain_text(children).strip():
        # the blog's ``[![caption](thumbnail)](original "点击查看原图")``: the original image
        image = images[0]
        original = piece.url if "/usr/uploads/" in piece.url else image.url
        return _image(Inline("image", image.text, original), notes)
    inner = render(children, notes)
    url = safe_url(piece.url)
    if url is None:
        notes.add(f"link with an active target dropped: {piece.url[:40]!r}")
        return inner
    if not inner.strip():
        return ""
    return f"[{inner}]({url})"
