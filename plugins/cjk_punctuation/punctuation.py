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

What it costs: a mark's decision reads only the nearest character on each side, a pair
only whether Han lies between, and a block's edge ends both; so a block whose text has no
ASCII mark or no Chinese is passed over (a plain paragraph in one regex step), and in the
others a run of text without a mark is one cell.  The changes are written into the source
string, which is otherwise returned as it came.  ``tests/test_punctuation_oracle.py``
holds all this to a per-character reading of the rule.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from kexue_archive.rendered_html import MATH_CLASS, NAMED_TAG_REST, VOID_ELEMENTS, tag_classes

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
#: The only characters the rule ever changes (the keys of ``FULL_WIDTH``).
_MARK = re.compile("[" + re.escape("".join(FULL_WIDTH)) + "]")

# Cell kinds.  Tags of inline elements and comments are invisible to the rule: they make no
# cell.  A row of cells is one block: its two ends are the block's edges.
TEXT, MATH, OPAQUE = "text", "math", "opaque"


class Cell:
    """One position of the row, as the rule reads it.

    A ``text`` cell is either one editable mark (``at``: its index in the source, where the
    full-width mark is written if the rule converts it) or a run of text holding no
    editable mark (URLs and HTML entities included).  A mark's decision reads only the
    nearest character on each side, and a bracket pair only whether a Han character lies
    between, so a run of a thousand characters is one cell instead of a thousand: the
    rule costs per mark, not per character.  ``judged`` is the text as the rule reads it
    (an entity as the character it stands for); other kinds have none.
    """

    __slots__ = ("at", "judged", "kind")

    def __init__(self, kind: str, judged: str = "", at: int = -1) -> None:
        self.kind, self.judged, self.at = kind, judged, at

    def ends_chinese(self, last: bool) -> bool:
        """Whether the character on the side facing a mark (``last`` or first) is Chinese."""
        return self.kind == TEXT and bool(_CHINESE.match(self.judged[-1 if last else 0]))


#: The cells of kinds that carry nothing but their kind (never changed: one of each serves).
_MATH, _OPAQUE = Cell(MATH), Cell(OPAQUE)


def punctuate_cells(cells: list[Cell]) -> None:
    """Apply the rule to one block's row of cells in place (brackets first, then the marks)."""
    _brackets(cells)
    end = len(cells) - 1
    for i, cell in enumerate(cells):
        if cell.at < 0 or cell.judged not in ",:;!?":
            continue
        left = cells[i - 1] if i else None
        right = cells[i + 1] if i < end else None
        right_chinese = right is not None and right.ends_chinese(last=False)
        chinese_left = (
            left is not None
            and left.ends_chinese(last=True)
            and (right_chinese or right is None or right.kind == MATH)
        )
        if chinese_left or (left is not None and left.kind == MATH and right_chinese):
            cell.judged = FULL_WIDTH[cell.judged]


def _brackets(cells: list[Cell]) -> None:
    """Pair ``(`` with ``)`` in the block; convert the pairs the rule allows.

    Pairs are decided in the order they close, each seeing the brackets converted before it
    as Chinese (``中(文)(b)中``: the first pair encloses Chinese, so the second has it outside).
    """
    open_at: list[int] = []
    end = len(cells) - 1
    for i, cell in enumerate(cells):
        if cell.at < 0:
            continue
        elif cell.judged == "(":
            open_at.append(i)
        elif cell.judged == ")" and open_at:
            start = open_at.pop()
            encloses = any(c.kind == TEXT and _HAN.search(c.judged) for c in cells[start + 1 : i])
            outside = (
                start > 0
                and i < end
                and cells[start - 1].ends_chinese(last=True)
                and cells[i + 1].ends_chinese(last=False)
            )
            if encloses or outside:
                cells[start].judged, cell.judged = "（", "）"


