"""Pieces of input made safe to show: no control characters, no terminal escapes, short.

A rejection quotes the line it could not read and the summary prints file
names, both taken from files anyone could have written.  Printed raw, an
ANSI escape sequence in either could recolour, clear or retitle the user's
terminal, and a long quote could leak a whole line of a file that was never
meant to be read.  Everything quoted from input goes through here.
"""

from __future__ import annotations

import re

#: Characters of input quoted in a message at most (enough to recognise a line).
EXCERPT_CHARS = 40

#: Terminal escape sequences (CSI ``ESC [ … final``, OSC/DCS/PM/APC strings up to
#: their terminator, and ``ESC [intermediates] final``), the 8-bit CSI, then any other
#: control or formatting character: C0, DEL, C1, bidirectional overrides and
#: isolates (which reorder what the terminal shows), zero-width characters.
_UNPRINTABLE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with escape sequences and control characters removed, cut to ``limit``.

    Tabs and line ends become one space each, so a quote stays on its line.
    A cut text ends in ``…``.
    """
    text = _UNPRINTABLE.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))
    if limit is not None and len(text) > limit:
        return text[:limit] + "…"
    return text


def quote_excerpt(text: str) -> str:
    """A short, quoted, printable excerpt of input, for rejection messages."""
    return repr(printable(text.strip(), EXCERPT_CHARS))
