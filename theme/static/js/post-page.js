/* What a post page does once it is shown; without this script everything is still there,
 * only unfolded.
 * 1. The table of contents (内容速览) starts folded on a narrow screen, where it would
 *    push the text a whole screen down.
 * 2. A display formula wider than its column scrolls inside its own box: it becomes
 *    keyboard-focusable (tabindex=0, arrow keys scroll it) with a label saying so;
 *    site.css draws a shadow on the side that has more and a line under it. Done after MathJax typesets,
 *    and again when the width changes.
 * 3. A comment taller than FOLD_LINES lines is folded behind a 展开全文 button
 *    (aria-expanded); moving the keyboard focus into the folded part unfolds it. */
(function () {
  "use strict";
  var NARROW = "(max-width: 40em)";
  var FOLD_LINES = 12;
  var WIDE_LABEL = "公式较宽，可左右滚动查看";

  function foldTocOnNarrowScreens() {
    var toc = document.querySelector(".toc details");
    if (toc && window.matchMedia(NARROW).matches) toc.removeAttribute("open");
  }

  function markWideFormulas() {
    var boxes = document.querySelectorAll('main mjx-container[display="true"]');
    Array.prototype.forEach.call(boxes, function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("formula-wide", wide);
      if (box.parentElement) box.parentElement.classList.toggle("formula-scrolls", wide);
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", WIDE_LABEL);
      } else if (box.getAttribute("aria-label") === WIDE_LABEL) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function freeId(base) {
    var id = base;
    for (var n = 2; document.getElementById(id); n += 1) id = base + "-" + n;
    return id;
  }

  function foldLongComments() {
    var bodies = document.querySelectorAll(".comment-body");
    Array.prototype.forEach.call(bodies, function (body) {
      if (body.hasAttribute("data-folded")) return;
      var line = parseFloat(window.getComputedStyle(body).lineHeight) || 24;
      if (body.scrollHeight <= line * (FOLD_LINES + 2)) return;
      body.id = body.id || freeId("comment-fold");
      body.style.setProperty("--fold-height", line * FOLD_LINES + "px");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "comment-toggle";
      button.setAttribute("aria-controls", body.id);
      function show(open) {
        body.setAttribute("data-folded", open ? "false" : "true");
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? "收起" : "展开全文";
      }
      button.addEventListener("click", function () {
        var open = body.getAttribute("data-folded") === "true";
        show(open);
        if (!open) body.scrollIntoView({ block: "nearest" });
      });
      body.addEventListener("focusin", function () {
        if (body.getAttribute("data-folded") === "true") show(true);
      });
      body.insertAdjacentElement("afterend", button);
      show(false);
    });
  }

  function afterMath() {
    markWideFormulas();
    foldLongComments();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(markWideFormulas, 150);
    });
  }

  foldTocOnNarrowScreens();
  var mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) {
    mj.startup.promise.then(afterMath, afterMath);
  } else {
    afterMath();
  }
})();
