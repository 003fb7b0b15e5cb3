"""Tags and categories with ASCII slugs, and posts in several categories (see README.md)."""

from .taxonomy import DEFAULTS, register, taxonomy_slug

__all__ = ["DEFAULTS", "register", "taxonomy_slug"]
