/* MathJax 3 settings for the archive, read by vendor/mathjax/tex-chtml-full.js.
 * Markdown (pymdownx.arithmatex, generic mode) wraps every formula in an element of
 * class "arithmatex" with \( \) or \[ \] delimiters, or leaves a bare
 * \begin{equation}...\end{equation}; only those elements are typeset, so a "$" or
 * "\(" in ordinary text stays text. Equations are numbered like AMS LaTeX, so
 * \label / \eqref / \ref work within a post.
 *
 * What TeX may do here (plugins/safe_content/README.md has the table): typeset, colour,
 * box, number and refer to its own equations; never link, script, style, load, name
 * page ids or classes, or make the browser fetch anything. The build rewrites such
 * commands already (plugins/safe_content); this is the second wall, for anything that
 * reaches the page another way. */
(function () {
  "use strict";
  // Packages of the full bundle that act on the page: html (\href \style \class \cssId
  // \data), unicode (\unicode[font;css]), require and autoload (load more of them),
  // setoptions (changes these settings), action (\toggle \texttip: scripted widgets).
  var ACTING_PACKAGES = ["html", "unicode", "require", "autoload", "setoptions", "action"];
  // textmacros reads \text{...} as LaTeX text mode ("stop_gradient" is an error there);
  // the blog's MathJax 2 showed \text's argument as it is, and so does the archive.
  var NOT_THE_BLOGS = ["textmacros"];
  // The only URL a formula may carry: its own \eqref to an equation of this page.
  var EQREF = /^#mjx-eqn(%3A|:)/;
  // A colour MathJax writes into a style: a name or a hex value, nothing that holds CSS.
  var COLOR = /^([a-zA-Z]+|#[0-9a-fA-F]{3,8})$/;

  // ui/safe checks only that a URL's scheme is http(s): "java\tscript:" has none to it.
  function filterURL(safe, url) {
    var here = window.location.href.split("#")[0];
    var local = url.indexOf(here + "#") === 0 ? url.slice(here.length) : url;
    return EQREF.test(local) ? url : null;
  }
  function filterColor(safe, value) {
    return COLOR.test(String(value).trim()) ? value : null;
  }
  // \mmlToken (in the base package) can set fontfamily, which reaches the CSS unchecked.
  function dropValue() {
    return null;
  }

  window.MathJax = {
    loader: { load: ["ui/safe"] },
    tex: {
      packages: { "[-]": ACTING_PACKAGES.concat(NOT_THE_BLOGS) },
      inlineMath: [["\\(", "\\)"]],
      displayMath: [["\\[", "\\]"]],
      processEscapes: false,
      processEnvironments: true,
      processRefs: true,
      tags: "ams",
    },
    options: {
      ignoreHtmlClass: ".*|",
      processHtmlClass: "arithmatex",
      safeOptions: {
        allow: { URLs: "safe", classes: "none", cssIDs: "safe", styles: "none" },
        // Equation numbers' ids (mjx-eqn:1, mjx-eqn:label) are the only ids kept.
        idPattern: /^mjx-eqn:/,
        safeProtocols: { http: false, https: false, file: false, javascript: false, data: false },
      },
    },
    startup: {
      ready: function () {
        MathJax.startup.defaultReady();
        var safe = MathJax.startup.document.safe;
        safe.filterMethods.filterURL = filterURL;
        safe.filterMethods.filterColor = filterColor;
        safe.filterMethods.dropValue = dropValue;
        ["mathcolor", "mathbackground", "color", "background"].forEach(function (name) {
          safe.filterAttributes.set(name, "filterColor");
        });
        safe.filterAttributes.set("fontfamily", "dropValue");
        // base.html hides formulas (class math-pending) until they are typeset.
        var shown = function () {
          document.documentElement.classList.remove("math-pending");
        };
        MathJax.startup.promise.then(shown, shown);
      },
    },
  };
})();
