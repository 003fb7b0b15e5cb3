// Snippets: which sections of a result to show, and the window of each around
// the best match of the whole query, as [text, isHit] segments the page turns
// into text nodes and <mark>s. The index's section text holds no TeX (a
// formula is one "⋯"), so a snippet never shows formula debris.

import { coverage, findHits, foldText, markText, segments } from "./search-marks.js";

const SENTENCE_END = /^[。！？；!?;\n]$/u;
/** A section whose heading holds the query counts as much as this many extra terms. */
const HEADING_WEIGHT = 0.5;
/** At most this many sections of one post are shown. */
export const MAX_SECTIONS = 2;

function isLowSurrogate(text, at) {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The window of `width` characters of `text` that shows most of the query
 * (each term once, a whole match before a piece of one), opened at the
 * sentence holding its first match, as [text, isHit] segments.
 */
export function snippet(text, terms, width = 110, found = null) {
  const source = String(text ?? "");
  const hits = found ?? findHits(foldText(source), terms);
  let best = null;
  let bestScore = -1;
  // The best window starts at some match: try each (hits are in order).
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j].start < hits[i].start + width * 0.6) j++;
    const score = coverage(hits.slice(i, j));
    if (score > bestScore) {
      bestScore = score;
      best = hits[i];
    }
  }
  const first = best ? best.start : 0;
  let start = best ? Math.max(0, first - Math.floor(width / 4)) : 0;
  // Prefer to open the snippet where the sentence holding the match starts.
  for (let i = first - 1; i >= 0 && i >= first - width / 2; i--) {
    if (SENTENCE_END.test(source[i])) {
      start = i + 1;
      break;
    }
  }
  while (start < first && /\s/u.test(source[start])) start++;
  let stop = Math.min(source.length, start + width);
  // Never half of a character outside the BMP.
  if (isLowSurrogate(source, start)) start -= 1;
  if (isLowSurrogate(source, stop)) stop += 1;
  const out = segments(source, hits, start, stop);
  if (start > 0) out.unshift(["…", false]);
  if (stop < source.length) out.push(["…", false]);
  return out;
}

/**
 * The sections to show for one result, best first: those that show most of
 * the query (in text or heading), at most MAX_SECTIONS, and a second one
 * only when it shows as much of the query as the first. `rows` are
 * [anchor, heading, text]; with no match anywhere, the first section.
 * Returns [{anchor, heading: segments, snippet: segments, score}].
 */
export function pickSections(rows, terms, width = 110) {
  const scored = rows.map(([anchor, heading, text], position) => {
    const hits = findHits(foldText(text), terms);
    const headingHits = findHits(foldText(heading), terms);
    const score = coverage(hits) + HEADING_WEIGHT * coverage(headingHits);
    return { anchor, heading, text, hits, score, position, count: hits.length };
  });
  const matching = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.count - a.count || a.position - b.position);
  const chosen = matching.length ? [matching[0]] : scored.slice(0, 1);
  for (const s of matching.slice(1)) {
    if (chosen.length >= MAX_SECTIONS) break;
    if (coverage(s.hits) >= coverage(chosen[0].hits) && coverage(s.hits) > 0) chosen.push(s);
  }
  return chosen.map((s) => ({
    anchor: s.anchor,
    heading: markText(s.heading, terms),
    snippet: snippet(s.text, terms, width, s.hits),
    score: s.score,
  }));
}
