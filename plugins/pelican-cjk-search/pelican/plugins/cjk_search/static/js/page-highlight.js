// Marks a search's words on the post page it opened: search results link to
// `archives/N.html?highlight=<query>#<section>`. A query parameter, not the
// text fragment `#:~:text=` (Chromium-only, one exact phrase, blind to our
// tokenizer, and the fragment already names the section): a parameter works
// in every browser, survives "open in new tab" and copied links, and a static
// host ignores it. search-ui.js imports this file on every page, so it only
// looks at the address; the marking (page-marks.js, with the index's
// tokenizer) is imported when there is something to mark.

export const HIGHLIGHT_PARAM = "highlight";

const query = new URLSearchParams(location.search).get(HIGHLIGHT_PARAM);
if (query && query.trim() && document.querySelector(".post-body")) {
  import("./page-marks.js").then((marks) => marks.highlight(query, HIGHLIGHT_PARAM));
}
