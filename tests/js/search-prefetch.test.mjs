// How search-worker.js cuts round trips before the first results: title
// shards prefetched from the manifest, and the title pass skipped once every
// shard a query needs has arrived.
import assert from "node:assert/strict";
import { test } from "node:test";

import { prefetchTitleShards } from "../../theme/static/js/search-worker.js";
import { titleShardOf } from "../../theme/static/js/tokenize.js";
import { engineFor } from "./search-fixture.mjs";

test("the title shards of a query are prefetched from the manifest alone", async () => {
  const { engine, fetched } = await engineFor();
  const cache = new Map();
  const fetchJson = async (path) => {
    fetched.push(path);
    return engine.fetchJson(path);
  };
  fetched.length = 0;
  prefetchTitleShards(fetchJson, engine.data, "扩散模型 Transformer", cache);
  await Promise.all(cache.values());
  const shards = engine.data.shards;
  const expected = new Set(
    ["扩散", "散模", "模型", "transformer"].map((t) => `title/${titleShardOf(t, shards)}.json`),
  );
  assert.deepEqual(new Set(fetched.filter((p) => p.startsWith("title/"))), expected);
  assert.ok(!fetched.some((p) => p.startsWith("body/")), "body shards wait for the title results");
  // The engine reuses what was prefetched instead of fetching it again.
  engine.titleShards = cache;
  const before = fetched.length;
  await engine.search("扩散模型 Transformer", { body: false });
  assert.ok(!fetched.slice(before).some((p) => p.startsWith("title/")));
});

test("a manifest of another format version prefetches nothing", async () => {
  const { engine } = await engineFor();
  const cache = new Map();
  prefetchTitleShards(engine.fetchJson, { ...engine.data, version: -1 }, "扩散模型", cache);
  assert.equal(cache.size, 0);
});

test("hasShardsFor is true only once every needed shard has arrived", async () => {
  const { engine } = await engineFor();
  assert.equal(engine.hasShardsFor("扩散模型"), false);
  await engine.search("扩散模型");
  assert.equal(engine.hasShardsFor("扩散模型"), true);
  engine.shards.clear();
  assert.equal(engine.hasShardsFor("扩散模型"), false, "a missing body shard counts");
});

test("final results carry snippets when asked, with the same ranking", async () => {
  const { engine } = await engineFor();
  const plain = await engine.search("扩散模型");
  const withText = await engine.search("扩散模型", { snippets: true });
  assert.deepEqual(
    withText.results.map((r) => r.url),
    plain.results.map((r) => r.url),
  );
  const added = await engine.addSnippets(plain.results, plain.highlights);
  assert.deepEqual(
    withText.results.map((r) => r.snippet),
    added.map((r) => r.snippet),
  );
  assert.ok(withText.results.some((r) => r.snippet.some(([, hit]) => hit)));
});
