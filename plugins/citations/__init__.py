"""Link ``《title》`` citations and blog URLs to archived posts; list who cites whom (README.md)."""

from .citations import (
    BLOG_POST_URL,
    DEFAULTS,
    build_archive_id_index,
    content_link,
    element_ids,
    link_archive_urls,
    link_citations,
    register,
)

__all__ = [
    "BLOG_POST_URL",
    "DEFAULTS",
    "build_archive_id_index",
    "content_link",
    "element_ids",
    "link_archive_urls",
    "link_citations",
    "register",
]
