"""Read the blog's list of posts (``SERIES_ARCHIVE_INDEX``) in the plugin's own format.

The plugin only needs, for every post the blog has, its title and its address; a site
gives them as a JSON list of ``[title, url]`` pairs.  A site whose list comes in another
format (the kexue.fm archive reads the blog's saved 归档 page) names its own reader in
``SERIES_ARCHIVE_READER`` instead, so that format is parsed in one place, the site's.
"""

from __future__ import annotations

import json
from pathlib import Path


def read_known_parts_json(path: str | Path) -> list[tuple[str, str]]:
    """The ``(title, url)`` pairs of a JSON list of ``[title, url]`` pairs.

    Raises :class:`ValueError` naming the file and the item that is not such a pair, and
    :class:`OSError` when the file cannot be read.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not a JSON list of [title, url] pairs ({error})") from error
    if not isinstance(data, list):
        raise ValueError(f"{path}: not a JSON list of [title, url] pairs")
    pairs: list[tuple[str, str]] = []
    for number, item in enumerate(data, start=1):
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)
        ):
            raise ValueError(f"{path}: item {number} is not a [title, url] pair: {item!r}")
        pairs.append((item[0], item[1]))
    return pairs
