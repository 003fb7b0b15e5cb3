// How the shard store cuts round trips before the first results: shards
// prefetched from the shard count alone (title shards first, body shards right
// after), and the title pass skipped once every shard a query needs has arrived.
import assert from "node:assert/strict";
import { test } from "node:test";

import { IndexStore } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-store.js";
import { shardOf, titleShardOf } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/tokenize.js";
import { engineFor } from "./search-fixture.mjs";

test("a query's shards are prefetched from the shard count alone, title shards first", async () => {
  const { engine, fetched } = await engineFor();
  const store = new IndexStore(engine.store.fetchJson, engine.data.format.files);
  fetched.length = 0;
  await store.prefetch("扩散模型 Transformer", engine.data.shards);
  const shards = engine.data.shards;
  const terms = ["扩散", "散模", "模型", "transformer"];
  const expectedTitles = new Set(terms.map((t) => `title/${titleShardOf(t, shards)}.json`));
  const expectedBodies = new Set(terms.map((t) => `body/${shardOf(t, shards)}.json`));
  assert.deepEqual(new Set(fetched.filter((p) => p.startsWith("title/"))), expectedTitles);
  assert.deepEqual(new Set(fetched.filter((p) => p.startsWith("body/"))), expectedBodies);
  const firstBody = fetched.findIndex((p) => p.startsWith("body/"));
  const lastTitle = fetched.findLastIndex((p) => p.startsWith("title/"));
  assert.ok(lastTitle < firstBody, "title shards are asked for before any body shard");
  // The engine reuses what was prefetched instead of fetching it again.
  engine.store = store;
  const before = fetched.length;
  await engine.search("扩散模型 Transformer");
  assert.ok(!fetched.slice(before).some((p) => p.startsWith("title/") || p.startsWith("body/")));
});

test("a titles-only prefetch (the page's first query) asks for no body or comment shard", async () => {
  const { engine, fetched } = await engineFor();
  const store = new IndexStore(engine.store.fetchJson, engine.data.format.files);
  fetched.length = 0;
  await store.prefetch("comments:扩散模型 Transformer", engine.data.shards, true, { titlesOnly: true });
  const shards = engine.data.shards;
  const terms = ["扩散", "散模", "模型", "transformer"];
  assert.deepEqual(new Set(fetched), new Set(terms.map((t) => `title/${titleShardOf(t, shards)}.json`)));
});

test("without a usable shard count or a file layout nothing is prefetched", async () => {
  const { engine } = await engineFor();
  const store = new IndexStore(engine.store.fetchJson, engine.data.format.files);
  for (const count of [0, undefined, "8", 1.5, -2]) await store.prefetch("扩散模型", count);
  const unplaced = new IndexStore(engine.store.fetchJson);
  await unplaced.prefetch("扩散模型", engine.data.shards);
  assert.equal(store.requests.size + unplaced.requests.size, 0);
});

test("hasShardsFor is true only once every needed shard has arrived", async () => {
  const { engine } = await engineFor();
  assert.equal(engine.hasShardsFor("扩散模型"), false);
  await engine.search("扩散模型");
  assert.equal(engine.hasShardsFor("扩散模型"), true);
  engine.store.forget("body");
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

test("a pass that became moot returns nothing and fetches no doc file", async () => {
  const { engine, fetched } = await engineFor();
  fetched.length = 0;
  assert.equal(await engine.search("扩散模型", { body: false, moot: () => true }), null);
  assert.ok(fetched.some((p) => p.startsWith("title/")), "its shards were fetched");
  assert.ok(!fetched.some((p) => p.startsWith("doc/")));
  const answered = await engine.search("扩散模型", { body: false, moot: () => false });
  assert.ok(answered.results.length > 0);
});

test("a pass that is moot once its shards arrive does not rank at all", async () => {
  const { engine, fetched } = await engineFor();
  let ranked = 0;
  const titleMatches = engine.titleMatches.bind(engine);
  engine.titleMatches = (...args) => {
    ranked += 1;
    return titleMatches(...args);
  };
  assert.equal(await engine.search("扩散模型", { body: false, moot: () => true }), null);
  assert.equal(ranked, 0, "no lunr index was built for an answer nobody wants");
  // Moot only after ranking: the ranking ran, the doc files are still skipped.
  let asked = 0;
  fetched.length = 0;
  assert.equal(await engine.search("扩散模型", { body: false, moot: () => asked++ > 0 }), null);
  assert.equal(ranked, 1);
  assert.ok(!fetched.some((p) => p.startsWith("doc/")));
});

test("comment shards are fetched only when comments are searched", async () => {
  const { engine, fetched } = await engineFor();
  fetched.length = 0;
  await engine.search("扩散模型", { snippets: true });
  assert.ok(!fetched.some((p) => p.startsWith("comment")), fetched.join(" "));
  assert.ok(fetched.some((p) => p.startsWith("text/")), "snippets read the posts' text files");
  assert.equal(engine.hasShardsFor("扩散模型"), true);
  assert.equal(engine.hasShardsFor("扩散模型", true), false, "comment shards not here yet");
  assert.equal(engine.hasShardsFor("comments:扩散模型"), false);
  const store = new IndexStore(engine.store.fetchJson, engine.data.format.files);
  fetched.length = 0;
  await store.prefetch("comments:扩散模型", engine.data.shards);
  const shards = engine.data.shards;
  const wanted = new Set(["扩散", "散模", "模型"].map((t) => `comment-body/${shardOf(t, shards)}.json`));
  assert.deepEqual(new Set(fetched.filter((p) => p.startsWith("comment"))), wanted);
  await engine.search("扩散模型", { comments: true });
  assert.equal(engine.hasShardsFor("扩散模型", true), true);
});
