"""Text that was decoded in the wrong encoding (mojibake), found after decoding.

A file is decoded as a whole: a GBK save with one paragraph pasted in as
UTF-8 decodes as GB18030 without an error, and that paragraph turns into
``鈥溾€``, ``锛``, ``銆`` (the UTF-8 bytes of “, ，, 。 read as GBK); UTF-8
read as Latin-1 somewhere before the save gives ``â€``, ``ï¼``, ``ã€``.
Those sequences never occur in the blog's own text (none in the seeds, the
listing pages or the full-post saves), so finding one is worth a warning
naming the line.  The text is still ingested: only a person can tell what
the paragraph said.
"""

from __future__ import annotations

import re

from kexue_archive.quoting import quote_excerpt
from kexue_archive.report import InputWarning

#: Sequences mis-decoding produces: UTF-8 punctuation read as GBK (鈥 锛 銆),
#: GBK's rendering of replaced bytes (锟斤拷), the replacement character,
#: and UTF-8 read as Latin-1/cp1252 (â€ ï¼ ã€, Ã followed by a Latin-1 sign).
MOJIBAKE = re.compile("鈥|锛|銆|锟斤拷|\ufffd|â€|ï¼|ã€|Ã[\u0080-\u00bf]")
#: Characters of context quoted before the first marker.
_CONTEXT = 10


def mojibake_warning(text: str, path: str) -> InputWarning | None:
    """A warning naming the first line of ``text`` that holds mojibake, or None."""
    first = MOJIBAKE.search(text)
    if first is None:
        return None
    start = text.rfind("\n", 0, first.start()) + 1
    line = text.count("\n", 0, start) + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    excerpt = quote_excerpt(text[max(start, first.start() - _CONTEXT) : end])
    more, at, seen = 0, end, line  # other lines with a marker, counted in one pass
    for match in MOJIBAKE.finditer(text, end):
        number = seen + text.count("\n", at, match.start())
        more += number != seen
        at, seen = match.start(), number
    more_lines = f" (and {more} more line(s))" if more else ""
    return InputWarning(
        path,
        line,
        f"mojibake {excerpt}{more_lines}: part of the file was saved in another encoding?",
    )
