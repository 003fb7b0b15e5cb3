// The shard store: fetches index files once, caches them, and prefetches the
// shards a query will need before the engine asks for them.

import { indexPath } from "./search-format.js";
import { parseQuery } from "./search-query.js";
import { shardOf, titleShardOf } from "./tokenize.js";

export class IndexStore {
  /**
   * @param {(path: string) => Promise<any>} fetchJson reads a file relative to the index folder
   * @param {object|null} files the layout (manifest `format.files`); the page may
   *   give it before the manifest has arrived, so shards can be prefetched
   */
  constructor(fetchJson, files = null) {
    this.fetchJson = fetchJson;
    this.files = files;
    this.requests = new Map();
    this.arrived = new WeakSet();
  }

  path(kind, number) {
    return indexPath(this.files, kind, number);
  }

  /**
   * A file's data, fetched once: concurrent queries share the request, a
   * failed request is forgotten so the next query retries it.
   */
  load(kind, number) {
    const path = this.path(kind, number);
    if (!this.requests.has(path)) {
      const request = this.fetchJson(path).then(
        (data) => {
          this.arrived.add(request);
          return data;
        },
        (error) => {
          this.requests.delete(path);
          throw error;
        },
      );
      this.requests.set(path, request);
    }
    return this.requests.get(path);
  }

  /** Whether a file's data is here (requested and arrived). */
  hasArrived(kind, number) {
    const request = this.requests.get(this.path(kind, number));
    return Boolean(request) && this.arrived.has(request);
  }

  /** Put a file's data in the cache as if it had been fetched (bench/bound.py). */
  preload(kind, number, data) {
    const arrived = Promise.resolve(data);
    this.arrived.add(arrived);
    this.requests.set(this.path(kind, number), arrived);
  }

  /** Forget every file of one kind (the tests use it to see what is fetched again). */
  forget(kind) {
    const prefix = this.files[kind].split("{n}")[0];
    for (const path of [...this.requests.keys()]) if (path.startsWith(prefix)) this.requests.delete(path);
  }

  /**
   * Start fetching the shards a query will need as soon as the shard count is
   * known (search.html carries it, so nothing waits for the manifest), before
   * lunr.js has loaded: the first query then finds them here instead of paying
   * more round trips. Title shards are asked for first, body shards right
   * after (and comment shards with `withComments` or `comments:`); with
   * `titlesOnly`, only the title shards (the page's first query: its body
   * shards wait until its title results are shown). Failures are left for the
   * query to retry. Resolves once every request has settled.
   */
  prefetch(text, count, withComments = false, { titlesOnly = false } = {}) {
    if (!this.files || !Number.isInteger(count) || count < 1) return Promise.resolve();
    const { clauses, comments } = parseQuery(text);
    const requests = clauses.map((c) => this.load("title", titleShardOf(c.term, count)));
    if (!titlesOnly) {
      const kinds = comments || withComments ? ["body", "commentBody"] : ["body"];
      for (const kind of kinds) {
        for (const c of clauses) if (c.body) requests.push(this.load(kind, shardOf(c.term, count)));
      }
    }
    return Promise.allSettled(requests);
  }
}
