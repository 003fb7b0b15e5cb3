"""Listings on a built site: counts of posts and full texts, excerpt marks, CJK punctuation.

``tests/fixtures/listings/content``: 6101 a full post alone in its series, title ending in
``）``; 6102 an excerpt whose dump title and text have ASCII punctuation between Chinese
(with math, code, a URL and Latin text that must keep theirs) and cites 6101; 6103/6104 a
two-post series across two months, 6104 full with two categories; 6105 an excerpt of July.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_site_build import soup_of

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "tests" / "fixtures" / "listings" / "content"
COUNTS = re.compile(r"共收录 (\d+) 篇，其中全文 (\d+) 篇")


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site(LISTINGS)


def counts(output: Path, rel: str) -> tuple[int, int]:
    found = COUNTS.search(soup_of(output, rel).select_one("main").get_text())
    assert found, f"{rel} says how many posts and full texts it holds"
    return int(found.group(1)), int(found.group(2))


def marked(output: Path, rel: str) -> dict[str, bool]:
    """Post URL -> whether the listing marks it 摘录."""
    soup = soup_of(output, rel)
    result = {}
    for link in soup.select("main a[href*='archives/6']"):
        item = link.find_parent(["li", "article"])
        if item is not None and "archives/index" not in link["href"]:
            mark = item.select_one(".excerpt-mark")
            result[link["href"].rsplit("/", 1)[1]] = mark is not None and mark.get_text() == "摘录"
    return result


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("index.html", (5, 2)),
        ("archives/index.html", (5, 2)),
        ("archives/2024/index.html", (4, 2)),
        ("archives/2024/07/index.html", (3, 1)),
    ],
)
def test_listings_count_posts_and_full_texts(site: Path, rel: str, expected: tuple) -> None:
    assert counts(site, rel) == expected


def test_tag_category_and_series_pages_count_their_own_posts(site: Path) -> None:
    tags = {a.get_text(): a["href"] for a in soup_of(site, "tag/index.html").select(".term-list a")}
    assert counts(site, "tag/" + tags["优化器"].rsplit("/", 1)[1]) == (2, 2)
    cats = soup_of(site, "category/index.html").select(".term-list a")
    by_name = {a.get_text(): a["href"].rsplit("/", 1)[1] for a in cats}
    assert counts(site, "category/" + by_name["信息时代"]) == (1, 1)
    series = soup_of(site, "series/index.html").select(".series-list a")
    two = next(a["href"] for a in series if a.get_text() == "两篇系列")
    assert counts(site, "series/" + two.rsplit("/", 1)[1]) == (2, 1)


@pytest.mark.parametrize(
    "rel", ["index.html", "archives/index.html", "archives/2024/07/index.html"]
)
def test_excerpts_and_only_excerpts_are_marked(site: Path, rel: str) -> None:
    found = marked(site, rel)
    assert found, rel
    for href, is_marked in found.items():
        assert is_marked == (href in {"6102.html", "6103.html", "6105.html"}), (rel, href)


def test_search_doc_rows_flag_excerpts(site: Path) -> None:
    manifest = json.loads((site / "search" / "index.json").read_text("utf-8"))
    fields = manifest["format"]["docFields"]
    flags = {}
    for n in range(manifest["count"]):
        row = json.loads((site / "search" / "doc" / f"{n}.json").read_text("utf-8"))["docs"][0]
        record = dict(zip(fields, row, strict=True))
        flags[record["url"]] = record["truncated"]
    assert flags == {
        "archives/6101.html": 0,
        "archives/6102.html": 1,
        "archives/6103.html": 1,
        "archives/6104.html": 0,
        "archives/6105.html": 1,
    }
    # Newest post first: 孤篇系列 (July 2024) before 两篇系列 (June), not code point order.
    assert manifest["series"] == ["孤篇系列", "两篇系列"]


def test_archives_list_posts_unnumbered_with_the_day_under_the_month(site: Path) -> None:
    soup = soup_of(site, "archives/index.html")
    assert not soup.select("main ol")  # no numbering that restarts each month
    july = soup.find("h3", string=lambda s: s and "7月" in s) or soup.select("h3")[0]
    days = [t.get_text() for t in july.find_next("ul").select("time")]
    assert days == ["25日", "20日", "8日"]


def test_a_one_post_series_shows_its_date_once(site: Path) -> None:
    metas = [m.get_text() for m in soup_of(site, "series/index.html").select(".series-list .meta")]
    assert "1 篇 · 2024年7月8日" in metas
    assert "2 篇 · 2023年12月30日–2024年6月2日" in metas


def test_home_shows_each_title_once(site: Path) -> None:
    main = soup_of(site, "index.html").select_one("main")
    assert "阅读《" not in main.get_text()
    assert len(main.select("a[href$='archives/6102.html']")) == 1


def test_dump_punctuation_is_shown_full_width_and_the_markdown_keeps_its_bytes(
    site: Path,
) -> None:
    soup = soup_of(site, "archives/6102.html")
    assert soup.select_one("#post-title").get_text() == "闭门造车，分享一下（注：草稿）"
    body = soup.select_one(".post-body")
    text = body.get_text()
    assert "中，我们设" in text and "都成立（注：见下文）。" in text
    assert "不变，网址https://example.org/a,b(c)也不变，英文a,b和中,a保持原样！" in text
    assert [m.get_text() for m in body.select(".arithmatex")] == ["\\(a,b\\)", "\\(f(x),g(x)\\)"]
    assert body.select_one("code").get_text() == "print(1,2)"
    source = (LISTINGS / "6102.md").read_text("utf-8")
    assert "闭门造车,分享一下(注:草稿)" in source and "中,我们" in source
    # Every listing shows the title the same way.
    assert "闭门造车，分享一下（注：草稿）" in soup_of(site, "index.html").get_text()


def test_a_link_ending_in_a_closing_mark_gets_the_half_width_span(site: Path) -> None:
    citation = soup_of(site, "archives/6102.html").select_one("a.citation")
    assert citation.get_text() == "优化器的几何（上）"
    assert citation.contents[-1].name == "span" and citation.contents[-1]["class"] == ["close-mark"]
    listed = soup_of(site, "archives/index.html").select_one("a[href$='6101.html']")
    assert listed.select_one(".close-mark").get_text() == "）"


def test_tag_and_category_indexes_link_each_other_and_posts_link_theirs(site: Path) -> None:
    for rel in ("tag/index.html", "category/index.html"):
        switch = soup_of(site, rel).select(".term-switch a")
        assert [a.get_text() for a in switch] == ["分类", "标签"]
        assert len([a for a in switch if a.get("aria-current") == "page"]) == 1
    post = soup_of(site, "archives/6104.html")
    assert [a.get_text() for a in post.select(".post-categories a")] == ["数学研究", "信息时代"]
    assert [a.get_text() for a in post.select(".post-tags a")] == ["优化器"]


def test_dev_404_page_links_from_the_server_root(site: Path) -> None:
    soup = soup_of(site, "404.html")
    assert soup.select_one("link[rel=stylesheet]")["href"] == "/theme/css/site.css"
    hrefs = [a["href"] for a in soup.select("main a, .site-nav a")]
    assert hrefs and all(h.startswith("/") for h in hrefs)


def test_math_pages_hide_raw_tex_until_typeset_and_others_do_not(site: Path) -> None:
    head = soup_of(site, "archives/6101.html").head
    assert "math-pending" in str(head) and head.select_one("link[rel=preload][as=script]")
    assert "math-pending" not in str(soup_of(site, "archives/6105.html").head)
