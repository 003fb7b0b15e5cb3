"""Read Markdown posts on every core: forked readers convert files ahead of Pelican (README.md)."""

from .parallel_read import DEFAULTS, ParallelMarkdownReader, register

__all__ = ["DEFAULTS", "ParallelMarkdownReader", "register"]
