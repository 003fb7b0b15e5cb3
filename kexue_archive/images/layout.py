"""Where the local copy of an image lives: one rule, shared by the fetch script and the site.

A copy of ``https://kexue.fm/usr/uploads/2019/03/123.png`` is
``<content>/images/kexue.fm/usr/uploads/2019/03/123.png``: the host, then the URL's path,
percent-decoded, so ``http`` and ``https`` and an encoded or a raw Chinese file name all
share one copy and a reader can find a file by its address.  The address comes from a save
(untrusted), so a path that does not consist of plain name segments (``..``, a leading dot,
quotes, ``%``, ``?``, spaces, control characters) or that has a query is not mirrored: it is
stored under ``<host>/~hashed/`` (a name no plain segment can have) by a hash of the address,
keeping only a known image extension.  Every path this module returns is therefore a safe
relative path that needs no escaping in HTML or in Pelican's ``{static}`` links.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

#: Folder under Pelican's content folder (``PATH``) holding the copies; the plugin's default.
IMAGES_DIR = "images"

#: Hosts whose images are the blog's own (a host or any subdomain of it).
BLOG_IMAGE_HOSTS: tuple[str, ...] = ("kexue.fm", "spaces.ac.cn")

#: Schemes an image can be fetched over.
FETCH_SCHEMES = frozenset({"http", "https"})

#: A path segment kept as it is: starts with a word character (never a dot), then word
#: characters (Unicode, so Chinese names stay readable), dots, ``+``, ``~`` and ``-``.
_PLAIN_SEGMENT = re.compile(r"\w[\w.+~-]{0,199}")
_HOST = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*"
)
_IMAGE_EXTENSION = re.compile(r"\.(?:png|jpe?g|gif|webp)$", re.IGNORECASE)
_MAX_SEGMENTS = 24
HASHED_DIR = "~hashed"


def image_host(url: str) -> str | None:
    """The lower-cased host of an http(s) image address, or ``None`` when it has none."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in FETCH_SCHEMES or not host:
        return None
    host = host.rstrip(".")
    return host if _HOST.fullmatch(host) else None


def host_allowed(host: str, allowed: tuple[str, ...] | list[str]) -> bool:
    """Whether ``host`` is one of ``allowed`` or a subdomain of one."""
    return any(host == name or host.endswith("." + name) for name in allowed)


def image_key(url: str) -> PurePosixPath | None:
    """The copy's path relative to the images folder, or ``None`` for an unfetchable address."""
    host = image_host(url)
    if host is None:
        return None
    parts = urlsplit(url.strip())
    segments = unquote(parts.path).split("/")[1:]
    plain = (
        not parts.query
        and 0 < len(segments) <= _MAX_SEGMENTS
        and all(_PLAIN_SEGMENT.fullmatch(segment) for segment in segments)
    )
    if plain:
        return PurePosixPath(host, *segments)
    # Same address, same name: the scheme and the fragment do not name a different image.
    address = f"{host}{parts.path}?{parts.query}".encode("utf-8", "surrogatepass")
    extension = _IMAGE_EXTENSION.search(segments[-1] if segments else "")
    name = hashlib.sha256(address).hexdigest()[:24]
    return PurePosixPath(host, HASHED_DIR, name + (extension.group(0).lower() if extension else ""))
