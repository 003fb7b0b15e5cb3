"""Pelican settings for deployment: ``SITEURL=https://user.github.io/archive make publish``.

Everything comes from ``pelicanconf.py``; this file only switches to absolute URLs
(``SITEURL`` from the environment, any sub-path included), and turns on what needs them:
Atom feeds, canonical and Open Graph tags, and the sitemap's absolute locations.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

if not os.environ.get("SITEURL"):
    print(
        "publishconf.py: SITEURL is not set; building for http://localhost:8000 "
        "(deploy with e.g. SITEURL=https://user.github.io/archive make publish)",
        file=sys.stderr,
    )
SITEURL = (os.environ.get("SITEURL") or "http://localhost:8000").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
SERIES_FEED_ATOM = "feeds/series/{slug}.atom.xml"
