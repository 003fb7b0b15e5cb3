// The matcher behind titles, snippets and page highlights, and the snippet window:
// each case is a defect the excerpt-era snippets showed on the sample site.
import assert from "node:assert/strict";
import test from "node:test";

import { markText, queryTerms } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-marks.js";
import { parseQuery } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-query.js";
import { pickSections, snippet } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-snippet.js";

const termsOf = (q) => queryTerms(parseQuery(q).highlights);
const marked = (segments) => segments.filter(([, hit]) => hit).map(([text]) => text);
const whole = (segments) => segments.map(([text]) => text).join("");

test("a Latin word is marked whole, never as two-letter pieces of other words", () => {
  const text = "Performer, Vector Quantization and BERT differ from the Transformer.";
  assert.deepEqual(marked(snippet(text, termsOf("Transformer"))), ["Transformer"]);
  assert.deepEqual(marked(markText("Transformer升级之路", termsOf("transformer"))), ["Transformer"]);
});

test("a Latin prefix marks the rest of its word, only from a word start", () => {
  const text = "Transformers and the transformation, not Performer nor untrans.";
  assert.deepEqual(marked(snippet(text, termsOf("trans"))), ["Transformers", "transformation"]);
  // A number is a whole word: 2 is not the start of 2023.
  assert.deepEqual(marked(snippet("in 2023 there were 2 posts", termsOf("2"))), ["2"]);
});

test("a Chinese phrase is marked where it occurs whole, not by its bigrams elsewhere", () => {
  const text = "本文的模型很多。扩散模型是生成模型的一种，前向过程加噪。";
  assert.deepEqual(marked(snippet(text, termsOf("扩散模型"))), ["扩散模型"]);
  // 反向过程 is not in this text: only the piece the text holds (向过程), once.
  assert.deepEqual(marked(snippet(text, termsOf("反向过程"))), ["向过程"]);
  assert.deepEqual(marked(snippet(`${text}反向过程。`, termsOf("反向过程"))), ["反向过程"]);
  // Nowhere whole: its longest pieces, as the engine matched its bigrams apart.
  assert.deepEqual(marked(snippet("扩散的模型与反向的过程", termsOf("扩散模型"))), ["扩散", "模型"]);
});

test("the snippet opens at the phrase, not at a neighbour sharing its bigrams", () => {
  const filler = "这是一段无关的文字。".repeat(8);
  const text = `${filler}前向过程逐步加噪。${filler}反向过程从噪声出发逐步去噪。`;
  const parts = snippet(text, termsOf("反向过程"), 40);
  assert.equal(parts[0][0], "…");
  assert.deepEqual(parts[1], ["反向过程", true]);
  assert.ok(!whole(parts).includes("前向"));
});

test("the snippet is centred on the best match of the whole query", () => {
  const filler = "无关的文字。".repeat(10);
  const text = `Muon 出现一次。${filler}Muon 用谱范数约束更新。${filler}谱范数单独出现。`;
  const parts = snippet(text, termsOf("Muon 谱范数"), 40);
  assert.ok(whole(parts).includes("Muon 用谱范数约束更新"), whole(parts));
  assert.deepEqual(marked(parts), ["Muon", "谱范数"]);
});

test("a post's best section is chosen by the query, a second only as good as the first", () => {
  const rows = [
    ["", "", "引言里只提到梯度。"],
    ["学习率", "学习率", "学习率太大，梯度下降会发散。"],
    ["动量", "动量", "动量法给梯度下降加上惯性，比梯度下降更稳。"],
    ["其他", "其他", "下降与梯度分开出现。"],
  ];
  const sections = pickSections(rows, termsOf("梯度下降"));
  assert.deepEqual(sections.map((s) => s.anchor), ["动量", "学习率"]);
  // A heading that holds the query wins over text that only mentions it.
  const byHeading = pickSections(
    [["a", "引言", "反向过程一词。"], ["b", "反向过程", "从噪声出发，反向过程逐步去噪。"]],
    termsOf("反向过程"),
  );
  assert.equal(byHeading[0].anchor, "b");
  assert.deepEqual(marked(byHeading[0].heading), ["反向过程"]);
  // No match anywhere (a title-only hit): the first section, unmarked.
  const none = pickSections(rows, termsOf("Adam"));
  assert.equal(none.length, 1);
  assert.equal(none[0].anchor, "");
  assert.deepEqual(marked(none[0].snippet), []);
});

test("comments: is a switch, and its word is still searched and marked", () => {
  const parsed = parseQuery("comments:对偶间隙 Slater");
  assert.equal(parsed.comments, true);
  assert.deepEqual(parsed.clauses.map((c) => c.term), ["对偶", "偶间", "间隙", "slater"]);
  assert.deepEqual(marked(markText("对偶间隙与Slater条件", queryTerms(parsed.highlights))), [
    "对偶间隙",
    "Slater",
  ]);
  assert.equal(parseQuery("对偶间隙").comments, false);
});