def text_cells(text: str, offset: int, escaped: bool) -> list[Cell]:
    """Cells of one run of text starting at ``offset`` in the source; ``escaped``: HTML
    text, whose entities stay as they are (and are judged by their character)."""
    if not _MARK.search(text) and not (escaped and "&" in text):
        return [Cell(TEXT, text)] if text else []  # the common case: nothing to split
    cells: list[Cell] = []
    run: list[str] = []  # the judged text of the run being gathered
    pos = 0
    for url in URL_IN_TEXT.finditer(text):
        _plain_cells(text, pos, url.start(), offset, escaped, cells, run)
        run.append(url.group(0))  # URL characters: never edited
        pos = url.end()
    _plain_cells(text, pos, len(text), offset, escaped, cells, run)
    if run:
        cells.append(Cell(TEXT, "".join(run)))
    return cells


def _plain_cells(
    text: str, start: int, end: int, offset: int, escaped: bool, cells: list[Cell], run: list[str]
) -> None:
    """Cells of ``text[start:end]`` (no URL in it), gathering text into ``run``."""
    pos = start
    if escaped and "&" in text[start:end]:
        for entity in _ENTITY.finditer(text, start, end):
            _mark_cells(text, pos, entity.start(), offset, cells, run)
            char = html.unescape(entity.group(0))
            if len(char) == 1:
                run.append(char)
            else:
                if run:
                    cells.append(Cell(TEXT, "".join(run)))
                    run.clear()
                cells.append(_OPAQUE)
            pos = entity.end()
    _mark_cells(text, pos, end, offset, cells, run)


def _mark_cells(
    text: str, start: int, end: int, offset: int, cells: list[Cell], run: list[str]
) -> None:
    """A cell of its own for each editable mark in ``text[start:end]``; the rest to ``run``."""
    pos = start
    for mark in _MARK.finditer(text, start, end):
        if mark.start() > pos:
            run.append(text[pos : mark.start()])
        if run:
            cells.append(Cell(TEXT, "".join(run)))
            run.clear()
        cells.append(Cell(TEXT, mark.group(0), offset + mark.start()))
        pos = mark.end()
    if end > pos:
        run.append(text[pos:end])


def _written(source: str, cells: list[Cell]) -> str:
    """``source`` with the marks the rule converted written full width."""
    parts: list[str] = []
    pos = 0
    for cell in cells:
        if cell.at >= 0 and cell.judged != source[cell.at]:
            parts += (source[pos : cell.at], cell.judged)
            pos = cell.at + 1
    if not parts:
        return source
    parts.append(source[pos:])
    return "".join(parts)


def punctuate_text(text: str) -> str:
    """The rule applied to plain text (a title): TeX in it is a formula, URLs are kept."""
    cells: list[Cell] = []
    pos = 0
    for tex in TEX_IN_TEXT.finditer(text):
        cells += text_cells(text[pos : tex.start()], pos, escaped=False)
        cells.append(_MATH)
        pos = tex.end()
    cells += text_cells(text[pos:], pos, escaped=False)
    punctuate_cells(cells)
    return _written(text, cells)


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


#: An inline formula as arithmatex writes it, with no tag inside, after its ``<``.
_FORMULA_REST = f'span class="{MATH_CLASS}">[^<]*</span>'
#: What the walk reads in one step after a ``<``, each exactly as its tags one by one would
#: be read: group 1, an inline formula (a math cell); group 2, a paragraph holding only text
#: without an ASCII mark, and formulas (a block edge, as it has nothing to change: most
#: paragraphs); else a tag or a comment, groups 3 and 4 as ``TAG_NAME``'s 1 and 2.
_WALK = re.compile(
    f"<(?:({_FORMULA_REST})|(p>(?:[^<{re.escape(''.join(FULL_WIDTH))}]++|<{_FORMULA_REST})*+</p>)"
    f"|{NAMED_TAG_REST})",
    re.DOTALL,
)


