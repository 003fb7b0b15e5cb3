"""Stable, ASCII-safe slugs: the file name and URL of a post.

The site serves ``archives/{slug}.html``, mirroring the blog's
``/archives/{id}``, so a post whose numeric id is known (archive index, saved
HTML) keeps it as its slug.  Any other post gets ``p-`` plus a hash of its
identity, so a slug never carries text (or a path) from the dump and stays
the same when the dumps are read again in another order.
"""

from __future__ import annotations

import hashlib

from kexue_archive.titles import normalize_title

#: Length of the hex digest kept in a hashed slug (64 bits: no collisions in practice).
HASH_CHARS = 16
MAX_SLUG_BYTES = 100


def slug_for_id(archive_id: int) -> str:
    """The slug of a post whose blog id is known: the id itself."""
    if archive_id <= 0:
        raise ValueError(f"not a blog post id: {archive_id}")
    return str(archive_id)


def slug_for_identity(
    title: str | None, opening: str = "", month: int | None = None, day: int | None = None
) -> str:
    """A hashed slug from a post's identity: its normalized title, or its excerpt's opening.

    The title is the identity duplicates are merged on; a title-less post is
    identified by the start of its excerpt and its day/month instead.
    """
    if title and normalize_title(title):
        identity = "t:" + normalize_title(title)
    else:
        identity = f"x:{normalize_title(opening)}|{month or 0:02d}-{day or 0:02d}"
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:HASH_CHARS]
    return f"p-{digest}"
