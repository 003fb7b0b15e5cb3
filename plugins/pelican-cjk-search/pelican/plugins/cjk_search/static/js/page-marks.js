// The marks page-highlight.js asks for: the query's words in the post's title,
// text and comments, found by the matcher of the search results (search-marks.js),
// never inside formulas or code; a bar to clear them; a scroll to the first.

import { findHits, foldText, queryTerms } from "./search-marks.js";
import { parseQuery } from "./search-query.js";

/** Where marks go: the post's title, text and comments. */
const SCOPE = "#post-title, .post-body, .comment-body";
/** Never marked inside: formulas (before and after MathJax), code, scripts. */
const SKIP = ".arithmatex, mjx-container, pre, code, kbd, script, style, mark";
/** A word never runs across these: text in two of them is two texts. */
const BLOCK = "p, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, dd, dt, figcaption, div";
/** Between two texts that must not join into one word (another block, a formula between). */
const GAP = "\u0000";

/** The scope's text nodes in order, and one string of them with GAP where words must not join. */
function collectText(roots) {
  const nodes = [];
  const starts = [];
  let text = "";
  let lastBlock = null;
  let gap = false;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        if (node.matches(SKIP)) {
          gap = true;
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_SKIP;
      },
    });
    gap = true;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const block = node.parentElement.closest(BLOCK);
      if (gap || block !== lastBlock) text += GAP;
      gap = false;
      lastBlock = block;
      starts.push(text.length);
      nodes.push(node);
      text += node.data;
    }
  }
  return { nodes, starts, text };
}

/** Wrap the UTF-16 ranges [start, end) of the joined text (spread over nodes) in marks. */
function markRanges(found, ranges) {
  const { nodes, starts } = found;
  const byNode = new Map();
  for (const [from, to] of ranges) {
    for (let n = 0; n < nodes.length; n++) {
      const low = Math.max(from, starts[n]);
      const high = Math.min(to, starts[n] + nodes[n].data.length);
      if (low < high) {
        if (!byNode.has(n)) byNode.set(n, []);
        byNode.get(n).push([low - starts[n], high - starts[n]]);
      }
    }
  }
  const marks = [];
  for (const [n, spans] of byNode) {
    // From the end, so earlier offsets stay valid as the node is split.
    for (const [low, high] of spans.sort((a, b) => b[0] - a[0])) {
      const node = nodes[n];
      const hit = node.splitText(low);
      hit.splitText(high - low);
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      hit.replaceWith(mark);
      mark.append(hit);
      marks.push(mark);
    }
  }
  return marks.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** Remove the marks and the bar, and the parameter from the address. */
function clear(marks, bar, param) {
  for (const mark of marks) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
  bar.remove();
  const url = new URL(location.href);
  url.searchParams.delete(param);
  history.replaceState(history.state, "", url);
}

/**
 * The first mark at or after the section the address names, else the first
 * in the text (the title's marks are seen without scrolling).
 */
function firstMark(marks) {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return marks.find((m) => m.closest(".post-body")) ?? marks[0];
  return (
    marks.find((m) => target.contains(m) || target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING) ??
    marks[0]
  );
}

/** Mark `query`'s words; the clear button also drops `param` from the address. */
export function highlight(query, param) {
  const roots = [...document.querySelectorAll(SCOPE)];
  const found = collectText(roots);
  const terms = queryTerms(parseQuery(query).highlights);
  const hits = findHits(foldText(found.text), terms);
  const marks = markRanges(found, hits.map((h) => [h.start, h.end]));
  const bar = document.createElement("p");
  bar.className = "highlight-bar";
  bar.setAttribute("role", "status");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "highlight-clear";
  button.textContent = "清除高亮";
  button.addEventListener("click", () => clear(marks, bar, param));
  bar.append(marks.length ? `已标出搜索词（${marks.length} 处） ` : "本页没有找到搜索词。 ", button);
  (document.querySelector(".post-body") ?? document.body).before(bar);
  const first = firstMark(marks);
  if (!first) return;
  const scroll = () => first.scrollIntoView({ block: "center" });
  scroll();
  // Formulas typeset after this change the layout: scroll again once they are done.
  const settle = () => {
    const typeset = globalThis.MathJax?.startup?.promise ?? Promise.resolve();
    typeset.then(() => document.fonts.ready).then(scroll, scroll);
  };
  if (document.readyState === "complete") settle();
  else addEventListener("load", settle, { once: true });
}

