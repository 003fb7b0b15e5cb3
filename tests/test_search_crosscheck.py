"""lunr.js loads the index lunr.py built and answers the same queries the same way.

lunr.py orders its inverted index by code point while lunr.js needs UTF-16
order (lunr.py issue #144); the fixture has a CJK extension B character to
exercise the re-sorting, and the queries below cover exact, prefix, field and
date clauses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.index import Index
from lunr.query import Query, QueryPresence
from search.index_files import load_title_index
from search.tests.fixture_site import ROOT, build_fixture_site

QUERIES = [
    "扩散模型",
    "Muon",
    "Trans",
    "DDPM 自回归",
    "2023-02",
    "2021 旋转",
    "title:优化器",
    "series:扩散 2",
    "谱",
    "𠀀",
    "﨎",
    "位置编码 Transformer",
    "不存在的词",
]

NODE_SCRIPT = r"""
import lunr from "lunr";
import { readFileSync } from "node:fs";
import { parseQuery } from "./theme/static/js/search-worker.js";
import { registerPipeline } from "./theme/static/js/tokenize.js";
registerPipeline(lunr);
const [indexPath, queriesJson] = process.argv.slice(1);
const data = JSON.parse(readFileSync(indexPath, "utf8"));
const idx = lunr.Index.load(data.lunr);
const out = [];
for (const q of JSON.parse(queriesJson)) {
  const { clauses } = parseQuery(q);
  const results = idx.query((query) => {
    for (const c of clauses) {
      query.term(c.term, {
        fields: c.fields,
        usePipeline: false,
        wildcard: c.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        presence: lunr.Query.presence.REQUIRED,
      });
    }
  });
  out.push({ q, clauses, results: results.map((r) => [r.ref, r.score]) });
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = build_fixture_site(tmp_path_factory.mktemp("crosscheck"))
    return out / "search" / "index.json"


def _python_results(idx: Index, clauses: list[dict]) -> list[list]:
    query = idx.create_query()
    for clause in clauses:
        query.term(
            clause["term"],
            fields=clause["fields"],
            use_pipeline=False,
            wildcard=Query.WILDCARD_TRAILING if clause["wildcard"] else Query.WILDCARD_NONE,
            presence=QueryPresence.REQUIRED,
        )
    return [[r["ref"], r["score"]] for r in idx.query(query)]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_lunr_js_and_lunr_py_agree_on_the_python_built_index(index_file: Path) -> None:
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, str(index_file), json.dumps(QUERIES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    js_answers = json.loads(completed.stdout)
    idx = load_title_index(json.loads(index_file.read_text(encoding="utf-8"))["lunr"])
    nonempty = 0
    for answer in js_answers:
        python = _python_results(idx, answer["clauses"])
        js = answer["results"]
        # Same documents, same scores; order compared by (score, ref) since equal
        # scores come back in hash order on either side.
        assert sorted(js, key=lambda r: (-r[1], r[0])) == sorted(
            python, key=lambda r: (-r[1], r[0])
        ), answer["q"]
        nonempty += bool(js)
    assert nonempty >= 8


def test_inverted_index_is_in_utf16_order_for_lunr_js(index_file: Path) -> None:
    terms = [entry[0] for entry in json.loads(index_file.read_text())["lunr"]["invertedIndex"]]
    assert "𠀀" in terms and "﨎" in terms
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))
    assert terms != sorted(terms)  # code point order differs here: the case issue #144 breaks
