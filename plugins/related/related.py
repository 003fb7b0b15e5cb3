"""Related posts (你也许还对下面的内容感兴趣) for every post, computed at build time.

Each post's text (its rendered body as the search index reads it, its title, its tags)
becomes a TF-IDF vector over the search tokenizer's terms; the posts nearest by cosine
are its related posts (:mod:`.similarity`).  Only posts of this archive take part, so
every link stays inside the archive.  README.md says why this method.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from sys import intern
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.plugins.cjk_search.documents import plain_text
from pelican.plugins.cjk_search.tokenizer import word_and_bigram_counts

from .similarity import Limits, document_terms, related

log = logging.getLogger(__name__)

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    "RELATED_COUNT": 5,
    "RELATED_TOP_TERMS": 24,
    "RELATED_POSTING_LIMIT": 40,
    "RELATED_MIN_SCORE": 0.05,
    "RELATED_MAX_DF": 0.2,
    # A title's terms count this many times its body's; a shared tag this many times.
    "RELATED_TITLE_WEIGHT": 3,
    "RELATED_TAG_WEIGHT": 5,
    # Characters of a post's text read (its opening); 0 reads all of it.
    "RELATED_TEXT_CHARS": 4000,
}


def setting(settings: dict[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


def limits_from(settings: dict[str, Any]) -> Limits:
    return Limits(
        count=int(setting(settings, "RELATED_COUNT")),
        top_terms=int(setting(settings, "RELATED_TOP_TERMS")),
        posting_limit=int(setting(settings, "RELATED_POSTING_LIMIT")),
        min_score=float(setting(settings, "RELATED_MIN_SCORE")),
        max_df=float(setting(settings, "RELATED_MAX_DF")),
    )


def text_terms(text: str, canonical: dict[str, str] | None = None) -> Counter[str]:
    """The search tokenizer's Latin words and CJK bigrams of ``text``.

    Single characters (a CJK unigram, a variable ``x``) and bare numbers are left out:
    they occur everywhere in a math blog and would make every post look alike.  Terms
    are shared: every post's ``模型`` is then one string, which more than halves the
    memory of 10,000 posts' counts.  ``canonical`` (term -> the one copy kept) is the
    build's own table, smaller and so quicker to look up than the interpreter's
    ``sys.intern`` table, which is used without it.
    """
    words, bigrams = word_and_bigram_counts(text)
    if canonical is None:
        shared = map(intern, bigrams)
    else:
        shared = map(canonical.setdefault, bigrams, bigrams)
    # A bigram is two CJK characters, never a digit: only the words need the checks.
    terms = dict(zip(shared, bigrams.values(), strict=True))
    for word, n in words.items():
        if len(word) > 1 and not word.isdigit():
            terms[intern(word) if canonical is None else canonical.setdefault(word, word)] = n
    return Counter(terms)


def article_terms(
    article: Any, settings: dict[str, Any], canonical: dict[str, str] | None = None
) -> Counter[str]:
    """The term counts of one post: the opening of its text, its title and its tags.

    Only the first ``RELATED_TEXT_CHARS`` characters are read: a post says what it is
    about in its opening, and reading all of a 24 KB post was most of the cost (10,000
    such posts: 47 CPU s to tokenize them whole, 9 s at 4,000 characters).
    """
    weights = (
        int(setting(settings, "RELATED_TITLE_WEIGHT")),
        int(setting(settings, "RELATED_TAG_WEIGHT")),
    )
    # The source HTML, not ``article.content``: Pelican resolves ``{static}`` links the
    # first time ``content`` is read and keeps that answer, and a plugin that still
    # changes the HTML after this one (cjk_punctuation) would be lost from the page.
    text = plain_text(article._content)
    limit = int(setting(settings, "RELATED_TEXT_CHARS"))
    tags = [str(tag) for tag in getattr(article, "tags", None) or []]
    return document_terms(
        str(article.title),
        text[:limit] if limit else text,
        tags,
        functools.partial(text_terms, canonical=canonical),
        weights,
    )


def attach_related(articles: list[Any], settings: dict[str, Any]) -> None:
    """Give every article ``related_posts``: up to ``RELATED_COUNT`` articles, nearest first."""
    by_key = {article.slug: article for article in articles}
    canonical: dict[str, str] = {}
    terms = {key: article_terms(article, settings, canonical) for key, article in by_key.items()}
    found = related(terms, limits_from(settings))
    for key, article in by_key.items():
        article.related_posts = [by_key[other] for other, _ in found.get(key, [])]


def _on_generators_ready(generators: list[Any]) -> None:
    """Once every generator has its content, before any page is written.

    Later than the articles generator's own signal on purpose: every plugin has
    then changed the posts' HTML as it will (listed before this one, as
    cjk_punctuation is), so the text read here is the text the pages show.
    """
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            attach_related(generator.articles, generator.settings)
            log.debug("related: %d posts", len(generator.articles))


def register() -> None:
    signals.all_generators_finalized.connect(_on_generators_ready)
