"""Pelican's tag and category pages for a Chinese blog: stable ASCII slugs, many categories.

Pelican slugifies a name with ``unidecode``, which turns Chinese into pinyin: readable,
but homophones collide (``物理`` and ``无理`` are both ``wu-li``), and Pelican then merges
the two tags into one (a tag *is* its slug) and writes one page for both.  So every tag
and category gets :func:`taxonomy_slug`: the pinyin words plus a short hash of the name.

A post of the blog can sit in several categories; Pelican gives an article one.  The
scraper writes the first as ``Category`` and all of them as ``Categories``; this plugin
gives each post ``article.categories`` (every category, in the blog's order) and lists the
post on every one of its category pages.  A post with no category (a listing excerpt) is
in none: ``DEFAULT_CATEGORY`` must be ``""``, or Pelican would invent one.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pelican import signals
from pelican.urlwrappers import Category, URLWrapper
from unidecode import unidecode

from kexue_archive.model import Post
from kexue_archive.titles import normalize_title

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    # Hex digits of the SHA-1 of the normalized name in a tag or category slug.
    "TAXONOMY_SLUG_HASH_LENGTH": 8,
    # At most this many characters of pinyin before the hash.
    "TAXONOMY_SLUG_WORDS_LENGTH": 40,
}

log = logging.getLogger(__name__)

_ASCII_WORDS = re.compile(r"[a-z0-9]+")


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


def taxonomy_slug(
    name: str,
    hash_length: int = DEFAULTS["TAXONOMY_SLUG_HASH_LENGTH"],
    words_length: int = DEFAULTS["TAXONOMY_SLUG_WORDS_LENGTH"],
) -> str:
    """An ASCII slug for a tag or category name: its pinyin words plus a short hash.

    ``信息时代`` -> ``xin-xi-shi-dai-<hash>``.  The hash is over the name after
    :func:`kexue_archive.titles.normalize_title` (width, case and spaces folded), so two
    spellings of one name share a page and two names never do, and a name's URL does not
    depend on which other names exist.
    """
    key = normalize_title(name)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:hash_length]
    words = "-".join(_ASCII_WORDS.findall(unidecode(key).lower()))[:words_length].strip("-")
    return f"{words}-{digest}" if words else digest


def _reslug(item: URLWrapper, settings: Mapping[str, Any]) -> URLWrapper:
    item.slug = taxonomy_slug(
        item.name,
        setting(settings, "TAXONOMY_SLUG_HASH_LENGTH"),
        setting(settings, "TAXONOMY_SLUG_WORDS_LENGTH"),
    )
    return item


def categories_of(article: Any) -> list[Category]:
    """Every category of a post, its Pelican ``category`` first, without repeats."""
    names = Post.from_metadata(article.metadata).categories
    primary = getattr(article, "category", None)
    found: list[Category] = [primary] if primary is not None else []
    for name in names:
        category = _reslug(Category(name, article.settings), article.settings)
        if category not in found:
            found.append(category)
    return found


def _before_taxonomy(generator: Any) -> None:
    """Slug every tag and category before Pelican groups posts by them."""
    settings = generator.settings
    names: dict[tuple[str, str], str] = {}
    for article in _all_articles(generator):
        for tag in getattr(article, "tags", []):
            _reslug(tag, settings)
        if getattr(article, "category", None) is not None:
            _reslug(article.category, settings)
        article.categories = categories_of(article)
        for item in [*getattr(article, "tags", []), *article.categories]:
            kind = type(item).__name__
            other = names.setdefault((kind, item.slug), normalize_title(item.name))
            if other != normalize_title(item.name):  # a hash collision: raise the length
                log.error(
                    "taxonomy: %s %r and %r share the slug %r", kind, other, item.name, item.slug
                )


def _all_articles(generator: Any) -> Iterable[Any]:
    yield from generator.articles
    yield from generator.translations
    yield from generator.hidden_articles
    yield from generator.drafts


def _after_taxonomy(generator: Any) -> None:
    """List each post under every one of its categories, newest first as Pelican does."""
    pages: dict[Category, list[Any]] = {}
    for article in generator.articles:
        for category in article.categories:
            pages.setdefault(category, []).append(article)
    categories = sorted(pages.items(), key=lambda item: item[0].slug)
    if generator.settings.get("REVERSE_CATEGORY_ORDER"):
        categories.reverse()
    generator.categories = categories
    generator.context["categories"] = categories


def register() -> None:
    signals.article_generator_pretaxonomy.connect(_before_taxonomy)
    signals.article_generator_finalized.connect(_after_taxonomy)
