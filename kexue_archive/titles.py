"""Title normalization: the one rule for deciding that two titles are the same.

The dumps converted the blog's full-width punctuation to half-width
(``（）：，？！；`` became ``():,?!;``) while ``。、“”《》`` survived, so a dump
title and the blog's real title only compare equal after this folding.  The
scraper (matching the archive index, merging duplicates) and the site (series,
linking ``《…》`` citations) all use it; it lives in the series plugin package
(``pelican.plugins.series_parts.titles``), which series URLs depend on.
"""

from pelican.plugins.series_parts.titles import normalize_title

__all__ = ["normalize_title"]
