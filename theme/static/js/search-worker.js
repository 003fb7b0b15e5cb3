// Search engine of the archive: loads the index files written by plugins/search,
// fetches body shards on demand and ranks posts. Runs as a module Web Worker
// (see the bottom of the file) and imports cleanly into node for the tests.
//
// Queries are built with idx.query() clause by clause, never with lunr's
// query-string parser: user text never reaches lunr's syntax (":", "*", "~", "^").

import {
  isCjk,
  normalize,
  parseDate,
  queryTokens,
  registerPipeline,
  runs,
  shardOf,
  titleShardOf,
} from "./tokenize.js";

/** Format version written by plugins/search/index_files.py. */
export const FORMAT_VERSION = 4;
/** The ids of each series' posts: only a series filter needs them. */
const SERIES_FILE = "series.json";
/** Longest query text considered; the rest is ignored (10,000 characters stay cheap). */
export const MAX_QUERY_CHARS = 256;
/** At most this many terms take part in one query. */
export const MAX_CLAUSES = 24;
/** Field prefixes a reader can type (`title:`, `series:`, `date:`). */
export const FIELD_PREFIXES = ["title", "series", "date"];
/** lunr fields of the eager index searched by an unprefixed word. */
const TEXT_FIELDS = ["title", "series"];
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/**
 * How index.json carries body lengths (plugins/search/index_files.py,
 * length_codes): one character per post, the length relative to the average
 * as LENGTH_STEP ** (position in the alphabet - LENGTH_OFFSET).
 */
const LENGTH_ALPHABET = Array.from({ length: 0x7f - 0x23 }, (_, i) => String.fromCharCode(0x23 + i))
  .filter((c) => c !== "\\")
  .join("");
const LENGTH_STEP = 1.1;
const LENGTH_OFFSET = 45;

/** BM25's length norm of each post, from the manifest's length codes. */
export function lengthNorms(codes) {
  const byCode = new Map(
    Array.from(LENGTH_ALPHABET, (c, i) => [c, 1 - BM25_B + BM25_B * LENGTH_STEP ** (i - LENGTH_OFFSET)]),
  );
  return Float64Array.from(codes, (c) => byCode.get(c) ?? 1);
}
/**
 * A term already found in the post's title, series or part says little more by
 * also filling its body, so its body score counts for less.
 */
const TITLE_MATCHED_BODY_WEIGHT = 0.25;
/** A prefix match (`trans` -> `transformer`) counts for less than the whole word. */
const PREFIX_FACTOR = 0.5;

