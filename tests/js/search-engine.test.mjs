// The query layer of search-worker.js against the Python-built fixture index.
import assert from "node:assert/strict";
import { before, test } from "node:test";

import { lengthNorms } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-engine.js";
import { parseQuery } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-query.js";
import { queryTerms } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-marks.js";
import { snippet } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-snippet.js";
import { shardOf, titleShardOf } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/tokenize.js";
import { engineFor, queryClauses } from "./search-fixture.mjs";

let engine;
let fetched;

before(async () => {
  ({ engine, fetched } = await engineFor());
});

async function urls(q, options = {}) {
  const { results } = await engine.search(q, options);
  return results.map((r) => r.url);
}

test("a Chinese phrase finds the posts containing all its bigrams", async () => {
  const found = await urls("扩散模型");
  assert.deepEqual(new Set(found), new Set(["archives/diffusion-1.html", "archives/diffusion-2.html"]));
});

test("a Chinese phrase from a body matches only where the words are consecutive", async () => {
  assert.deepEqual(await urls("幂迭代"), ["archives/spectral-norm.html"]);
  assert.deepEqual(await urls("迭代幂"), []);
});

test("title matches rank above body matches", async () => {
  const found = await urls("Transformer");
  assert.deepEqual(found.slice(0, 2).sort(), [
    "archives/transformer-upgrade-1.html",
    "archives/transformer-upgrade-2.html",
  ]);
  assert.ok(found.includes("archives/muon-optimizer.html"), "body mention is found too");
  assert.equal(found.at(-1), "archives/muon-optimizer.html");
});

test("English is case-insensitive and a partial word matches as a prefix", async () => {
  assert.deepEqual(await urls("MUON"), await urls("muon"));
  assert.equal((await urls("muon"))[0], "archives/muon-optimizer.html");
  const trans = await urls("Trans");
  assert.ok(trans.includes("archives/transformer-upgrade-1.html"));
  assert.ok(trans.includes("archives/translation-thoughts.html"));
});

test("every term is required", async () => {
  assert.deepEqual(await urls("Muon 扩散"), []);
  assert.deepEqual(await urls("DDPM 自回归"), ["archives/diffusion-2.html"]);
});

test("one-character Chinese queries work", async () => {
  assert.deepEqual(new Set(await urls("谱")), new Set(["archives/spectral-norm.html", "archives/translation-thoughts.html"]));
});

test("a one-character query finds it inside a title bigram from the eager index", async () => {
  const { results } = await engine.search("谱", { body: false });
  assert.deepEqual(results.map((r) => r.url), ["archives/spectral-norm.html"]);
});

test("bare dates filter by year, month and day", async () => {
  assert.deepEqual(await urls("2023-02"), ["archives/muon-optimizer.html", "archives/spectral-norm.html"]);
  assert.deepEqual(await urls("2023-02-28"), ["archives/muon-optimizer.html"]);
  assert.deepEqual(new Set(await urls("2021")), new Set(["archives/transformer-upgrade-1.html", "archives/transformer-upgrade-2.html"]));
  assert.deepEqual(await urls("2021 旋转"), ["archives/transformer-upgrade-2.html"]);
  assert.deepEqual(await urls("2021年3月"), ["archives/transformer-upgrade-2.html", "archives/transformer-upgrade-1.html"]);
});

test("equal scores are broken by recency", async () => {
  const { results } = await engine.search("2021");
  assert.equal(results[0].score, results[1].score);
  assert.deepEqual(results.map((r) => r.date), ["2021-03-23", "2021-03-08"]);
});

test("field prefixes restrict a term to title, series or date", async () => {
  assert.deepEqual(await urls("title:优化器"), ["archives/muon-optimizer.html"]);
  assert.deepEqual(new Set(await urls("title:ddpm")), new Set(["archives/diffusion-1.html", "archives/diffusion-2.html"]));
  // "Transformer" is in the Muon post's body, not in its title or series.
  assert.ok(!(await urls("title:Transformer")).includes("archives/muon-optimizer.html"));
  assert.deepEqual(await urls("series:扩散 2"), ["archives/diffusion-2.html"]);
  assert.deepEqual(await urls("date:2019"), ["archives/translation-thoughts.html"]);
});

test("series and year filters narrow results and work without a query", async () => {
  const found = await urls("位置编码", { series: "Transformer升级之路" });
  assert.deepEqual(new Set(found), new Set(["archives/transformer-upgrade-1.html", "archives/transformer-upgrade-2.html"]));
  assert.deepEqual(await urls("位置编码", { series: "生成扩散模型漫谈" }), []);
  assert.deepEqual(await urls("", { series: "生成扩散模型漫谈" }), ["archives/diffusion-2.html", "archives/diffusion-1.html"]);
  assert.deepEqual(await urls("", { year: "2023" }), ["archives/muon-optimizer.html", "archives/spectral-norm.html"]);
  assert.deepEqual(await urls("muon", { year: "2022" }), []);
});

