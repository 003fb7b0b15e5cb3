// Search on a page opened from disk (file://), where browsers refuse fetch() and
// module workers. The build bundles this file and search-ui.js into one classic
// script (the package's classic_bundle.py); search.html loads it, after lunr.js,
// only on file:// pages. The engine then runs on the page, behind the same
// message protocol as the worker, and reads each index file by adding a <script>
// tag for its script twin, which hands the data to window[registry].put(name, data).

import { serveSearch } from "./search-worker.js";

/**
 * A fetchJson for index files that loads their script twins (`layout` from
 * search.html: registry, scriptSuffix). Only the files a query needs are read,
 * as over HTTP.
 */
export function scriptFetcher(base, layout, doc = document) {
  const waiting = new Map();
  const registry = (doc.defaultView[layout.registry] ??= {});
  registry.put = (name, data) => {
    waiting.get(name)?.resolve(data);
    waiting.delete(name);
  };
  return (path) =>
    new Promise((resolve, reject) => {
      waiting.set(path, { resolve, reject });
      const script = doc.createElement("script");
      const settle = (error) => {
        script.remove();
        if (!waiting.has(path)) return;
        waiting.delete(path);
        reject(new Error(error));
      };
      script.addEventListener("load", () => settle(`${path}: no data in its script`));
      script.addEventListener("error", () => settle(`${path}: cannot be read`));
      script.src = new URL(path + layout.scriptSuffix, base).href;
      doc.head.append(script);
    });
}

/**
 * Two ends that talk like a page and its worker: messages are copied and
 * arrive later, never during the postMessage call.
 */
function pageChannel() {
  const toEngine = new EventTarget();
  const toPage = new EventTarget();
  const send = (target, data) => {
    const copy = structuredClone(data);
    queueMicrotask(() => target.dispatchEvent(new MessageEvent("message", { data: copy })));
  };
  const worker = {
    postMessage: (data) => send(toEngine, data),
    addEventListener: (...args) => toPage.addEventListener(...args),
    removeEventListener: (...args) => toPage.removeEventListener(...args),
  };
  const scope = {
    postMessage: (data) => send(toPage, data),
    addEventListener: (...args) => toEngine.addEventListener(...args),
  };
  return { worker, scope };
}

/**
 * Start the engine on the page and hand it to search-ui.js the way search.html
 * hands over the worker it started (`root.searchWorker`).
 */
export function startOnDisk(root, doc = document) {
  const layout = JSON.parse(root.dataset.layout);
  const indexUrl = new URL(root.dataset.index, doc.baseURI);
  const { worker, scope } = pageChannel();
  const early = [];
  const keep = (event) => early.push(event);
  worker.addEventListener("message", keep);
  serveSearch(scope, () => ({
    fetchJson: scriptFetcher(indexUrl, layout, doc),
    lunr: Promise.resolve(doc.defaultView.lunr),
    manifest: layout.manifest,
  }));
  const params = new URLSearchParams(doc.defaultView.location.search);
  worker.postMessage({
    type: "init",
    layout,
    shards: Number(root.dataset.shards) || 0,
    q: params.get("q") ?? "",
    series: params.get("series") ?? "",
  });
  root.searchWorker = { worker, early, keep };
}

const root = document.getElementById("search");
if (root && location.protocol === "file:" && !root.searchWorker) startOnDisk(root);
