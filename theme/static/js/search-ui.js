// Search page UI: reads the box, talks to search-worker.js, renders results.
// Every string from the index or the query reaches the DOM through textContent
// or createTextNode; nothing is ever assigned to innerHTML.
//
// On any page it also installs the "/" shortcut that focuses the header box.

const BOX_ID = "site-search";
/** Pause after a keystroke before the query runs (`data-debounce` overrides, in ms). */
const DEBOUNCE_MS = 120;
/**
 * Results per page; "显示更多结果" asks for the next page (`data-page-size`
 * overrides). Ten, as web search engines show: each result shown costs one
 * small request for its title and snippet, so a longer first page makes every
 * query wait for requests most readers never scroll to.
 */
const PAGE_SIZE = 10;
const LOAD_FAILED = "搜索索引加载失败，请刷新页面重试。";

function isTyping(target) {
  if (!(target instanceof Element)) return false;
  return Boolean(target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
}

/** "/" focuses the search box unless the reader is typing somewhere. */
export function installSlashShortcut(doc = document) {
  doc.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    const box = doc.getElementById(BOX_ID);
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatDate(iso) {
  const [year, month, day] = (iso || "").split("-");
  if (!day) return iso || "";
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}

class SearchPage {
  constructor(root) {
    this.root = root;
    this.box = document.getElementById(BOX_ID);
    this.results = document.getElementById("search-results");
    this.status = document.getElementById("search-status");
    this.list = document.getElementById("search-list");
    this.seriesSelect = document.getElementById("search-series");
    this.yearSelect = document.getElementById("search-year");
    // The one URL rule: index paths are relative to the site root the page names.
    this.siteRoot = new URL(root.dataset.root || "./", document.baseURI);
    this.lastId = 0;
    this.timer = null;
    this.pageSize = Number(root.dataset.pageSize) || PAGE_SIZE;
    this.limit = this.pageSize;
    this.more = element("button", "search-more", "显示更多结果");
    this.more.type = "button";
    this.more.id = "search-more";
    this.more.hidden = true;
    this.results.append(this.more);
  }

  postHref(url) {
    return new URL(url, this.siteRoot).href;
  }

  setBusy(busy) {
    this.results.setAttribute("aria-busy", busy ? "true" : "false");
  }

  start() {
    const params = new URLSearchParams(location.search);
    this.box.value = params.get("q") ?? "";
    this.wanted = { series: params.get("series") ?? "", year: params.get("year") ?? "" };
    const form = this.box.form;
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.run();
      });
    }
    this.box.addEventListener("input", (event) => this.schedule(event));
    // Chrome sends no input event after an input method commits its words.
    this.box.addEventListener("compositionend", () => this.prefetch());
    this.box.addEventListener("keydown", (event) => this.onBoxKey(event));
    this.list.addEventListener("keydown", (event) => this.onListKey(event));
    this.more.addEventListener("click", () => {
      // The keyboard goes on from the first new result once it is shown (render).
      this.focusFrom = this.links().length;
      this.limit += this.pageSize;
      this.run({ keepUrl: true, more: true });
    });
    for (const select of [this.seriesSelect, this.yearSelect]) {
      select.addEventListener("change", () => this.run());
    }
    // search.html starts the worker early (an inline script): take it over,
    // then replay what it said before this script ran.
    const started = this.root.searchWorker;
    this.setBusy(true);
    if (!started) {
      this.fail(LOAD_FAILED);
      return;
    }
    this.worker = started.worker;
    this.worker.removeEventListener("message", started.keep);
    this.worker.removeEventListener("error", started.keep);
    this.worker.addEventListener("message", (event) => this.onMessage(event.data));
    this.worker.addEventListener("error", () => this.fail(LOAD_FAILED));
    for (const event of started.early.splice(0)) {
      if (event.type === "error") this.fail(LOAD_FAILED);
      else this.onMessage(event.data);
    }
  }

  fillSelect(select, values, wanted, label) {
    for (const value of values) {
      const option = element("option", "", label(value));
      option.value = value;
      select.append(option);
    }
    if (values.includes(wanted)) select.value = wanted;
  }

  onMessage(message) {
    if (message.type === "ready") {
      this.fillSelect(this.seriesSelect, message.series, this.wanted.series, (s) => s);
      this.fillSelect(this.yearSelect, message.years, this.wanted.year, (y) => `${y}年`);
      this.ready = true;
      this.run({ keepUrl: true });
    } else if (message.type === "results" && message.id === this.lastId) {
      // The eager pass may miss body-only matches: only show it when it found something.
      if (message.phase === "titles" && !message.total) return;
      cancelAnimationFrame(this.titlesFrame);
      if (message.phase === "titles") {
        // When the final pass follows within a frame (its shards are cached), the
        // browser lays out and paints the results once instead of twice.
        this.titlesFrame = requestAnimationFrame(() => {
          if (message.id === this.lastId) this.render(message);
        });
        return;
      }
      this.render(message);
      if (message.phase === "final") this.setBusy(false);
    } else if (message.type === "error" && (message.id === undefined || message.id === this.lastId)) {
      this.fail(this.ready ? "搜索出错了，请换个关键词再试。" : LOAD_FAILED);
    }
  }

  fail(text) {
    this.status.textContent = text;
    this.list.replaceChildren();
    this.more.hidden = true;
    this.setBusy(false);
  }

  schedule(event) {
    clearTimeout(this.timer);
    // The reader's query is under way from the first keystroke, debounce included.
    if (this.ready) this.setBusy(true);
    // Not mid-composition: an input method's box holds pinyin then, not the
    // words that will be searched.
    if (!event?.isComposing) this.prefetch();
    this.timer = setTimeout(() => this.run(), this.pause());
  }

  /**
   * The box's index shards download during the pause after a keystroke, so
   * the query that follows only waits for its results' doc files.
   */
  prefetch() {
    if (this.ready) this.worker.postMessage({ type: "prefetch", q: this.box.value });
  }

  /** The pause after a keystroke, read each time (the page may change `data-debounce`). */
  pause() {
    const ms = Number(this.root.dataset.debounce);
    return this.root.dataset.debounce && ms >= 0 ? ms : DEBOUNCE_MS;
  }

  query() {
    return { q: this.box.value, series: this.seriesSelect.value, year: this.yearSelect.value };
  }

  syncUrl({ q, series, year }) {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (series) params.set("series", series);
    if (year) params.set("year", year);
    const search = params.toString();
    const url = new URL(location.href);
    url.search = search ? `?${search}` : "";
    history.replaceState(null, "", url);
  }

  run({ keepUrl = false, more = false } = {}) {
    clearTimeout(this.timer);
    if (!more) this.limit = this.pageSize;
    const query = this.query();
    const wanted = Boolean(query.q.trim() || query.series || query.year);
    if (this.ready) {
      this.lastId += 1;
      // The worker starts first: updating the address bar and the tab title
      // are calls into the browser process (2-7 ms on the bench machine) the
      // query's downloads need not wait for.
      if (wanted) {
        this.setBusy(true);
        this.worker.postMessage({ type: "search", id: this.lastId, ...query, limit: this.limit });
      }
      document.title = query.q ? `${query.q} · 搜索` : "搜索";
    }
    if (!keepUrl) this.syncUrl(query);
    if (!this.ready || wanted) return;
    this.list.replaceChildren();
    this.more.hidden = true;
    this.status.textContent = "输入关键词、系列名或日期开始搜索。";
    this.setBusy(false);
  }

  render({ total, results, phase }) {
    const q = this.query().q.trim();
    if (!total) {
      const shown = Array.from(q).length > 40 ? `${Array.from(q).slice(0, 40).join("")}…` : q;
      this.status.textContent = q
        ? `没有找到与“${shown}”匹配的文章。`
        : "没有符合筛选条件的文章。";
      this.list.replaceChildren();
      this.more.hidden = true;
      return;
    }
    this.more.hidden = total <= results.length;
    this.status.textContent =
      total > results.length
        ? `找到 ${total} 篇文章，显示前 ${results.length} 篇。`
        : `找到 ${total} 篇文章。`;
    this.list.replaceChildren(...results.map((r) => this.item(r)));
    // After 显示更多结果 the button may vanish (no more pages): focus the first new result,
    // not the top of the page.
    if (phase !== "titles" && this.focusFrom !== undefined && this.focusFrom < results.length) {
      this.links()[this.focusFrom].focus();
      this.focusFrom = undefined;
    }
  }

  item(result) {
    const li = element("li", "search-result");
    const link = element("a", "search-result-link");
    // A final closing mark at half width ends the underline with the mark, as the pages do
    // (the page names the marks: CJK_CLOSING_MARKS, plugins/cjk_punctuation).
    const title = result.title || "";
    const marks = this.root.dataset.closingMarks || "";
    if (title && marks.includes(title.slice(-1))) {
      link.append(title.slice(0, -1), element("span", "close-mark", title.slice(-1)));
    } else {
      link.textContent = title;
    }
    link.href = this.postHref(result.url);
    const heading = element("h2", "search-result-title");
    heading.append(link);
    const meta = element("p", "meta");
    const time = element("time", "", formatDate(result.date));
    time.dateTime = result.date;
    meta.append(time);
    if (result.series) {
      meta.append(document.createTextNode(" · "), element("span", "series", result.series));
      if (result.part !== null && result.part !== undefined) {
        meta.append(document.createTextNode(" · "), element("span", "part", `第${result.part}篇`));
      }
    }
    // The index says which posts are only a listing page's excerpt (doc field "truncated").
    if (result.truncated) {
      const mark = element("span", "excerpt-mark", "摘录");
      mark.title = "本存档只有原博客列表页中的摘录，并非全文";
      meta.append(mark);
    }
    li.append(heading, meta);
    if (result.snippet && result.snippet.length) {
      const p = element("p", "snippet");
      for (const [text, hit] of result.snippet) {
        p.append(hit ? element("mark", "", text) : document.createTextNode(text));
      }
      li.append(p);
    }
    return li;
  }

  links() {
    return [...this.list.querySelectorAll("a.search-result-link")];
  }

  onBoxKey(event) {
    if (event.key === "ArrowDown") {
      const [first] = this.links();
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape") {
      this.box.value = "";
      this.run();
    }
  }

  onListKey(event) {
    const links = this.links();
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < links.length) {
      event.preventDefault();
      links[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) links[at - 1].focus();
      else this.box.focus();
    }
  }
}

installSlashShortcut();
const root = document.getElementById("search");
// On a page opened from disk this file runs from a classic bundle (search-disk.js): start once.
if (root && document.getElementById("search-results") && !root.searchPage) {
  root.searchPage = new SearchPage(root);
  root.searchPage.start();
}