test("a title-only pass fetches only its tokens' title shards and its results' doc files", async () => {
  const { engine: fresh, fetched: files } = await engineFor();
  const { results } = await fresh.search("谱范数", { body: false });
  assert.deepEqual(results.map((r) => r.url), ["archives/spectral-norm.html"]);
  const shards = fresh.data.shards;
  const wanted = [...new Set(["谱范", "范数"].map((t) => `title/${titleShardOf(t, shards)}.json`))];
  assert.deepEqual(files.filter((f) => f.startsWith("title/")).sort(), wanted.sort());
  const chunk = Math.floor(results[0].id / fresh.data.docChunk);
  assert.deepEqual(files.filter((f) => f.startsWith("doc/")), [`doc/${chunk}.json`]);
  assert.ok(!files.some((f) => f.startsWith("body/")));
});

test("a query fetches only the body shards of its own tokens", async () => {
  const { engine: fresh, fetched: files } = await engineFor();
  await fresh.search("muon");
  assert.deepEqual(files.filter((f) => f.startsWith("body/")), [`body/${shardOf("muon", fresh.data.shards)}.json`]);
  assert.deepEqual(files.filter((f) => f.startsWith("title/")), [`title/${titleShardOf("muon", fresh.data.shards)}.json`]);
});

test("snippets mark the matched terms of the excerpt", async () => {
  const { results, highlights } = await engine.search("Muon 迭代");
  const [withSnippet] = await engine.addSnippets(results, highlights);
  const marked = withSnippet.snippet.filter(([, hit]) => hit).map(([text]) => text);
  assert.ok(marked.includes("Muon"));
  assert.ok(marked.includes("迭代"));
});

test("snippet extends a prefix hit to the whole word and keeps text as text", () => {
  const parts = snippet("A <b>Transformer</b> model", queryTerms(["trans"]));
  assert.deepEqual(parts, [["A <b>", false], ["Transformer", true], ["</b> model", false]]);
});

test("parseQuery never passes lunr syntax through", () => {
  const { clauses } = parseQuery('title:"a*b~2^3" :: * ~ ^');
  assert.deepEqual(clauses.map((c) => c.term), ["a", "b", "2", "3"]);
  assert.ok(clauses.every((c) => !/[*~^:]/.test(c.term)));
});

test("shards are fetched once and a failed fetch is retried by the next query", async () => {
  const { engine: fresh, fetched: files } = await engineFor();
  const realFetch = fresh.store.fetchJson;
  let failNext = true;
  fresh.store.fetchJson = async (path) => {
    if (path.startsWith("body/") && failNext) {
      failNext = false;
      throw new Error("network down");
    }
    return realFetch(path);
  };
  await assert.rejects(fresh.search("muon"), /network down/);
  assert.equal((await fresh.search("muon")).results[0].url, "archives/muon-optimizer.html");
  const before = files.length;
  await fresh.search("muon");
  assert.equal(files.length, before, "the cached shard is not fetched again");
});

test("a snippet opens at the start of the sentence holding the first hit", () => {
  const text = `${"前文".repeat(40)}。这句话提到了Muon优化器。后文`;
  const parts = snippet(text, queryTerms(["muon"]), 60);
  assert.deepEqual(parts.slice(0, 3), [["…", false], ["这句话提到了", false], ["Muon", true]]);
});

test("lunr scores a post the same whether or not the other posts are loaded", async () => {
  // search() hands lunr only the posts that can still match; that must not move any score.
  const run = (idx, clauses) =>
    new Map(
      queryClauses(engine.lunr, idx, clauses, engine.lunr.Query.presence.OPTIONAL).map((r) => [
        r.ref,
        r.score,
      ]),
    );
  let compared = 0;
  // Prefix queries (的 reaches 的一, 的旋, 的本, 的谱 …) load terms no kept post has.
  for (const q of ["扩散模型", "Trans", "谱", "的", "生", "series:扩散 2", "Muon 优化器", "2023"]) {
    const { clauses } = parseQuery(q);
    const whole = run(await engine.titleIndexFor(clauses), clauses);
    for (const ref of whole.keys()) {
      const part = run(await engine.titleIndexFor(clauses, new Set([Number(ref)])), clauses);
      assert.deepEqual([...part.keys()], [ref]);
      assert.equal(part.get(ref), whole.get(ref), `${q}: post ${ref}`);
      compared += 1;
    }
  }
  assert.ok(compared >= 10, "the comparison covered some posts");
});

test("body lengths decode to BM25 length norms by the manifest's own code", async () => {
  // A made-up code: "b" is the average, each step doubles the length; "?" is unknown.
  const lengths = { alphabet: "abc", step: 2, offset: 1 };
  const norms = lengthNorms({ format: { lengths }, bodyLengths: "abc?" });
  assert.deepEqual(Array.from(norms), [0.25 + 0.75 * 0.5, 1, 0.25 + 0.75 * 2, 1]);
  assert.equal(engine.norms.length, engine.count, "one norm per post of the fixture");
  // Longer than average means a norm above 1, for every post of the fixture.
  const { alphabet, offset } = engine.data.format.lengths;
  const codes = engine.data.bodyLengths;
  Array.from(codes).forEach((c, i) => assert.equal(engine.norms[i] > 1, alphabet.indexOf(c) > offset));
});

test("series ids download only when a series filter is used", async () => {
  const { engine: fresh, fetched: files } = await engineFor();
  files.length = 0;
  await fresh.search("扩散模型");
  assert.ok(!files.includes("series.json"));
  await fresh.search("扩散模型", { series: "生成扩散模型漫谈" });
  await fresh.search("", { series: "生成扩散模型漫谈" });
  assert.equal(files.filter((f) => f === "series.json").length, 1, "fetched once, then kept");
});
