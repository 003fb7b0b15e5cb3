"""Math delimiters put back where MathJax had consumed them.

A page saved while MathJax was still rendering holds its TeX without the
``$``/``$$`` around it: a display formula stands on lines of its own
(``\\begin{equation}…``), inline TeX sits bare in the text (``用A_k表示``).
Here a standalone TeX line becomes display math, and a run of TeX inside text
(a backslash command, or a ``_``/``^`` on a one-letter base) becomes inline
math.  Both work on text whose clipper escapes are already undone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: What marks TeX in running text: a backslash command, or a sub/superscript on
#: a base of one or two characters whose index is a group or a lone character
#: (``x_{i,j}``, ``A_k``, ``Av_i``, ``10^{-3}``, ``)^2``), never an identifier's
#: underscore (``first_k_dense``, ``TF_XLA_FLAGS``, ``head_size``).
TEX_MARK = re.compile(
    r"\\[A-Za-z]+|\\[{}|,;!#%&_ ]"
    r"|(?<![A-Za-z_])[A-Za-z0-9]{1,2}[_^](?:[{\\]|[A-Za-z0-9](?![A-Za-z0-9_]))"
    r"|[})\]][_^]"
)
#: The only mark of bare TeX in a save that kept its delimiters: a backslash
#: command (there, ``x_1`` in text is the blog's own literal underscore).
COMMAND_MARK = re.compile(r"\\[A-Za-z]{2,}")
#: A display environment opening a line, and its end; MathJax's ``\require{…}`` may
#: come first (``\require{AMScd}\begin{CD}``).
BEGIN_ENV = re.compile(r"^\s*(?:\\require\{[A-Za-z]+\}\s*)*\\begin\{(?P<env>[A-Za-z]+\*?)\}")
#: Characters TeX in running text is written with (anything goes inside braces).
_TEX_CHAR = re.compile(r"[A-Za-z0-9 \t\\{}()\[\]=+\-*/<>,.|'^_!:;&~@\"?]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_EDGE_WORD_START = re.compile(r"^(?:[A-Za-z]{2,}[ \t]+)+")
_EDGE_WORD_END = re.compile(r"(?:(?<=[ \t])(?<!\\)[A-Za-z]{2,})+$")
_TRAILING = ",.;:?"
_LEADING = ",.;:)]"


def outside_braces(text: str) -> str:
    """``text`` without what braces hold (``\\text{中文}`` is TeX, not prose)."""
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def is_tex_line(line: str) -> bool:
    """A standalone line that is TeX: a mark of TeX, no prose (CJK) outside braces."""
    stripped = line.strip()
    if not stripped or TEX_MARK.search(stripped) is None:
        return False
    bare = outside_braces(stripped)
    return _CJK.search(bare) is None and all(_TEX_CHAR.match(ch) for ch in bare)


def env_end(lines: list[str], start: int, read: Callable[[str], str] = str) -> int:
    """Index after the line closing the environment that opens ``lines[start]`` (-1: none).

    ``read`` turns a line into TeX first (undoing the clipper's escapes), one line
    at a time, so a long body is not read ahead of the formula's end.
    """
    opened = BEGIN_ENV.match(read(lines[start]))
    if opened is None:
        return -1
    closing = "\\end{" + opened["env"] + "}"
    opening = "\\begin{" + opened["env"] + "}"
    depth = 0
    for index in range(start, len(lines)):
        line = read(lines[index])
        depth += line.count(opening) - line.count(closing)
        if depth <= 0:
            return index + 1
    return -1


def split_tex_runs(text: str, commands_only: bool = False) -> list[tuple[bool, str]]:
    """``text`` cut into ``(is_tex, piece)``: runs of bare TeX inside prose, in order.

    ``commands_only``: only a backslash command starts a run (a save that kept
    its delimiters, where bare TeX is rare and an underscore is text).
    """
    pieces: list[tuple[bool, str]] = []
    done = 0
    if "\\" not in text and (commands_only or ("_" not in text and "^" not in text)):
        return [(False, text)] if text else []
    for mark in (COMMAND_MARK if commands_only else TEX_MARK).finditer(text):
        if mark.start() < done:
            continue
        start, end = _extend(text, mark.start(), mark.end())
        start, end = _trim(text, start, end)
        if end <= start or end <= mark.start() or start >= mark.end() or start < done:
            continue
        if done < start:
            pieces.append((False, text[done:start]))
        pieces.append((True, text[start:end]))
        done = end
    if done < len(text):
        pieces.append((False, text[done:]))
    return pieces


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a TeX mark to the run of TeX characters around it (braces hold anything)."""
    while start > 0 and text[start - 1] != "\n" and _TEX_CHAR.match(text[start - 1]):
        start -= 1
    depth = text.count("{", start, end) - text.count("}", start, end)
    n = len(text)
    while end < n:
        ch = text[end]
        if ch == "\\" and end + 1 < n:
            end += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                break
            depth -= 1
        elif depth <= 0 and (ch == "\n" or not _TEX_CHAR.match(ch)):
            break
        end += 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop prose at a run's edges: spaces, sentence punctuation, whole English words."""
    run = text[start:end]
    lead = len(run) - len(run.lstrip(" \t" + _LEADING))
    run = run[lead:]
    if (words := _EDGE_WORD_START.match(run)) is not None and not run.startswith("\\"):
        lead += words.end()
        run = run[words.end() :]
    run_end = len(run.rstrip(" \t" + _TRAILING))
    if run_end >= 2 and run[run_end - 1] == "\\":  # keep an escaped punctuation whole
        run_end += 1
    run = run[:run_end]
    if (words := _EDGE_WORD_END.search(run)) is not None:
        run = run[: words.start()].rstrip(" \t" + _TRAILING)
    return start + lead, start + lead + len(run)
