"""The search index format: every fact a reader of the index files needs, written once.

``index_files.py`` writes the files by these definitions, and :func:`format_record`
puts the parameters a reader cannot guess into the manifest (``index.json``, key
``format``), so the browser (``static/js/search-format.js``) decodes body
lengths, doc rows and file paths from the manifest instead of keeping its own
copy. What the reader must know before it has the manifest is only where the
manifest is (the page names it) and the key names below; the golden vectors in
``tests/vectors/search-index/`` hold both sides to them (pytest and node --test).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Bumped whenever a reader of the previous version would misread the files.
#: 5: the manifest carries the format's parameters (``format``).
#: 6: doc rows lose the excerpt; each post's sections (``text``) and comments
#: (``comments``, ``commentBody``) have files of their own.
#: 7: a ``text`` file also holds its post's doc row (``doc``): a result shown with a
#: snippet needs one file, not two (half the requests of a first-time query).
FORMAT_VERSION = 7

#: File names under the index folder; ``{n}`` is a shard or doc-file number.
MANIFEST_FILE = "index.json"
FILES: dict[str, str] = {
    "series": "series.json",
    "title": "title/{n}.json",
    "body": "body/{n}.json",
    "doc": "doc/{n}.json",
    # {"doc": doc row, "sections": [[heading id, heading, text], ...]} of post n: fetched
    # for a result shown with its snippet (the doc row as in its doc file).
    "text": "text/{n}.json",
    # Comment postings, sharded as the body's: fetched only when comments are searched.
    "commentBody": "comment-body/{n}.json",
    # {"comments": [[anchor, text], ...]} of post n, only for posts with comments.
    "comments": "comments/{n}.json",
}

#: A page opened from disk (``file://``) may not ``fetch``: each index file then also
#: exists as a script, its name plus this suffix, that hands its data to
#: ``window[SCRIPT_REGISTRY].put(name, data)``; the engine runs on the page, from
#: a classic-script bundle of the search modules (:data:`DISK_BUNDLE`).
SCRIPT_SUFFIX = ".js"
SCRIPT_REGISTRY = "__kexueIndex"
DISK_BUNDLE = "search-disk.js"

#: A doc file's rows: one list per post, in this field order.
DOC_FIELDS = ("url", "title", "date", "series", "part")
#: Fields a site may add to the doc rows (``SEARCH_RESULT_FIELDS``), after :data:`DOC_FIELDS`:
#: what a result shows besides title, date and series.  A site that shows none pays nothing.
#: ``truncated`` is 1 for a post that is only an excerpt (results say 摘录), else 0.
OPTIONAL_DOC_FIELDS = ("truncated", "tags", "category")
#: A section row of a ``text`` file, in this order (the part before the first heading: "" "").
SECTION_FIELDS = ("anchor", "heading", "text")

#: Keys of the manifest, all of them (``manifest`` refuses others).
MANIFEST_KEYS = frozenset(
    {
        "version",
        "format",
        "count",
        "bodyLengths",
        "shards",
        "docChunk",
        "series",
        "years",
        "yearDocs",
        "lunr",
    }
)


@dataclass(frozen=True)
class LengthCode:
    """How the manifest carries body lengths: one character of ``alphabet`` per post.

    The character at position ``i`` stands for a length of ``step ** (i - offset)``
    times the average.  The manifest is the one file every search downloads first,
    and exact lengths made it grow by ~4 bytes a post (18 kB gzipped of its 29 at
    10,000 posts).  BM25 reads a length only through its length norm
    ``1 - b + b * length / average``; a step of 10% moves that norm by under 4%.
    The alphabet is printable ASCII without the two characters JSON escapes.
    """

    alphabet: str
    step: float
    offset: int

    def encode(self, lengths: Sequence[int]) -> str:
        """One character per post: its length relative to the average, log-quantized.

        Lengths beyond the alphabet's ends are clamped; a post with an empty body
        has no postings, so its code is never read.
        """
        if not lengths:
            return ""
        average = sum(lengths) / len(lengths)
        top = len(self.alphabet) - 1
        codes = []
        for length in lengths:
            # Lengths are token counts: one above 0 makes the average above 0 too.
            level = round(math.log(length / average, self.step)) + self.offset if length > 0 else 0
            codes.append(self.alphabet[min(top, max(0, level))])
        return "".join(codes)

    def ratio(self, code: str) -> float:
        """The length relative to the average that one character of :meth:`encode` stands for."""
        return float(self.step ** (self.alphabet.index(code) - self.offset))

    def record(self) -> dict[str, object]:
        return {"alphabet": self.alphabet, "step": self.step, "offset": self.offset}


LENGTHS = LengthCode(
    alphabet="".join(chr(c) for c in range(0x23, 0x7F) if chr(c) != "\\"),
    step=1.1,
    offset=45,
)


def format_record(
    lengths: LengthCode = LENGTHS, extra_fields: tuple[str, ...] = ()
) -> dict[str, object]:
    """The manifest's ``format`` entry: what the browser decodes the other files with."""
    return {
        "lengths": lengths.record(),
        "docFields": [*DOC_FIELDS, *extra_fields],
        "sectionFields": list(SECTION_FIELDS),
        "files": dict(FILES),
    }


def page_layout(from_disk: bool = False) -> dict[str, object]:
    """What the search page tells the engine before the manifest arrives: where files are.

    With it the worker fetches a ``?q=`` query's shards while lunr.js and the
    manifest still load; the manifest then confirms the same layout.  With
    ``from_disk``, also how a page opened from disk reads them (scripts).
    """
    layout: dict[str, object] = {"manifest": MANIFEST_FILE, "files": dict(FILES)}
    if from_disk:
        layout.update(bundle=DISK_BUNDLE, registry=SCRIPT_REGISTRY, scriptSuffix=SCRIPT_SUFFIX)
    return layout


def script_twin(name: str, data: bytes) -> tuple[str, bytes]:
    """The script form of the index file ``name``: it registers the same JSON under ``name``.

    JSON is a JavaScript expression, so the data goes in as it is; the name
    is JSON-quoted too.  Written next to the JSON file, it changes exactly
    when the JSON does, so a rebuild still rewrites only what changed.
    """
    call = f"window.{SCRIPT_REGISTRY}.put({json.dumps(name)},".encode()
    return name + SCRIPT_SUFFIX, call + data + b");\n"


def file_name(kind: str, number: int | None = None) -> str:
    """The path of one index file under the index folder (``file_name("body", 3)``)."""
    return FILES[kind].format(n=number)


def manifest(**entries: object) -> dict[str, object]:
    """The manifest, checked against :data:`MANIFEST_KEYS` so no key is added in passing."""
    if entries.keys() != MANIFEST_KEYS:
        raise ValueError(f"manifest keys {sorted(entries)} differ from {sorted(MANIFEST_KEYS)}")
    return entries
