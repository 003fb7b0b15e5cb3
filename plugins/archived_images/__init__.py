"""Show the blog's images from local copies, or as a caption and a link (see README.md)."""

from .archived_images import DEFAULTS, original_address, register, rewrite_images

__all__ = ["DEFAULTS", "original_address", "register", "rewrite_images"]
