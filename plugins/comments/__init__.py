"""Archived reader comments under each post, from ``<slug>.comments.json`` (see README.md)."""

from .comments import DEFAULTS, CommentNode, build_tree, read_comments, register
from .safe_markdown import SafeCommentExtension

__all__ = [
    "DEFAULTS",
    "CommentNode",
    "SafeCommentExtension",
    "build_tree",
    "read_comments",
    "register",
]
