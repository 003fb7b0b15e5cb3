"""Pelican glue: a page's URL worked out once, and written into links one way.

Pelican's ``Content.url`` is a property that formats ``ARTICLE_URL`` anew on every read,
copying the metadata and resolving the source path each time (about 11 µs).  Templates
read it for every link: a post page links its related posts, series parts and
neighbours, and every listing links each post it lists, so a 10,000-post site reads it
about 200,000 times, two seconds of the build.  Once every generator has finished its
content (``all_generators_finalized``) nothing changes a slug, a date or a category any
more, so the value is stored as ``override_url``, which ``Content.get_url_setting``
returns before it formats anything.  An override a user or Pelican set already (an
``{attach}``-ed file's, ``EXTRA_PATH_METADATA``'s) is left as it is.

Templates turn such a URL into a link with ``site_href`` (a Jinja global): the page's
``SITEURL``, a slash, the URL.  It was a Jinja macro, and a macro call costs about
3 µs against half a microsecond for a function: the theme writes some 270,000 links
into a 10,000-post site.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.contents import Content, Static


def _contents(generator: Any) -> Iterable[Content]:
    """Every content object a generator holds, whatever lists it keeps them in."""
    for value in vars(generator).values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, Content) and not isinstance(item, Static):
                    yield item


def fix_urls(generators: Iterable[Any]) -> int:
    """Store each post's and page's URL as its override; returns how many were fixed."""
    fixed = 0
    for generator in generators:
        for content in _contents(generator):
            if not hasattr(content, "override_url"):
                content.override_url = content.url
                fixed += 1
    return fixed


@pass_context
def site_href(context: Any, url: Any) -> Markup:
    """``SITEURL/url``, both escaped: with ``RELATIVE_URLS`` the page's own way back to the
    site's root (``.`` or ``..``), so a copy of the output works from any folder."""
    return Markup("%s/%s") % (context.get("SITEURL", ""), url)


def _add_global(generator: Any) -> None:
    generator.env.globals.setdefault("site_href", site_href)


def register() -> None:
    signals.generator_init.connect(_add_global)
    signals.all_generators_finalized.connect(fix_urls)
