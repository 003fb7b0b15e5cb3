"""Remove from the output what no source produces any more (see README.md)."""

from .build_manifest import FILES_WRITTEN, MANIFEST, register

__all__ = ["FILES_WRITTEN", "MANIFEST", "register"]
