// The search worker's entry point: the message protocol between search-ui.js
// and the engine. Runs as a module Web Worker over HTTP; a page opened from
// disk (file://) runs the same protocol on its main thread (search-disk.js).
//
// Messages in: {type: "init", indexUrl, lunrUrl, layout?, shards?, q?, series?, comments?} then
// {type: "search", id, q, series, year, limit, comments} and {type: "prefetch", q, comments} (the reader is
// typing q: fetch its shards, answer nothing).
// Messages out: {type: "ready", series, years, count}, {type: "results", id, phase, ...},
// {type: "error", id, message}. A "titles" answer comes first when it is ready before the "final" one.

import { SearchEngine } from "./search-engine.js";
import { IndexStore } from "./search-store.js";
// Named here too so the browser requests every module at once, not one import level at
// a time (the worker's first fetch waits for all of them).
import "./search-format.js";
import "./search-marks.js";
import "./search-query.js";
import "./search-snippet.js";
import "./tokenize.js";

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
          if (message.q) whenKnown((count) => store.prefetch(message.q, count, message.comments));
          engine = new SearchEngine(await lunr, store);
          const info = await engine.load(manifest);
          scope.postMessage({ type: "ready", ...info });
        })();
        await ready;
      } else if (message.type === "prefetch") {
        await ready;
        // Failures are left for the search that follows to retry and report.
        engine.store.prefetch(message.q, engine.data.shards, message.comments);
      } else if (message.type === "search") {
        await ready;
        const options = {
          series: message.series,
          year: message.year,
          limit: message.limit,
          comments: Boolean(message.comments),
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
        if (!engine.hasShardsFor(message.q, message.comments)) {
          // Once every shard has arrived the full answer is a moment away: the
          // title pass then stops before its doc files, which would only
          // queue in front of the full answer's on the few connections a
          // browser opens to one host.
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
  serveSearch(globalThis, connectOverHttp);
}
