"""Pelican glue: ``article.full_text`` says whether the archive holds the whole post.

Most posts are only the excerpt a listing page showed; readers should know before they
open one.  Templates read this one attribute (through the model's ``truncated``) instead
of comparing the raw ``Truncated`` metadata string: listings mark excerpts and count
full texts (``共收录 N 篇，其中全文 M 篇``), the post page says it is an excerpt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pelican import signals
from pelican.contents import Article

from kexue_archive.model import Post


def mark_full_text(instance: Any) -> None:
    """Set ``full_text`` on a post: ``False`` for a listing excerpt (``Truncated: true``)."""
    if isinstance(instance, Article):
        instance.full_text = not Post.from_metadata(instance.metadata).truncated


class FullTextCounter:
    """``articles|full_text_count``: how many posts of a listing are full texts.

    Pelican renders every page of a paginated listing (the home page, a tag, a category)
    with the same ``articles`` list, and each page says "其中全文 M 篇" for the whole
    list: counting in the template walks all N posts on each of N/12 pages, which grows
    with the square of the archive (10,000 posts: 834 home pages x 10,000).  The count is
    kept per list object; the list itself is held so its ``id`` cannot be reused, and its
    length is part of the key in case a plugin changes it.
    """

    def __init__(self) -> None:
        self._counts: dict[tuple[int, int], tuple[Sequence[Any], int]] = {}

    def __call__(self, articles: Sequence[Any]) -> int:
        key = (id(articles), len(articles))
        cached = self._counts.get(key)
        if cached is None or cached[0] is not articles:
            cached = (articles, sum(1 for a in articles if getattr(a, "full_text", False)))
            self._counts[key] = cached
        return cached[1]


def _add_filter(generator: Any) -> None:
    generator.env.filters["full_text_count"] = FullTextCounter()


def register() -> None:
    signals.content_object_init.connect(mark_full_text)
    signals.generator_init.connect(_add_filter)
