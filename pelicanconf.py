"""Pelican settings for the kexue-archive site (development build).

``publishconf.py`` imports this and changes only what deployment needs.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The settings and the plugins use this tree's own package, whichever copy is installed.
sys.path.insert(0, str(ROOT))

from kexue_archive.dumps.archive_index import series_reader  # noqa: E402
from kexue_archive.headings import page_safe_heading_id  # noqa: E402
from plugins.safe_content.html_guard import ENGINE_ID_PREFIXES  # noqa: E402
from plugins.safe_content.page_ids import theme_ids  # noqa: E402

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
# Markdown posts are converted by forked readers on the other cores while Pelican reads
# the rest (plugins/parallel_read; PARALLEL_READ_WORKERS, default one per spare core).
PLUGINS += ["parallel_read"]
# Each post's URL is formatted once, when all content is final, not at every link to it
# (plugins/site_urls); before the plugins that read URLs at all_generators_finalized.
PLUGINS += ["site_urls"]

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
# The 404 page is served for missing addresses at any depth: in the dev build its links
# and styles start from this root instead of being relative ("": the server's root, as
# ``make serve`` serves output/); publish builds use their absolute SITEURL.
ERROR_PAGE_SITEURL = ""
# ``404`` is written to ``404.html`` (its default); the search page is the cjk_search plugin's.
DIRECT_TEMPLATES = ["index", "archives", "tags", "categories", "search", "404", "sitemap", "robots"]
TEMPLATE_PAGES: dict[str, str] = {}
PAGINATED_TEMPLATES = {"index": None}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "page/{number}.html", "page/{number}.html"),
)
# Tags and categories are the blog's (full posts carry them): Pelican's own pages, with
# ASCII slugs (pinyin plus a hash, plugins/archive_taxonomy).  A post without a category
# (a listing excerpt) is in none: no invented default.  The blog is one author's: no
# author pages.
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = TAG_URL
TAGS_URL = "tag/index.html"
TAGS_SAVE_AS = TAGS_URL
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = CATEGORY_URL
CATEGORIES_URL = "category/index.html"
CATEGORIES_SAVE_AS = CATEGORIES_URL
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_CATEGORY = ""
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"


def ARTICLE_ORDER_BY(article) -> tuple:
    """Newest first; posts of the same day by slug, so every build orders them alike."""
    return (-article.date.timestamp(), article.slug)


# The blog's licence, stated on every full post's page with its author and address.
POST_LICENSE_NAME = "署名-非商业用途-保持一致"
POST_LICENSE_CODE = "CC BY-NC-ND 2.5 CN"
POST_LICENSE_URL = "https://creativecommons.org/licenses/by-nc-nd/2.5/cn/"

LOCALE = ("C",)
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = None
STATIC_PATHS: list[str] = []
OUTPUT_SOURCES = False
# Never empty output/ first: plugins/build_manifest removes only what no source produces,
# so unchanged files (search shards) keep their mtime and a sync uploads only changes.
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
# Full posts add the blog's structure: fenced code with its language (superfences, plain
# ``<pre><code class="language-x">``, no colouring), tables, footnotes, lists that keep
# their kind, and headings whose id is the blog's own anchor (kexue_archive/headings.py).
# Comments (plugins/comments) are rendered with these same settings.
# A heading never takes an id of the theme's own (main, comments, related...).
_THEME_IDS, _THEME_ID_PREFIXES = theme_ids(Path(THEME))
_HEADING_ID = page_safe_heading_id(_THEME_IDS, ENGINE_ID_PREFIXES + _THEME_ID_PREFIXES)
MARKDOWN = {
    "extension_configs": {
        "pymdownx.arithmatex": {"generic": True, "smart_dollar": True},
        "pymdownx.escapeall": {"hardbreak": False, "nbsp": False},
        "pymdownx.highlight": {"use_pygments": False},
        "pymdownx.superfences": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "回到正文第 %d 个脚注处"},
        "markdown.extensions.toc": {"slugify": _HEADING_ID},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# --- site: math --------------------------------------------------------------------------------
# MathJax's combined "full" build bundles every TeX extension; mathjax-config.js turns off
# the ones that reach the page (html, unicode, require...) and loads ``ui/safe`` from next
# to the script (``[mathjax]/ui/safe.js``), as it finds its fonts there
# (``[mathjax]/output/chtml/fonts/woff-v2``).  What TeX may do: plugins/safe_content/README.md.
MATHJAX_SCRIPT = "vendor/mathjax/tex-chtml-full.js"
# Formulas stay hidden until MathJax has typeset them, at most this long (then the TeX shows).
MATH_PENDING_MS = 15000
VENDOR_ASSETS.update(
    {
        "mathjax/es5/tex-chtml-full.js": MATHJAX_SCRIPT,
        "mathjax/es5/ui/safe.js": "vendor/mathjax/ui/safe.js",
        "mathjax/es5/output/chtml/fonts/woff-v2": "vendor/mathjax/output/chtml/fonts/woff-v2",
    }
)

# --- site: plugins ------------------------------------------------------------------------------
# Settings and defaults: each plugin's README.md.  Order matters for content_object_init:
# archived_images first turns every image of another host into the archive's own copy or a
# caption with a link to the original (no image loads from another host; the copies are what
# scripts/fetch_images.py stored under content/IMAGES_DIR); safe_content then guards every
# body, excerpt and formula, before any other plugin reads them.
PLUGINS += ["archived_images", "safe_content"]
# The dumps' ASCII punctuation between Chinese is shown as the blog's (plugins/cjk_punctuation).
PLUGINS += ["cjk_punctuation"]
# ``article.full_text``: listings mark excerpts and count full texts (plugins/full_text).
PLUGINS += ["full_text"]
# The series and search plugins are packages of their own (plugins/pelican-series-parts,
# plugins/pelican-cjk-search), installed by `make install` as any Pelican site would install
# them; named in full because an editable install is importable but not in Pelican's
# namespace scan.
PLUGINS += ["pelican.plugins.series_parts", "citations", "archive_taxonomy", "comments"]
# Series parts keep the blog's numbers (第11篇).  `make html` also passes the saved archive
# page the content was scraped with (SERIES_ARCHIVE_INDEX = $ARCHIVE_INDEX), which names
# the parts the archive lacks, with their kexue.fm address (plugins/pelican-series-parts);
# the scraper's reader of that page reads it for the plugin.
SERIES_ARCHIVE_READER = series_reader
# The post page's table of contents and heading links (plugins/post_toc/README.md).
PLUGINS += ["post_toc"]

# --- search (plugins/pelican-cjk-search/README.md) -------------------------------------------
PLUGINS += ["pelican.plugins.cjk_search"]
# lunr.js from npm at build time (an editable install has no packaged copy; a wheel has).
SEARCH_LUNR_SCRIPT = "vendor/lunr/lunr.min.js"
VENDOR_ASSETS.update({"lunr/lunr.min.js": SEARCH_LUNR_SCRIPT})
# Search also works on a copy opened from disk (file://): index files as scripts too.
SEARCH_DISK_SCRIPTS = True
# Results show title, date and series, and 摘录 for a post that is only a listing excerpt
# (two bytes a doc row; no tags or categories, so the doc files keep their size).
SEARCH_RESULT_FIELDS = ["truncated"]
# The no-result hints offer the blog's own search.
SEARCH_EXTERNAL_URL = "https://kexue.fm/search/{query}/"
SEARCH_EXTERNAL_NAME = "科学空间"

# --- related posts (plugins/related/README.md) ---------------------------------------------------
# After search: it reads posts with the search tokenizer.
PLUGINS += ["related"]

# --- stale output (plugins/build_manifest/README.md) ---------------------------------------------
# Last, so it hears every other plugin's files: removes pages whose post left content/.
PLUGINS += ["build_manifest"]
