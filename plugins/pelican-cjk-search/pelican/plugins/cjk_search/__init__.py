"""Build the archive's sharded lunr search index (see README.md)."""

from .search import register

__all__ = ["register"]