def html_rows(content: str) -> Iterator[list[Cell]]:
    """The rows of cells of rendered HTML, one per block that holds an ASCII mark in its text.

    A block's edges end every neighbour and every bracket pair, so each block is a row of
    its own, and a block whose text has no mark (most of them: a formula's commas are not
    text) needs no cells at all; its text nodes are only noted as they pass.  Nor does a
    block without Chinese text (``_any_chinese``).
    """
    block: list[tuple[int, int] | Cell] = []  # text nodes (start, end) and inline cells
    marked = False  # whether a text node of the block holds a mark
    guard_name, depth = "", 0  # the protected element being skipped, and its nesting
    pos = 0
    for match in _WALK.finditer(content):
        text_at, (start, pos) = pos, match.span()
        formula, paragraph, closing, name = match.group(1, 2, 3, 4)
        if depth:  # (a formula or a paragraph read in one step leaves the nesting as it was)
            if name and name.lower() == guard_name:
                depth += -1 if closing else (0 if content.endswith("/>", start, pos) else 1)
            continue
        if start > text_at:
            block.append((text_at, start))
            if not marked and _MARK.search(content, text_at, start):
                marked = True
        if formula:
            block.append(_MATH)
            continue
        if not paragraph:  # a tag (the paragraph ends the block, as its <p> would)
            if not name:
                continue  # a comment
            name = name.lower()
            # (classes are only read from a start tag that names the math class at all)
            math = (
                not closing
                and content.find(MATH_CLASS, start, pos) >= 0
                and _math_tag(match.group(0))
            )
            if (
                not closing
                and name not in VOID_ELEMENTS
                and (math or name in PROTECTED_INLINE or name in PROTECTED_BLOCK)
            ):
                guard_name, depth = name, 1
                if name in INLINE or name in PROTECTED_INLINE:
                    block.append(_MATH if math else _OPAQUE)
                    continue
            elif name == "img":
                block.append(_OPAQUE)
                continue
            elif name in INLINE:
                continue
        if marked and _any_chinese(content, block):  # the block ends here
            yield _row(content, block)
        block, marked = [], False
    if not depth and pos < len(content):
        block.append((pos, len(content)))
        marked = marked or _MARK.search(content, pos) is not None
    if marked and _any_chinese(content, block):
        yield _row(content, block)


@functools.lru_cache(maxsize=256)
def _math_tag(tag: str) -> bool:
    """Whether a start tag has the math class (a post repeats the same few such tags)."""
    return MATH_CLASS in tag_classes(tag)


def _any_chinese(content: str, block: list[tuple[int, int] | Cell]) -> bool:
    """Whether any text of the block is Chinese (an entity read as its character).

    Every change the rule makes needs Chinese beside a mark or inside a pair, so a block
    without any (a formula the dump split into paragraphs) is left as it is.
    """
    for item in block:
        if not isinstance(item, Cell):
            start, end = item
            if _CHINESE.search(content, start, end):
                return True
            text = content[start:end]
            if "&" in text and _CHINESE.search(html.unescape(text)):
                return True
    return False


def _row(content: str, block: list[tuple[int, int] | Cell]) -> list[Cell]:
    cells: list[Cell] = []
    for item in block:
        if isinstance(item, Cell):
            cells.append(item)
        else:
            start, end = item
            cells += text_cells(content[start:end], start, escaped=True)
    return cells


def punctuate_html(content: str) -> str:
    """The rule applied to the text nodes of rendered HTML; tags and protected text kept."""
    cells: list[Cell] = []
    for row in html_rows(content):
        punctuate_cells(row)
        cells += row
    return _written(content, cells)


#: Closing marks whose full-width glyph is blank on its right half: at the end of a link
#: the underline would run on past the visible mark (``生成（上）``, ``《…》``).
CLOSING_MARKS = "）》」』】〉”’"
#: The class of the ``<span>`` around such a mark; the theme sets it half width (``halt``).
CLOSING_CLASS = "close-mark"


def closing_span(mark: str) -> str:
    """The half-width span around a closing mark at a link's end (``mark`` needs no escaping)."""
    return f'<span class="{CLOSING_CLASS}">{mark}</span>'


def close_links(content: str) -> str:
    """In rendered HTML, give a link whose text ends with a closing mark the half-width span."""
    return _LINK_END.sub(lambda m: closing_span(m.group(1)) + m.group(2), content)


_LINK_END = re.compile(f"([{CLOSING_MARKS}])(</a>)")
