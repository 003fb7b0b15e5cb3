"""The web clipper's Markdown escapes, and undoing them.

The clipper writes the page's text as Markdown and puts a backslash before
every character Markdown could act on, TeX's own backslashes included:
``\\begin`` is ``\\\\begin``, ``g_t`` is ``g\\_t``, and a TeX line break ``\\\\``
at a line end comes out as ``\\\\\\``.  Inside math every such escape is
undone (the blog's TeX, byte for byte); outside math the escapes are
Markdown the site reads the same way (``escapeall``: ``\\X`` is a literal X).
"""

from __future__ import annotations

import re
import string

#: What the clipper escapes: ASCII punctuation (a backslash before anything
#: else, a letter or a line end, is kept as it stands).
ESCAPABLE = frozenset(string.punctuation)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str) -> str:
    """``text`` with the clipper's escapes undone: ``\\X`` -> ``X`` for ASCII punctuation X."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: m[1] if m[1] in ESCAPABLE else m[0], text)


def skip_escape(text: str, index: int) -> int:
    """Where scanning goes on after the character at ``index`` (past an escape pair)."""
    if text[index] == "\\" and index + 1 < len(text) and text[index + 1] in ESCAPABLE:
        return index + 2
    return index + 1
