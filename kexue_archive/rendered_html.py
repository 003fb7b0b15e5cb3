"""Reading the site's rendered HTML with regular expressions: one set of patterns.

Several plugins walk Python-Markdown's output tag by tag (citations links 《titles》
outside math and code, cjk_punctuation mends punctuation in text nodes, safe_content
guards formulas).  That output is well formed, so a regular expression per tag is
enough and much cheaper than a parser; the patterns and the facts about elements live
here once, so the plugins cannot disagree on what a tag, a class or a formula is.
"""

from __future__ import annotations

import re

# What follows the ``<`` of a comment, and of a tag's name.
_COMMENT_REST = r"!--.*?-->"
_NAME_REST = r"\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)"
#: A tag (its attributes escape ``<`` and ``>``) or a comment.
TAG = re.compile(rf"<{_COMMENT_REST}|<[^>]*>", re.DOTALL)
#: Group 1: ``/`` for a closing tag; group 2: the element name.
TAG_NAME = re.compile(f"<{_NAME_REST}")
#: What follows the ``<`` of a ``TAG``, with groups 1 and 2 as ``TAG_NAME`` reads them
#: (``None`` for a comment or a tag without a name): for a walk that reads every tag's name
#: without a second match per tag.  Written after one ``<`` outside its alternatives (and
#: those of the walk's own), it lets the regex engine skip text to the next ``<`` at once,
#: which halves the time of a walk over a post.
NAMED_TAG_REST = rf"{_COMMENT_REST}|(?:{_NAME_REST})?[^>]*>"
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
#: Elements that never have content or an end tag.
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
#: The class pymdownx.arithmatex gives every formula (inline ``span``, display ``div``).
MATH_CLASS = "arithmatex"


def tag_classes(tag: str) -> list[str]:
    """The classes named in one start tag's ``class`` attribute."""
    match = _CLASS_ATTR.search(tag)
    return next(g for g in match.groups() if g is not None).split() if match else []
