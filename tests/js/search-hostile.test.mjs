// Malformed and hostile queries never throw, never reach lunr's syntax, and come back as data.
import assert from "node:assert/strict";
import { before, test } from "node:test";

import { parseQuery } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-query.js";
import { engineFor } from "./search-fixture.mjs";

const HOSTILE = [
  ":",
  "*",
  "~",
  "^",
  '"',
  "'",
  "title:",
  "date:",
  "series:",
  "date:muon",
  "title:*",
  "a:b:c",
  "+muon -muon",
  "muon~2",
  "muon^10",
  "*ddpm*",
  "谱范数:",
  "😀😀😀",
  "扩散😀模型",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "constructor",
  "__proto__",
  "toString hasOwnProperty",
  "x".repeat(10000),
  "扩散".repeat(5000),
  "\u0000\uffff\ud800",
  "2023-99-99",
  "date:2023-02-30",
];

let engine;

before(async () => {
  ({ engine } = await engineFor());
});

for (const q of HOSTILE) {
  test(`hostile query ${JSON.stringify(q.slice(0, 40))} is answered without throwing`, async () => {
    const { total, results, highlights } = await engine.search(q);
    assert.ok(total >= results.length);
    assert.ok(Array.isArray(results));
    for (const r of results) assert.equal(typeof r.url, "string");
    const withSnippets = await engine.addSnippets(results, highlights);
    for (const r of withSnippets) {
      for (const [text, hit] of r.snippet) {
        assert.equal(typeof text, "string");
        assert.equal(typeof hit, "boolean");
      }
    }
  });
}

test("prototype property names are not terms of every shard", async () => {
  assert.equal((await engine.search("constructor")).total, 0);
  assert.equal((await engine.search("__proto__")).total, 0);
});

test("a long query is cut to a bounded number of clauses", () => {
  assert.ok(parseQuery("扩散".repeat(5000)).clauses.length <= 24);
  assert.ok(parseQuery("a b c d e f g h i j k l m n o p q r s t u v w x y z".repeat(10)).clauses.length <= 24);
});

test("HTML in a query is tokenized like text", async () => {
  const { clauses } = parseQuery("<script>alert(1)</script>");
  assert.deepEqual(clauses.map((c) => c.term), ["script", "alert", "1"]);
  assert.equal((await engine.search("<script>alert(1)</script>")).results[0]?.url, "archives/escape-test.html");
});
