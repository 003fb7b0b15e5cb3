"""Post -> Pelican Markdown: escaped text, byte-exact math, a safe metadata block.

The site renders bodies with Python-Markdown plus ``pymdownx.arithmatex``
(generic mode) and ``pymdownx.escapeall``.  Everything from a dump that is not
math is therefore backslash-escaped (``escapeall`` makes any ``\\X`` a literal
``X``), with ``<`` and ``&`` written as entities, so text that merely looks
like Markdown or HTML stays text.  Math is found with arithmatex's own
patterns and written unchanged, so what arithmatex hands to MathJax is the
dump's bytes.
"""

from __future__ import annotations

import json
import re

from pymdownx.arithmatex import (
    RE_BRACKET_BLOCK,
    RE_BRACKET_INLINE,
    RE_DOLLAR_BLOCK,
    RE_SMART_DOLLAR_INLINE,
    RE_TEX_BLOCK,
)

from kexue_archive.dumps.entry import Block
from kexue_archive.model import METADATA_KEYS, Post

# arithmatex compiles its inline patterns with DOTALL (Python-Markdown does),
# and tests a whole block against the block pattern; we use the same ones so
# our idea of "this is math" and the site's can never disagree.
_INLINE_DOLLAR = re.compile(RE_SMART_DOLLAR_INLINE, re.DOTALL)
_INLINE_BRACKET = re.compile(RE_BRACKET_INLINE, re.DOTALL)
_DISPLAY_BLOCK = re.compile(
    "(?s)^(?:" + "|".join((RE_DOLLAR_BLOCK, RE_BRACKET_BLOCK, RE_TEX_BLOCK)) + ")[ ]*$"
)

#: ASCII punctuation Markdown (or a pymdownx extension) may act on gets a
#: backslash.  ``,;?%/()`` are left alone: a backslash before ``(`` would make
#: ``\\(…\\)`` inline math.  ``[``/``]`` become entities for the same reason
#: (``\\[…\\]`` is display math); ``<``/``&`` become entities as HTML wants.
_ESCAPES: dict[int, str] = {ord(ch): "\\" + ch for ch in "!\"#$'*+-.:=@^_`{|}~>"}
_ESCAPES[ord("[")] = "&#91;"
_ESCAPES[ord("]")] = "&#93;"
_ESCAPES[ord("\\")] = "\\\\"
_ESCAPES[ord("<")] = "&lt;"
_ESCAPES[ord("&")] = "&amp;"
# Python-Markdown uses STX/ETX as placeholders; they never belong in text.
_ESCAPES[0x02] = ""
_ESCAPES[0x03] = ""

#: A line that would start a Markdown block (heading, quote, list, rule,
#: table, indented code) if it appeared inside inline math spanning lines.
_BLOCK_START = re.compile(r"^(?: {4}|\t| {0,3}(?:[#>*+=|:~`-]|\d+[.)]))")
_VERTICAL_SPACE = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
#: What meta_value has to rewrite: control characters, whitespace other than a
#: space (every vertical space is such), or two spaces in a row.
_META_DIRTY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]|[^\S ]|  ")
# The characters each scan of split_inline_math stops at; everything between
# them is skipped by the regex engine instead of a Python loop.
_MATH_START = re.compile(r"[$\\]")
_DOLLAR_STOP = re.compile(r"[$\\\x02\x03]")
_BRACKET_STOP = re.compile(r"[\\\x02\x03]")


#: ``_ESCAPES`` as ordered replacements: the backslash first and ``&`` second,
#: so neither is escaped again inside what a later replacement inserts
#: (``\\X``, ``&#91;``); the entities last, after ``#`` was escaped.
_REPLACEMENTS: tuple[tuple[str, str], ...] = tuple(
    (ch, _ESCAPES[ord(ch)]) for ch in "\\&!\"#$'*+-.:=@^_`{|}~><[]\x02\x03"
)


_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(ch for ch, _ in _REPLACEMENTS)) + "]")


def escape_literal(text: str) -> str:
    """Make text render literally: backslash escapes, ``<``/``&`` as entities.

    Same result as ``text.translate(_ESCAPES)``, but a few ``str.replace``
    passes cost a third of ``translate``, which looks every character of a
    CJK text up in the table one by one; and one search first lets the many
    segments with nothing to escape skip even those.
    """
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _inline_math_safe(segment: str) -> bool:
    """Inline math may span lines only if no line would start a Markdown block.

    A backtick is never allowed: Python-Markdown's code spans run before
    arithmatex and would take it.
    """
    if "`" in segment:
        return False
    if "\n" not in segment:
        return True
    lines = segment.split("\n")
    return all(line.strip() and not _BLOCK_START.match(line) for line in lines[1:])


