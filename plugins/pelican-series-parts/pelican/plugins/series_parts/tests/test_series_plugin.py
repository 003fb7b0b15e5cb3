"""The series plugin: slugs, part order, neighbours, and the pages it writes."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.plugins.series_parts.series_parts import (
    DEFAULTS,
    attach_date_neighbours,
    attach_parts,
    build_series,
    series_slug,
)

SITE = Path(__file__).resolve().parent / "site"


def post(slug: str, date: str, series: str | None = None, index: str | None = None):
    return SimpleNamespace(
        slug=slug,
        date=dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC),
        series=series,
        series_index=index,
        url=f"{slug}.html",
    )


def test_series_slug_is_ascii_deterministic_and_width_insensitive() -> None:
    slug = series_slug("生成扩散模型漫谈")
    assert re.fullmatch(r"[0-9a-f]{8}", slug)
    assert series_slug("生成扩散模型漫谈") == slug
    assert series_slug("Transformer升级之路").startswith("transformer-")
    assert series_slug("“闭门造车”之多模态思路浅谈（二）") == series_slug(
        "“闭门造车”之多模态思路浅谈(二)"
    )
    assert series_slug("重温SSM") != series_slug("重温ssm笔记")
    assert len(series_slug("生成扩散模型漫谈", 12)) == 12


def test_parts_follow_series_index_not_date() -> None:
    articles = [
        post("b", "2024-01-01", "重温SSM", "2"),
        post("a", "2024-05-01", "重温SSM", "1"),
        post("c", "2023-01-01", "重温SSM", "10"),
        post("x", "2023-06-01"),
    ]
    (series,) = build_series(articles, {})
    assert [a.slug for a in series.articles] == ["a", "b", "c"]  # 10 after 2: numeric
    assert series.url == DEFAULTS["SERIES_URL"].format(slug=series.slug)
    assert series.feed_url is None


def test_parts_without_index_come_last_by_date() -> None:
    articles = [post("late", "2024-02-01", "S"), post("one", "2020-01-01", "S", "1")]
    articles.append(post("early", "2024-01-01", "S"))
    assert [a.slug for a in build_series(articles, {})[0].articles] == ["one", "early", "late"]


def test_series_are_ordered_newest_first_and_spelled_as_most_posts() -> None:
    articles = [
        post("o1", "2020-01-01", "旧系列（一）", "1"),
        post("o2", "2020-02-01", "旧系列(一)", "2"),
        post("o3", "2020-03-01", "旧系列(一)", "3"),
        post("n1", "2024-01-01", "新系列", "1"),
    ]
    names = [s.name for s in build_series(articles, {"SERIES_FEED_ATOM": "f/{slug}.xml"})]
    assert names == ["新系列", "旧系列(一)"]


def test_every_part_knows_its_neighbours() -> None:
    articles = [post(s, f"2024-0{i + 1}-01", "S", str(i + 1)) for i, s in enumerate("abc")]
    series = build_series(articles, {})
    attach_parts(series)
    middle = articles[1].series_part
    assert (middle.position, middle.previous.slug, middle.next.slug) == (2, "a", "c")
    assert articles[0].series_part.previous is None and articles[2].series_part.next is None


def test_date_neighbours_of_a_newest_first_list() -> None:
    articles = [post("new", "2024-03-01"), post("mid", "2024-02-01"), post("old", "2024-01-01")]
    attach_date_neighbours(articles)
    assert articles[1].newer_article.slug == "new" and articles[1].older_article.slug == "old"
    assert articles[0].newer_article is None and articles[2].older_article is None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("series-site")
    cmd = [sys.executable, "-m", "pelican", str(SITE / "content"), "-o", str(out)]
    cmd += ["-s", str(SITE / "pelicanconf.py"), "-e", 'SERIES_FEED_ATOM="feeds/{slug}.atom.xml"']
    cmd += ['SITEURL="https://example.org/x"', "RELATIVE_URLS=false"]
    subprocess.run(
        cmd, check=True, capture_output=True, encoding="utf-8", errors="replace", cwd=SITE
    )
    return out


def test_site_gets_a_series_index_and_a_page_per_series(site: Path) -> None:
    index = (site / "series/index.html").read_text("utf-8")
    names = re.findall(r'<li><a href="[^"]+">([^<]+)</a> (\d+)</li>', index)
    assert names == [("重温SSM", "3"), ("CoSENT", "2")]
    page = (site / f"series/{series_slug('重温SSM')}.html").read_text("utf-8")
    assert re.findall(r'href="https://example.org/x/(\w+)\.html"', page) == ["s1", "s2", "s3"]


def test_site_posts_carry_their_part_and_neighbours(site: Path) -> None:
    s2 = (site / "s2.html").read_text("utf-8")
    assert '<p id="part">2/3</p>' in s2
    assert '<p id="prev">s1</p>' in s2 and '<p id="next">s3</p>' in s2
    assert '<p id="older">lone</p>' in s2 and '<p id="newer">s3</p>' in s2
    assert 'id="part"' not in (site / "lone.html").read_text("utf-8")


def test_site_writes_one_feed_per_series(site: Path) -> None:
    feed = ET.parse(site / f"feeds/{series_slug('CoSENT')}.atom.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    links = [e.find(f"{atom}link").get("href") for e in feed.findall(f"{atom}entry")]
    assert links == ["https://example.org/x/c2.html", "https://example.org/x/c1.html"]
