"""A post's table of contents and ``#`` links on its headings (README.md)."""

from .post_toc import DEFAULTS, Heading, anchor_headings, post_headings, register

__all__ = ["DEFAULTS", "Heading", "anchor_headings", "post_headings", "register"]
