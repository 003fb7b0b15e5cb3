"""lunr.js loads the index lunr.py built and answers the same queries the same way.

The title index travels in shards (index_files.title_shards); lunr.js turns
them back (search-worker.js titleIndexFrom) into exactly the JSON lunr.py
serializes, which these tests compare term by term and score by score. The
answers are checked on the whole index and on the small per-query index the
engine builds from only the shards of the query's terms.

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
from pelican.plugins.cjk_search.cjk_search import STATIC_JS
from pelican.plugins.cjk_search.index_files import load_title_index
from pelican.plugins.cjk_search.tests import lunr_answers
from pelican.plugins.cjk_search.tests.fixture_site import ROOT, build_fixture_site

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
import { join } from "node:path";
import { parseQuery } from "@static/search-query.js";
import { titleIndexFrom, SearchEngine } from "@static/search-engine.js";
const [folder, queriesJson] = process.argv.slice(1);
const read = async (path) => JSON.parse(readFileSync(join(folder, path), "utf8"));
const engine = new SearchEngine(lunr, read);
await engine.load();
const shards = [];
for (let n = 0; n < engine.data.shards; n++) shards.push(await read(`title/${n}.json`));
const expanded = titleIndexFrom(engine.data.lunr, shards);
const out = [];
for (const q of JSON.parse(queriesJson)) {
  const { clauses } = parseQuery(q);
  const idx = await engine.titleIndexFor(clauses);
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
console.log(JSON.stringify({ expanded, answers: out }));
""".replace("@static/", f"{STATIC_JS.as_uri()}/")


SCORE_TOLERANCE = 0.0015  # lunr.py rounds with round(), lunr.js with Math.round


@pytest.fixture(scope="module")
def search_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = build_fixture_site(tmp_path_factory.mktemp("crosscheck"))
    return out / "search"


@pytest.fixture(scope="module")
def python_serialized(search_dir: Path) -> dict:
    return lunr_answers.python_serialized(search_dir)


@pytest.fixture(scope="module")
def node_output(search_dir: Path) -> dict:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, str(search_dir), json.dumps(QUERIES)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(completed.stdout)


def _by_term(serialized: dict) -> tuple[dict, dict]:
    terms = {entry[1]["_index"]: entry[0] for entry in serialized["invertedIndex"]}
    postings = {
        term: {k: v for k, v in posting.items() if k != "_index"}
        for term, posting in serialized["invertedIndex"]
    }
    vectors = {
        ref: {terms[v[i]]: v[i + 1] for i in range(0, len(v), 2)}
        for ref, v in serialized["fieldVectors"]
    }
    return postings, vectors


def test_lunr_js_rebuilds_from_the_title_shards_what_lunr_py_built(
    node_output: dict, python_serialized: dict
) -> None:
    expanded = node_output["expanded"]
    assert expanded["fields"] == python_serialized["fields"]
    assert expanded["pipeline"] == python_serialized["pipeline"] == ["kexue-normalize"]
    js_postings, js_vectors = _by_term(expanded)
    py_postings, py_vectors = _by_term(python_serialized)
    assert js_postings == py_postings
    # An empty field (a post outside any series) has no vector: no query ever reads it.
    py_vectors = {ref: scores for ref, scores in py_vectors.items() if scores}
    assert js_vectors.keys() == py_vectors.keys()
    for ref, scores in py_vectors.items():
        assert js_vectors[ref].keys() == scores.keys(), ref
        for term, score in scores.items():
            assert abs(js_vectors[ref][term] - score) <= SCORE_TOLERANCE, (ref, term)


def test_lunr_js_and_lunr_py_agree_on_the_python_built_index(
    node_output: dict, python_serialized: dict
) -> None:
    idx = load_title_index(python_serialized)
    nonempty = 0
    for answer in node_output["answers"]:
        [python] = lunr_answers.answers(idx, [answer["clauses"]])
        python = sorted(python, key=lambda r: (-r[1], r[0]))
        js = sorted(answer["results"], key=lambda r: (-r[1], r[0]))
        assert [ref for ref, _ in js] == [ref for ref, _ in python], answer["q"]
        for (_, a), (_, b) in zip(js, python, strict=True):
            assert abs(a - b) <= 4 * SCORE_TOLERANCE, answer["q"]
        nonempty += bool(js)
    assert nonempty >= 8


def test_terms_are_in_utf16_order_for_lunr_js(node_output: dict) -> None:
    terms = [term for term, _ in node_output["expanded"]["invertedIndex"]]
    assert any(t.startswith("𠀀") for t in terms) and "﨎" in terms
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))
    assert terms != sorted(terms)  # code point order differs here: the case issue #144 breaks
