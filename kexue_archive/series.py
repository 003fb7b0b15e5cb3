"""Series name and part number from a post title (the ingest's name for the rules).

The rules live in the series plugin package (``pelican.plugins.series_parts.titles``,
installed by ``make install``), so the site's series and the scraper's reading of a
title are one rule; see that module for the title styles the blog uses.
"""

from pelican.plugins.series_parts.titles import TitlePart, chinese_numeral, parse_series

__all__ = ["TitlePart", "chinese_numeral", "parse_series"]
