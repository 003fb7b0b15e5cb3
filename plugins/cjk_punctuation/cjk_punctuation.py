"""Pelican glue: show the blog's Chinese punctuation in posts read from dumps (README.md).

``content_object_init`` fires once per post after Markdown ran; the body (and so every
excerpt cut from it) and, when it came from a dump, the title are punctuated there, so
every template, feed and the search index show one spelling.  The Markdown files keep
the dump's bytes.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape, soft_str
from pelican import signals
from pelican.contents import Article

from kexue_archive.model import Post

from .punctuation import CLOSING_MARKS, close_links, closing_span, punctuate_html, punctuate_text

#: Title statuses whose title is the dump's own text (``index`` and ``override`` titles are
#: the blog's archive page or a person's: kept as written).
DUMP_TITLES = frozenset({"dump", "derived"})


def punctuate_post(instance: Any) -> None:
    """Punctuate one post's body, summary and (a dump's) title in place."""
    if not isinstance(instance, Article):
        return
    if isinstance(getattr(instance, "_content", None), str):
        instance._content = punctuate_html(instance._content)
    if isinstance(getattr(instance, "_summary", None), str):
        instance._summary = punctuate_html(instance._summary)
        instance.metadata["summary"] = instance._summary
    if Post.from_metadata(instance.metadata).title_status in DUMP_TITLES:
        instance.title = punctuate_text(str(instance.title))
        instance.metadata["title"] = instance.title


def close_all_links(generators: list[Any]) -> None:
    """Half-width closing marks at the end of links, once every plugin has added its links
    (plugins/citations links ``《title》`` after the posts are read)."""
    for generator in generators:
        for article in getattr(generator, "articles", []):
            if isinstance(getattr(article, "_content", None), str):
                article._content = close_links(article._content)


def link_text(title: Any) -> Markup:
    """A title put inside a link, its final closing mark set half width (the templates'
    side of :func:`close_all_links`; the ``link_text`` filter).  Escaped unless markup."""
    text = soft_str(title)
    if text and text[-1] in CLOSING_MARKS:
        return escape(text[:-1]) + Markup(closing_span(text[-1]))
    return escape(text)


def _add_filter(generator: Any) -> None:
    generator.env.filters.setdefault("link_text", link_text)


def add_settings(pelican: Any) -> None:
    """Tell the theme which closing marks to set half width at a link's end.

    ``_macros.html``'s ``link_text`` and ``search-ui.js`` read ``CJK_CLOSING_MARKS``; a site
    without this plugin shows titles as they are.
    """
    pelican.settings["CJK_CLOSING_MARKS"] = CLOSING_MARKS


def register() -> None:
    signals.initialized.connect(add_settings)
    signals.generator_init.connect(_add_filter)
    signals.content_object_init.connect(punctuate_post)
    signals.all_generators_finalized.connect(close_all_links)