def split_inline_math(text: str) -> list[tuple[bool, str]]:
    """Split text into ``(is_math, segment)`` pieces, in order, covering all of it.

    A single left-to-right scan: each candidate ``$…$`` or ``\\(…\\)`` is
    checked against arithmatex's own inline pattern.  Once a delimiter has
    no closing partner left, no later one is tried, which keeps a huge
    paragraph full of stray ``$`` linear.
    """
    pieces: list[tuple[bool, str]] = []
    n = len(text)
    literal_from = 0
    dollar_open = True
    bracket_open = True
    if (found := _MATH_START.search(text)) is None:
        return [(False, text)] if text else []
    i = found.start()
    while i < n:
        ch = text[i]
        end = -1
        if ch == "$" and dollar_open:
            end = _scan_dollar(text, i)
            if end == -2:
                dollar_open = False
                end = -1
            pattern = _INLINE_DOLLAR
        elif ch == "\\" and i + 1 < n and text[i + 1] == "(" and bracket_open:
            end = _scan_bracket(text, i)
            if end == -2:
                bracket_open = False
                end = -1
            pattern = _INLINE_BRACKET
        elif ch == "\\":
            i += 2
            continue
        else:
            # Nothing but ``$`` and ``\\`` can start math or skip a character.
            found = _MATH_START.search(text, i + 1)
            i = found.start() if found else n
            continue
        if end > 0:
            segment = text[i:end]
            if pattern.fullmatch(segment) and _inline_math_safe(segment):
                if literal_from < i:
                    pieces.append((False, text[literal_from:i]))
                pieces.append((True, segment))
                literal_from = i = end
                continue
        i += 1
    if literal_from < n:
        pieces.append((False, text[literal_from:]))
    return pieces


def _scan_dollar(text: str, start: int) -> int:
    """End (exclusive) of smart-dollar math opening at ``start``; -1 none here, -2 none left."""
    n = len(text)
    j = start + 1
    if j >= n or text[j].isspace() or text[j] == "$":
        return -1
    while (found := _DOLLAR_STOP.search(text, j)) is not None:
        j = found.start()
        c = text[j]
        if c == "\\":
            j += 2
        elif c == "$":
            return j + 1 if not text[j - 1].isspace() else -1
        else:  # STX/ETX
            return -1
    return -2


def _scan_bracket(text: str, start: int) -> int:
    """End (exclusive) of ``\\(…\\)`` math opening at ``start``; -1 none here, -2 none left."""
    n = len(text)
    j = start + 2
    while (found := _BRACKET_STOP.search(text, j)) is not None:
        j = found.start()
        if text[j] == "\\":
            if j + 1 < n and text[j + 1] == ")":
                return j + 2 if j > start + 2 else -1
            j += 2
        else:  # STX/ETX
            return -1
    return -2


def _tidy_lines(text: str) -> str:
    """One paragraph: no blank lines, no indentation (which Markdown would read as code)."""
    if "\n" not in text and "\r" not in text and _CONTROL.search(text) is None:
        return text.strip()  # one clean line: what the general case below gives
    lines = (line.strip() for line in _CONTROL.sub("", text).replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def render_text(text: str) -> str:
    """A paragraph's Markdown: literal text escaped, inline math kept byte-exact."""
    text = _tidy_lines(text)
    if "$" not in text and "\\" not in text:
        # no math can start and no escaped backslash can end the text: one
        # literal piece, what the general case below gives
        return escape_literal(text)
    out: list[str] = []
    for is_math, segment in split_inline_math(text):
        if is_math:
            out.append(segment)
        else:
            escaped = escape_literal(segment)
            # An escaped backslash right before math would make arithmatex see
            # ``\\$``; an entity keeps the backslash literal and the math math.
            if escaped.endswith("\\\\") and out is not None:
                escaped = escaped[:-2] + "&#92;"
            out.append(escaped)
    return "".join(out)


def is_display_math(text: str) -> bool:
    """True when arithmatex will take ``text`` as one display-math block."""
    stripped = text.strip()
    return bool(stripped) and "\n\n" not in stripped and bool(_DISPLAY_BLOCK.match(stripped))


def render_block(block: Block) -> str:
    """One block's Markdown ("" when there is nothing to show)."""
    if block.kind == "math":
        math = block.text.strip()
        if is_display_math(math):
            return math
        return render_text(math)  # not math arithmatex knows: show it literally
    if block.kind == "heading":
        line = _SPACES.sub(" ", block.text).strip()
        return f"## {render_text(line)}" if line else ""
    return render_text(block.text)


def render_body(blocks: list[Block]) -> str:
    """The post body: blank-line-separated blocks, ending in one newline."""
    parts = [rendered for block in blocks if (rendered := render_block(block))]
    return "\n\n".join(parts) + "\n" if parts else ""


def meta_value(value: str) -> str:
    """A metadata value on one line: no newline can start a second key or the body."""
    if _META_DIRTY.search(value) is None:  # nothing below would change it
        return value.strip()
    value = _VERTICAL_SPACE.sub(" ", value)
    value = _CONTROL.sub("", value)
    return _SPACES.sub(" ", value).strip()


def render_post(post: Post) -> str:
    """The whole ``.md`` file: metadata in ``METADATA_KEYS`` order, a blank line, the body."""
    meta = post.metadata()
    lines = []
    for key in METADATA_KEYS:
        if key in meta and (value := meta_value(meta[key])):
            lines.append(f"{key}: {value}")
    body = post.body if post.body.endswith("\n") or not post.body else post.body + "\n"
    return "\n".join(lines) + "\n\n" + body


def render_comments(post: Post) -> str | None:
    """The post's comments sidecar (``<slug>.comments.json``), or ``None`` without comments.

    Deterministic JSON in page order; each body is Markdown under the body's rules.
    """
    if not post.comments:
        return None
    data = {"comments": [comment.as_dict() for comment in post.comments]}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
