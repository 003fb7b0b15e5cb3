"""Full posts in a real browser: every formula typeset, comments, tags, links, no other host.

Runs against the full-post fixture site (``tests/fixtures/fullposts``) built with
publishconf.py and served under ``/archive/``.  Screenshots of a full post with comments
(desktop and 375 px, light and dark) go to ``test-output/screenshots/fullpost-*.png``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FULLPOSTS = ROOT / "tests" / "fixtures" / "fullposts" / "content"

#: TeX that must not be visible once MathJax has run (code may show a lone ``$``).
RAW_TEX = ("\\begin", "\\end{", "$$", "\\(", "\\[", "\\eqref", "\\label")

FORMULAS = """() => {
  const main = document.querySelector('main');
  const math = Array.from(main.querySelectorAll('.arithmatex'));
  return {
    formulas: math.length,
    typeset: math.filter(el => el.querySelector('mjx-container')).length,
    containers: main.querySelectorAll('mjx-container').length,
    errors: Array.from(main.querySelectorAll('mjx-merror'), e => e.textContent),
  };
}"""


@pytest.fixture(scope="module")
def fullposts_site(built_site, http_server, tmp_path_factory) -> str:
    output = tmp_path_factory.mktemp("fullposts-published")
    base = http_server(output, "/archive/")
    built_site(FULLPOSTS, siteurl=base.rstrip("/"), output=output)
    return base


def only_our_host(log, base: str) -> None:
    assert log.errors == [] and log.failed == []
    origin = urlsplit(base)
    outside = [u for u in log.requests if urlsplit(u)[:2] != origin[:2]]
    assert outside == []
    assert all(urlsplit(u).netloc == "127.0.0.1:" + str(origin.port) for u in log.requests)


def test_every_formula_of_the_full_posts_is_typeset(fullposts_site: str, open_page) -> None:
    for slug in ("5001", "5002"):
        page, log = open_page(f"{fullposts_site}archives/{slug}.html")
        state = page.evaluate(FORMULAS)
        assert state["errors"] == [], slug
        assert state["formulas"] >= 3 and state["typeset"] == state["formulas"], slug
        assert state["containers"] == state["formulas"], slug
        visible = page.inner_text("main")
        assert [tex for tex in RAW_TEX if tex in visible] == [], slug
        only_our_host(log, fullposts_site)


def test_comments_show_replies_nested_and_math_rendered(fullposts_site: str, open_page) -> None:
    page, log = open_page(f"{fullposts_site}archives/5001.html")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    comments = page.locator("#comments article.comment")
    assert comments.count() == 3
    assert "原博客共 5 条评论，本存档收录 3 条" in page.inner_text("#comments .comments-count")
    reply = page.locator("#comment-16001 .comment-replies #comment-16002")
    assert reply.is_visible()
    parent_box = page.locator("#comment-16001").bounding_box()
    reply_box = reply.bounding_box()
    assert reply_box["x"] > parent_box["x"]  # indented under its parent
    assert reply_box["y"] > parent_box["y"]
    assert page.locator("#comment-16001 > .comment-body mjx-container").count() == 3
    # \eqref in a comment points at the post's numbered equation.
    ref = page.locator("#comment-16001 > .comment-body mjx-container a").first
    assert ref.get_attribute("href") == "#mjx-eqn%3Aeq%3Amomentum"
    assert page.locator("[id='mjx-eqn:eq:momentum']").count() == 1
    hostile = page.locator("#comment-16003")
    assert "<script>alert('author')</script>" in hostile.inner_text()
    assert '<img src="http://evil.example/x.png"' in hostile.inner_text()
    page.locator("#comment-16003 .comment-body span", has_text="点我").click()
    assert dialogs == []
    only_our_host(log, fullposts_site)


def test_tags_and_categories_lead_to_pages_listing_the_post(fullposts_site: str, open_page) -> None:
    page, log = open_page(f"{fullposts_site}archives/5001.html")
    names = page.locator(".post-categories a").all_inner_texts()
    assert names == ["信息时代", "数学研究"]
    for name in names:
        page.goto(f"{fullposts_site}archives/5001.html")
        page.locator(".post-categories a", has_text=name).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == f"分类：{name}"
        assert page.locator(".post-list a", has_text="自适应优化器的几何视角").count() == 1
    page.goto(f"{fullposts_site}archives/5001.html")
    page.locator(".post-tags a", has_text="物理").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "标签：物理"
    assert page.locator(".post-list a").all_inner_texts() == ["自适应优化器的几何视角"]
    page.locator(".site-nav a", has_text="分类").click()
    page.wait_for_load_state()
    assert page.locator(".term-list a").all_inner_texts() == ["数学研究", "信息时代"]
    only_our_host(log, fullposts_site)


def test_link_to_an_archived_post_opens_its_section(fullposts_site: str, open_page) -> None:
    page, log = open_page(f"{fullposts_site}archives/5001.html")
    external = page.locator(".post-body").get_by_role("link", name="文章", exact=True)
    assert external.get_attribute("href") == "https://spaces.ac.cn/archives/99999"
    page.locator(".post-body a", has_text="重建的公式").click()
    page.wait_for_load_state()
    url = urlsplit(page.url)
    assert url.path == "/archive/archives/5002.html"
    assert unquote(url.fragment) == "重建的公式"
    heading = page.locator("h2", has_text="重建的公式")
    assert heading.get_attribute("id") == "重建的公式" and heading.is_visible()
    assert page.evaluate("() => document.querySelector(':target').tagName") == "H2"
    only_our_host(log, fullposts_site)


def test_full_post_screenshots_desktop_and_phone_light_and_dark(
    fullposts_site: str, open_page, screenshot_dir: Path
) -> None:
    sizes = {"desktop": {"width": 1100, "height": 900}, "phone": {"width": 375, "height": 740}}
    for size, viewport in sizes.items():
        for scheme in ("light", "dark"):
            page, log = open_page(
                f"{fullposts_site}archives/5001.html", viewport=viewport, color_scheme=scheme
            )
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], (size, scheme)
            page.screenshot(
                path=str(screenshot_dir / f"fullpost-{size}-{scheme}.png"), full_page=True
            )
            only_our_host(log, fullposts_site)
    page, _ = open_page(f"{fullposts_site}archives/5002.html", viewport=sizes["phone"])
    page.screenshot(path=str(screenshot_dir / "fullpost-recovered-phone.png"), full_page=True)
