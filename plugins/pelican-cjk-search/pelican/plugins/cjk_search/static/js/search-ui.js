// Search page UI: reads the box, talks to search-worker.js, renders results.
// Every string from the index or the query reaches the DOM through textContent
// or createTextNode; nothing is ever assigned to innerHTML.
//
// On any page it also installs the "/" shortcut that focuses the header box,
// and (page-highlight.js) marks a search's words on the post page it opened.

import { HIGHLIGHT_PARAM } from "./page-highlight.js";

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
/** The blog's own search, for what the archive does not hold; the query goes in one path segment. */

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

/** Append [text, isHit] segments to `node` as text nodes and <mark>s; return `node`. */
function appendMarked(node, segments) {
  for (const [text, hit] of segments) {
    node.append(hit ? element("mark", "", text) : document.createTextNode(text));
  }
  return node;
}

/* Marked title segments, the title's last character (a closing mark such as 》or ）) in a
 * span of its own when it is one of `marks`. */
function appendClosingMark(node, segments, marks) {
  const last = segments.length ? segments[segments.length - 1] : null;
  const tail = last ? last[0].slice(-1) : "";
  if (!tail || !marks.includes(tail)) return appendMarked(node, segments);
  appendMarked(node, [...segments.slice(0, -1), [last[0].slice(0, -1), last[1]]]);
  node.append(element(last[1] ? "mark" : "span", "close-mark", tail));
  return node;
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
    this.commentsBox = document.getElementById("search-comments");
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
    if (this.commentsBox) this.commentsBox.checked = params.get("comments") === "1";
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
    for (const select of [this.seriesSelect, this.yearSelect, this.commentsBox].filter(Boolean)) {
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
    if (!select) return; // a page without this filter (the plugin's own search.html)
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
          if (message.id !== this.lastId) return;
          this.render(message);
          // A task after this frame's paint: a worker holding the body shards
          // back until the titles are seen (titlesFirst) asks for them now.
          setTimeout(() => this.worker.postMessage({ type: "shown", id: message.id }), 0);
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
    if (this.ready) {
      this.worker.postMessage({ type: "prefetch", q: this.box.value, comments: this.withComments() });
    }
  }

  /** The pause after a keystroke, read each time (the page may change `data-debounce`). */
  pause() {
    const ms = Number(this.root.dataset.debounce);
    return this.root.dataset.debounce && ms >= 0 ? ms : DEBOUNCE_MS;
  }

  withComments() {
    return Boolean(this.commentsBox?.checked);
  }

  query() {
    return {
      q: this.box.value,
      series: this.seriesSelect?.value ?? "",
      year: this.yearSelect?.value ?? "",
      comments: this.withComments(),
    };
  }

  syncUrl({ q, series, year, comments }) {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (series) params.set("series", series);
    if (year) params.set("year", year);
    if (comments) params.set("comments", "1");
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
        // With no result on the page, what the reader waits for is the first
        // titles: the worker then holds the body shards back until they are shown.
        const titlesFirst = this.links().length === 0;
        const search = { type: "search", id: this.lastId, ...query, limit: this.limit, titlesFirst };
        this.worker.postMessage(search);
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
    this.hints?.remove();
    if (!total) {
      const shown = Array.from(q).length > 40 ? `${Array.from(q).slice(0, 40).join("")}…` : q;
      this.status.textContent = q
        ? `没有找到与“${shown}”匹配的文章。`
        : "没有符合筛选条件的文章。";
      this.list.replaceChildren();
      this.more.hidden = true;
      if (q) {
        this.hints = this.noResultHints(q);
        this.status.after(this.hints);
      }
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

  /**
   * What to try when nothing matched: fewer words (each one a link), the
   * comments, the filters, the archives page, and the blog's own search
   * (which holds posts this archive may lack). Built as nodes: the query is
   * text and a URL component, never markup.
   */
  noResultHints(q) {
    const list = element("ul", "search-hints");
    list.id = "search-hints";
    const hint = (...parts) => {
      const li = element("li");
      li.append(...parts);
      list.append(li);
    };
    const here = (params) => {
      const url = new URL(location.href);
      url.search = `?${new URLSearchParams(params)}`;
      return url.href;
    };
    const words = q.split(/\s+/u).filter(Boolean);
    if (words.length > 1) {
      const links = words.map((word) => {
        const a = element("a", "", word);
        a.href = here({ q: word });
        return a;
      });
      hint("减少关键词，例如只搜：", ...links.flatMap((a, i) => (i ? ["、", a] : [a])));
    }
    const { series, year, comments } = this.query();
    if (series || year) hint("去掉系列或年份筛选再试。");
    if (!comments && this.commentsBox) hint("勾选“包括评论”，在评论中查找。");
    const archives = element("a", "", "归档页");
    archives.href = new URL(this.root.dataset.archives || "archives/index.html", document.baseURI).href;
    hint("到", archives, "按日期浏览全部文章。");
    // Somewhere else to search (SEARCH_EXTERNAL_URL, `{query}` marks where the query goes).
    const { externalSearch, externalName } = this.root.dataset;
    if (externalSearch) {
      const away = element("a", "", `在${externalName || new URL(externalSearch).host}搜索“${q}”`);
      away.href = externalSearch.replace("{query}", encodeURIComponent(q));
      away.rel = "external";
      hint(away, "（需联网）。");
    }
    return list;
  }

  /** A post's URL that opens on `anchor` with the query's words marked (page-highlight.js). */
  sectionHref(url, anchor) {
    const target = new URL(url, this.siteRoot);
    const q = this.query().q.trim();
    if (q) target.search = `?${new URLSearchParams({ [HIGHLIGHT_PARAM]: q })}`;
    target.hash = anchor ? `#${anchor}` : "";
    return target.href;
  }

  item(result) {
    const li = element("li", "search-result");
    const link = element("a", "search-result-link");
    // A final closing mark at half width ends the underline with the mark, as the pages do
    // (the page names the marks: CJK_CLOSING_MARKS, plugins/cjk_punctuation).
    const segments = result.titleMarks ?? [[result.title || "", false]];
    appendClosingMark(link, segments, this.root.dataset.closingMarks || "");
    link.href = this.sectionHref(result.url, result.sections?.[0]?.anchor ?? "");
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
    // Only where the index carries them (SEARCH_RESULT_FIELDS) and the post has them.
    if (result.category) {
      meta.append(document.createTextNode(" · "), element("span", "category", result.category));
    }
    if (result.tags?.length) {
      meta.append(document.createTextNode(" · "), element("span", "tags", result.tags.join("、")));
    }
    li.append(heading, meta);
    for (const section of result.sections ?? []) {
      // The part before the first heading has no name: the title's link goes there.
      if (section.anchor) {
        const name = element("p", "search-section");
        const to = element("a", "search-section-link");
        to.href = this.sectionHref(result.url, section.anchor);
        to.append("§ ");
        appendMarked(to, section.heading);
        name.append(to);
        li.append(name);
      }
      if (section.snippet.length) li.append(appendMarked(element("p", "snippet"), section.snippet));
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