const SENTENCE_END = /^[。！？；!?;\n]$/u;
const SEPARATORS = /[\s"'“”‘’「」『』]+/u;
const LATIN_WORD = /^[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*$/u;
const NUMBER = /^\p{N}+$/u;

/**
 * Turn reader text into clauses: {term, fields, body, wildcard}.
 * Dates (bare or `date:`) become exact date-field clauses; words become
 * one clause per query token; `title:`/`series:` restrict the fields.
 */
export function parseQuery(text) {
  const clauses = [];
  const highlights = [];
  const seen = new Set();
  const add = (clause) => {
    const key = `${clause.term}\u0000${clause.fields.join(",")}\u0000${clause.body}`;
    if (seen.has(key) || clauses.length >= MAX_CLAUSES) return;
    seen.add(key);
    clauses.push(clause);
  };
  const source = normalize(String(text ?? "").slice(0, MAX_QUERY_CHARS));
  for (const word of source.split(SEPARATORS)) {
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
  return { clauses, highlights };
}

function decodePostings(flat) {
  const out = [];
  let doc = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    doc += flat[i];
    out.push([doc, flat[i + 1]]);
  }
  return out;
}

/** Postings carry no metadata; lunr only copies it, so one frozen object serves all. */
const NO_METADATA = Object.freeze({});

/**
 * lunr's serialized index for the terms of some title shards (written by
 * plugins/search/index_files.py, title_shards): per term and field,
 * delta-encoded doc ids with lunr.py's field-vector score times 1000. The
 * scores were computed by lunr.py over the whole archive, and a lunr query
 * only reads the vector elements of its own (expanded) terms, so an index
 * holding those terms answers as the whole index would. Every term sharing a
 * shard key is in the same shard, so prefix expansion sees every candidate.
 *
 * `terms` keeps only some terms (a query's expansions) and `docs` only some
 * posts (those that can still satisfy the query): lunr's cost grows with the
 * postings it loads, and its scores do not depend on the posts left out.
 */
export function titleIndexFrom(info, shards, { terms: only = null, docs: keep = null } = {}) {
  const { fields } = info;
  const merged = new Map();
  for (const shard of shards) {
    for (const [term, lists] of Object.entries(shard.terms)) {
      if (!only || only.has(term)) merged.set(term, lists);
    }
  }
  // lunr.js needs its terms in UTF-16 order: the default sort of JavaScript strings.
  const terms = [...merged.keys()].sort();
  const vectors = new Map();
  const invertedIndex = terms.map((term, position) => {
    const posting = { _index: position };
    merged.get(term).forEach((flat, f) => {
      const field = fields[f];
      const docs = {};
      let doc = 0;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        doc += flat[i];
        if (keep && !keep.has(doc)) continue;
        docs[doc] = NO_METADATA;
        const ref = `${field}/${doc}`;
        if (!vectors.has(ref)) vectors.set(ref, []);
        // Terms are visited in index order, so each vector stays sorted as lunr requires.
        vectors.get(ref).push(position, flat[i + 1] / 1000);
      }
      posting[field] = docs;
    });
    return [term, posting];
  });
  const fieldVectors = [...vectors.entries()];
  return { version: info.version, fields, fieldVectors, invertedIndex, pipeline: info.pipeline };
}

/**
 * Fetch a file once: concurrent queries share the request, a failed request
 * is forgotten so the next query retries it.
 */
function fetchOnceInto(cache, key, path, fetchJson) {
  if (!cache.has(key)) {
    const request = fetchJson(path).then(
      (data) => {
        LOADED.add(request);
        return data;
      },
      (error) => {
        cache.delete(key);
        throw error;
      },
    );
    cache.set(key, request);
  }
  return cache.get(key);
}

/** The requests of fetchOnceInto that have arrived (their promises). */
const LOADED = new WeakSet();

/**
 * Start fetching the shards a query will need as soon as the shard count is
 * known (search.html carries it, so nothing waits for the manifest), before
 * lunr.js has loaded: the first query then finds them in the caches of its
 * SearchEngine (`titleShards`, `shards`) instead of paying more round trips.
 * Title shards are asked for first, body shards right after. Failures are
 * left for the query to retry. Resolves once every request has settled.
 */
export function prefetchShards(fetchJson, count, text, titleShards, bodyShards) {
  if (!Number.isInteger(count) || count < 1) return Promise.resolve();
  const { clauses } = parseQuery(text);
  const requests = clauses.map((c) => {
    const n = titleShardOf(c.term, count);
    return fetchOnceInto(titleShards, n, `title/${n}.json`, fetchJson);
  });
  for (const c of clauses) {
    if (!c.body) continue;
    const n = shardOf(c.term, count);
    requests.push(fetchOnceInto(bodyShards, n, `body/${n}.json`, fetchJson));
  }
  return Promise.allSettled(requests);
}

/** Load lunr.js (a UMD script) inside a module worker, where `this` is undefined. */
export async function loadLunrScript(url) {
  if (globalThis.lunr) return globalThis.lunr;
  const define = (factory) => {
    globalThis.lunr = factory();
  };
  define.amd = true;
  globalThis.define = define;
  try {
    await import(url);
  } finally {
    delete globalThis.define;
  }
  return globalThis.lunr;
}

export class SearchEngine {
  /**
   * @param {object} lunr the lunr.js namespace
   * @param {(path: string) => Promise<any>} fetchJson reads a file relative to the index folder
   */
  constructor(lunr, fetchJson) {
    this.lunr = lunr;
    this.fetchJson = fetchJson;
    this.shards = new Map();
    this.titleShards = new Map();
    this.docs = new Map();
    this.files = new Map();
    registerPipeline(lunr);
  }

  /** Read the manifest; `pending` is its fetch if already started (while lunr.js loaded). */
  async load(pending = null) {
    const data = await (pending ?? this.fetchJson("index.json"));
    if (data.version !== FORMAT_VERSION) throw new Error(`index format ${data.version}`);
    this.data = data;
    this.count = data.count;
    this.norms = lengthNorms(data.bodyLengths);
    return { series: data.series, years: data.years, count: this.count };
  }

  /** The ids of each series' posts, newest first: fetched the first time a filter needs them. */
  async loadSeriesDocs() {
    if (!this.seriesDocs) {
      const { docs } = await this.fetchOnce(this.files, SERIES_FILE, SERIES_FILE);
      this.seriesDocs ??= new Map(
        Object.entries(docs).map(([name, deltas]) => {
          let id = 0;
          return [name, deltas.map((d) => (id += d))];
        }),
      );
    }
    return this.seriesDocs;
  }

  /** Ids of the posts a series/year filter keeps (null: no filter), newest first. */
  async filterIds(series, year) {
    let ids = null;
    if (series) ids = (await this.loadSeriesDocs()).get(series) ?? [];
    if (year) {
      const [first, count] = this.data.yearDocs[year] ?? [0, 0];
      ids = ids
        ? ids.filter((id) => id >= first && id < first + count)
        : Array.from({ length: count }, (_, i) => first + i);
    }
    return ids;
  }

  /** The title shards the clauses need, by number (each fetched once, then cached). */
  async loadTitleShards(clauses) {
    const count = this.data.shards;
    const wanted = [...new Set(clauses.map((c) => titleShardOf(c.term, count)))];
    const shards = await Promise.all(
      wanted.map((n) => this.fetchOnce(this.titleShards, n, `title/${n}.json`)),
    );
    return new Map(wanted.map((n, i) => [n, shards[i]]));
  }

  /** Per clause, the title-index terms it reaches: itself, or every term it starts. */
  titleTerms(clauses, titleShards) {
    return clauses.map((c) => {
      const shard = titleShards.get(titleShardOf(c.term, this.data.shards));
      if (!shard) return [];
      if (!c.wildcard) return Object.hasOwn(shard.terms, c.term) ? [c.term] : [];
      return Object.keys(shard.terms).filter((term) => term.startsWith(c.term));
    });
  }

  /** The posts a clause finds in its own title-index fields (title, series, part, date). */
  titleDocs(clause, terms, titleShards) {
    const shard = titleShards.get(titleShardOf(clause.term, this.data.shards));
    const fields = clause.fields.map((f) => this.data.lunr.fields.indexOf(f));
    const docs = new Set();
    for (const term of terms) {
      for (const f of fields) {
        const flat = shard.terms[term][f] ?? [];
        let doc = 0;
        for (let i = 0; i + 1 < flat.length; i += 2) docs.add((doc += flat[i]));
      }
    }
    return docs;
  }

  /**
   * A lunr index holding just the title-index terms the clauses reach
   * (`reach`, from titleTerms, if already known), and of their postings only
   * `candidates` (null: every post).
   */
  async titleIndexFor(clauses, candidates = null, titleShards = null, reach = null) {
    const shards = titleShards ?? (await this.loadTitleShards(clauses));
    const terms = new Set((reach ?? this.titleTerms(clauses, shards)).flat());
    const serialized = titleIndexFrom(this.data.lunr, [...shards.values()], {
      terms,
      docs: candidates,
    });
    return this.lunr.Index.load(serialized);
  }

  /** The whole title index (every shard): what lunr.py built, for the cross-checks. */
  async fullTitleIndex() {
    const shards = await Promise.all(
      Array.from({ length: this.data.shards }, (_, n) =>
        this.fetchOnce(this.titleShards, n, `title/${n}.json`),
      ),
    );
    return this.lunr.Index.load(titleIndexFrom(this.data.lunr, shards));
  }

  /**
   * lunr's title-index score per post and, per clause, the posts it matched
   * there, among `candidates`. With `everyClause` (the title pass) every
   * clause is REQUIRED in lunr; otherwise a clause the body may satisfy is
   * OPTIONAL and `search` has already taken the AND over title and body.
   */
  async titleMatches(clauses, everyClause, candidates, titleShards, reach) {
    const scores = new Map();
    const matched = clauses.map(() => new Set());
    if (!clauses.length || !candidates.size) return { scores, matched };
    const { Query } = this.lunr;
    const idx = await this.titleIndexFor(clauses, candidates, titleShards, reach);
    const results = idx.query((q) => {
      for (const c of clauses) {
        q.term(c.term, {
          fields: c.fields,
          usePipeline: false,
          wildcard: c.wildcard ? Query.wildcard.TRAILING : Query.wildcard.NONE,
          presence:
            everyClause || !c.body ? Query.presence.REQUIRED : Query.presence.OPTIONAL,
        });
      }
    });
    for (const result of results) {
      const id = Number(result.ref);
      scores.set(id, result.score);
      const metadata = result.matchData.metadata;
      const terms = Object.keys(metadata);
      clauses.forEach((c, i) => {
        const hit = terms.some(
          (term) =>
            (c.wildcard ? term.startsWith(c.term) : term === c.term) &&
            c.fields.some((f) => f in metadata[term]),
        );
        if (hit) matched[i].add(id);
      });
    }
    return { scores, matched };
  }

  /** The body shards a set of clauses needs (fetched once, then cached). */
  async loadShards(clauses) {
    const wanted = new Set();
    for (const c of clauses) if (c.body) wanted.add(shardOf(c.term, this.data.shards));
    const loaded = new Map();
    await Promise.all(
      [...wanted].map(async (n) => loaded.set(n, await this.fetchOnce(this.shards, n, `body/${n}.json`))),
    );
    return loaded;
  }

  /**
   * Fetch a file once: concurrent queries share the request, a failed request
   * is forgotten so the next query retries it.
   */
  fetchOnce(cache, key, path) {
    return fetchOnceInto(cache, key, path, this.fetchJson);
  }

  /**
   * Whether every title and body shard `text` needs has already arrived: the
   * eager title pass then answers no sooner than the full one, so it is skipped.
   */
  hasShardsFor(text) {
    const count = this.data.shards;
    const arrived = (cache, key) => cache.has(key) && LOADED.has(cache.get(key));
    return parseQuery(text).clauses.every(
      (c) =>
        arrived(this.titleShards, titleShardOf(c.term, count)) &&
        (!c.body || arrived(this.shards, shardOf(c.term, count))),
    );
  }

  /** BM25 body score per doc for one clause (prefix expansions count half). */
  bodyScores(clause, shards) {
    const scores = new Map();
    if (!clause.body) return scores;
    const shard = shards.get(shardOf(clause.term, this.data.shards));
    if (!shard) return scores;
    const total = this.count;
    const terms = clause.wildcard
      ? Object.keys(shard.terms).filter((t) => t.startsWith(clause.term))
      : Object.hasOwn(shard.terms, clause.term)
        ? [clause.term]
        : [];
    for (const term of terms) {
      const postings = decodePostings(shard.terms[term]);
      const idf = Math.log(1 + (total - postings.length + 0.5) / (postings.length + 0.5));
      const factor = term === clause.term ? 1 : PREFIX_FACTOR;
      for (const [doc, tf] of postings) {
        const norm = this.norms[doc];
        const score = (factor * idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
        scores.set(doc, Math.max(scores.get(doc) ?? 0, score));
      }
    }
    return scores;
  }

  /**
   * Rank posts for `text`. With `body: false` only the title index is used
   * (quick title answers); otherwise the needed body shards are fetched.
   * Every clause must match (in a title-index field or in the body). When
   * `moot()` is true once the ranking is known, the answer is not wanted any
   * more and the result is null.
   */
  async search(
    text,
    { series = "", year = "", limit = 20, body = true, snippets = false, moot = null } = {},
  ) {
    const { clauses, highlights } = parseQuery(text);
    // A series filter's ids (series.json) download alongside the shards.
    const filtering = this.filterIds(series, year);
    let ranked;
    if (!clauses.length) {
      const allowed = await filtering;
      ranked = allowed ? allowed.map((id) => [id, 0]) : [];
    } else {
      const [shards, titleShards, allowed] = await Promise.all([
        body ? this.loadShards(clauses) : new Map(),
        this.loadTitleShards(clauses),
        filtering,
      ]);
      const allowedSet = allowed ? new Set(allowed) : null;
      const keep = (id) => !allowedSet || allowedSet.has(id);
      // Shards often arrive together: a title pass that would only finish
      // after the full pass could start stops here, before using the thread.
      if (moot?.()) return null;
      const bodies = clauses.map((c) => this.bodyScores(c, shards));
      const reach = this.titleTerms(clauses, titleShards);
      // The AND first, from the postings alone: a post some clause finds
      // neither in its title fields nor (body pass) in its body is out, and
      // lunr then only loads and scores the posts that are left.
      let candidates = null;
      clauses.forEach((c, i) => {
        const here = this.titleDocs(c, reach[i], titleShards);
        if (body && c.body) for (const id of bodies[i].keys()) here.add(id);
        candidates = candidates ? new Set([...here].filter((id) => candidates.has(id))) : here;
      });
      candidates = new Set([...candidates].filter(keep));
      const title = await this.titleMatches(clauses, !body, candidates, titleShards, reach);
      ranked = [];
      for (const id of candidates) {
        let score = title.scores.get(id) ?? 0;
        bodies.forEach((scores, i) => {
          const weight = title.matched[i].has(id) ? TITLE_MATCHED_BODY_WEIGHT : 1;
          score += weight * (scores.get(id) ?? 0);
        });
        ranked.push([id, score]);
      }
    }
    // Higher score first; equal scores: newer post first (ids are newest-first).
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const top = ranked.slice(0, limit);
    // A pass whose answer is no longer wanted does not download its doc files.
    if (moot?.()) return null;
    const ids = top.map(([id]) => id);
    const docs = await this.describe(ids);
    const results = top.map(([id, score], i) => {
      const { text, ...doc } = docs[i];
      return {
        ...doc,
        score: Math.round(score * 1000) / 1000,
        ...(snippets ? { snippet: snippet(text, highlights) } : {}),
      };
    });
    return { total: ranked.length, results, highlights, terms: clauses.map((c) => c.term) };
  }

  /**
   * url, title, date, series, part and excerpt text of some posts, from their
   * doc files (all fetched at once; each file once per page).
   */
  async describe(ids) {
    const size = this.data.docChunk;
    const chunks = [...new Set(ids.map((id) => Math.floor(id / size)))];
    const loaded = new Map();
    await Promise.all(
      chunks.map(async (n) => loaded.set(n, await this.fetchOnce(this.docs, n, `doc/${n}.json`))),
    );
    return ids.map((id) => {
      const [url, title, date, series, part, text] = loaded.get(Math.floor(id / size)).docs[id % size];
      return { id, url, title, date, series, part, text: text ?? "" };
    });
  }

  /** Attach `snippet` segments ([text, isHit] pairs) to results, from their doc files. */
  async addSnippets(results, highlights, width = 110) {
    const docs = await this.describe(results.map((r) => r.id));
    return results.map((r, i) => ({ ...r, snippet: snippet(docs[i].text, highlights, width) }));
  }
}

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

// --- Web Worker entry -----------------------------------------------------------------------
// Messages in: {type: "init", indexUrl, lunrUrl, shards?, q?, series?} then {type: "search", id, q, series, year, limit}
// and {type: "prefetch", q} (the reader is typing q: fetch its shards, answer nothing).
// Messages out: {type: "ready", series, years, count}, {type: "results", id, phase, ...},
// {type: "error", id, message}. A "titles" answer comes first when it is ready before the "final" one.

function startWorker(scope) {
  let engine = null;
  let ready = null;
  scope.addEventListener("message", async (event) => {
    const message = event.data || {};
    try {
      if (message.type === "init") {
        const base = new URL(message.indexUrl, scope.location.href);
        const fetchJson = async (path) => {
          const response = await fetch(new URL(path, base));
          if (!response.ok) throw new Error(`${response.status} ${path}`);
          return response.json();
        };
        ready = (async () => {
          // lunr.js, the manifest and the query's shards download together, in
          // that order: a browser opens only a few connections to one host,
          // and what the first answer needs most should not queue behind shards.
          const lunrLoaded = loadLunrScript(new URL(message.lunrUrl, scope.location.href).href);
          const manifest = fetchJson("index.json");
          manifest.catch(() => {});
          // The page's `?q=` query: its shards download while lunr.js still
          // loads, from the shard count the page gave, or else the manifest's.
          const titleShards = new Map();
          const bodyShards = new Map();
          // A `?series=` link's filter needs series.json: it downloads with the shards.
          const files = new Map();
          if (message.series) fetchOnceInto(files, SERIES_FILE, SERIES_FILE, fetchJson).catch(() => {});
          if (message.q) {
            const prefetch = (count) =>
              prefetchShards(fetchJson, count, message.q, titleShards, bodyShards);
            if (message.shards) prefetch(message.shards);
            else manifest.then((data) => prefetch(data.shards)).catch(() => {});
          }
          engine = new SearchEngine(await lunrLoaded, fetchJson);
          engine.titleShards = titleShards;
          engine.shards = bodyShards;
          engine.files = files;
          const info = await engine.load(manifest);
          scope.postMessage({ type: "ready", ...info });
        })();
        await ready;
      } else if (message.type === "prefetch") {
        await ready;
        // Failures are left for the search that follows to retry and report.
        prefetchShards(engine.fetchJson, engine.data.shards, message.q, engine.titleShards, engine.shards);
      } else if (message.type === "search") {
        await ready;
        const options = {
          series: message.series,
          year: message.year,
          limit: message.limit,
          snippets: true,
        };
        // Both passes start now and share their downloads: the title pass
        // answers from the small title shards while the body shards arrive,
        // and is dropped if the full pass is done first. With every shard at
        // hand a title pass would only delay the full one.
        let finished = false;
        const running = engine.search(message.q, options).then((result) => {
          finished = true;
          return result;
        });
        if (!engine.hasShardsFor(message.q)) {
          // Once every shard has arrived the full answer is a moment away: the
          // title pass then stops before its doc files, which would only
          // queue in front of the full answer's on the few connections a
          // browser opens to one host.
          const moot = () => finished || engine.hasShardsFor(message.q);
          engine.search(message.q, { ...options, body: false, moot }).then(
            (quick) => {
              if (quick && !finished) {
                scope.postMessage({ type: "results", id: message.id, phase: "titles", ...quick });
              }
            },
            () => {}, // the full pass reports errors
          );
        }
        const full = await running;
        scope.postMessage({ type: "results", id: message.id, phase: "final", ...full });
      }
    } catch (error) {
      scope.postMessage({ type: "error", id: message.id, message: String(error?.message ?? error) });
    }
  });
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  startWorker(globalThis);
}
