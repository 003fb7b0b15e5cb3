"""Reading the site's rendered HTML with regular expressions: one set of patterns.

Several plugins walk Python-Markdown's output tag by tag (citations links 《titles》
outside math and code, cjk_punctuation mends punctuation in text nodes, safe_content
guards formulas).  That output is well formed, so a regular expression per tag is
enough and much cheaper than a parser; the patterns and the facts about elements live
here once, so the plugins cannot disagree on what a tag, a class or a formula is.
"""

from __future__ import annotations

import re

_COMMENT = r"<!--.*?-->"
_NAME = r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)"
#: A tag (its attributes escape ``<`` and ``>``) or a comment.
TAG = re.compile(rf"{_COMMENT}|<[^>]*>", re.DOTALL)
#: Group 1: ``/`` for a closing tag; group 2: the element name.
TAG_NAME = re.compile(_NAME)
#: ``TAG`` and ``TAG_NAME`` in one match, for a walk that reads every tag's name without a
#: second match per tag: the same tags, with groups 1 and 2 as ``TAG_NAME`` reads them
#: (``None`` for a comment or a tag without a name).
NAMED_TAG = re.compile(rf"{_COMMENT}|(?:{_NAME}|<)[^>]*>", re.DOTALL)
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
