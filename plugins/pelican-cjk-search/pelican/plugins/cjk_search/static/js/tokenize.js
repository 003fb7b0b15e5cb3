// The archive's search tokenizer, mirrored from the package's tokenizer.py.
// Both implementations run tests/vectors/tokenizer.json; the rules are written
// down in plugins/pelican-cjk-search/README.md. An ES module: node and browsers import it.

/** Code point ranges treated as CJK (same table as tokenizer.py). */
export const CJK_RANGES = [
  [0x3005, 0x3007],
  [0x3040, 0x30ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7af],
  [0xf900, 0xfaff],
  [0x20000, 0x3134f],
];

/** Label of the lunr pipeline function every serialized index refers to. */
export const NORMALIZE_LABEL = "kexue-normalize";

const DATE = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$/u;
const WORD = /^[\p{L}\p{N}]$/u;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** NFKC then lower case: the form every token and query is compared in. */
export function normalize(text) {
  return String(text).normalize("NFKC").toLowerCase();
}

export function isCjk(char) {
  const code = char.codePointAt(0);
  return CJK_RANGES.some(([low, high]) => low <= code && code <= high);
}

/** [isCjk, run] pairs for each word run and CJK run of normalized text. */
export function runs(text) {
  const out = [];
  let current = [];
  let currentCjk = false;
  for (const char of normalize(text)) {
    let kind = null;
    if (isCjk(char)) kind = true;
    else if (WORD.test(char)) kind = false;
    if (current.length && kind !== currentCjk) {
      out.push([currentCjk, current.join("")]);
      current = [];
    }
    if (kind !== null) {
      current.push(char);
      currentCjk = kind;
    }
  }
  if (current.length) out.push([currentCjk, current.join("")]);
  return out;
}

/** Adjacent pairs of a CJK run's characters: its bigrams. */
function bigrams(chars) {
  const out = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Words whole; each CJK run's characters through `expand`, which gives its tokens. */
function tokensOf(text, expand) {
  const tokens = [];
  for (const [cjk, run] of runs(text)) {
    if (!cjk) {
      tokens.push(run);
      continue;
    }
    for (const token of expand(Array.from(run))) tokens.push(token);
  }
  return tokens;
}

/** Tokens of a document field: words whole, CJK as unigrams and bigrams. */
export function indexTokens(text) {
  return tokensOf(text, (chars) =>
    chars.flatMap((char, i) => (i + 1 < chars.length ? [char, char + chars[i + 1]] : [char])),
  );
}

/**
 * Tokens of a title or series name in the eager index (built by tokenizer.py):
 * bigrams plus only the last character of each CJK run; a one-character query
 * finds the others as a prefix of their bigram.
 */
export function titleTokens(text) {
  return tokensOf(text, (chars) => [...bigrams(chars), chars[chars.length - 1]]);
}

/** Tokens a query must all match: words whole, CJK runs as consecutive bigrams. */
export function queryTokens(text) {
  return tokensOf(text, (chars) => (chars.length === 1 ? chars : bigrams(chars)));
}

function pad(n) {
  return String(n).padStart(2, "0");
}

/** A post's ISO date as year, month and day tokens. */
export function dateTokens(iso) {
  if (!iso) return [];
  return [iso.slice(0, 4), iso.slice(0, 7), iso.slice(0, 10)];
}

/** The date token a query word stands for ("2023-2" -> "2023-02"), else null. */
export function parseDate(text) {
  const match = DATE.exec(normalize(text).trim());
  if (!match) return null;
  const [, year, month, day] = match;
  if (Number(year) < MIN_YEAR || Number(year) > MAX_YEAR) return null;
  if (month === undefined) return year;
  if (Number(month) < 1 || Number(month) > 12) return null;
  if (day === undefined) return `${year}-${pad(month)}`;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The part of a token that picks its body shard: its first two characters. */
export function shardKey(token) {
  return Array.from(token).slice(0, 2).join("");
}

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes, identical to tokenizer.fnv1a. */
export function fnv1a(text) {
  let value = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    value ^= byte;
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value >>> 0;
}

export function shardOf(token, shards) {
  return fnv1a(shardKey(token)) % shards;
}

const NUMERIC = /^[0-9-]+$/u;

/**
 * The part of a token that picks its title shard (tokenizer.title_shard_key):
 * a CJK token's first character (so `谱*` needs one shard), a number or date
 * whole (never a prefix query), anything else its first two characters.
 */
export function titleShardKey(token) {
  const chars = Array.from(token);
  if (chars.length && isCjk(chars[0])) return chars[0];
  if (NUMERIC.test(token)) return token;
  return chars.slice(0, 2).join("");
}

export function titleShardOf(token, shards) {
  return fnv1a(titleShardKey(token)) % shards;
}

/** Register the pipeline step the serialized indexes name (lunr.js side). */
export function registerPipeline(lunr) {
  if (lunr.Pipeline.registeredFunctions[NORMALIZE_LABEL]) return;
  const step = (token) => token.update((text) => normalize(text));
  lunr.Pipeline.registerFunction(step, NORMALIZE_LABEL);
}
