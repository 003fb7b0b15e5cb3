"""pelican-cjk-search on a site that is not this one, installed the way a stranger would.

A site with ``pelican-quickstart``'s settings (rendered from the quickstart's own templates
with its default answers) and its theme, ``notmyidea``, which knows nothing of search; the
plugin built from plugins/pelican-cjk-search as a wheel and installed into a fresh virtualenv
with Pelican from PyPI (downloads cached under build/pip-cache, so only the first run
fetches); enabled by its short namespace name.  Chromium then searches the built site and
its publish build under a sub-path, through the plugin's own search.html.
"""

from __future__ import annotations

import json
import subprocess
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.measure import ROOT

pytestmark = pytest.mark.browser

PACKAGE = ROOT / "plugins" / "pelican-cjk-search"
PIP_CACHE = ROOT / "build" / "pip-cache"

#: The quickstart's answers when every question keeps its default (a site in Chinese).
QUICKSTART_ANSWERS = {
    "sitename": "我的博客",
    "author": "某人",
    "lang": "zh",
    "timezone": "Asia/Shanghai",
    "default_pagination": 10,
    "siteurl": "",
}

#: Renders the quickstart's own templates the way pelican-quickstart does (repr'd values
#: for pelicanconf.py, plain ones for publishconf.py), in the fresh environment's Pelican.
RENDER_QUICKSTART = """
import json, sys
from pelican.tools.pelican_quickstart import _jinja_env
answers = json.loads(sys.argv[1])
target = sys.argv[2]
conf = _jinja_env.get_template("pelicanconf.py.jinja2").render(
    {key: repr(value) for key, value in answers.items()})
open(f"{target}/pelicanconf.py", "w", encoding="utf-8").write(conf)
publish = _jinja_env.get_template("publishconf.py.jinja2").render(answers)
open(f"{target}/publishconf.py", "w", encoding="utf-8").write(publish)
"""

