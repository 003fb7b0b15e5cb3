"""Page weight: what the home page, a post with math and the search page load.

Measured from the requests a fresh browser makes until the network is idle
(HTML, CSS, JS, fonts, index files), so assets loaded only on some pages
(MathJax on posts with math) are counted where they are loaded.
"""

from __future__ import annotations

from pathlib import Path

from bench.browser import RequestLog, weigh
from bench.measure import Stage, failed, not_available

MATH_MARKERS = ("$$", "\\begin{equation}", "\\begin{align")


def post_with_math(content: Path) -> str | None:
    """Slug of the first post (in name order) whose body has display math."""
    for path in sorted(content.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if any(marker in text for marker in MATH_MARKERS):
            for line in text.splitlines():
                if line.lower().startswith("slug:"):
                    return line.split(":", 1)[1].strip()
            return path.stem
    return None


def page_weight(browser: object, base: str, site: Path, path: str) -> dict[str, object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    log = RequestLog().attach(page)
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    weight = weigh(log.urls(), site)
    context.close()
    return {"path": path, **weight.as_dict()}


def measure_weights(
    browser: object, base: str, site: Path, content: Path, article_url: str
) -> Stage:
    if not (site / "index.html").exists():
        return not_available("no built site")
    pages = {"home": "index.html", "search": "search.html"}
    slug = post_with_math(content)
    if slug:
        pages["post_with_math"] = article_url.format(slug=slug)
    result: Stage = {"status": "ok"}
    for name, path in sorted(pages.items()):
        if not (site / path).exists():
            result[name] = not_available(f"{path} not in the site")
            continue
        try:
            result[name] = page_weight(browser, base, site, path)
        except Exception as error:
            result[name] = failed(str(error)[:300])
    return result
