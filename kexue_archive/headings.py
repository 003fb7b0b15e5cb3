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
from collections.abc import Callable, Collection

#: What a heading with no text at all (only an image, say) is called.
EMPTY_HEADING_ID = "section"


def heading_id(text: str, separator: str = "-") -> str:
    """The id of a heading whose visible text is ``text`` (``toc``'s slugify signature)."""
    cleaned = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return separator.join(cleaned.split()) or EMPTY_HEADING_ID


#: Put before a heading's id that the page itself uses (``comments`` -> ``节-comments``):
#: the heading keeps an id, its link and its place in the table of contents, and the
#: page keeps its own element.
RESERVED_ID_MARK = "节-"


def page_safe_heading_id(
    reserved: Collection[str], reserved_prefixes: tuple[str, ...] = ()
) -> Callable[[str, str], str]:
    """A :func:`heading_id` that steers clear of the page's own ids (``main``, ``related``).

    Without it a heading called ``comments`` would claim the comments section's id, and
    the build's guard (plugins/safe_content) would drop it: no link, no contents entry.
    """

    def slugify(text: str, separator: str = "-") -> str:
        value = heading_id(text, separator)
        if value in reserved or value.startswith(reserved_prefixes):
            return RESERVED_ID_MARK + value
        return value

    return slugify
