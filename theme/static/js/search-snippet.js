// Snippets: the window of a result's excerpt around the query's words, as
// [text, isHit] segments the page turns into text nodes and <mark>s.

import { normalize } from "./tokenize.js";

const SENTENCE_END = /^[。！？；!?;\n]$/u;
const FOLDED = new Map();

/** One character in normalized form (memoized: snippets fold thousands of characters). */
function foldChar(char) {
  let folded = FOLDED.get(char);
  if (folded === undefined) {
    folded = normalize(char);
    if (FOLDED.size < 65536) FOLDED.set(char, folded);
  }
  return folded;
}

/**
 * A window of `text` around the first highlighted term, as [text, isHit]
 * segments. Terms are compared in normalized form character by character, so
 * `Muon` highlights `muon` and `扩散模型` highlights its run in the excerpt.
 */
export function snippet(text, highlights, width = 110) {
  const chars = Array.from(String(text));
  // Folding the whole text at once is far cheaper; when NFKC changed its length
  // (a ligature, a combining mark), fold character by character to keep positions.
  const whole = Array.from(normalize(chars.join("")));
  const folded = whole.length === chars.length ? whole : chars.map(foldChar);
  const hit = new Array(chars.length).fill(false);
  const needles = [];
  for (const h of highlights) {
    const parts = Array.from(h);
    needles.push(parts);
    if (parts.length > 2) for (let i = 0; i + 1 < parts.length; i++) needles.push(parts.slice(i, i + 2));
  }
  for (const needle of needles) {
    if (!needle.length) continue;
    for (let i = 0; i + needle.length <= chars.length; i++) {
      let ok = true;
      for (let j = 0; j < needle.length && ok; j++) ok = folded[i + j] === needle[j];
      if (!ok) continue;
      let end = i + needle.length;
      // A prefix match marks the rest of its word (`trans` -> `transformer`).
      if (/^[\p{L}\p{N}]$/u.test(needle[needle.length - 1])) {
        while (end < chars.length && /^[a-z0-9]$/u.test(folded[end])) end++;
      }
      for (let k = i; k < end; k++) hit[k] = true;
    }
  }
  const first = hit.indexOf(true);
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 4));
  // Prefer to open the snippet where the sentence holding the first hit starts.
  for (let i = first - 1; i >= 0 && i >= first - width / 2; i--) {
    if (SENTENCE_END.test(chars[i])) {
      start = i + 1;
      break;
    }
  }
  while (start < first && /\s/u.test(chars[start])) start++;
  const stop = Math.min(chars.length, start + width);
  const segments = [];
  if (start > 0) segments.push(["…", false]);
  for (let i = start; i < stop; i++) {
    const last = segments[segments.length - 1];
    if (last && last[1] === hit[i] && !(i === start && start > 0)) last[0] += chars[i];
    else segments.push([chars[i], hit[i]]);
  }
  if (stop < chars.length) segments.push(["…", false]);
  return segments;
}
