"""Find the images a post's Markdown shows: ``![caption](address "title")``.

The full-post readers write every image of a save this way, with the blog's absolute
address.  Fenced code blocks are skipped (an image written there is shown as code, not
loaded), and so are inline code spans; math never holds ``![`` followed by ``](``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: ``![alt](<address> "title")`` or ``![alt](address 'title')``; alt may hold escaped ``]``.
MARKDOWN_IMAGE = re.compile(
    r"""!\[(?:\\.|[^\]\\\n])*\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<bare>[^\s()<>]+))"""
    r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"""
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CLOSING_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class ImageReference:
    """One image shown by a post: its address and where it is written (1-based line)."""

    url: str
    path: str
    line: int


def find_images(text: str, path: str) -> Iterator[ImageReference]:
    """Every Markdown image of ``text`` outside code, in order of appearance."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is not None:
            closing = _CLOSING_FENCE.fullmatch(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        for match in MARKDOWN_IMAGE.finditer(_CODE_SPAN.sub(_blank, line)):
            yield ImageReference(match.group("angled") or match.group("bare"), path, number)


def _blank(match: re.Match[str]) -> str:
    """A code span's characters replaced by spaces, so nothing in it looks like an image."""
    return " " * len(match.group(0))
