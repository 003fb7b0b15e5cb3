"""The ``id`` of a post's heading: the blog's own anchor, made a valid HTML id.

The blog anchors each heading with its text (``kexue.fm/archives/7302#抛弃动量``), so
keeping the text as the id lets a link that names a section on kexue.fm land on the
same section in the archive.  The only changes: runs of whitespace become one separator
(an HTML id may not contain spaces: ``Adam & AdaX`` -> ``Adam-&-AdaX``) and invisible
control and format characters are dropped.
Python-Markdown's ``toc`` extension calls :func:`heading_id` for every heading (it
makes repeated ids unique itself), and the link rewriting of the ``citations`` plugin
maps a fragment of a blog URL through it, so both sides follow one rule.
"""

from __future__ import annotations

import unicodedata

#: What a heading with no text at all (only an image, say) is called.
EMPTY_HEADING_ID = "section"


def heading_id(text: str, separator: str = "-") -> str:
    """The id of a heading whose visible text is ``text`` (``toc``'s slugify signature)."""
    cleaned = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return separator.join(cleaned.split()) or EMPTY_HEADING_ID
