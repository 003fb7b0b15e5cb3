"""lunr.py's answers on a built eager index: the reference both cross-checks compare lunr.js to.

``python -m pelican.plugins.cjk_search.tests.lunr_answers SEARCH_DIR`` reads a JSON list of
clause lists (as
``parseQuery`` in search-query.js makes them) on stdin and prints, for each, the
``[ref, score]`` pairs lunr.py returns when every clause is required.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lunr.index import Index
from lunr.query import Query, QueryPresence
from pelican.plugins.cjk_search.cjk_search import index_options
from pelican.plugins.cjk_search.documents import SearchDocument
from pelican.plugins.cjk_search.index_files import (
    load_title_index,
    serialize_title_index,
    title_builder,
)
from pelican.plugins.cjk_search.index_format import MANIFEST_FILE, file_name


def shipped_rows(search_dir: Path) -> list[list]:
    """Every post's ``[url, title, date, series, part]``, from ``doc/*.json`` by id."""
    manifest = json.loads((search_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    chunks = -(-manifest["count"] // manifest["docChunk"])
    rows: list[list] = []
    for number in range(chunks):
        path = search_dir / file_name("doc", number)
        rows += json.loads(path.read_text(encoding="utf-8"))["docs"]
    return rows


def shipped_docs(search_dir: Path) -> list[list]:
    """Every post's ``[url, title, date, series, part]``, by id."""
    return [row[:5] for row in shipped_rows(search_dir)]


def python_serialized(search_dir: Path) -> dict:
    """lunr.py's own serialization of the title index, rebuilt from the shipped metadata."""
    docs = [
        SearchDocument(url, title, date, series, part, "")
        for url, title, date, series, part in shipped_docs(search_dir)
    ]
    return serialize_title_index(title_builder(docs, index_options({}, len(docs))))


def answers(idx: Index, clause_lists: list[list[dict]]) -> list[list[list]]:
    out = []
    for clauses in clause_lists:
        query = idx.create_query()
        for clause in clauses:
            query.term(
                clause["term"],
                fields=clause["fields"],
                use_pipeline=False,
                wildcard=Query.WILDCARD_TRAILING if clause["wildcard"] else Query.WILDCARD_NONE,
                presence=QueryPresence.REQUIRED,
            )
        out.append([[r["ref"], r["score"]] for r in idx.query(query)])
    return out


if __name__ == "__main__":
    idx = load_title_index(python_serialized(Path(sys.argv[1])))
    sys.stdout.write(json.dumps(answers(idx, json.load(sys.stdin))))
