"""Which posts the archive holds whole, for listings and counts (see README.md)."""

from .full_text import mark_full_text, register

__all__ = ["mark_full_text", "register"]
