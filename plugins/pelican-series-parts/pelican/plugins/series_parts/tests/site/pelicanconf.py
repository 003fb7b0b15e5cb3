"""A minimal Pelican site for the series plugin's own tests (Pelican's simple theme)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
PATH = "content"
SITENAME = "series test"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
THEME = str(HERE / "theme")
PLUGINS = ["pelican.plugins.series_parts"]
ARTICLE_URL = "{slug}.html"
ARTICLE_SAVE_AS = "{slug}.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
