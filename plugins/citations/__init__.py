"""Link ``《title》`` citations to archived posts and list who cites whom (see README.md)."""

from .citations import DEFAULTS, link_citations, register

__all__ = ["DEFAULTS", "link_citations", "register"]
