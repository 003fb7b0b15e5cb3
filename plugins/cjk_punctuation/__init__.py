"""Chinese punctuation where the dumps wrote ASCII, at render time (see README.md)."""

from .cjk_punctuation import register
from .punctuation import punctuate_html, punctuate_text

__all__ = ["punctuate_html", "punctuate_text", "register"]
