"""What the built post page gives a reader of a long post (issue 20, post page).

Runs on the full-post fixture site (``tests/fixtures/fullposts``): 5004 and 5005 are parts
3 and 5 of 流形上的最速下降, whose archive page (``tests/fixtures/fullposts/
archive_index.txt``) names parts 1 and 4 but not 2; 5004 has a very wide formula and a
long comment, 5005 a heading called ``comments`` (the comments section's own id).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.test_site_build import soup_of

ROOT = Path(__file__).resolve().parents[1]
FULLPOSTS = ROOT / "tests" / "fixtures" / "fullposts"
INDEX = {"SERIES_ARCHIVE_INDEX": f'"{FULLPOSTS / "archive_index.txt"}"'}


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site(FULLPOSTS / "content", extra=INDEX)


def test_toc_lists_every_heading_and_links_to_its_id(site: Path) -> None:
    page = soup_of(site, "archives/5004.html")
    toc = page.select_one("nav.toc")
    assert toc.select_one("h2").get_text() == "内容速览"
    links = [(li["class"][0], a.get_text(), a["href"]) for li in toc.select("li") for a in li("a")]
    assert links == [
        ("toc-level-2", "问题的提出", "#问题的提出"),
        ("toc-level-2", "求解的步骤", "#求解的步骤"),
        ("toc-level-3", "数值验证", "#数值验证"),
        ("toc-level-2", "小结", "#小结"),
    ]
    body = page.select_one(".post-body")
    for _, _, href in links:
        heading = body.find(id=unquote(href[1:]))
        assert heading is not None and heading.name in ("h2", "h3")
        # The visible "#" link of the heading points at the heading itself.
        assert heading.select_one("a.heading-anchor")["href"] == href
        assert heading.select_one("a.heading-anchor").get_text() == "#"


def test_toc_only_for_posts_with_two_headings(site: Path) -> None:
    assert soup_of(site, "archives/5003.html").select_one("nav.toc") is None  # no heading
    assert soup_of(site, "archives/5001.html").select_one("nav.toc") is not None


def test_a_heading_named_like_a_page_element_gets_an_id_of_its_own(site: Path) -> None:
    page = soup_of(site, "archives/5005.html")
    heading = page.select_one(".post-body h2#节-comments")
    assert heading is not None and heading.get_text().startswith("comments")
    hrefs = [a["href"] for a in page.select("nav.toc a")]
    assert hrefs == ["#对偶问题", "#节-comments", "#收敛性-&-速度"]  # "&" escaped once
    assert page.find(id="收敛性-&-速度").select_one(".heading-anchor")["href"] == hrefs[2]
    ids = [el["id"] for el in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_part_numbers_are_the_blogs_with_missing_parts_named(site: Path) -> None:
    page = soup_of(site, "archives/5004.html")
    meta = page.select_one(".post-meta .series-number").get_text()
    assert meta == "（第3篇，共5篇，本存档收录其中2篇）"
    box = page.select_one(".series-box")
    assert box.select_one("summary .meta").get_text() == "第3篇，共5篇，本存档收录其中2篇"
    rows = [li.get_text(" ", strip=True) for li in box.select("li")]
    assert rows == [
        "第1篇 流形上的最速下降：1. SGD + 超球面 （未收录）",
        "第2篇 （未收录）",
        "第3篇 流形上的最速下降：3. Muon + Stiefel",
        "第4篇 流形上的最速下降：4. Muon + 谱球面 （未收录）",
        "第5篇 流形上的最速下降：5. 对偶梯度下降",
    ]
    missing = [a["href"] for a in box.select("li.missing a")]
    assert missing == ["https://kexue.fm/archives/11196", "https://kexue.fm/archives/11241"]
    assert box.select_one("li.current").get("aria-current") == "page"
    series = soup_of(site, page.select_one(".series-all a")["href"].removeprefix("../"))
    assert series.select_one(".lead").get_text().startswith("共5篇，本存档收录其中2篇")
    assert [li.get_text(" ", strip=True)[:4] for li in series.select(".series-parts li")] == [
        "第1篇 ",
        "第2篇 ",
        "第3篇 ",
        "第4篇 ",
        "第5篇 ",
    ]


def test_one_navigation_block_without_repeated_links(site: Path) -> None:
    page = soup_of(site, "archives/5004.html")
    navs = page.select("nav.post-nav")
    assert len(navs) == 1
    links = [
        (li.select_one(".label").get_text(), a["href"]) for li in navs[0]("li") for a in li("a")
    ]
    # The next post by date is also the next part: listed once, as the series' next.
    assert links == [
        ("本系列下一篇（第5篇）", "../archives/5005.html"),
        ("更早的文章", "../archives/5001.html"),
    ]


def test_related_posts_come_from_the_archive_by_text_and_tags(site: Path) -> None:
    page = soup_of(site, "archives/5004.html")
    related = page.find(id="related")
    assert related.h2.get_text() == "相关文章"
    hrefs = [a["href"] for a in related.select("a")]
    # 5005 shares the series' words and both tags; 5001 shares the 优化器 tag and Adam/Muon.
    assert hrefs[0] == "../archives/5005.html"
    assert "../archives/5004.html" not in hrefs
    assert all(h.startswith("../archives/") for h in hrefs)


def test_related_posts_are_byte_identical_across_builds(built_site, tmp_path: Path) -> None:
    first = built_site(FULLPOSTS / "content", output=tmp_path / "a", extra=INDEX)
    second = built_site(FULLPOSTS / "content", output=tmp_path / "b", extra=INDEX)
    for page in sorted((first / "archives").glob("*.html")):
        assert page.read_bytes() == (second / "archives" / page.name).read_bytes(), page.name


def test_long_comment_body_and_its_reply_are_rendered_with_math(site: Path) -> None:
    page = soup_of(site, "archives/5004.html")
    comment = page.select_one("#comment-17001")
    assert comment.select_one(".comment-body").get_text().count("点：") == 12
    reply = comment.select_one(".comment-replies #comment-17002")
    assert reply is not None and reply.select_one(".arithmatex")
    assert page.find(id="MathJax-script") is not None
    assert page.select_one('script[src$="js/post-page.js"]') is not None
