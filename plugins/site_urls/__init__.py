"""Each post's URL worked out once, when nothing can change it any more (README.md)."""

from .site_urls import fix_urls, register

__all__ = ["fix_urls", "register"]
