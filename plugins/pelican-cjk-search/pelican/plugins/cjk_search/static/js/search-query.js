// Query parsing: reader text -> clauses. Queries are built from these with
// idx.query() clause by clause, never with lunr's query-string parser: user
// text never reaches lunr's syntax (":", "*", "~", "^").

import { isCjk, normalize, parseDate, queryTokens, runs } from "./tokenize.js";

/** Longest query text considered; the rest is ignored (10,000 characters stay cheap). */
export const MAX_QUERY_CHARS = 256;
/** At most this many terms take part in one query. */
export const MAX_CLAUSES = 24;
/** Field prefixes a reader can type (`title:`, `series:`, `date:`). */
export const FIELD_PREFIXES = ["title", "series", "date"];
/** A word starting with this (`comments:`, `comments:动量`) also searches the comments. */
export const COMMENTS_PREFIX = "comments:";
/** lunr fields of the eager index searched by an unprefixed word. */
const TEXT_FIELDS = ["title", "series"];

const SEPARATORS = /[\s"'“”‘’「」『』]+/u;
const LATIN_WORD = /^[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*$/u;
const NUMBER = /^\p{N}+$/u;

/**
 * Turn reader text into clauses: {term, fields, body, wildcard}.
 * Dates (bare or `date:`) become exact date-field clauses; words become
 * one clause per query token; `title:`/`series:` restrict the fields.
 * `comments` is true when some word starts with `comments:`: body clauses
 * then also match in the comments.
 */
export function parseQuery(text) {
  const clauses = [];
  const highlights = [];
  let comments = false;
  const seen = new Set();
  const add = (clause) => {
    const key = `${clause.term}\u0000${clause.fields.join(",")}\u0000${clause.body}`;
    if (seen.has(key) || clauses.length >= MAX_CLAUSES) return;
    seen.add(key);
    clauses.push(clause);
  };
  const source = normalize(String(text ?? "").slice(0, MAX_QUERY_CHARS));
  for (let word of source.split(SEPARATORS)) {
    if (word.startsWith(COMMENTS_PREFIX)) {
      comments = true;
      word = word.slice(COMMENTS_PREFIX.length);
    }
    if (!word) continue;
    let field = null;
    let value = word;
    const colon = word.indexOf(":");
    if (colon > 0 && FIELD_PREFIXES.includes(word.slice(0, colon))) {
      field = word.slice(0, colon);
      value = word.slice(colon + 1);
    }
    const date = field === null || field === "date" ? parseDate(value) : null;
    if (date) {
      add({ term: date, fields: ["date"], body: false, wildcard: false });
      continue;
    }
    if (field === "date") continue;
    for (const token of queryTokens(value)) {
      const length = Array.from(token).length;
      // English words match as prefixes; a lone CJK character as the start of a
      // title bigram (titles keep only each run's last character as a unigram).
      const wildcard = isCjk(token) ? length === 1 : LATIN_WORD.test(token) && length >= 2;
      const fields = field ? [field] : [...TEXT_FIELDS];
      // A number may be a series part (`SVD分解 2`, `series:SVD 2`).
      if (NUMBER.test(token) && fields.includes("series")) fields.push("part");
      add({
        term: token,
        fields,
        body: field === null,
        wildcard,
      });
    }
    for (const [, run] of runs(value)) highlights.push(run);
  }
  return { clauses, highlights, comments };
}
