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
    folded = Array.from(form).length === 1 ? form : char.toLowerCase();
    if (FOLDED.size < 65536) FOLDED.set(char, folded);
  }
  return folded;
}

/** Code points of `text` and their folded forms, position for position. */
export function foldedChars(text) {
  const chars = Array.from(String(text ?? ""));
  return { chars, folded: chars.map(foldChar) };
}

/**
 * The query's terms from its highlight runs (parseQuery's `highlights`):
 * {chars, cjk, prefix}. Duplicates go; a run inside a longer one stays, so
 * each is found where it stands alone.
 */
export function queryTerms(highlights) {
  const seen = new Set();
  const terms = [];
  for (const highlight of highlights) {
    for (const [cjk, run] of runs(highlight)) {
      if (seen.has(run)) continue;
      seen.add(run);
      const chars = Array.from(run);
      terms.push({ chars, cjk, prefix: !cjk && LATIN_WORD.test(run) && chars.length >= 2 });
    }
  }
  return terms;
}

function isLatinWordChar(char) {
  return char !== undefined && WORD.test(char) && !isCjk(char);
}

function occurrences(folded, needle, from = 0, to = folded.length) {
  const found = [];
  outer: for (let i = from; i + needle.length <= to; i++) {
    for (let j = 0; j < needle.length; j++) if (folded[i + j] !== needle[j]) continue outer;
    found.push(i);
  }
  return found;
}

function latinHits(folded, term, index) {
  const hits = [];
  for (const start of occurrences(folded, term.chars)) {
    if (isLatinWordChar(folded[start - 1])) continue;
    let end = start + term.chars.length;
    if (term.prefix) while (isLatinWordChar(folded[end])) end++;
    else if (isLatinWordChar(folded[end])) continue;
    hits.push({ start, end, term: index, whole: true });
  }
  return hits;
}

function cjkHits(folded, term, index) {
  const { chars } = term;
  const whole = occurrences(folded, chars);
  if (whole.length || chars.length < 2) {
    return whole.map((start) => ({ start, end: start + chars.length, term: index, whole: true }));
  }
  // The run is nowhere whole: its longest pieces that are (at least two characters).
  const hits = [];
  let i = 0;
  while (i < chars.length - 1) {
    let piece = null;
    for (let end = chars.length; end >= i + 2 && !piece; end--) {
      const found = occurrences(folded, chars.slice(i, end));
      if (found.length) piece = { end, found };
    }
    if (!piece) {
      i += 1;
      continue;
    }
    for (const start of piece.found) {
      hits.push({ start, end: start + piece.end - i, term: index, whole: false });
    }
    if (piece.end >= chars.length) break;
    i = piece.end - 1;
  }
  return hits;
}

/** Every place of `folded` (from foldedChars) a term is marked: {start, end, term, whole}, in order. */
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

/** `chars[start, stop)` as [text, isHit] segments, consecutive equal kinds joined. */
export function segments(chars, hits, start = 0, stop = chars.length) {
  const marked = new Uint8Array(stop - start);
  for (const hit of hits) {
    for (let k = Math.max(hit.start, start); k < Math.min(hit.end, stop); k++) marked[k - start] = 1;
  }
  const out = [];
  for (let i = start; i < stop; i++) {
    const hit = marked[i - start] === 1;
    const last = out[out.length - 1];
    if (last && last[1] === hit) last[0] += chars[i];
    else out.push([chars[i], hit]);
  }
  return out;
}

/** A whole short text (a title, a heading) as segments with the query's terms marked. */
export function markText(text, terms) {
  const { chars, folded } = foldedChars(text);
  return segments(chars, findHits(folded, terms));
}
