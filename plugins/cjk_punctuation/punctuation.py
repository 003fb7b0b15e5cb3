"""The CJK punctuation rule: ASCII ``,:;!?()`` between Chinese shown as ``，：；！？（）``.

The blog writes full-width punctuation; the listing-page dumps turned much of it into
ASCII (``闭门造车,分享一下``).  The Markdown keeps the dump's bytes; the rendered page
shows what the blog wrote.  The rule reads a paragraph as a row of *cells*: a character
of text, an inline formula (one cell: neither Chinese nor Latin, but a formula in a
Chinese sentence takes Chinese punctuation), something opaque (inline code, an image, an
HTML entity, a URL's characters) and the edges of a block.  Only characters of text
outside URLs are ever changed, so math, code, attributes and URLs keep their bytes.

- ``,:;!?`` become full width when one side is Chinese and the other is Chinese, an
  inline formula, or the end of the block (``设$x$,则`` and ``如下:`` at a paragraph's
  end); never next to Latin letters, digits or spaces (``a,b``, ``中,a``, ``f(x),``).
- A pair ``(…)`` becomes ``（…）`` when it encloses a Chinese character, or when both
  characters outside it are Chinese (``由(1)式``); never ``f(x)``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kexue_archive.rendered_html import MATH_CLASS, TAG_NAME, VOID_ELEMENTS, tag_classes
from kexue_archive.rendered_html import TAG as HTML_TAG

#: ASCII mark -> the full-width mark the blog writes.
FULL_WIDTH: dict[str, str] = {
    ",": "，",
    ":": "：",
    ";": "；",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
}

#: Characters that make the text around them Chinese: Han ideographs, and the
#: punctuation that only Chinese text uses (CJK symbols, full-width forms, quotes,
#: the ellipsis and the dash).
_CHINESE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
    "\u3000-\u303f\uff01-\uff60\u201c\u201d\u2018\u2019\u2026\u2014]"
)
#: Han ideographs only: what "brackets enclose Chinese" looks for.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
#: A URL written out in text: its characters (commas and brackets included) are kept.  It
#: ends at a space or at Chinese (dumps run the next sentence on: ``https://a.b/c也不变``).
URL_IN_TEXT = re.compile(
    r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)"
    r"[^\s<>\"'\u3000-\u303f\uff01-\uff60\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
#: TeX in plain text (a title): ``$…$``, ``$$…$$``, ``\(…\)``, ``\[…\]``.
TEX_IN_TEXT = re.compile(r"\$\$.+?\$\$|\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

# Cell kinds; a TAG cell (an inline element's tag) is invisible to the rule.
TEXT, MATH, OPAQUE, EDGE, TAG = "text", "math", "opaque", "edge", "tag"


@dataclass
class Cell:
    """One position of the row: ``text`` is what is written out for it."""

    kind: str
    text: str
    editable: bool = False
    #: the character an HTML entity stands for (judged by it, written as it was)
    char: str = ""

    def chinese(self) -> bool:
        return self.kind == TEXT and bool(_CHINESE.fullmatch(self.char or self.text))


def punctuate_cells(cells: list[Cell]) -> None:
    """Apply the rule to a row of cells in place (brackets first, then the marks)."""
    _brackets(cells)
    for i, cell in enumerate(cells):
        if not (cell.editable and cell.text in ",:;!?"):
            continue
        left, right = _beside(cells, i, -1), _beside(cells, i, 1)
        chinese_left = _chinese(left) and (_chinese(right) or _kind(right) in (MATH, EDGE))
        if chinese_left or (_kind(left) == MATH and _chinese(right)):
            cell.text = FULL_WIDTH[cell.text]


def _beside(cells: list[Cell], i: int, step: int) -> Cell | None:
    """The nearest cell before (``step`` -1) or after (1) ``i`` that is not a tag."""
    i += step
    while 0 <= i < len(cells) and cells[i].kind == TAG:
        i += step
    return cells[i] if 0 <= i < len(cells) else None


def _kind(cell: Cell | None) -> str:
    return EDGE if cell is None else cell.kind


def _chinese(cell: Cell | None) -> bool:
    return cell is not None and cell.chinese()


def _brackets(cells: list[Cell]) -> None:
    """Pair ``(`` with ``)`` inside each block; convert the pairs the rule allows."""
    open_at: list[int] = []
    for i, cell in enumerate(cells):
        if cell.kind == EDGE:
            open_at.clear()
        elif cell.editable and cell.text == "(":
            open_at.append(i)
        elif cell.editable and cell.text == ")" and open_at:
            start = open_at.pop()
            encloses = any(
                c.kind == TEXT and _HAN.fullmatch(c.char or c.text) for c in cells[start + 1 : i]
            )
            outside = _chinese(_beside(cells, start, -1)) and _chinese(_beside(cells, i, 1))
            if encloses or outside:
                cells[start].text, cell.text = "（", "）"


def text_cells(text: str, escaped: bool) -> Iterator[Cell]:
    """Cells of one run of text; ``escaped``: HTML text, whose entities stay as they are."""
    pos = 0
    for url in URL_IN_TEXT.finditer(text):
        yield from _plain_cells(text[pos : url.start()], escaped)
        yield from (Cell(TEXT, c) for c in url.group(0))  # URL characters: never edited
        pos = url.end()
    yield from _plain_cells(text[pos:], escaped)


def _plain_cells(text: str, escaped: bool) -> Iterator[Cell]:
    pos = 0
    if escaped:
        for entity in _ENTITY.finditer(text):
            yield from (Cell(TEXT, c, True) for c in text[pos : entity.start()])
            char = html.unescape(entity.group(0))
            yield Cell(TEXT if len(char) == 1 else OPAQUE, entity.group(0), char=char)
            pos = entity.end()
    yield from (Cell(TEXT, c, True) for c in text[pos:])


def punctuate_text(text: str) -> str:
    """The rule applied to plain text (a title): TeX in it is a formula, URLs are kept."""
    cells: list[Cell] = []
    pos = 0
    for tex in TEX_IN_TEXT.finditer(text):
        cells += text_cells(text[pos : tex.start()], escaped=False)
        cells.append(Cell(MATH, tex.group(0)))
        pos = tex.end()
    cells += text_cells(text[pos:], escaped=False)
    punctuate_cells(cells)
    return "".join(c.text for c in cells)


#: Python-Markdown output: a comment or a tag (its attributes escape ``<`` and ``>``).
#: Elements inside a sentence: their tags do not separate the text around them.
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "del",
        "dfn",
        "em",
        "i",
        "ins",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "wbr",
    ]
)
#: Elements whose content is never text to punctuate: inline ones are opaque, others edges.
PROTECTED_INLINE = frozenset({"code", "kbd", "samp", "var", "math", "svg"})
PROTECTED_BLOCK = frozenset({"pre", "script", "style", "textarea", "template"})


def html_cells(content: str) -> list[Cell]:
    """The row of cells of rendered HTML: text outside protected elements is editable."""
    cells: list[Cell] = []
    guard: Cell | None = None  # the cell a protected element is written into
    guard_name, depth = "", 0
    pos = 0
    for match in HTML_TAG.finditer(content):
        text, tag = content[pos : match.start()], match.group(0)
        pos = match.end()
        if guard is not None:
            guard.text += text + tag
            name = TAG_NAME.match(tag)
            if name and name.group(2).lower() == guard_name:
                depth += -1 if name.group(1) else (0 if tag.endswith("/>") else 1)
                if depth == 0:
                    guard = None
            continue
        cells += text_cells(text, escaped=True)
        name_match = TAG_NAME.match(tag)
        if not name_match:
            cells.append(Cell(TAG, tag))  # a comment
            continue
        closing, name = bool(name_match.group(1)), name_match.group(2).lower()
        math = not closing and MATH_CLASS in tag_classes(tag)
        if (
            not closing
            and name not in VOID_ELEMENTS
            and (math or name in PROTECTED_INLINE or name in PROTECTED_BLOCK)
        ):
            inline = name in INLINE or name in PROTECTED_INLINE
            guard = Cell((MATH if math else OPAQUE) if inline else EDGE, tag)
            guard_name, depth = name, 1
            cells.append(guard)
        elif name == "img":
            cells.append(Cell(OPAQUE, tag))
        else:
            cells.append(Cell(TAG if name in INLINE else EDGE, tag))
    if guard is not None:
        guard.text += content[pos:]
    else:
        cells += text_cells(content[pos:], escaped=True)
    return cells


def punctuate_html(content: str) -> str:
    """The rule applied to the text nodes of rendered HTML; tags and protected text kept."""
    cells = html_cells(content)
    punctuate_cells(cells)
    return "".join(c.text for c in cells)


#: Closing marks whose full-width glyph is blank on its right half: at the end of a link
#: the underline would run on past the visible mark (``生成（上）``, ``《…》``).
CLOSING_MARKS = "）》」』】〉”’"
#: The class of the ``<span>`` around such a mark; the theme sets it half width (``halt``).
CLOSING_CLASS = "close-mark"


def _closing_span(mark: str) -> str:
    return f'<span class="{CLOSING_CLASS}">{mark}</span>'


def close_links(content: str) -> str:
    """In rendered HTML, give a link whose text ends with a closing mark the half-width span."""
    return _LINK_END.sub(lambda m: _closing_span(m.group(1)) + m.group(2), content)


_LINK_END = re.compile(f"([{CLOSING_MARKS}])(</a>)")
