"""Build the full-post fixture site and check what a reader gets on a whole post's page.

``tests/fixtures/fullposts/content`` holds three posts in the scraper's format: 5001 is a
full post with headings, a table, code, a footnote, lists, a quote, numbered math with
``\\label``/``\\eqref``, two categories, two tags (one a homophone of 5002's), links to
5002 and 5003 on the blog's other host spellings, one to a post not archived, and
comments in ``5001.comments.json`` (a reply, math, and a hostile one); 5002 was saved
while MathJax was rendering (``Math_status: recovered``); 5003 is a listing excerpt.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kexue_archive.model import COMMENTS_SUFFIX, Comment
from tests.conftest import run_python
from tests.test_site_build import (
    page_math,
    read_post,
    soup_of,
    source_math,
    structure_problems,
)

ROOT = Path(__file__).resolve().parents[1]
FULLPOSTS = ROOT / "tests" / "fixtures" / "fullposts" / "content"
SITEURL = "https://user.github.io/archive"
_FENCED_CODE = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site(FULLPOSTS)


def fixture_comments(slug: str) -> list[Comment]:
    data = json.loads((FULLPOSTS / f"{slug}{COMMENTS_SUFFIX}").read_text("utf-8"))
    return [Comment.from_dict(c) for c in data["comments"]]


def test_full_post_keeps_the_blogs_structure(site: Path) -> None:
    body = soup_of(site, "archives/5001.html").select_one(".post-body")
    # Each heading ends with its "#" link (plugins/post_toc).
    headings = [(h.name, h["id"], h.get_text()) for h in body.select("h2, h3")]
    assert headings == [
        ("h2", "动量的定义", "动量的定义 #"),
        ("h3", "各参数的取值", "各参数的取值 #"),
        ("h2", "代码实现", "代码实现 #"),
    ]
    table = body.table
    assert [th.get_text() for th in table.select("thead th")] == ["参数", "含义", "常用值"]
    assert len(table.select("tbody tr")) == 2 and table.select_one("tbody .arithmatex")
    code = body.select_one("pre > code.language-python")
    assert code is not None and '"$x$"' in code.get_text() and "<b>" in code.get_text()
    assert code.find(class_="arithmatex") is None and code.find("b") is None
    steps = body.find("ol").find_all("li")
    assert len(steps) == 2 and all(li.select_one(".arithmatex") for li in steps)
    assert len(body.find("ul").find_all("li")) == 2
    ref = body.select_one("sup a.footnote-ref")
    assert ref["href"] == "#fn:1" and body.find(id="fn:1").select_one(".arithmatex")
    assert body.blockquote.select_one(".arithmatex")


def test_every_formula_of_a_full_post_reaches_the_page_byte_exact(site: Path) -> None:
    for slug in ("5001", "5002", "5003"):
        post = read_post(FULLPOSTS / f"{slug}.md")
        expected = source_math(_FENCED_CODE.sub("", post.body))
        html = (site / f"archives/{slug}.html").read_text("utf-8")
        assert page_math(html) == expected, slug
        assert expected, slug


def test_full_posts_state_author_original_and_licence_and_no_excerpt_note(site: Path) -> None:
    for slug in ("5001", "5002"):
        page = soup_of(site, f"archives/{slug}.html")
        assert page.select_one(".excerpt-note") is None
        box = page.select_one(".attribution")
        assert "作者：苏剑林" in box.get_text()
        assert box.find("a", href=f"https://kexue.fm/archives/{slug}") is not None
        licence = box.find("a", rel="license")
        assert licence["href"] == "https://creativecommons.org/licenses/by-nc-nd/2.5/cn/"
        assert "署名-非商业用途-保持一致" in licence.get_text()
        assert "CC BY-NC-ND 2.5 CN" in licence.get_text()
    excerpt = soup_of(site, "archives/5003.html")
    assert "摘录" in excerpt.select_one(".excerpt-note").get_text()
    assert excerpt.select_one(".attribution") is None


def test_recovered_math_is_said_only_where_it_was_recovered(site: Path) -> None:
    note = soup_of(site, "archives/5002.html").select_one(".math-note")
    assert note is not None and "重建" in note.get_text() and "渲染" in note.get_text()
    assert soup_of(site, "archives/5001.html").select_one(".math-note") is None


def test_post_links_every_category_and_tag_and_their_pages_list_it(site: Path) -> None:
    page = soup_of(site, "archives/5001.html")
    categories = page.select(".post-categories a")
    assert [a.get_text() for a in categories] == ["信息时代", "数学研究"]
    tags = page.select(".post-tags a")
    assert [a.get_text() for a in tags] == ["优化器", "物理"]
    for link in categories + tags:
        href = link["href"]
        assert re.fullmatch(r"\.\./(category|tag)/[a-z0-9-]+\.html", href), href
        listed = soup_of(site, href.removeprefix("../"))
        assert listed.h1.get_text().endswith(link.get_text())
        assert "../archives/5001.html" in [a["href"] for a in listed.select(".post-list a")]
    # 数学研究 is 5001's second category: its page lists its posts, newest first.
    second = soup_of(site, categories[1]["href"].removeprefix("../"))
    assert [a["href"] for a in second.select(".post-list a")] == [
        "../archives/5005.html",
        "../archives/5004.html",
        "../archives/5001.html",
        "../archives/5002.html",
    ]


def test_homophone_tags_get_pages_of_their_own(site: Path) -> None:
    index = soup_of(site, "tag/index.html")
    entries = {a.get_text(): a["href"] for a in index.select(".term-list a")}
    assert set(entries) == {"优化器", "物理", "无理", "流形"}
    assert entries["物理"] != entries["无理"]  # both are "wu li" in pinyin
    assert entries["物理"].startswith("../tag/wu-li-") and entries["无理"].startswith(
        "../tag/wu-li-"
    )
    counts = [li.select_one(".count").get_text() for li in index.select(".term-list li")]
    assert sorted(counts) == ["1 篇", "1 篇", "2 篇", "4 篇"]
    for folder in ("tag", "category"):
        assert all(p.name.isascii() for p in (site / folder).iterdir())


def test_a_post_without_category_is_in_none(site: Path) -> None:
    index = soup_of(site, "category/index.html")
    assert [a.get_text() for a in index.select(".term-list a")] == ["数学研究", "信息时代"]
    assert len(list((site / "category").glob("*.html"))) == 3  # index + two categories
    excerpt = soup_of(site, "archives/5003.html")
    assert excerpt.select_one(".post-terms") is None
    for page in sorted(site.rglob("*.html")):
        text = BeautifulSoup(page.read_text("utf-8"), "html.parser").body.get_text()
        assert "posts" not in text, page


def test_links_to_archived_posts_become_relative_and_others_stay(site: Path, built_site) -> None:
    links = [a["href"] for a in soup_of(site, "archives/5001.html").select(".post-body > p > a")]
    assert links == [
        "../archives/5002.html#%E9%87%8D%E5%BB%BA%E7%9A%84%E5%85%AC%E5%BC%8F",
        "../archives/5003.html",
        "https://spaces.ac.cn/archives/99999",
        "https://en.wikipedia.org/wiki/Adam",
    ]
    target = soup_of(site, "archives/5002.html")
    assert target.find(id="重建的公式") is not None
    # Linking counts as citing: 5002 links 5001, so 5001 lists it under 被引用, and back.
    cited = [a["href"] for a in soup_of(site, "archives/5001.html").select(".cited-by a")]
    assert cited == ["../archives/5002.html"]
    published = soup_of(built_site(FULLPOSTS, siteurl=SITEURL), "archives/5002.html")
    assert published.select_one(".post-body p:last-of-type a")["href"] == (
        f"{SITEURL}/archives/5001.html#%E5%8A%A8%E9%87%8F%E7%9A%84%E5%AE%9A%E4%B9%89"
    )


def test_comments_are_shown_nested_with_counts(site: Path) -> None:
    page = soup_of(site, "archives/5001.html")
    section = page.find("section", id="comments")
    assert section is not None
    archived = fixture_comments("5001")
    count = section.select_one(".comments-count").get_text(" ", strip=True)
    assert f"原博客共 5 条评论，本存档收录 {len(archived)} 条" in count
    articles = section.find_all("article", class_="comment")
    assert [a["id"] for a in articles] == [f"comment-{c.id}" for c in archived]
    assert [a.select_one(".comment-author").get_text() for a in articles] == [
        c.author for c in archived
    ]
    parent = section.find(id="comment-16001")
    assert parent.select_one(".comment-replies #comment-16002") is not None
    assert section.select_one(".comment-list > li > #comment-16002") is None
    math = parent.select_one(".comment-body").select(".arithmatex")
    assert [m.get_text() for m in math] == [
        "\\(\\eqref{eq:momentum}\\)",
        "\\(\\beta_1\\)",
        "\\[\\beta_1 \\in (0, 1)\\]",
    ]
    reply_link = section.find(id="comment-16002").select_one(".comment-body a")
    assert reply_link["href"] == "../archives/5002.html"
    assert page.find(id="MathJax-script") is not None


def test_hostile_comment_is_text_only(site: Path) -> None:
    page = soup_of(site, "archives/5001.html")
    hostile = page.find(id="comment-16003")
    assert hostile.select_one(".comment-author").get_text() == "<script>alert('author')</script>"
    body = hostile.select_one(".comment-body")
    assert '<img src="http://evil.example/x.png" onerror="alert(1)">' in body.get_text()
    assert '<div onclick="alert(2)">块</div>' in body.get_text()
    assert body.find(["img", "div", "b", "script"]) is None
    assert [a["href"] for a in body.find_all("a")] == ["http://evil.example/y.png"]
    assert "javascript:" not in (site / "archives/5001.html").read_text("utf-8")
    handlers = [k for el in page.find_all(True) for k in el.attrs if k.startswith("on")]
    assert handlers == [] and page.find("img") is None


def test_comments_section_only_when_there_are_comments_or_a_count(site: Path) -> None:
    assert soup_of(site, "archives/5002.html").find(id="comments") is None
    assert soup_of(site, "archives/5003.html").find(id="comments") is None


def test_full_post_pages_are_well_formed(site: Path) -> None:
    problems = {
        str(p.relative_to(site)): found
        for p in sorted(site.rglob("*.html"))
        if (found := structure_problems(p.read_text("utf-8")))
    }
    assert problems == {}


def test_full_post_build_is_deterministic(built_site, tmp_path: Path) -> None:
    first = built_site(FULLPOSTS, siteurl=SITEURL)
    second = built_site(FULLPOSTS, siteurl=SITEURL, output=tmp_path / "again")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []
    sitemap = (first / "sitemap.xml").read_text("utf-8")
    assert f"{SITEURL}/category/index.html" in sitemap and f"{SITEURL}/tag/wu-li-" in sitemap


def test_a_broken_comments_file_is_named_and_the_post_still_built(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(FULLPOSTS / "5002.md", content)
    (content / f"5002{COMMENTS_SUFFIX}").write_text('{"comments": [\n  {"author": x}\n]}', "utf-8")
    conf = ROOT / "pelicanconf.py"
    proc = run_python(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(tmp_path / "out"),
            "-s",
            str(conf),
        ],
        COLUMNS="1000",  # Pelican's log lines unwrapped
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0
    assert "ERROR" in log and "5002.comments.json:2: not JSON" in log
    page = soup_of(tmp_path / "out", "archives/5002.html")
    assert page.find(id="comments") is None and page.select_one(".post-body p")


@pytest.mark.parametrize(
    ("rel", "current"),
    [
        ("index.html", "最新"),
        ("archives/index.html", "归档"),
        ("archives/2021/index.html", "归档"),
        ("series/index.html", "系列"),
        ("category/index.html", "分类"),
        ("tag/index.html", "分类"),
        ("archives/5001.html", None),
    ],
)
def test_navigation_marks_the_section_a_page_belongs_to(site: Path, rel: str, current) -> None:
    marked = soup_of(site, rel).select('.site-nav a[aria-current="page"]')
    assert [a.get_text() for a in marked] == ([current] if current else [])
