"""The post body of a clipper save -> the site's Markdown and plain-text blocks.

Block by block: headings at their level without the blog's ``[#](…)``
anchor, paragraphs, lists, blockquotes, tables, fenced code with its
language, display math in a block of its own (``$$…$$``, escapes undone),
images as ``![caption](https://kexue.fm/usr/uploads/…)``.  Each block also
gives a plain-text :class:`~kexue_archive.dumps.entry.Block` (raw TeX, no
Markdown), which is what inference matches a listing excerpt's opening with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kexue_archive.dumps.entry import Block
from kexue_archive.markdown_out import is_display_math
from kexue_archive.saves import inline
from kexue_archive.saves.clipper import unescape
from kexue_archive.saves.inline import Notes
from kexue_archive.saves.math_recover import BEGIN_ENV, env_end, is_tex_line

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+#.-]*)")
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*$")
#: The blog's heading anchor, as the clipper writes it: `` [\\#](…#id)``.
_HEADING_ANCHOR = re.compile(r"\s*\[\\?#\]\([^)]*\)\s*$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
#: A thematic break (``* * *`` as the clipper writes ``<hr>``, or ``---``).
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(?P<text>.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")
_DISPLAY_OPEN = "$$"
#: How many lines one display formula may span.
_DISPLAY_REACH = 400
#: How many blockquotes inside one another are read as such.
_MAX_QUOTE_DEPTH = 8
#: ``\\begin{`` as the clipper writes it (a TeX environment opening a line).
_ESCAPED_BEGIN = re.compile(r"^\s*\\\\begin\{")
#: A TeX command as the clipper writes it (``\\\\frac``).
_ESCAPED_COMMAND = re.compile(r"\\\\(?:begin\{|frac|sum|int|left|mathbb|boldsymbol|alpha|beta)")
#: ``\\begin{env}`` (clipper-escaped) or ``\begin{env}`` at a position.
_BEGIN_AT = re.compile(r"\\{1,2}begin\{[A-Za-z]+\\?\*?\}")


@dataclass
class Body:
    """A converted body: Markdown blocks, their plain-text blocks, and what was neutralised."""

    markdown: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    #: the caption of the image just written: the paragraph repeating it is the caption
    caption: str | None = None

    def text(self, markdown: str, block: Block | None = None) -> None:
        self.caption = None
        if markdown.strip():
            self.markdown.append(markdown)
            if block is not None and block.text.strip():
                self.blocks.append(block)

    @property
    def joined(self) -> str:
        """The whole body as one Markdown text ("" when empty)."""
        return "\n\n".join(self.markdown) + "\n" if self.markdown else ""


def lost_delimiters(lines: list[str]) -> bool:
    """Whether a body holds TeX commands but not one ``$``: saved while MathJax rendered.

    The rendering layout is known by its first line; a save whose clipper dropped
    that line is still recognised by its math.
    """
    text = "\n".join(lines)
    return "$" not in text and _ESCAPED_COMMAND.search(text) is not None


def convert(lines: list[str], recover: bool, notes: Notes | None = None, depth: int = 0) -> Body:
    """Convert a body's lines; ``recover``: the save lost its math delimiters.

    ``depth`` counts the blockquotes around ``lines`` (read no deeper than
    ``_MAX_QUOTE_DEPTH``: a line of ``> > > …`` is text, not a stack overflow).
    """
    body = Body(notes=notes or Notes())
    lines = list(lines)
    ahead = _Ahead(lines)
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            _text(paragraph, recover, body)
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            flush()
            i += 1
            continue
        display_end, rest = _display_end(lines, i, recover, ahead)
        if display_end > 0:
            flush()
            _display(lines[i:display_end], body, rest)
            if rest:
                lines[display_end - 1] = rest
                display_end -= 1
            i = display_end
            continue
        cut = display_start(line) if "begin{" in line or "$$" in line else -1
        opens = cut > 0 and _display_end([line[cut:]], 0, recover, _Ahead([line[cut:]]))[0] > 0
        if opens and line[:cut].strip():
            lines[i : i + 1] = [line[:cut], line[cut:]]
            continue
        if fence := _FENCE.match(stripped):
            flush()
            i = _code(lines, i, fence["fence"], fence["lang"], body)
            continue
        if _RULE.match(line):
            flush()
            body.markdown.append("* * *")
            i += 1
            continue
        if heading := _HEADING.match(stripped):
            flush()
            _heading(heading, recover, body)
            i += 1
            continue
        if _TABLE_ROW.match(line):
            flush()
            i = _table(lines, i, recover, body)
            continue
        if depth < _MAX_QUOTE_DEPTH and _QUOTE.match(line):
            flush()
            i = _quote(lines, i, recover, body, depth + 1)
            continue
        if _LIST_ITEM.match(line) and not paragraph:
            i = _list(lines, i, recover, body)
            continue
        paragraph.append(line)
        i += 1
    flush()
    return body


def _code(lines: list[str], start: int, fence: str, lang: str, body: Body) -> int:
    """A fenced code block, kept verbatim with its language (code is never escaped)."""
    end = start + 1
    while end < len(lines) and not lines[end].strip().startswith(fence):
        end += 1
    code = [line.rstrip() for line in lines[start + 1 : end]]
    # a longer fence than any run of the fence character inside keeps the block closed
    longest = max(
        (len(m) for line in code for m in re.findall(re.escape(fence[0]) + "+", line)), default=0
    )
    mark = fence[0] * max(3, longest + 1)
    while code and not code[-1].strip():
        code.pop()
    body.text("\n".join([mark + lang, *code, mark]), Block("text", "\n".join(code)))
    return end + 1


def _heading(match: re.Match[str], recover: bool, body: Body) -> None:
    text = _HEADING_ANCHOR.sub("", match["text"])
    pieces = inline.parse(text, recover)
    rendered = inline.render(pieces, body.notes).strip()
    if rendered:
        level = max(2, len(match["marks"]))
        plain = inline.plain_text(pieces).strip()
        body.text(f"{'#' * level} {rendered}", Block("heading", plain))


def _table(lines: list[str], start: int, recover: bool, body: Body) -> int:
    end = start
    rows: list[str] = []
    while end < len(lines) and _TABLE_ROW.match(lines[end]):
        line = lines[end].strip()
        if _TABLE_RULE.match(line):
            rows.append(line)
        else:
            cells = _cells(line)
            rendered = [inline.render(inline.parse(c, recover), body.notes).strip() for c in cells]
            rows.append("| " + " | ".join(rendered) + " |")
        end += 1
    body.markdown.append("\n".join(rows))
    return end


def _cells(row: str) -> list[str]:
    """A table row's cells, split at ``|`` the clipper did not escape."""
    cells: list[str] = []
    current: list[str] = []
    inner = row.strip()[1:-1] if row.strip().endswith("|") else row.strip()[1:]
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\" and i + 1 < len(inner):
            current.append(inner[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return cells


def _quote(lines: list[str], start: int, recover: bool, body: Body, depth: int) -> int:
    end = start
    inner: list[str] = []
    while end < len(lines) and (quoted := _QUOTE.match(lines[end])):
        inner.append(quoted["text"])
        end += 1
    sub = convert(inner, recover, body.notes, depth)
    quoted_md = "\n\n".join(sub.markdown)
    body.markdown.append("\n".join("> " + line if line else ">" for line in quoted_md.split("\n")))
    body.blocks.extend(_joined(sub.blocks))
    return end


def _joined(blocks: list[Block]) -> list[Block]:
    """Consecutive text blocks as one: a quote or a list is one paragraph of the post."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "text" and out and out[-1].kind == "text":
            out[-1] = Block("text", out[-1].text + "\n" + block.text)
        else:
            out.append(block)
    return out


def _list(lines: list[str], start: int, recover: bool, body: Body) -> int:
    """A list: items of one kind (numbered or not), their continuation lines, nested items."""
    first = _LIST_ITEM.match(lines[start])
    assert first is not None
    numbered = first["marker"][0].isdigit()

    def item_at(index: int) -> re.Match[str] | None:
        item = _LIST_ITEM.match(lines[index])
        if item is None or _RULE.match(lines[index]):
            return None
        nested = len(item["indent"]) >= 2
        return item if nested or item["marker"][0].isdigit() == numbered else None

    end = start
    items: list[str] = []
    plain: list[str] = []
    while end < len(lines) and (item := item_at(end)) is not None:
        text = [item["text"]]
        end += 1
        while end < len(lines) and lines[end].strip() and _LIST_ITEM.match(lines[end]) is None:
            text.append(lines[end].strip())
            end += 1
        pieces = inline.parse("\n".join(text), recover)
        rendered = inline.render(pieces, body.notes).strip().replace("\n", "\n    ")
        number = item["marker"][:-1]
        marker = f"{int(number)}." if number.isdigit() else "-"
        indent = "    " if len(item["indent"]) >= 2 else ""
        items.append(f"{indent}{marker} {rendered}")
        plain.append(inline.plain_text(pieces).strip())
        # a blank line between items of the same list does not end it
        if end + 1 < len(lines) and not lines[end].strip() and item_at(end + 1) is not None:
            end += 1
    body.text("\n".join(items), Block("text", "\n".join(plain)))
    return end


class _Ahead:
    """The next line holding a closing mark (``$$``, ``end{``), found once for many lines.

    A body of many formulas that never close would otherwise be searched to
    its reach once per line; a stale answer only costs the search it saves.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.found: dict[str, tuple[int, int]] = {}

    def next(self, needle: str, start: int) -> int:
        """Index of the first line from ``start`` on holding ``needle`` (``len`` if none)."""
        size = len(self.lines)
        index, seen_size = self.found.get(needle, (-1, -1))
        if seen_size != size or index < start:
            index = start
            while index < size and needle not in self.lines[index]:
                index += 1
            self.found[needle] = (index, size)
        return index

    def within_reach(self, needle: str, start: int) -> bool:
        return self.next(needle, start) < start + _DISPLAY_REACH


def _display_end(lines: list[str], start: int, recover: bool, ahead: _Ahead) -> tuple[int, str]:
    """Where display math opening ``lines[start]`` ends, and text after it on its last line.

    ``(-1, "")`` when the line opens no display math.  A formula may hold blank
    lines (the mobile page doubles its line ends), so the search goes past them.
    """
    line = lines[start]
    stripped = line.strip()
    if stripped.startswith(_DISPLAY_OPEN):
        if _find_dollars(stripped, 2) < 0 and not ahead.within_reach("$$", start + 1):
            return -1, ""
        for index in range(start, min(len(lines), start + _DISPLAY_REACH)):
            searched = lines[index].strip()
            offset = 2 if index == start else 0
            close = _find_dollars(searched, offset)
            if close >= 0:
                return index + 1, searched[close + 2 :].strip()
        return -1, ""
    if _ESCAPED_BEGIN.match(line) or (recover and BEGIN_ENV.match(unescape(line))):
        if not ahead.within_reach("end{", start):
            return -1, ""
        reach = lines[start : start + _DISPLAY_REACH]
        closed = env_end(reach, 0, unescape)
        if closed < 0:  # never closed: not a formula the save holds whole
            return -1, ""
        end = start + closed
        return end, _after_env(lines[end - 1], unescape(reach[0]))

    if recover and is_tex_line(unescape(line)):
        return start + 1, ""
    return -1, ""


def _after_env(line: str, first: str) -> str:
    """Text after the ``\\end{env}`` that closes a display environment on ``line``."""
    opened = BEGIN_ENV.match(first)
    if opened is None:
        return ""
    name = re.escape(opened["env"]).replace(r"\*", r"\\?\*")
    closing = list(re.finditer(r"\\{1,2}end\{" + name + r"\}", line))
    return line[closing[-1].end() :].strip() if closing else ""


def display_start(line: str) -> int:
    """Where display math starts inside a line of text, outside ``$…$`` (-1: none).

    The blog sometimes glues ``\\begin{equation}…`` (with or without ``$$``) to
    the sentence before it; the line is cut there so the formula gets a block
    of its own.
    """
    i = 0
    in_math = False
    while i < len(line):
        ch = line[i]
        if ch == "$":
            if line.startswith("$$", i):
                if not in_math and i > 0:
                    return i
                i += 2
                continue
            in_math = not in_math
            i += 1
            continue
        if ch == "\\":
            if not in_math and i > 0 and _BEGIN_AT.match(line, i):
                return i
            i += 2 if i + 1 < len(line) and line[i + 1] in "\\$" else 1
            continue
        i += 1
    return -1


def _find_dollars(text: str, start: int) -> int:
    """Index of the first unescaped ``$$`` in ``text`` from ``start`` (-1: none)."""
    i = start
    while i < len(text) - 1:
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith("$$", i):
            return i
        i += 1
    return -1


def _display(lines: list[str], body: Body, rest: str = "") -> None:
    """One display formula, escapes undone, blank lines dropped (arithmatex takes one block)."""
    source = [line.strip() for line in lines if line.strip()]
    if rest and source:
        source[-1] = source[-1][: len(source[-1]) - len(rest)].rstrip()
    tex = unescape("\n".join(source)).strip()
    if tex.startswith("$$") and tex.endswith("$$") and len(tex) > 4:
        tex = tex[2:-2].strip()
    markdown = f"$${tex}$$"
    if body.notes.refuses(tex) or not is_display_math(markdown):
        body.notes.add("display math arithmatex cannot read kept as text")
        pieces = [inline.Inline("text", tex)]
        body.text(inline.render(pieces, body.notes), Block("text", tex))
        return
    body.text(markdown, Block("math", markdown))


def _text(lines: list[str], recover: bool, body: Body) -> None:
    if not lines:
        return
    source = "\n".join(line.strip() for line in lines)
    pieces = inline.parse(source, recover)
    plain = inline.plain_text(pieces)
    if body.caption and plain.strip() == body.caption:
        # the blog prints an image's caption under it: the figure shows it once
        body.caption = None
        return
    rendered = inline.render(pieces, body.notes).strip()
    caption = _image_caption(pieces)
    if caption is None:
        body.text(rendered, Block("text", plain))
        return
    body.text(rendered, Block("caption", caption))
    body.caption = caption


def _image_caption(pieces: list[inline.Inline]) -> str | None:
    """The caption of a paragraph that is one image (linked or not), else ``None``."""
    shown = [p for p in pieces if p.kind != "text" or p.text.strip()]
    if len(shown) != 1:
        return None
    piece = shown[0]
    if piece.kind == "link":
        inner = [c for c in piece.children if c.kind != "text" or c.text.strip()]
        piece = inner[0] if len(inner) == 1 else piece
    return piece.text.strip() if piece.kind == "image" else None
