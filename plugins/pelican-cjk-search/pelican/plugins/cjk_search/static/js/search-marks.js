// Where a query's words are in a text: the one matcher behind result titles,
// snippets and the highlights on the post page (page-highlight.js), so all
// three mark the same thing. Built on tokenize.js, the index's own tokenizer.
//
// A Latin word is marked whole, from a word start (`Transformer` never marks
// `Performer`); a query word of two or more letters is a prefix there, as in
// the engine (`trans` marks `Transformer`). A Chinese run is marked where it
// occurs whole; only in a text without it anywhere are its longest pieces
// marked (the engine matched its bigrams apart), so `扩散模型` never marks a
// lone `模型` beside a whole `扩散模型`.

import { isCjk, normalize, runs } from "./tokenize.js";

const WORD = /^[\p{L}\p{N}]$/u;
const LATIN_WORD = /^[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*$/u;
const FOLDED = new Map();

/** One character in normalized form, or itself when folding would change its length. */
function foldChar(char) {
  let folded = FOLDED.get(char);
  if (folded === undefined) {
    const form = normalize(char);
    folded = form.length === char.length ? form : char;
    if (FOLDED.size < 65536) FOLDED.set(char, folded);
  }
  return folded;
}

/**
 * `text` in normalized form with the same UTF-16 length, so a position in one
 * is the same position in the other. Folding the whole text at once is far
 * cheaper; when that changes the length (a ligature, a combining mark), each
 * character is folded alone and kept as it is where folding would resize it.
 */
export function foldText(text) {
  const source = String(text ?? "");
  const whole = normalize(source);
  if (whole.length === source.length) return whole;
  let out = "";
  for (const char of source) out += foldChar(char);
  return out;
}

/**
 * The query's terms from its highlight runs (parseQuery's `highlights`):
 * {text, cjk, prefix}. Duplicates go; a run inside a longer one stays, so
 * each is found where it stands alone.
 */
export function queryTerms(highlights) {
  const seen = new Set();
  const terms = [];
  for (const highlight of highlights) {
    for (const [cjk, run] of runs(highlight)) {
      if (seen.has(run)) continue;
      seen.add(run);
      const length = Array.from(run).length;
      terms.push({ text: run, cjk, prefix: !cjk && LATIN_WORD.test(run) && length >= 2 });
    }
  }
  return terms;
}

function isLatinWordChar(char) {
  return char !== undefined && WORD.test(char) && !isCjk(char);
}

/** Every position of `needle` in `folded` (overlaps included). */
function occurrences(folded, needle) {
  const found = [];
  for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) found.push(at);
  return found;
}

function latinHits(folded, term, index) {
  const hits = [];
  for (const start of occurrences(folded, term.text)) {
    if (isLatinWordChar(folded[start - 1])) continue;
    let end = start + term.text.length;
    if (term.prefix) while (isLatinWordChar(folded[end])) end++;
    else if (isLatinWordChar(folded[end])) continue;
    hits.push({ start, end, term: index, whole: true });
  }
  return hits;
}

function cjkHits(folded, term, index) {
  const whole = occurrences(folded, term.text);
  const chars = Array.from(term.text);
  if (whole.length || chars.length < 2) {
    return whole.map((start) => ({ start, end: start + term.text.length, term: index, whole: true }));
  }
  // The run is nowhere whole: its longest pieces that are (at least two characters).
  const hits = [];
  // A piece can only occur where each of its bigrams does: that bounds the search.
  const bigram = chars.slice(1).map((c, k) => folded.includes(chars[k] + c));
  let i = 0;
  while (i < chars.length - 1) {
    let piece = null;
    let reach = i + 1;
    while (reach < chars.length && bigram[reach - 1]) reach++;
    for (let end = reach; end >= i + 2 && !piece; end--) {
      const needle = chars.slice(i, end).join("");
      if (folded.includes(needle)) piece = { end, needle };
    }
    if (!piece) {
      i += 1;
      continue;
    }
    for (const start of occurrences(folded, piece.needle)) {
      hits.push({ start, end: start + piece.needle.length, term: index, whole: false });
    }
    if (piece.end >= chars.length) break;
    i = piece.end - 1;
  }
  return hits;
}

/**
 * Every place of `folded` (from foldText) a term is marked, as UTF-16
 * positions {start, end, term, whole}, in order.
 */
export function findHits(folded, terms) {
  const hits = terms.flatMap((term, i) =>
    term.cjk ? cjkHits(folded, term, i) : latinHits(folded, term, i),
  );
  return hits.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** How much of the query some hits show: each term once, a whole match 1, a piece 1/2. */
export function coverage(hits) {
  const best = new Map();
  for (const hit of hits) best.set(hit.term, Math.max(best.get(hit.term) ?? 0, hit.whole ? 1 : 0.5));
  let sum = 0;
  for (const value of best.values()) sum += value;
  return sum;
}

/** `text[start, stop)` as [text, isHit] segments (hits merged where they touch or overlap). */
export function segments(text, hits, start = 0, stop = text.length) {
  const out = [];
  let at = start;
  let open = null;
  const flush = () => {
    if (open) out.push([text.slice(open[0], open[1]), true]);
    open = null;
  };
  for (const hit of hits) {
    const from = Math.max(hit.start, start);
    const to = Math.min(hit.end, stop);
    if (from >= to) continue;
    if (open && from <= open[1]) {
      open[1] = Math.max(open[1], to);
      continue;
    }
    flush();
    if (from > at) out.push([text.slice(at, from), false]);
    open = [from, to];
    at = to;
  }
  if (open) at = Math.max(at, open[1]);
  flush();
  if (at < stop) out.push([text.slice(at, stop), false]);
  return out;
}

/** A whole short text (a title, a heading) as segments with the query's terms marked. */
export function markText(text, terms) {
  const source = String(text ?? "");
  return segments(source, findHits(foldText(source), terms));
}
