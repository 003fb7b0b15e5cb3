"""An excerpt's lines -> blocks: text, section headings, doubled captions, display math.

All dump formats lose the markup the same way, so they share this one
reading of it:

* display math (``\\begin{env}…\\end{env}``, ``$$…$$``, ``\\[…\\]``) starts on
  its own line and may run over several lines; it is cut out byte-exact into
  a ``math`` block, and text before or after it on the same line stays text;
* a section heading is a short standalone line (FORMATS.md);
* an image's alt text and its caption come out as two identical consecutive
  paragraphs: they become one ``caption`` block.

Every step is a single pass over the lines (no regex that can backtrack over
a whole paragraph), so a multi-megabyte excerpt costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kexue_archive.dumps.entry import Block

#: The blog's read-more cut, as the text saves keep it.
READ_MORE = re.compile(r"^\s*(?:点击)?阅读全文\s*(?:\.{2,}|…+|»|>>)?\s*$")
READ_MORE_SUFFIX = re.compile(r"\s*点击阅读全文\s*(?:\.{2,}|…+)\s*$")
#: Text both read-more patterns contain: lines without it skip the regex.
READ_MORE_WORDS = "阅读全文"

_BEGIN = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
_ENV_TOKEN = re.compile(r"\\(begin|end)\{([A-Za-z]+\*?)\}")

#: A heading is at most this many characters long.
HEADING_MAX_CHARS = 24
#: Characters a sentence (not a heading) ends with.
SENTENCE_END = tuple("。,,;;::、…")
#: Display math longer than this many lines is taken as never closed; this
#: bounds the work an unclosed ``\\begin`` can cause.
MAX_MATH_LINES = 120
#: Sentence punctuation a section heading does not contain.
_NOT_IN_HEADING = ("。", ",", ",", ":", ":", "$$")
#: Captions longer than this are paragraphs that merely repeat.
CAPTION_MAX_CHARS = 120


def is_read_more(line: str) -> bool:
    return READ_MORE_WORDS in line and READ_MORE.match(line) is not None


def _find_double_dollar(line: str, start: int) -> int:
    """Index of the next unescaped ``$$`` in ``line`` from ``start``, or -1."""
    i = line.find("$$", start)
    while i != -1:
        backslashes = 0
        k = i - 1
        while k >= 0 and line[k] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2 == 0:
            return i
        i = line.find("$$", i + 1)
    return -1


def _env_close(line: str, start: int, env: str, depth: int) -> tuple[int, int]:
    """Scan ``line`` from ``start`` for the ``\\end{env}`` that brings ``depth`` to 0.

    Returns ``(end_index, depth)``: ``end_index`` is just past the closing
    ``\\end{env}`` or -1 if the line ends first, with the depth left open.
    """
    for m in _ENV_TOKEN.finditer(line, start):
        if m.group(2) != env:
            continue
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return m.end(), 0
    return -1, depth


class _MathSplitter:
    """Splits a run of lines into text pieces and display-math pieces.

    A piece is ``(kind, text, whole_line)`` where ``whole_line`` says the text
    piece was a complete line (a heading or a caption can only be that).
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines

    def split(self) -> list[tuple[str, str, bool]]:
        pieces: list[tuple[str, str, bool]] = []
        lines = list(self.lines)
        self.lines = lines
        whole = [True] * len(lines)
        i = 0
        while i < len(lines):
            line = lines[i]
            found = self._display_start(line)
            end_line, end_col = self._display_end(i, *found) if found else (-1, -1)
            if found is None or end_line < 0:  # no math, or never closed: text
                pieces.append(("text", line, whole[i]))
                i += 1
                continue
            start = found[0]
            if line[:start].strip():
                pieces.append(("text", line[:start].rstrip(), False))
            if end_line == i:
                math = line[start:end_col]
            else:
                math = "\n".join(
                    [line[start:], *lines[i + 1 : end_line], lines[end_line][:end_col]]
                )
            pieces.append(("math", math.strip(), False))
            rest = lines[end_line][end_col:].strip()
            if rest:
                # the line goes on after the math: read the rest as a line of its own
                lines[end_line] = rest
                whole[end_line] = False
                i = end_line
            else:
                i = end_line + 1
        return pieces

    @staticmethod
    def _display_start(line: str) -> tuple[int, str] | None:
        """Where display math starts on ``line``: at its start, or at a ``$$``."""
        if "$" not in line and "\\" not in line:  # every opener below needs one
            return None
        stripped = line.lstrip()
        offset = len(line) - len(stripped)
        if stripped.startswith("\\begin{"):
            return offset, "begin"
        if stripped.startswith("\\["):
            return offset, "bracket"
        # a ``$$`` after an odd number of ``$`` closes inline math and opens
        # another (``$a$$b$``); only one after an even number opens display math
        pos = _find_double_dollar(line, 0)
        singles, counted = 0, 0
        while pos != -1:
            singles += line.count("$", counted, pos)
            if singles % 2 == 0:
                return pos, "dollar"
            counted = pos + 2
            singles += 2
            pos = _find_double_dollar(line, pos + 1)
        return None

    def _display_end(self, i: int, start: int, kind: str) -> tuple[int, int]:
        """``(line index, column)`` just past the end of the math opened at ``start``."""
        lines = self.lines
        if kind == "dollar":
            col = start + 2
            # mid-line ``$$`` must close on its line (``$a$$b$`` is two inline maths)
            last = len(lines) if not lines[i][:start].strip() else i + 1
            for j in range(i, min(last, i + MAX_MATH_LINES)):
                close = _find_double_dollar(lines[j], col)
                if close != -1:
                    if j == i and close == start + 2:
                        return -1, -1  # "$$$$": nothing inside
                    return j, close + 2
                col = 0
            return -1, -1
        if kind == "bracket":
            col = start + 2
            for j in range(i, min(len(lines), i + MAX_MATH_LINES)):
                close = lines[j].find("\\]", col)
                if close != -1:
                    return j, close + 2
                col = 0
            return -1, -1
        m = _BEGIN.match(lines[i], start)
        if m is None:
            return -1, -1
        env, col, depth = m.group(1), m.end(), 1
        for j in range(i, min(len(lines), i + MAX_MATH_LINES)):
            end, depth = _env_close(lines[j], col, env, depth)
            if end != -1:
                return j, end
            col = 0
        return -1, -1


