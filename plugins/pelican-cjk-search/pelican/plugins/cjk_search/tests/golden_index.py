"""The golden index: the files the writer makes from ``tests/vectors/search-index.json``.

``python -m pelican.plugins.cjk_search.tests.golden_index`` rewrites
``tests/vectors/search-index/`` after a deliberate change of the format; the tests
compare the writer's bytes to those files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pelican.plugins.cjk_search.cjk_search import index_options
from pelican.plugins.cjk_search.documents import SearchDocument
from pelican.plugins.cjk_search.index_files import IndexOptions, build_index_files

from .fixture_site import ROOT

VECTORS = ROOT / "tests" / "vectors"
SPEC = VECTORS / "search-index.json"
GOLDEN = VECTORS / "search-index"


def golden_spec() -> dict:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def golden_documents(spec: dict) -> list[SearchDocument]:
    return [SearchDocument(**doc) for doc in spec["documents"]]


def golden_options(spec: dict) -> IndexOptions:
    return index_options(spec["settings"], len(spec["documents"]))


def golden_files(options: IndexOptions | None = None) -> dict[str, bytes]:
    """The index files of the golden documents (with ``options``, or the spec's own)."""
    spec = golden_spec()
    return build_index_files(golden_documents(spec), options or golden_options(spec))


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    shutil.rmtree(GOLDEN, ignore_errors=True)
    write_files(GOLDEN, golden_files())
