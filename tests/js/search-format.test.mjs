// The golden index (tests/vectors/search-index/, written by the cjk_search plugin) read by the
// JS side: the manifest's parameters decode the files to the answers the vectors name.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

import lunr from "lunr";

import { SearchEngine } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-engine.js";
import { lengthRatios } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-format.js";

const VECTORS = new URL("../vectors/", import.meta.url);
const spec = JSON.parse(readFileSync(new URL("search-index.json", VECTORS), "utf8"));
const readGolden = async (path) => JSON.parse(readFileSync(new URL(`search-index/${path}`, VECTORS), "utf8"));

async function goldenEngine() {
  const engine = new SearchEngine(lunr, readGolden);
  await engine.load();
  return engine;
}

test("the golden manifest is one this reader understands, body lengths as Python decodes them", async () => {
  const engine = await goldenEngine();
  const ratios = Array.from(lengthRatios(engine.data));
  assert.equal(ratios.length, spec.documents.length);
  ratios.forEach((ratio, i) => assert.ok(Math.abs(ratio - spec.lengthRatios[i]) < 1e-12, `post ${i}`));
});

for (const { q, why, urls } of spec.queries) {
  test(`golden query ${JSON.stringify(q)}: ${why}`, async () => {
    const engine = await goldenEngine();
    const { results, total } = await engine.search(q);
    assert.deepEqual(results.map((r) => r.url), urls);
    assert.equal(total, urls.length);
    // Each result's fields decode by the manifest's doc-row order to the post's own.
    for (const result of results) {
      const doc = spec.documents.find((d) => d.url === result.url);
      const { title, date, series, part } = doc;
      assert.deepEqual({ title: result.title, date: result.date, series: result.series, part: result.part }, {
        title,
        date,
        series,
        part,
      });
    }
  });
}

test("each golden file's script twin registers the same data under the file's name", () => {
  const folder = new URL("search-index/", VECTORS);
  const files = readdirSync(folder, { recursive: true }).filter((name) => name.endsWith(".json"));
  assert.ok(files.length >= 5);
  for (const name of files) {
    const put = [];
    // Whatever registry the twin names, on the page's window: the page creates it.
    const window = new Proxy({}, { get: () => ({ put: (...args) => put.push(args) }) });
    const twins = readdirSync(folder, { recursive: true }).filter((n) => n.startsWith(name) && n !== name);
    assert.equal(twins.length, 1, name);
    vm.runInNewContext(readFileSync(new URL(twins[0], folder), "utf8"), { window });
    // The data comes from another realm: compared as JSON, not by prototype.
    const data = JSON.parse(readFileSync(new URL(name, folder), "utf8"));
    assert.deepEqual(JSON.parse(JSON.stringify(put)), [[name, data]]);
  }
});