def looks_like_heading(text: str) -> bool:
    """A short stripped line that does not read like a sentence (ending or inner punctuation)."""
    return (
        0 < len(text) <= HEADING_MAX_CHARS
        and not text.endswith(SENTENCE_END)
        and not any(mark in text for mark in _NOT_IN_HEADING)
    )


def build_blocks(
    paragraphs: Sequence[Sequence[str]], *, one_line_paragraphs: bool, detect_headings: bool = True
) -> list[Block]:
    """Blocks of an excerpt, from its paragraphs (each a list of lines).

    ``one_line_paragraphs`` is format B's layout, where every line is its own
    paragraph; format A separates paragraphs by blank lines and keeps single
    line breaks inside one.  Display math may span lines either way.
    ``detect_headings`` is off for saved HTML, whose headings are real tags.
    """
    raw: list[tuple[str, str, bool]] = []  # (kind, text, standalone paragraph)
    for paragraph in paragraphs:
        lines = [line.rstrip() for line in paragraph]
        if not any("$" in line or "\\" in line for line in lines):
            # no display math can start (see _display_start): what the general
            # case below gives for a paragraph of text lines, without the split
            if one_line_paragraphs:
                raw.extend(("text", line, True) for line in lines)
            elif len(lines) == 1:
                raw.append(("text", lines[0], True))
            elif lines:
                raw.append(("text", "\n".join(lines), False))
            continue
        pieces = _MathSplitter(lines).split()
        if one_line_paragraphs or len(pieces) == 1:
            raw.extend(
                (kind, text, kind == "text" and whole and (one_line_paragraphs or len(lines) == 1))
                for kind, text, whole in pieces
            )
            continue
        buffer: list[str] = []
        for kind, text, _whole in pieces:
            if kind == "math":
                if buffer:
                    raw.append(("text", "\n".join(buffer), False))
                    buffer = []
                raw.append(("math", text, False))
            else:
                buffer.append(text)
        if buffer:
            raw.append(("text", "\n".join(buffer), False))
    return _classify(raw, detect_headings)


def _classify(raw: list[tuple[str, str, bool]], detect_headings: bool) -> list[Block]:
    """Doubled paragraphs -> one caption; short standalone lines -> headings."""
    blocks: list[Block] = []
    i = 0
    while i < len(raw):
        kind, text, standalone = raw[i]
        stripped = text.strip()
        if not stripped:
            i += 1
            continue
        if kind == "math":
            blocks.append(Block("math", text))
            i += 1
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if (
            detect_headings
            and standalone
            and nxt is not None
            and nxt[0] == "text"
            and nxt[2]
            and len(stripped) <= CAPTION_MAX_CHARS
            and nxt[1].strip() == stripped
        ):
            blocks.append(Block("caption", stripped))
            i += 2
            continue
        # a short line right before display math introduces it ("其定义是"); a
        # short last line is where the blog cut the excerpt ("…其他博文还有")
        if (
            detect_headings
            and standalone
            and nxt is not None
            and nxt[0] != "math"
            and looks_like_heading(stripped)
        ):
            blocks.append(Block("heading", stripped))
        else:
            blocks.append(Block("text", text))
        i += 1
    return blocks
