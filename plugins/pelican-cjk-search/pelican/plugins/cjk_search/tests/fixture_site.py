"""Build the search plugin's hand-written fixture site (plugin, JS and browser tests)."""

from __future__ import annotations

from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

#: The repository (pelicanconf.py, theme/), six folders up from tests/.
ROOT = Path(__file__).resolve().parents[6]
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


def build_fixture_site(
    output: Path, content: Path = FIXTURE_CONTENT, *, site_theme: bool = False, **overrides
) -> Path:
    """Run Pelican with the search plugin over ``content`` into ``output``.

    With ``site_theme`` the project's pelicanconf.py and theme are used (the
    browser tests need search.html); otherwise Pelican's default theme keeps
    the plugin tests independent of the theme.
    """
    if site_theme:
        settings_file = str(ROOT / "pelicanconf.py")
        override: dict = {}
    else:
        settings_file = None
        override = {
            "PLUGINS": ["pelican.plugins.cjk_search"],
            # Doc rows as the archive writes them (its pelicanconf.py shows no tags).
            "SEARCH_RESULT_FIELDS": [],
            "ARTICLE_URL": "archives/{slug}.html",
            "ARTICLE_SAVE_AS": "archives/{slug}.html",
            "TIMEZONE": "Asia/Shanghai",
            "DEFAULT_LANG": "zh-CN",
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
            "TRANSLATION_FEED_ATOM": None,
            "AUTHOR_FEED_ATOM": None,
            "AUTHOR_FEED_RSS": None,
        }
    override.update(
        {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        }
    )
    settings = read_settings(settings_file, override=override)
    Pelican(settings).run()
    return output


if __name__ == "__main__":
    # `python -m pelican.plugins.cjk_search.tests.fixture_site OUTPUT [--site-theme]`
    # (used by tests/js/).
    import sys

    build_fixture_site(Path(sys.argv[1]), site_theme="--site-theme" in sys.argv[2:])
