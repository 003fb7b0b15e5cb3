"""Build the fixture site (and the seeds) with Pelican and check what a reader gets.

The fixture site (``tests/fixtures/site/content``) is eight posts over three years in the
scraper's exact format: two series, a title that looks like ``<script>``, literal ``*``/``_``,
an inferred and an uncertain date, ``《…》`` citations, and every kind of math the blog uses.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kexue_archive.model import Post

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"
SITEURL = "https://user.github.io/archive"
ATOM = "{http://www.w3.org/2005/Atom}"


def read_post(path: Path) -> Post:
    """A content file back as the shared model (metadata block, blank line, body)."""
    head, _, body = path.read_text("utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return Post.from_metadata(meta, body)


def source_math(body: str) -> list[str]:
    """Every formula of a Markdown body, in order, as the scraper wrote it.

    A block that starts with ``$$`` or ``\\begin{`` is display math; elsewhere an
    unescaped ``$`` opens and closes inline math (the scraper escapes literal ones).
    """
    found: list[str] = []
    unquoted = re.sub(r"(?m)^(?:> ?)+", "", body)  # a quote's math is its blocks' math
    for block in re.split(r"\n\s*\n", unquoted.strip()):
        if block.startswith("$$") and block.endswith("$$"):
            found.append(block[2:-2])
            continue
        if block.startswith("\\begin{"):
            found.append(block)
            continue
        i = 0
        while i < len(block):
            if block[i] == "\\":
                i += 2
            elif block[i] == "$":
                j = i + 1
                while j < len(block) and block[j] != "$":
                    j += 2 if block[j] == "\\" else 1
                found.append(block[i + 1 : j])
                i = j + 1
            else:
                i += 1
    # the TeX guard (plugins/safe_content) removes \require: MathJax may load nothing
    return [_REQUIRE.sub("", tex) for tex in found]


_REQUIRE = re.compile(r"\\require\{[^{}]*\}")


def page_math(html: str) -> list[str]:
    """The TeX of every ``.arithmatex`` element in a post body, delimiters removed."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for el in soup.select(".post-body .arithmatex"):
        text = el.get_text()
        if text[:2] in ("\\(", "\\[") and text[-2:] in ("\\)", "\\]"):
            text = text[2:-2]
        out.append(text)
    return out


def soup_of(output: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((output / rel).read_text("utf-8"), "html.parser")


def fixture_posts() -> dict[str, Post]:
    return {p.slug: p for p in map(read_post, sorted(FIXTURE_CONTENT.glob("*.md")))}


def test_expected_pages_exist(built_site) -> None:
    out = built_site()
    posts = fixture_posts()
    expected = [
        "index.html",
        "404.html",
        "archives/index.html",
        "series/index.html",
        "sitemap.xml",
        "robots.txt",
        "theme/css/site.css",
        "vendor/mathjax/tex-chtml-full.js",
        "vendor/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
    ]
    expected += [f"archives/{slug}.html" for slug in posts]
    for post in posts.values():
        assert post.date is not None
        expected += [
            f"archives/{post.date:%Y}/index.html",
            f"archives/{post.date:%Y/%m}/index.html",
        ]
    expected.append("search.html")
    missing = [rel for rel in expected if not (out / rel).is_file()]
    assert missing == []
    assert len(list((out / "series").glob("*.html"))) == 3  # index + two series
    # Excerpts carry no tags or categories: the indexes exist, no tag or category page does.
    assert sorted(p.name for p in (out / "category").iterdir()) == ["index.html"]
    assert sorted(p.name for p in (out / "tag").iterdir()) == ["index.html"]


def test_math_reaches_the_page_byte_exact(built_site) -> None:
    out = built_site()
    for slug, post in fixture_posts().items():
        html = (out / f"archives/{slug}.html").read_text("utf-8")
        assert page_math(html) == source_math(post.body), slug


def test_math_kinds_in_fixture_are_all_covered() -> None:
    everything = "\n".join(p.body for p in fixture_posts().values())
    for needle in ("\\begin{equation}", "\\label{eq:", "\\eqref{", "\\begin{aligned}", "$$"):
        assert needle in everything
    for needle in ("\\begin{align}", "\\boldsymbol", "\\Vert", "\\\\", "&", "<", "*", "_"):
        assert needle in everything


def test_text_from_content_is_escaped(built_site) -> None:
    out = built_site()
    soup = soup_of(out, "archives/9001.html")
    assert soup.h1.get_text() == '标题里的<script>alert("x")</script>与*星号*和_下划线_'
    assert soup.title.get_text().startswith('标题里的<script>alert("x")</script>')
    body = soup.select_one(".post-body")
    assert "<script>alert(1)</script>" in body.get_text()
    assert "*星号* 和 _下划线_、a_b_c" in body.get_text()
    assert body.find(["em", "strong", "script", "ol", "h1"]) is None
    scripts = [s.get("src") for s in soup.find_all("script") if "math-pending" not in s.text]
    own = ("/vendor/", "/theme/js/", "/search/js/")  # npm's, the theme's, the search plugin's
    assert all(src and any(folder in src for folder in own) for src in scripts)
    home = (out / "index.html").read_text("utf-8")
    assert "<script>alert" not in home and "&lt;script&gt;alert" in home


def test_mathjax_loads_only_where_there_is_math(built_site) -> None:
    out = built_site()
    with_math = soup_of(out, "archives/9181.html").find(id="MathJax-script")
    assert with_math is not None and with_math["src"] == "../vendor/mathjax/tex-chtml-full.js"
    assert soup_of(out, "archives/9500.html").find(id="MathJax-script") is None
    assert soup_of(out, "series/index.html").find(id="MathJax-script") is None
    assert soup_of(out, "index.html").find(id="MathJax-script") is not None  # math in excerpts


def test_post_page_shows_dates_series_and_original(built_site) -> None:
    out = built_site()
    post = soup_of(out, "archives/9181.html")
    assert post.time["datetime"] == "2023-02-28" and post.time.get_text() == "2023年2月28日"
    assert post.select(".post-meta .date-status") == []
    box = post.select_one(".series-box")
    # The blog's part numbers, the parts the archive lacks (no archive page given), and
    # which archived parts are only excerpts (the current one is not a link: no mark).
    assert [li.get_text(strip=True) for li in box.select("li")] == [
        "第1–16篇（未收录）",
        "第17篇生成扩散模型漫谈（十七）：构建ODE的一般步骤（下）摘录",
        "第18篇生成扩散模型漫谈（十八）：得分匹配 = 条件得分匹配",
        "第19篇生成扩散模型漫谈（十九）：作为扩散ODE的GAN",
    ]
    assert box.summary.select_one(".meta").get_text() == "第18篇，共19篇，本存档收录其中3篇"
    assert "（第18篇，共19篇，本存档收录其中3篇）" in post.select_one(".post-meta").get_text()
    assert (
        box.select_one('li[aria-current="page"]')
        .get_text()
        .startswith("第18篇 生成扩散模型漫谈（十八）")
    )
    assert box.details.has_attr("open")  # a short series shows all its parts
    # One navigation block: the date neighbours are the series' neighbours, shown once.
    nav = post.select("nav.post-nav")
    assert len(nav) == 1
    assert [a["href"] for a in nav[0].select("a")] == [
        "../archives/9164.html",
        "../archives/9209.html",
    ]
    assert nav[0].select_one('a[rel="prev"]')["href"] == "../archives/9164.html"
    assert nav[0].select_one('a[rel="next"]')["href"] == "../archives/9209.html"
    assert post.select_one("a.original-link")["href"] == "https://kexue.fm/archives/9181"
    note = post.select_one(".excerpt-note")
    assert "摘录" in note.get_text() and note.a["href"] == "https://kexue.fm/archives/9181"


def test_inferred_and_uncertain_dates_are_marked(built_site) -> None:
    out = built_site()
    assert "日期为推断" in soup_of(out, "archives/9209.html").select_one(".post-meta").get_text()
    uncertain = soup_of(out, "archives/p-3fa2b1c0.html")
    assert "日期不确定" in uncertain.select_one(".post-meta").get_text()
    assert uncertain.select_one("a.original-link") is None  # no known original post
    assert soup_of(out, "archives/9209.html").select_one(".excerpt-note") is None  # complete


def test_citations_link_archived_posts_and_list_citing_posts(built_site) -> None:
    out = built_site()
    post = soup_of(out, "archives/9181.html")
    # Cited with half-width punctuation, archived with full-width: still the same post.
    assert [a["href"] for a in post.select(".post-body a.citation")] == ["../archives/9164.html"]
    cited = soup_of(out, "archives/9164.html")
    assert [a["href"] for a in cited.select(".cited-by a")] == [
        "../archives/9500.html",
        "../archives/9181.html",
    ]
    other = soup_of(out, "archives/p-3fa2b1c0.html").select_one(".post-body")
    assert [a.get_text() for a in other.select("a")] == [
        "生成扩散模型漫谈（十八）：得分匹配 = 条件得分匹配"
    ]
    assert "《不存在的文章》" in other.get_text()


def test_archives_by_year_and_month_with_counts(built_site) -> None:
    out = built_site()
    archives = soup_of(out, "archives/index.html")
    years = [h.get_text(" ", strip=True) for h in archives.select(".archive-year h2")]
    assert years == ["2024年 3 篇", "2023年 3 篇", "2022年 2 篇"]
    months = [h.get_text(" ", strip=True) for h in archives.select(".archive-year h3")]
    assert months[:3] == ["11月 1 篇", "6月 1 篇", "1月 1 篇"]
    month = soup_of(out, "archives/2023/02/index.html")
    assert [a["href"] for a in month.select(".post-list a")] == [
        "../../../archives/9181.html",
        "../../../archives/9164.html",
    ]
    year = soup_of(out, "archives/2023/index.html")
    assert [h.get_text(" ", strip=True) for h in year.select("main h2")] == ["3月 1 篇", "2月 2 篇"]


def test_series_index_and_pages_in_part_order(built_site) -> None:
    out = built_site()
    index = soup_of(out, "series/index.html")
    names = [a.get_text() for a in index.select(".series-list a")]
    assert names == ["生成扩散模型漫谈", "Transformer升级之路"]  # most recently updated first
    href = index.select_one(".series-list a")["href"]
    assert re.fullmatch(r"\.\./series/[a-z0-9-]+\.html", href)
    page = soup_of(out, href.removeprefix("../"))
    assert [a["href"] for a in page.select(".series-parts a")] == [
        "../archives/9164.html",
        "../archives/9181.html",
        "../archives/9209.html",
    ]
    assert page.select_one(".series-parts li.missing").get_text() == "第1–16篇（未收录）"
    assert page.select_one(".lead").get_text().startswith("共19篇，本存档收录其中3篇")


def test_home_is_newest_first_with_excerpts_and_paginates(built_site) -> None:
    out = built_site()
    home = soup_of(out, "index.html")
    dates = [t["datetime"] for t in home.select(".entry time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 8
    assert all(e.select_one(".excerpt p") for e in home.select(".entry"))
    paged = built_site(extra={"DEFAULT_PAGINATION": "3"})
    assert (paged / "page/2.html").is_file() and (paged / "page/3.html").is_file()
    second = soup_of(paged, "page/2.html")
    assert len(second.select(".entry")) == 3
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "../index.html"


def test_build_is_deterministic(built_site, tmp_path: Path) -> None:
    first = built_site(siteurl=SITEURL)
    second = built_site(siteurl=SITEURL, output=tmp_path / "again")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_feeds_and_sitemap_are_valid_xml(built_site) -> None:
    out = built_site(siteurl=SITEURL)
    feed = ET.parse(out / "feeds/all.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(fixture_posts())
    assert feed.findtext(f"{ATOM}updated") == "2024-11-20T00:00:00+08:00"  # newest post
    series_feeds = sorted((out / "feeds/series").glob("*.atom.xml"))
    sizes = sorted(len(ET.parse(f).getroot().findall(f"{ATOM}entry")) for f in series_feeds)
    assert sizes == [2, 3]
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(loc.startswith(SITEURL + "/") for loc in locs)
    assert f"{SITEURL}/archives/9181.html" in locs and len(locs) == len(set(locs))
    assert (out / "robots.txt").read_text().strip().endswith(f"Sitemap: {SITEURL}/sitemap.xml")


def test_canonical_and_open_graph_only_in_publish_builds(built_site) -> None:
    dev = soup_of(built_site(), "archives/9181.html")
    assert dev.find("link", rel="canonical") is None
    pub = soup_of(built_site(siteurl=SITEURL), "archives/9181.html")
    assert pub.find("link", rel="canonical")["href"] == f"{SITEURL}/archives/9181.html"
    assert pub.find("meta", property="og:type")["content"] == "article"
    feed_link = pub.find("link", rel="alternate")
    assert feed_link["href"] == f"{SITEURL}/feeds/all.atom.xml"


def test_pages_have_the_search_form_and_landmarks(built_site) -> None:
    out = built_site()
    for rel in ("index.html", "archives/9181.html", "series/index.html", "404.html"):
        page = soup_of(out, rel)
        assert page.html["lang"] == "zh-CN"
        form = page.find("form", role="search")
        assert form["action"].endswith("search.html") and form["method"] == "get"
        assert page.find("input", id="site-search")["name"] == "q"
        assert page.find("a", class_="skip-link")["href"] == "#main"
        assert page.find("main", id="main") and page.find("header") and page.find("footer")


def test_search_page_names_the_index_shard_count(built_site) -> None:
    """The page tells the worker the shard count, so shards load before index.json."""
    out = built_site()
    section = soup_of(out, "search.html").find("section", id="search")
    manifest = json.loads((out / "search" / "index.json").read_text(encoding="utf-8"))
    assert int(section["data-shards"]) == manifest["shards"] >= 1


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Structure(HTMLParser):
    """Well-formedness of a page: every element closed in order, ids unique, landmarks once."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: Counter[str] = Counter()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.ids.update(v for k, v in attrs if k == "id" and v)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def structure_problems(html: str) -> list[str]:
    page = _Structure()
    page.feed(html)
    page.close()
    problems = page.problems + [f"unclosed <{t}>" for t in page.stack]
    problems += [f"duplicate id {i!r}" for i, n in page.ids.items() if n > 1]
    problems += [f"{n} <{t}>" for t in ("main", "h1", "title") if (n := page.tags[t]) != 1]
    if not html.startswith("<!DOCTYPE html>"):
        problems.append("no doctype")
    return problems


def test_every_page_is_well_formed_with_one_main_and_h1(built_site) -> None:
    out = built_site()
    problems = {
        str(p.relative_to(out)): found
        for p in sorted(out.rglob("*.html"))
        if (found := structure_problems(p.read_text("utf-8")))
    }
    assert problems == {}


# --- the seeds ----------------------------------------------------------------------------


def test_seeds_build_with_every_post_and_exact_math(built_site, seeds_content: Path) -> None:
    out = built_site(seeds_content)
    posts = [read_post(p) for p in sorted(seeds_content.glob("*.md"))]
    assert posts, "the scraper wrote no posts"
    total = 0
    for post in posts:
        page = out / f"archives/{post.slug}.html"
        assert page.is_file(), post.slug
        math = source_math(post.body)
        assert page_math(page.read_text("utf-8")) == math, post.slug
        total += len(math)
    assert total > 50
    assert (out / "series/index.html").is_file()
    folded = 0
    for page in sorted(out.rglob("*.html")):
        assert structure_problems(page.read_text("utf-8")) == [], page
        box = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(".series-box")
        if box:  # long series fold their list of parts away
            assert box.details.has_attr("open") == (len(box.select("li")) <= 6), page
            folded += not box.details.has_attr("open")
    assert folded > 0


@pytest.mark.parametrize("rel", ["feeds/all.atom.xml", "sitemap.xml"])
def test_seeds_feeds_parse(built_site, seeds_content: Path, rel: str) -> None:
    ET.parse(built_site(seeds_content, siteurl=SITEURL) / rel)
