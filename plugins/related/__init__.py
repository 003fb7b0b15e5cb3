"""Related posts for every post, from the posts' own text and tags (README.md)."""

from .related import DEFAULTS, attach_related, register
from .similarity import Limits, related

__all__ = ["DEFAULTS", "Limits", "attach_related", "register", "related"]
