"""Build the archive's sharded lunr search index (see README.md)."""

from .cjk_search import register

__all__ = ["register"]
