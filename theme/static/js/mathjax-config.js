/* MathJax 3 settings for the archive, read by vendor/mathjax/tex-chtml-full.js.
 * Markdown (pymdownx.arithmatex, generic mode) wraps every formula in an element of
 * class "arithmatex" with \( \) or \[ \] delimiters, or leaves a bare
 * \begin{equation}...\end{equation}; only those elements are typeset, so a "$" or
 * "\(" in ordinary text stays text. Equations are numbered like AMS LaTeX, so
 * \label / \eqref / \ref work within a post. */
window.MathJax = {
  tex: {
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
  },
};
