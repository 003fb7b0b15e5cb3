// The engine: ranks posts for a query from the index files the store hands it.
// lunr.js scores the title index (title, series, part, date) from the title
// shards of the query's own terms; BM25 scores the body from its body shards.

import { checkManifest, docRecord, lengthRatios } from "./search-format.js";
import { parseQuery } from "./search-query.js";
import { markText, queryTerms } from "./search-marks.js";
import { pickSections } from "./search-snippet.js";
import { IndexStore } from "./search-store.js";
import { registerPipeline, shardOf, titleShardOf } from "./tokenize.js";

const BM25_K1 = 1.2;
const BM25_B = 0.75;
/**
 * A term already found in the post's title, series or part says little more by
 * also filling its body, so its body score counts for less.
 */
const TITLE_MATCHED_BODY_WEIGHT = 0.25;
/** A prefix match (`trans` -> `transformer`) counts for less than the whole word. */
const PREFIX_FACTOR = 0.5;
/** A match in the comments (searched on request) counts for less than one in the post. */
const COMMENT_WEIGHT = 0.5;
/** The heading a snippet from the comments is shown under. */
export const COMMENTS_HEADING = "评论";

/** BM25's length norm of each post, from the manifest's length codes. */
export function lengthNorms(manifest) {
  return lengthRatios(manifest).map((ratio) => 1 - BM25_B + BM25_B * ratio);
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
 * the package's index_files.py, title_shards): per term and field,
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

export class SearchEngine {
  /**
   * @param {object} lunr the lunr.js namespace
   * @param {IndexStore|((path: string) => Promise<any>)} store where index files come
   *   from: a store, or a function reading a file relative to the index folder
   */
  constructor(lunr, store) {
    this.lunr = lunr;
    this.store = store instanceof IndexStore ? store : new IndexStore(store);
    registerPipeline(lunr);
  }

  /**
   * Read the manifest (`manifestPath` under the index folder); `pending` is its
   * fetch if already started (while lunr.js loaded).
   */
  async load(pending = null, manifestPath = "index.json") {
    const data = checkManifest(await (pending ?? this.store.fetchJson(manifestPath)));
    this.data = data;
    this.store.files = data.format.files;
    this.count = data.count;
    this.norms = lengthNorms(data);
    return { series: data.series, years: data.years, count: this.count };
  }

  /** The ids of each series' posts, newest first: fetched the first time a filter needs them. */
  async loadSeriesDocs() {
    if (!this.seriesDocs) {
      const { docs } = await this.store.load("series");
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
      wanted.map((n) => this.store.load("title", n)),
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
        this.store.load("title", n),
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

  /** The body (or `kind`: commentBody) shards a set of clauses needs (fetched once, then cached). */
  async loadShards(clauses, kind = "body") {
    const wanted = new Set();
    for (const c of clauses) if (c.body) wanted.add(shardOf(c.term, this.data.shards));
    const loaded = new Map();
    await Promise.all(
      [...wanted].map(async (n) => loaded.set(n, await this.store.load(kind, n))),
    );
    return loaded;
  }

  /**
   * Whether every title and body shard `text` needs (and comment shard, when
   * comments are searched) has already arrived: the
   * eager title pass then answers no sooner than the full one, so it is skipped.
   */
  hasShardsFor(text, withComments = false) {
    const count = this.data.shards;
    const { clauses, comments } = parseQuery(text);
    const kinds = comments || withComments ? ["body", "commentBody"] : ["body"];
    return clauses.every(
      (c) =>
        this.store.hasArrived("title", titleShardOf(c.term, count)) &&
        (!c.body || kinds.every((kind) => this.store.hasArrived(kind, shardOf(c.term, count)))),
    );
  }

  /**
   * BM25 body score per doc for one clause (prefix expansions count half).
   * `norms` false: no length norm (the comments, whose lengths the manifest
   * does not carry: every reader would download them).
   */
  bodyScores(clause, shards, norms = true) {
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
        const norm = norms ? this.norms[doc] : 1;
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
    {
      series = "",
      year = "",
      limit = 20,
      body = true,
      snippets = false,
      moot = null,
      comments: withComments = false,
    } = {},
  ) {
    const parsed = parseQuery(text);
    const { clauses, highlights } = parsed;
    // Comments are searched on request only: their shards are never fetched otherwise.
    const comments = body && (withComments || parsed.comments);
    // A series filter's ids (series.json) download alongside the shards.
    const filtering = this.filterIds(series, year);
    let ranked;
    if (!clauses.length) {
      const allowed = await filtering;
      ranked = allowed ? allowed.map((id) => [id, 0]) : [];
    } else {
      const [shards, titleShards, allowed, commentShards] = await Promise.all([
        body ? this.loadShards(clauses) : new Map(),
        this.loadTitleShards(clauses),
        filtering,
        comments ? this.loadShards(clauses, "commentBody") : new Map(),
      ]);
      const allowedSet = allowed ? new Set(allowed) : null;
      const keep = (id) => !allowedSet || allowedSet.has(id);
      // Shards often arrive together: a title pass that would only finish
      // after the full pass could start stops here, before using the thread.
      if (moot?.()) return null;
      const bodies = clauses.map((c) => {
        const scores = this.bodyScores(c, shards);
        if (!comments) return scores;
        for (const [id, score] of this.bodyScores(c, commentShards, false)) {
          scores.set(id, (scores.get(id) ?? 0) + COMMENT_WEIGHT * score);
        }
        return scores;
      });
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
    // With snippets, each result's text file holds its doc row too: one file a result.
    const docs = await (snippets ? this.describeFromText(ids) : this.describe(ids));
    const terms = queryTerms(highlights);
    let results = top.map(([id, score], i) => ({
      ...docs[i],
      titleMarks: markText(docs[i].title, terms),
      score: Math.round(score * 1000) / 1000,
    }));
    if (snippets) results = await this.addSnippets(results, highlights, 110, comments);
    return {
      total: ranked.length,
      results,
      highlights,
      comments,
      terms: clauses.map((c) => c.term),
    };
  }

  /**
   * url, title, date, series and part of some posts, from their doc files
   * (all fetched at once; each file once per page).
   */
  async describe(ids) {
    const size = this.data.docChunk;
    const chunks = [...new Set(ids.map((id) => Math.floor(id / size)))];
    const loaded = new Map();
    await Promise.all(
      chunks.map(async (n) => loaded.set(n, await this.store.load("doc", n))),
    );
    return ids.map((id) => this.described(id, loaded.get(Math.floor(id / size)).docs[id % size]));
  }

  /** The same as `describe`, from the posts' text files (which a snippet needs anyway). */
  async describeFromText(ids) {
    const texts = await Promise.all(ids.map((id) => this.store.load("text", id)));
    return ids.map((id, i) => this.described(id, texts[i].doc));
  }

  /** A result's fields from its doc row. */
  described(id, row) {
    const { url, title, date, series, part, truncated, tags, category } = docRecord(this.data, row);
    return { id, url, title, date, series, part, truncated: Boolean(truncated), tags, category };
  }

  /** A post's sections, [anchor, heading, text] each (its text file, fetched once). */
  async sections(id) {
    const { sections } = await this.store.load("text", id);
    const fields = this.data.format.sectionFields;
    const at = ["anchor", "heading", "text"].map((f) => fields.indexOf(f));
    return sections.map((row) => at.map((i) => row[i] ?? ""));
  }

  /**
   * Attach to each result its title with the query's words marked
   * (`titleMarks`) and the sections to show (`sections`: anchor, heading and
   * snippet segments, [text, isHit] pairs), best first. With `comments`, a
   * post whose text does not hold the query shows its best comment instead.
   */
  async addSnippets(results, highlights, width = 110, comments = false) {
    const terms = queryTerms(highlights);
    const rows = await Promise.all(results.map((r) => this.sections(r.id)));
    return Promise.all(
      results.map(async (r, i) => {
        let sections = pickSections(rows[i], terms, width);
        if (comments && !(sections[0]?.score > 0)) {
          const fromComments = await this.commentSection(r.id, terms, width);
          if (fromComments) sections = [fromComments];
        }
        return {
          ...r,
          titleMarks: markText(r.title, terms),
          sections,
          snippet: sections[0]?.snippet ?? [],
        };
      }),
    );
  }

  /** The comment of a post that shows most of the query, as a section (null: none does). */
  async commentSection(id, terms, width) {
    let data;
    try {
      data = await this.store.load("comments", id);
    } catch {
      return null; // a post without comments has no file
    }
    const [best] = pickSections(
      data.comments.map(([anchor, text]) => [anchor, "", text]),
      terms,
      width,
    );
    if (!best || !(best.score > 0)) return null;
    return { ...best, heading: [[COMMENTS_HEADING, false]], comment: true };
  }
}
