"""Pelican glue: ``article.full_text`` says whether the archive holds the whole post.

Most posts are only the excerpt a listing page showed; readers should know before they
open one.  Templates read this one attribute (through the model's ``truncated``) instead
of comparing the raw ``Truncated`` metadata string: listings mark excerpts and count
full texts (``共收录 N 篇，其中全文 M 篇``), the post page says it is an excerpt.
"""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.contents import Article

from kexue_archive.model import Post


def mark_full_text(instance: Any) -> None:
    """Set ``full_text`` on a post: ``False`` for a listing excerpt (``Truncated: true``)."""
    if isinstance(instance, Article):
        instance.full_text = not Post.from_metadata(instance.metadata).truncated


def register() -> None:
    signals.content_object_init.connect(mark_full_text)
