"""Series pages, the series box and reading-order links for the archive (see README.md)."""

from .series_parts import DEFAULTS, Series, SeriesPart, register, series_slug

__all__ = ["DEFAULTS", "Series", "SeriesPart", "register", "series_slug"]
