"""The ids the theme gives its own elements, which content must never take.

A second ``id="site-search"`` in a post would capture the search box's label and
scripts; ``id="MathJax"`` would even replace ``window.MathJax``.  The list is read from
the theme itself, so a new template id is protected without anyone updating a table.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

#: The theme of this project, used when no other is named.
SITE_THEME = Path(__file__).resolve().parents[2] / "theme"
#: Plugin packages whose templates and scripts are part of the theme's pages (the search
#: page's snippets, the results' "more" button): their ids are the page's too.
PAGE_PLUGINS = ("pelican.plugins.cjk_search",)
#: ``id="site-search"`` (an id) or ``id="entry-{{ loop.index }}"`` (a prefix) in a template.
TEMPLATE_ID = re.compile(r"""\bid=["']([^"'{]*)(\{\{)?""")
#: ``el.id = "search-more"`` or ``id="…"`` written by a theme script.
SCRIPT_ID = re.compile(r"""\.id\s*=\s*["']([^"']+)["']|\bid=\\?["']([A-Za-z][\w:-]*)""")


@functools.lru_cache(maxsize=8)
def theme_ids(theme: Path = SITE_THEME) -> tuple[frozenset[str], tuple[str, ...]]:
    """The theme's ids, and the prefixes of the ids its templates generate (``entry-``)."""
    ids: set[str] = set()
    prefixes: set[str] = set()
    folders = [theme, *plugin_folders()]
    templates = [
        path for folder in folders for path in sorted((folder / "templates").rglob("*.html"))
    ]
    for path in templates:
        for match in TEMPLATE_ID.finditer(path.read_text(encoding="utf-8")):
            (prefixes if match.group(2) else ids).add(match.group(1))
    for path in [path for folder in folders for path in sorted((folder / "static").rglob("*.js"))]:
        for match in SCRIPT_ID.finditer(path.read_text(encoding="utf-8")):
            ids.add(match.group(1) or match.group(2))
    ids.discard("")
    prefixes.discard("")
    return frozenset(ids), tuple(sorted(prefixes))


def plugin_folders() -> list[Path]:
    """The package folders of the installed :data:`PAGE_PLUGINS` (none when not installed)."""
    folders = []
    for name in PAGE_PLUGINS:
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None and spec.origin:
            folders.append(Path(spec.origin).parent)
    return folders
