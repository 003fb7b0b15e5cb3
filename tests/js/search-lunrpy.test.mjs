// lunr.js, loading the index lunr.py built, answers like lunr.py does (lunr.py runs as the
// reference through plugins/search/tests/lunr_answers.py).
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";

import { parseQuery } from "../../theme/static/js/search-worker.js";
import { engineFor, fixtureOutput, runPython } from "./search-fixture.mjs";

const QUERIES = ["扩散模型", "Muon", "Trans", "DDPM 自回归", "2023-02", "title:优化器", "series:扩散 2", "谱", "﨎", "𠀀", "位置编码 Transformer", "不存在"];
const TOLERANCE = 0.006; // lunr.py rounds scores with round(), lunr.js with Math.round

let engine;
let expected;

before(async () => {
  ({ engine } = await engineFor());
  const clauses = QUERIES.map((q) => parseQuery(q).clauses);
  const index = join(fixtureOutput(), "search", "index.json");
  expected = JSON.parse(runPython("search.tests.lunr_answers", [index], JSON.stringify(clauses)));
});

QUERIES.forEach((q, i) => {
  test(`lunr.js and lunr.py agree on ${JSON.stringify(q)}`, () => {
    const { Query } = engine.lunr;
    const results = engine.idx.query((query) => {
      for (const c of parseQuery(q).clauses) {
        query.term(c.term, {
          fields: c.fields,
          usePipeline: false,
          wildcard: c.wildcard ? Query.wildcard.TRAILING : Query.wildcard.NONE,
          presence: Query.presence.REQUIRED,
        });
      }
    });
    const byRef = (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]);
    const js = results.map((r) => [r.ref, r.score]).sort(byRef);
    const py = expected[i].sort(byRef);
    assert.deepEqual(js.map(([ref]) => ref).sort(), py.map(([ref]) => ref).sort());
    const pyScore = new Map(py);
    for (const [ref, score] of js) assert.ok(Math.abs(score - pyScore.get(ref)) <= TOLERANCE, `${ref}`);
  });
});

test("the cross-check is not vacuous", () => {
  assert.ok(expected.filter((answer) => answer.length).length >= 8);
});
