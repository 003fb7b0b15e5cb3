"""Title normalization: the one rule for deciding that two titles are the same.

The dumps converted the blog's full-width punctuation to half-width
(``（）：，？！；`` became ``():,?!;``) while ``。、“”《》`` survived, so a dump
title and the blog's real title only compare equal after this folding.  The
scraper (matching the archive index, merging duplicates) and the site
(linking ``《…》`` citations) both use it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


# The scraper asks for the same few thousand titles over and over (merging,
# index lookups, citations in every excerpt): the cache makes that a lookup.
@lru_cache(maxsize=1 << 16)
def normalize_title(title: str) -> str:
    """A comparison key for a title: NFKC, half-width punctuation, no spaces, lower case."""
    folded = unicodedata.normalize("NFKC", title)
    folded = folded.replace("\\", "")  # Markdown escapes in saved archive pages (``5\.``)
    return _SPACES.sub("", folded).lower()
