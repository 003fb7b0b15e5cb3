"""The ids the theme gives its own elements, which content must never take.

A second ``id="site-search"`` in a post would capture the search box's label and
scripts; ``id="MathJax"`` would even replace ``window.MathJax``.  The list is read from
the theme itself, so a new template id is protected without anyone updating a table.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

#: The theme of this project, used when no other is named.
SITE_THEME = Path(__file__).resolve().parents[2] / "theme"
#: ``id="site-search"`` (an id) or ``id="entry-{{ loop.index }}"`` (a prefix) in a template.
TEMPLATE_ID = re.compile(r"""\bid=["']([^"'{]*)(\{\{)?""")
#: ``el.id = "search-more"`` or ``id="…"`` written by a theme script.
SCRIPT_ID = re.compile(r"""\.id\s*=\s*["']([^"']+)["']|\bid=\\?["']([A-Za-z][\w:-]*)""")


@functools.lru_cache(maxsize=8)
def theme_ids(theme: Path = SITE_THEME) -> tuple[frozenset[str], tuple[str, ...]]:
    """The theme's ids, and the prefixes of the ids its templates generate (``entry-``)."""
    ids: set[str] = set()
    prefixes: set[str] = set()
    for path in sorted((theme / "templates").glob("*.html")):
        for match in TEMPLATE_ID.finditer(path.read_text(encoding="utf-8")):
            (prefixes if match.group(2) else ids).add(match.group(1))
    for path in sorted((theme / "static").rglob("*.js")):
        for match in SCRIPT_ID.finditer(path.read_text(encoding="utf-8")):
            ids.add(match.group(1) or match.group(2))
    ids.discard("")
    prefixes.discard("")
    return frozenset(ids), tuple(sorted(prefixes))
