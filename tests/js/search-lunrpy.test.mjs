// lunr.js, loading the index lunr.py built, answers like lunr.py does (lunr.py runs as the
// reference through the search package's tests/lunr_answers.py): both the whole title index
// (every shard) and the small index the engine builds from only the shards a query needs.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";

import { parseQuery } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-query.js";
import { engineFor, fixtureOutput, queryClauses, runPython } from "./search-fixture.mjs";

const QUERIES = ["扩散模型", "Muon", "Trans", "DDPM 自回归", "2023-02", "title:优化器", "series:扩散 2", "谱", "﨎", "𠀀", "位置编码 Transformer", "不存在"];
const TOLERANCE = 0.006; // lunr.py rounds scores with round(), lunr.js with Math.round

let engine;
let expected;

before(async () => {
  ({ engine } = await engineFor());
  const clauses = QUERIES.map((q) => parseQuery(q).clauses);
  const folder = join(fixtureOutput(), "search");
  expected = JSON.parse(runPython("pelican.plugins.cjk_search.tests.lunr_answers", [folder], JSON.stringify(clauses)));
});

for (const scope of ["whole", "sharded"]) QUERIES.forEach((q, i) => {
  test(`lunr.js (${scope} title index) and lunr.py agree on ${JSON.stringify(q)}`, async () => {
    const { clauses } = parseQuery(q);
    const idx = scope === "whole" ? await engine.fullTitleIndex() : await engine.titleIndexFor(clauses);
    const results = queryClauses(engine.lunr, idx, clauses, engine.lunr.Query.presence.REQUIRED);
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
