"""URLs fixed once all content is final: the same site, without formatting a URL per read."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from pelican.contents import Article, Static
from pelican.plugins import signals
from pelican.settings import read_settings

import site_urls.site_urls as fu


def write_site(content: Path) -> Path:
    (content / "images").mkdir(parents=True)
    (content / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for n in range(3):
        (content / f"{10 + n}.md").write_text(
            f"Title: 第{n}篇\nDate: 2024-02-0{n + 1}\nCategory: 分类{n % 2}\nTags: 甲, 乙\n\n"
            f"正文 {n}。![图]({{static}}/images/a.png)\n",
            encoding="utf-8",
        )
    return content


@pytest.fixture
def build(pelican_build):
    """A build of the test site with ``plugins``."""

    def run(content: Path, output: Path, plugins: list[str]) -> dict[str, bytes]:
        return pelican_build(
            content,
            output,
            PLUGIN_PATHS=[str(Path(fu.__file__).resolve().parents[1])],
            PLUGINS=plugins,
            ARTICLE_URL="archives/{slug}.html",
            ARTICLE_SAVE_AS="archives/{slug}.html",
            STATIC_PATHS=["images"],
            SLUGIFY_SOURCE="basename",
        )

    return run


def test_the_site_is_the_same_bytes_with_site_urls(build, tmp_path: Path) -> None:
    content = write_site(tmp_path / "content")
    assert build(content, tmp_path / "a", ["site_urls"]) == build(content, tmp_path / "b", [])


def test_a_fixed_url_is_no_longer_formatted(build, tmp_path: Path) -> None:
    seen: list = []

    def keep(generators) -> None:
        seen.extend(generators)

    signals.all_generators_finalized.connect(keep)
    try:
        build(write_site(tmp_path / "content"), tmp_path / "out", ["site_urls"])
    finally:
        signals.all_generators_finalized.disconnect(keep)
    articles = [a for g in seen for a in getattr(g, "articles", [])]
    assert sorted(a.url for a in articles) == [f"archives/{n}.html" for n in (10, 11, 12)]
    article = articles[0]
    url = article.url
    article.settings = {**article.settings, "ARTICLE_URL": "elsewhere/{slug}/"}
    assert article.url == url  # stored, not formatted from the settings again
    statics = [s for g in seen for s in getattr(g, "staticfiles", [])]
    assert statics and not any(hasattr(s, "override_url") for s in statics)


def test_an_override_already_there_is_kept(tmp_path: Path) -> None:
    settings = read_settings(None, override={"ARTICLE_URL": "archives/{slug}.html"})
    article = Article("正文", metadata={"title": "题", "slug": "7"}, settings=settings)
    article.override_url = "special/7/"
    static = Static("", metadata={"title": "a.png"}, settings=settings, source_path="a.png")

    class Generator:
        def __init__(self) -> None:
            self.articles = [article]
            self.staticfiles = [static]

    plain = Article("正文", metadata={"title": "题", "slug": "8"}, settings=settings)
    generator = Generator()
    generator.articles.append(plain)
    assert fu.fix_urls([generator]) == 1
    assert article.url == "special/7/"
    assert plain.override_url == "archives/8.html"
    assert not hasattr(static, "override_url")


def test_site_href_writes_siteurl_slash_url_escaped() -> None:
    env = Environment(autoescape=True)
    env.globals["site_href"] = fu.site_href
    template = env.from_string('<a href="{{ site_href(u) }}">')
    assert template.render(SITEURL="..", u="archives/1.html") == '<a href="../archives/1.html">'
    assert template.render(SITEURL="https://h/sub", u='x".html') == (
        '<a href="https://h/sub/x&#34;.html">'
    )
    # the theme's way: imported from _macros.html, called from the page with its SITEURL
    macros = "{% set href = site_href %}"
    env.loader = DictLoader(
        {"m.html": macros, "page.html": '{% import "m.html" as m with context %}{{ m.href(u) }}'}
    )
    assert env.get_template("page.html").render(SITEURL=".", u="index.html") == "./index.html"
