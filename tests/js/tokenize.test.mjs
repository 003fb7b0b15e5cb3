// The shared tokenizer vectors, run against plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/tokenize.js.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  dateTokens,
  fnv1a,
  indexTokens,
  parseDate,
  queryTokens,
  titleTokens,
  shardKey,
  shardOf,
  titleShardKey,
  titleShardOf,
} from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/tokenize.js";

const vectors = JSON.parse(
  readFileSync(new URL("../vectors/tokenizer.json", import.meta.url), "utf8"),
);

for (const c of vectors.tokens) {
  test(`tokens of ${JSON.stringify(c.text)}`, () => {
    assert.deepEqual(indexTokens(c.text), c.index);
    assert.deepEqual(queryTokens(c.text), c.query);
    assert.deepEqual(titleTokens(c.text), c.title);
  });
}

for (const c of vectors.dates) {
  test(`date of ${JSON.stringify(c.text)}`, () => {
    assert.equal(parseDate(c.text), c.date);
  });
}

for (const c of vectors.date_tokens) {
  test(`date tokens of ${c.date}`, () => {
    assert.deepEqual(dateTokens(c.date), c.tokens);
  });
}

for (const c of vectors.shards) {
  test(`shard of ${JSON.stringify(c.token)}`, () => {
    assert.equal(shardKey(c.token), c.key);
    assert.equal(fnv1a(c.key), c.fnv1a);
    assert.equal(shardOf(c.token, c.shards), c.shard);
  });
}

for (const c of vectors.title_shards) {
  test(`title shard of ${JSON.stringify(c.token)}`, () => {
    assert.equal(titleShardKey(c.token), c.key);
    assert.equal(titleShardOf(c.token, c.shards), c.shard);
  });
}
