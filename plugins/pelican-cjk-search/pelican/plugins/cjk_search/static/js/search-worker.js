// The search worker's entry point: the message protocol between search-ui.js
// and the engine. Runs as a module Web Worker over HTTP; a page opened from
// disk (file://) runs the same protocol on its main thread (search-disk.js).
//
// Messages in: {type: "init", indexUrl, lunrUrl, layout?, shards?, q?, series?, comments?} then
// {type: "search", id, q, series, year, limit, comments, titlesFirst}, {type: "prefetch", q,
// comments} (the reader is typing q: fetch its shards, answer nothing) and {type: "shown", id}
// (the page has painted that search's "titles" answer).
// Messages out: {type: "ready", series, years, count}, {type: "results", id, phase, ...},
// {type: "error", id, message}. While the query's body shards are not all here, a "titles"
// answer (title index only) comes first when it is ready before the "final" one; with
// `titlesFirst` (nothing on the page yet) the body shards are only asked for once the page
// says it shows that answer (or it found nothing).

import { SearchEngine } from "./search-engine.js";
import { IndexStore } from "./search-store.js";
// Named here too so the browser requests every module at once, not one import level at
// a time (the worker's first fetch waits for all of them).
import "./search-format.js";
import "./search-marks.js";
import "./search-query.js";
import "./search-snippet.js";
import "./tokenize.js";

/**
 * How long a search waits for the page to say it shows the "titles" answer
 * before it fetches the body shards anyway (a page script that never says so,
 * such as a stale cached copy, must not stall search).
 */
export const SHOWN_TIMEOUT_MS = 1000;

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

/**
 * How a worker reads the index: `fetch` relative to the manifest's URL, and
 * lunr.js imported as a script.
 */
function connectOverHttp(message, scope) {
  const base = new URL(message.indexUrl, scope.location.href);
  const fetchJson = async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`${response.status} ${path}`);
    return response.json();
  };
  const lunr = loadLunrScript(new URL(message.lunrUrl, scope.location.href).href);
  return { fetchJson, lunr, manifest: base.pathname.slice(base.pathname.lastIndexOf("/") + 1) };
}

/**
 * Answer the protocol's messages on `scope` (a worker's global scope, or a
 * channel on the page). `connect(initMessage, scope)` says how files are read:
 * {fetchJson(path), lunr (a promise of the namespace), manifest (its path)}.
 */
export function serveSearch(scope, connect) {
  let engine = null;
  let ready = null;
  let latest = null; // the id of the newest search asked for
  const showing = new Map(); // search id -> resolves its wait for "shown"
  /** Resolves when the page shows search `id`'s titles, a newer search comes, or after a timeout. */
  const waitUntilShown = (id) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, SHOWN_TIMEOUT_MS);
      function done() {
        clearTimeout(timer);
        showing.delete(id);
        resolve();
      }
      showing.set(id, done);
    });
  /**
   * With nothing on the page yet (`titlesFirst`), body shards (most of a first
   * query's download) wait: the title pass answers from the small title
   * shards and its results' doc files, and the body shards are asked for
   * only once the page shows that answer, so they do not compete with it for
   * bandwidth. Null when a newer search came meanwhile.
   */
  const titlesThenFinal = async (message, options) => {
    const superseded = () => latest !== message.id;
    const quick = await engine
      .search(message.q, { ...options, body: false, snippets: false, moot: superseded })
      .catch(() => null); // the full pass reports errors
    if (superseded()) return null;
    if (quick?.total) {
      const shown = waitUntilShown(message.id);
      scope.postMessage({ type: "results", id: message.id, phase: "titles", ...quick });
      await shown;
      if (superseded()) return null;
    }
    return engine.search(message.q, options);
  };

  /**
   * With results on the page, both passes start at once and share their
   * downloads: the title pass answers from the small title shards while the
   * body shards arrive, and is dropped if the full pass is done first.
   */
  const titlesBesideFinal = async (message, options) => {
    let finished = false;
    const running = engine.search(message.q, options).then((result) => {
      finished = true;
      return result;
    });
    // Once every shard has arrived the full answer is a moment away: the
    // title pass then stops before its doc files, which would only queue in
    // front of the full answer's on the few connections a browser opens to one host.
    const moot = () => finished || engine.hasShardsFor(message.q, message.comments);
    // Titles only: the posts' section texts are the final answer's downloads.
    engine.search(message.q, { ...options, body: false, snippets: false, moot }).then(
      (quick) => {
        if (quick && !finished) {
          scope.postMessage({ type: "results", id: message.id, phase: "titles", ...quick });
        }
      },
      () => {}, // the full pass reports errors
    );
    return running;
  };

  scope.addEventListener("message", async (event) => {
    const message = event.data || {};
    try {
      if (message.type === "init") {
        const { fetchJson, lunr, manifest: manifestPath } = connect(message, scope);
        ready = (async () => {
          // lunr.js, the manifest and the query's shards download together, in
          // that order: a browser opens only a few connections to one host,
          // and what the first answer needs most should not queue behind shards.
          const manifest = fetchJson(manifestPath);
          manifest.catch(() => {});
          // The page gives the file layout and shard count, so the `?q=`
          // query's shards (and a `?series=` link's series ids) download while
          // lunr.js still loads; without them, once the manifest is here.
          const store = new IndexStore(fetchJson, message.layout?.files ?? null);
          const whenKnown = (use) => {
            if (store.files && message.shards) use(message.shards);
            else {
              manifest
                .then((data) => {
                  store.files ??= data.format.files;
                  return use(data.shards);
                })
                .catch(() => {});
            }
          };
          if (message.series) whenKnown(() => store.load("series").catch(() => {}));
          // Only the title shards: what the reader downloads before the first
          // title results is those results' own files (the body shards follow
          // once they are shown).
          if (message.q) {
            whenKnown((count) =>
              store.prefetch(message.q, count, message.comments, { titlesOnly: true }),
            );
          }
          engine = new SearchEngine(await lunr, store);
          const info = await engine.load(manifest);
          scope.postMessage({ type: "ready", ...info });
        })();
        await ready;
      } else if (message.type === "shown") {
        showing.get(message.id)?.();
      } else if (message.type === "prefetch") {
        await ready;
        // Failures are left for the search that follows to retry and report.
        engine.store.prefetch(message.q, engine.data.shards, message.comments);
      } else if (message.type === "search") {
        latest = message.id;
        // A newer search releases an older one waiting for its titles to be shown.
        for (const done of showing.values()) done();
        await ready;
        const options = {
          series: message.series,
          year: message.year,
          limit: message.limit,
          comments: Boolean(message.comments),
          snippets: true,
        };
        let full;
        if (engine.hasShardsFor(message.q, message.comments)) {
          // Every shard at hand: a title pass would only delay the final answer.
          full = await engine.search(message.q, options);
        } else if (message.titlesFirst) {
          full = await titlesThenFinal(message, options);
        } else {
          full = await titlesBesideFinal(message, options);
        }
        if (full) scope.postMessage({ type: "results", id: message.id, phase: "final", ...full });
      }
    } catch (error) {
      scope.postMessage({ type: "error", id: message.id, message: String(error?.message ?? error) });
    }
  });
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  serveSearch(globalThis, connectOverHttp);
}
