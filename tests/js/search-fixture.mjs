// Builds the search plugin's fixture site once with the project's Python (Pelican + the
// plugin) and gives the tests a SearchEngine reading the index files from disk.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import lunr from "lunr";

import { SearchEngine } from "../../plugins/pelican-cjk-search/pelican/plugins/cjk_search/static/js/search-engine.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  const venv = join(ROOT, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

const PYTHON_ENV = { ...process.env, PYTHONPATH: [join(ROOT, "plugins"), ROOT].join(":") };

/** Run `python -m module args...` of the project (stdin as given), return its stdout. */
export function runPython(module, args, input = "") {
  return execFileSync(python(), ["-m", module, ...args], {
    cwd: ROOT,
    env: PYTHON_ENV,
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "inherit"],
  });
}

let built = null;

/** Output folder of the fixture site, built on first use. */
export function fixtureOutput() {
  if (built) return built;
  const out = mkdtempSync(join(tmpdir(), "search-fixture-"));
  runPython("pelican.plugins.cjk_search.tests.fixture_site", [out]);
  built = out;
  return out;
}

/** A loaded engine over `folder/search`, counting the files it fetched. */
export async function engineFor(folder = fixtureOutput()) {
  const fetched = [];
  const engine = new SearchEngine(lunr, async (path) => {
    fetched.push(path);
    return JSON.parse(readFileSync(join(folder, "search", path), "utf8"));
  });
  await engine.load();
  return { engine, fetched };
}

/** Run lunr `clauses` (from parseQuery) on `idx` the way the engine does, all with one presence. */
export function queryClauses(lunr, idx, clauses, presence) {
  const { Query } = lunr;
  return idx.query((query) => {
    for (const c of clauses) {
      query.term(c.term, {
        fields: c.fields,
        usePipeline: false,
        wildcard: c.wildcard ? Query.wildcard.TRAILING : Query.wildcard.NONE,
        presence,
      });
    }
  });
}
