// The worker's message protocol (search-worker.js) over the Python-built fixture
// index: with nothing on the page (titlesFirst), a query's body shards are asked
// for only once the page says it shows the title results; the final answer is
// the engine's own either way.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import lunr from "lunr";

import { SHOWN_TIMEOUT_MS, serveSearch } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-worker.js";
import { engineFor, fixtureOutput } from "./search-fixture.mjs";

/**
 * A worker as the page sees it, over the fixture's index files: `send` a
 * message, `next(type, phase?)` resolves with the next matching answer,
 * `fetched` lists the index files read, in order.
 */
function startWorker() {
  const folder = join(fixtureOutput(), "search");
  const manifest = JSON.parse(readFileSync(join(folder, "index.json"), "utf8"));
  const fetched = [];
  const said = [];
  const waiting = [];
  const listeners = [];
  const scope = {
    addEventListener: (_type, listener) => listeners.push(listener),
    postMessage: (data) => {
      said.push({ data, fetchedBefore: fetched.length });
      for (const wait of [...waiting]) wait();
    },
  };
  const fetchJson = async (path) => {
    fetched.push(path);
    return JSON.parse(readFileSync(join(folder, path), "utf8"));
  };
  serveSearch(scope, () => ({ fetchJson, lunr: Promise.resolve(lunr), manifest: "index.json" }));
  const send = (data) => {
    for (const listener of listeners) listener({ data: structuredClone(data) });
  };
  let seen = 0;
  const next = (type, phase = undefined) =>
    new Promise((resolve) => {
      const look = () => {
        while (seen < said.length) {
          const entry = said[seen++];
          if (entry.data.type === type && (phase === undefined || entry.data.phase === phase)) {
            waiting.splice(waiting.indexOf(look), 1);
            resolve(entry);
            return;
          }
        }
      };
      waiting.push(look);
      look();
    });
  const init = (q) =>
    send({ type: "init", layout: { files: manifest.format.files }, shards: manifest.shards, q });
  return { send, next, init, fetched, said };
}

/** A worker past its "ready" answer, started with the `?q=` query `q` (none by default). */
async function readyWorker(q = "") {
  const worker = startWorker();
  worker.init(q);
  await worker.next("ready");
  return worker;
}

const isBody = (path) => path.startsWith("body/");
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("a query's body shards are asked for only once its title results are shown", async () => {
  const worker = await readyWorker("谱范数");
  assert.ok(worker.fetched.some((p) => p.startsWith("title/")), "the ?q= title shards are prefetched");
  assert.ok(!worker.fetched.some(isBody), "but not its body shards");
  worker.send({ type: "search", id: 1, q: "谱范数", limit: 10, titlesFirst: true });
  const titles = await worker.next("results", "titles");
  assert.deepEqual(titles.data.results.map((r) => r.url), ["archives/spectral-norm.html"]);
  assert.ok(!worker.fetched.slice(0, titles.fetchedBefore).some(isBody));
  await pause(100); // the page has not said it shows them: the worker waits
  assert.ok(!worker.fetched.some(isBody), worker.fetched.join(" "));
  assert.equal(worker.said.filter((s) => s.data.phase === "final").length, 0);
  worker.send({ type: "shown", id: 1 });
  const final = await worker.next("results", "final");
  assert.ok(worker.fetched.some(isBody), "the final answer read the body shards");
  const { engine } = await engineFor();
  const expected = await engine.search("谱范数", { limit: 10, snippets: true });
  assert.deepEqual(
    final.data.results.map((r) => [r.url, r.score, r.snippet]),
    expected.results.map((r) => [r.url, r.score, r.snippet]),
  );
});

test("without a title match nothing waits: the body shards follow the title shards", async () => {
  const worker = await readyWorker();
  worker.send({ type: "search", id: 1, q: "幂迭代", limit: 10, titlesFirst: true });
  const final = await worker.next("results", "final");
  assert.deepEqual(final.data.results.map((r) => r.url), ["archives/spectral-norm.html"]);
  assert.equal(worker.said.filter((s) => s.data.phase === "titles").length, 0);
  const firstBody = worker.fetched.findIndex(isBody);
  assert.ok(firstBody > worker.fetched.findLastIndex((p) => p.startsWith("title/")));
});

test("a page that never says it shows the titles still gets the final answer", async () => {
  const worker = await readyWorker();
  const asked = Date.now();
  worker.send({ type: "search", id: 1, q: "谱范数", limit: 10, titlesFirst: true });
  await worker.next("results", "titles");
  const final = await worker.next("results", "final");
  assert.ok(Date.now() - asked >= SHOWN_TIMEOUT_MS - 50, "it waited for the page first");
  assert.deepEqual(final.data.results.map((r) => r.url), ["archives/spectral-norm.html"]);
});

test("a newer search drops an older one waiting for its titles to be shown", async () => {
  const worker = await readyWorker();
  worker.send({ type: "search", id: 1, q: "谱范数", limit: 10, titlesFirst: true });
  await worker.next("results", "titles");
  worker.send({ type: "search", id: 2, q: "Muon", limit: 10, titlesFirst: true });
  const titles = await worker.next("results", "titles");
  assert.equal(titles.data.id, 2);
  await pause(50);
  assert.ok(!worker.fetched.some(isBody), "search 1, released, did not go on to its body shards");
  worker.send({ type: "shown", id: 2 });
  const final = await worker.next("results", "final");
  assert.equal(final.data.id, 2);
  assert.equal(final.data.results[0].url, "archives/muon-optimizer.html");
  await pause(50);
  assert.deepEqual(
    worker.said.filter((s) => s.data.phase === "final").map((s) => s.data.id),
    [2],
    "search 1 never answered",
  );
});

test("with results on the page, title and body shards download together", async () => {
  const worker = await readyWorker();
  worker.send({ type: "search", id: 1, q: "谱范数", limit: 10, titlesFirst: false });
  const final = await worker.next("results", "final");
  assert.deepEqual(final.data.results.map((r) => r.url), ["archives/spectral-norm.html"]);
  // a result's file (doc row or text) comes after the body shard, not before it
  const firstResultFile = worker.fetched.findIndex((p) => /^(doc|text)\//.test(p));
  const body = worker.fetched.findIndex(isBody);
  assert.ok(body >= 0 && body < firstResultFile, worker.fetched.join(" "));
});

test("a result shown with its snippet needs one file: its text holds its doc row", async () => {
  const worker = await readyWorker();
  worker.send({ type: "search", id: 1, q: "谱范数", limit: 10, titlesFirst: false });
  const final = await worker.next("results", "final");
  const [result] = final.data.results;
  assert.equal(result.url, "archives/spectral-norm.html");
  assert.ok(result.title && result.date && result.snippet.length, JSON.stringify(result));
  assert.ok(!worker.fetched.some((p) => p.startsWith("doc/")), worker.fetched.join(" "));
  assert.ok(worker.fetched.some((p) => p.startsWith("text/")), worker.fetched.join(" "));
});
