"""Pelican settings for the kexue-archive site (development build).

``publishconf.py`` imports this and changes only what deployment needs.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

AUTHOR = "苏剑林"
SITENAME = "科学空间 · 存档"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
THEME = str(ROOT / "theme")

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["vendor_assets"]

# Browser assets come from npm at build time (see plugins/vendor_assets).
VENDOR_NODE_MODULES = str(ROOT / "node_modules")
VENDOR_ASSETS: dict[str, str] = {}

# --- site: URLs (one rule each; templates only ever write SITEURL + obj.url) -------------
# Post pages keep the blog's numeric id (``archives/11480.html``).  Every URL names its file
# (no ``dir/`` URLs) so a copy of output/ also works when opened from disk.
ARTICLE_URL = "archives/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = PAGE_URL
ARCHIVES_URL = "archives/index.html"
ARCHIVES_SAVE_AS = ARCHIVES_URL
YEAR_ARCHIVE_URL = "archives/{date:%Y}/index.html"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/index.html"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL
INDEX_URL = "index.html"
SEARCH_URL = "search.html"
SEARCH_SAVE_AS = SEARCH_URL
SITEMAP_URL = "sitemap.xml"
SITEMAP_SAVE_AS = SITEMAP_URL
ROBOTS_URL = "robots.txt"
ROBOTS_SAVE_AS = ROBOTS_URL
# ``404`` is written to ``404.html`` (its default); the search page belongs to plugins/search.
DIRECT_TEMPLATES = ["index", "archives", "search", "404", "sitemap", "robots"]
TEMPLATE_PAGES: dict[str, str] = {}
PAGINATED_TEMPLATES = {"index": None}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "page/{number}.html", "page/{number}.html"),
)
# Posts have no categories, tags or authors worth a page: the blog is one author's.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_CATEGORY = "posts"
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"


def ARTICLE_ORDER_BY(article) -> tuple:
    """Newest first; posts of the same day by slug, so every build orders them alike."""
    return (-article.date.timestamp(), article.slug)


LOCALE = ("C",)
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = None
STATIC_PATHS: list[str] = []
OUTPUT_SOURCES = False
DELETE_OUTPUT_DIRECTORY = False
LOAD_CONTENT_CACHE = False
WITH_FUTURE_DATES = True

# Feeds need absolute links, so only the publish build (absolute SITEURL) writes them.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50  # newest 50: a feed of a thousand full posts would weigh megabytes

# Jinja: everything that comes from content is escaped unless a template says |safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# --- site: Markdown --------------------------------------------------------------------------
# arithmatex (generic) wraps math in ``.arithmatex`` elements before any other inline
# pattern runs, so ``*``, ``_``, ``\\`` and ``<`` inside math reach the page byte-exact;
# escapeall makes every backslash escape the scraper wrote outside math literal.
MARKDOWN = {
    "extension_configs": {
        "pymdownx.arithmatex": {"generic": True, "smart_dollar": True},
        "pymdownx.escapeall": {"hardbreak": False, "nbsp": False},
    },
    "output_format": "html5",
}

# --- site: math --------------------------------------------------------------------------------
# MathJax's combined "full" build bundles every TeX extension, so nothing is loaded later;
# fonts are found next to the script (``[mathjax]/output/chtml/fonts/woff-v2``).
MATHJAX_SCRIPT = "vendor/mathjax/tex-chtml-full.js"
VENDOR_ASSETS.update(
    {
        "mathjax/es5/tex-chtml-full.js": MATHJAX_SCRIPT,
        "mathjax/es5/output/chtml/fonts/woff-v2": "vendor/mathjax/output/chtml/fonts/woff-v2",
    }
)

# --- site: plugins ------------------------------------------------------------------------------
# Settings and defaults: plugins/series/README.md, plugins/citations/README.md.
PLUGINS += ["series", "citations"]

# --- search (plugins/search/README.md) ----------------------------------------------------------
PLUGINS += ["search"]
SEARCH_LUNR_SCRIPT = "vendor/lunr/lunr.min.js"
VENDOR_ASSETS.update({"lunr/lunr.min.js": SEARCH_LUNR_SCRIPT})
# Search also works on a copy opened from disk (file://): index files as scripts too.
SEARCH_DISK_SCRIPTS = str(ROOT / "theme" / "static" / "js")