#: One quirk each: a Chinese phrase inside a sentence, an English word found by its
#: prefix, a date, and a post that shares no word with the others.
ARTICLES = {
    "gradient.md": (
        "Title: 梯度下降的几何意义\nDate: 2023-05-14 10:00\nCategory: 优化\nTags: 梯度, 优化\n\n"
        "我们从一个简单的例子出发，说明梯度下降为什么沿着最陡的方向前进。\n"
    ),
    "attention.md": (
        "Title: Notes on the Transformer\nDate: 2022-11-02 09:00\nCategory: Models\n\n"
        "Attention layers let every token look at every other token. 注意力机制的计算量"
        "随长度平方增长。\n"
    ),
    "garden.md": (
        "Title: 花园里的秋天\nDate: 2021-09-30 18:00\nCategory: 随笔\n\n"
        "秋天的花园里，桂花开了，空气里满是甜香。\n"
    ),
}


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    proc = subprocess.run(
        cmd, cwd=cwd, capture_output=True, encoding="utf-8", errors="replace", check=False
    )
    if proc.returncode:
        raise AssertionError(f"{cmd[:4]} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A fresh virtualenv holding Pelican and the plugin's wheel, and the site's folder."""
    if not (ROOT / "node_modules" / "lunr" / "lunr.min.js").is_file():
        pytest.fail("node_modules/lunr missing: run `npm ci` (the wheel ships lunr.min.js)")
    work = tmp_path_factory.mktemp("quickstart")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels = work / "wheels"
    cache = ["--cache-dir", str(PIP_CACHE)]
    _run([*pip, "wheel", "--no-deps", *cache, "-w", str(wheels), str(PACKAGE)])
    (wheel,) = wheels.glob("pelican_cjk_search-*.whl")
    _run([*pip, "install", *cache, "pelican[markdown]", str(wheel)])
    site = work / "site"
    (site / "content").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (site / "content" / name).write_text(text, encoding="utf-8")
    _run([str(python), "-c", RENDER_QUICKSTART, json.dumps(QUICKSTART_ANSWERS), str(site)])
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nPLUGINS = ["cjk_search"]\n')
    yield {"python": python, "site": site, "wheel": wheel}


def _pelican(quickstart: dict[str, Path], conf: str, output: Path, *extra: str) -> Path:
    site = quickstart["site"]
    cmd = [str(quickstart["python"]), "-m", "pelican", "content", "-o", str(output)]
    _run([*cmd, "-s", conf, "--fatal", "errors", *extra], cwd=site)
    return output


@pytest.fixture(scope="module")
def site_url(quickstart: dict[str, Path], http_server) -> str:
    out = _pelican(quickstart, "pelicanconf.py", quickstart["site"] / "output")
    return http_server(out)


@pytest.fixture(scope="module")
def published_url(quickstart: dict[str, Path], http_server) -> str:
    out = quickstart["site"] / "published"
    url = http_server(out, prefix="/blog/")
    _pelican(quickstart, "publishconf.py", out, "-e", f"SITEURL={json.dumps(url.rstrip('/'))}")
    return url


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def results(page, url: str) -> list[tuple[str, str]]:
    """Open ``url`` (a ``?q=`` link), wait for the search to settle; ``(title, href)`` shown."""
    page.goto(url)
    page.wait_for_selector("#search-results[aria-busy='false']", timeout=15000)
    return [
        (title, href.split("?")[0])
        for title, href in page.eval_on_selector_all(
            "#search-results a.search-result-link",
            "links => links.map(a => [a.textContent.trim(), a.href])",
        )
    ]


def titles(found: list[tuple[str, str]]) -> list[str]:
    return [title for title, _ in found]


def test_the_wheel_ships_the_browser_assets_and_lunr(quickstart: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(quickstart["wheel"]).namelist())
    base = "pelican/plugins/cjk_search/"
    for asset in ("search-ui.js", "search-worker.js", "tokenize.js", "lunr.min.js"):
        assert f"{base}static/js/{asset}" in names
    assert f"{base}templates/search.html" in names
    assert not any("/tests/" in name for name in names)


def test_a_chinese_phrase_finds_its_post_on_the_plugins_own_page(page, site_url: str) -> None:
    found = results(page, f"{site_url}search.html?q=梯度下降")
    assert titles(found) == ["梯度下降的几何意义"]
    assert found[0][1].startswith(site_url) and page.request.get(found[0][1]).ok
    # The plugin's own neutral page: none of notmyidea's styles or layout.
    assert page.locator(".cjk-search-page").count() == 1
    assert page.locator("link[rel=stylesheet]").count() == 0
    assert page.input_value("#site-search") == "梯度下降"
    # Category and tags (SEARCH_RESULT_FIELDS' default), shown because the post has them.
    meta = page.inner_text("#search-results .meta")
    assert "优化" in meta and "梯度、优化" in meta
    # A word inside a sentence of another post's body: 注意力 in the Transformer notes.
    assert titles(results(page, f"{site_url}search.html?q=注意力")) == ["Notes on the Transformer"]


def test_an_english_prefix_and_a_date_find_their_posts(page, site_url: str) -> None:
    assert titles(results(page, f"{site_url}search.html?q=Transfo")) == ["Notes on the Transformer"]
    assert "2022" in page.inner_text("#search-results .meta")
    # No tags on this post: no tag line; no series anywhere on this site.
    assert page.locator("#search-results .tags, #search-results .series").count() == 0
    assert titles(results(page, f"{site_url}search.html?q=2021-09")) == ["花园里的秋天"]


def test_typing_a_query_searches_without_reloading(page, site_url: str) -> None:
    results(page, f"{site_url}search.html")
    page.fill("#site-search", "桂花")
    page.press("#site-search", "Enter")
    page.wait_for_function(
        "document.querySelectorAll('#search-results a.search-result-link').length === 1"
    )
    page.wait_for_selector("#search-results[aria-busy='false']")
    assert "q=" in page.url


def test_no_results_says_so_and_settles(page, site_url: str) -> None:
    assert results(page, f"{site_url}search.html?q=不存在的词语") == []
    assert page.get_attribute("#search-results", "aria-busy") == "false"
    assert page.inner_text("#search-status").strip() != ""


def test_a_publish_build_under_a_sub_path_links_inside_it(page, published_url: str) -> None:
    found = results(page, f"{published_url}search.html?q=桂花")
    assert titles(found) == ["花园里的秋天"]
    assert found[0][1].startswith(published_url) and page.request.get(found[0][1]).ok
    (english,) = results(page, f"{published_url}search.html?q=Attention")
    assert english[1].startswith(published_url)
