"""A link checker over the built site: every internal href/src resolves, nothing external loads.

It runs on the dev build (relative URLs, so it must work from any folder), and on the
publish build served under ``/archive/`` on a local HTTP server, as a GitHub Pages project
site is.  Links to other sites are allowed only as ``<a href>`` (the original posts on
kexue.fm); scripts, styles, images and fonts must all come from the site itself.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

#: Where a relative (dev) build is pretended to live when its links are resolved.
PRETEND_BASE = "http://site.invalid/some/folder/"
URL_ATTRS = {"href", "src", "action", "poster", "data"}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Link:
    """One URL found in a page: the element, the attribute, the raw value."""

    tag: str
    attr: str
    value: str
    rel: str = ""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.meta_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attr in URL_ATTRS & values.keys():
            self.links.append(Link(tag, attr, values[attr], values.get("rel", "")))
        for attr, value in values.items():
            # URLs handed to scripts (the search page's index, worker, lunr.js) count too.
            if attr.startswith("data-") and value.startswith(("http://", "https://", ".", "/")):
                self.links.append(Link(tag, attr, value))
        if "srcset" in values:
            for part in values["srcset"].split(","):
                if part.strip():
                    self.links.append(Link(tag, "srcset", part.split()[0]))
        if tag == "meta" and "://" in values.get("content", ""):
            self.meta_urls.append(values["content"])
        if "style" in values:
            self.links += [Link(tag, "style", u) for u in _css_urls(values["style"])]


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def parse_page(text: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser


def xml_links(text: str) -> list[Link]:
    """Links in an Atom feed (``<link href>``, entry HTML) or a sitemap (``<loc>``)."""
    root = ET.fromstring(text.encode("utf-8"))
    links = [Link("link", "href", el.get("href", "")) for el in root.iter(f"{ATOM}link")]
    links += [Link("a", "href", el.text or "") for el in root.iter(f"{SITEMAP}loc")]
    for el in root.iter(f"{ATOM}content"):
        links += parse_page(el.text or "").links
    return links


def url_to_file(output: Path, base: str, url: str) -> Path | None:
    """The file an internal URL serves, or ``None`` when the URL is outside the site."""
    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url).path[len(urlsplit(base).path) :])
    path = output / rel
    return path / "index.html" if rel == "" or rel.endswith("/") else path


def check_output(output: Path, siteurl: str | None = None) -> list[str]:
    """Problems with the links of every page, feed and stylesheet of a built site.

    ``siteurl`` is the publish build's absolute SITEURL; a dev build (``None``) is resolved
    as if it lived in some sub-folder, so links that climb above it are caught too.
    """
    base = (siteurl.rstrip("/") + "/") if siteurl else PRETEND_BASE
    problems: list[str] = []
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = parse_page(path.read_text("utf-8")).ids
        return ids_cache[path]

    files = sorted(
        p
        for p in output.rglob("*")
        if p.suffix in {".html", ".xml", ".css"} and "vendor" not in p.parts
    )
    for path in files:
        rel = path.relative_to(output).as_posix()
        if rel == "404.html" and not siteurl:
            continue  # from the server's root: test_dev_build_404_page_links_resolve…
        page_url = base + rel
        text = path.read_text("utf-8")
        if path.suffix == ".html":
            parsed = parse_page(text)
            links = parsed.links
            for meta in parsed.meta_urls:
                if not meta.startswith(base):
                    problems.append(f"{rel}: <meta> names an outside URL {meta}")
        elif path.suffix == ".xml":
            links = xml_links(text)
        else:
            links = [Link("css", "url", u) for u in _css_urls(text)]
        for link in links:
            problems += _check_link(output, base, rel, page_url, link, ids_of)
    return problems


def _check_link(output, base, rel, page_url, link, ids_of) -> list[str]:
    value = link.value.strip()
    if value.startswith(("mailto:", "data:")) or (value == "" and link.attr == "action"):
        return []
    target = urljoin(page_url, value)
    url, fragment = urldefrag(target)
    if not url.startswith(base):
        outward = link.tag == "a" or link.attr.startswith("data-external")
        if outward and urlsplit(url).netloc not in ("", urlsplit(base).netloc):
            # a link out to another site (the original post; the blog's own search, which
            # the search page offers when nothing matches) is expected
            return []
        if link.tag == "link" and "alternate" not in link.rel and urlsplit(url).netloc == "":
            return [f"{rel}: {link.tag} {link.attr}={value!r} is not a URL"]
        return [f"{rel}: {link.tag} {link.attr}={value!r} leaves the site ({target})"]
    path = url_to_file(output, base, url)
    if path is None or not path.is_file():
        return [f"{rel}: {link.tag} {link.attr}={value!r} -> missing {path}"]
    if fragment and path.suffix == ".html" and unquote(fragment) not in ids_of(path):
        return [f"{rel}: {value!r}: no element with id {fragment!r}"]
    return []


def crawl(base: str, starts: tuple[str, ...] = ("index.html",)) -> tuple[set[str], list[str]]:
    """Fetch every URL reachable from ``starts`` inside ``base``; return (visited, problems)."""
    queue = deque(base + s for s in starts)
    seen: set[str] = set(queue)
    problems: list[str] = []
    while queue:
        url = queue.popleft()
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                body = resp.read()
                ctype = resp.headers.get_content_type()
        except urllib.error.HTTPError as err:
            problems.append(f"{url}: HTTP {err.code}")
            continue
        if ctype == "text/html":
            links = parse_page(body.decode("utf-8")).links
        elif url.endswith(".xml"):
            links = xml_links(body.decode("utf-8"))
        elif ctype == "text/css":
            links = [Link("css", "url", u) for u in _css_urls(body.decode("utf-8"))]
        else:
            continue
        for link in links:
            if link.value.strip().startswith("data:"):
                continue  # inline content (the page icon), nothing is fetched
            target = urldefrag(urljoin(url, link.value.strip()))[0]
            if link.attr == "action" or not target.startswith(base) or target in seen:
                if link.tag != "a" and not target.startswith(base) and link.attr != "action":
                    problems.append(f"{url}: {link.tag} loads {target} from outside the site")
                continue
            seen.add(target)
            queue.append(target)
    return seen, problems


# --- the checker itself -------------------------------------------------------------------


def test_checker_reports_broken_and_escaping_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text(
        '<a href="../index.html#top">ok</a><a href="missing.html">x</a>'
        '<a href="/index.html">root</a><script src="https://cdn.example/x.js"></script>'
        '<a href="https://kexue.fm/archives/1">out</a><a href="../index.html#nope">f</a>'
        '<div data-index="../search/nope.json" data-label="not a url"></div>',
        "utf-8",
    )
    (tmp_path / "index.html").write_text('<h1 id="top">t</h1>', "utf-8")
    problems = check_output(tmp_path)
    assert len(problems) == 5, problems
    assert any("nope.json" in p for p in problems)
    assert any("missing.html" in p for p in problems)
    assert any("'/index.html' leaves the site" in p for p in problems)
    assert any("cdn.example" in p for p in problems)
    assert any("'nope'" in p for p in problems)


# --- the fixture site ---------------------------------------------------------------------


def test_dev_build_links_resolve_from_any_folder(built_site) -> None:
    assert check_output(built_site()) == []


def test_dev_build_404_page_links_resolve_from_the_server_root(built_site) -> None:
    output = built_site()
    page = parse_page((output / "404.html").read_text("utf-8"))
    internal = [
        link.value for link in page.links if not link.value.startswith(("#", "http", "data:"))
    ]
    assert internal and all(value.startswith("/") for value in internal)
    for value in internal:
        assert (output / value.lstrip("/").split("#")[0]).is_file(), value


@pytest.mark.parametrize("prefix", ["/", "/some/deep/folder/"])
def test_dev_build_served_at_root_or_under_a_prefix(built_site, http_server, prefix: str) -> None:
    base = http_server(built_site(), prefix)
    seen, problems = crawl(base)
    assert problems == []
    assert any(u.endswith("/series/index.html") for u in seen)
    assert any(u.endswith("/theme/css/site.css") for u in seen)


@pytest.mark.parametrize("prefix", ["/archive/", "/"])
def test_publish_build_at_its_siteurl(built_site, http_server, tmp_path: Path, prefix: str) -> None:
    output = tmp_path / "out"
    base = http_server(output, prefix)
    siteurl = base.rstrip("/")
    built_site(siteurl=siteurl, output=output)
    assert check_output(output, siteurl) == []
    seen, problems = crawl(base, ("index.html", "sitemap.xml", "404.html", "robots.txt"))
    assert problems == []
    for expected in ("feeds/all.atom.xml", "archives/9181.html", "archives/2023/02/index.html"):
        assert base + expected in seen
    with urllib.request.urlopen(base + "robots.txt") as resp:
        assert f"Sitemap: {base}sitemap.xml" in resp.read().decode()
    feeds = {u for u in seen if "/feeds/series/" in u}
    assert len(feeds) == 2


def test_publish_build_404_page_works_at_any_depth(built_site) -> None:
    siteurl = "https://example.org/archive"
    page = parse_page((built_site(siteurl=siteurl) / "404.html").read_text("utf-8"))
    internal = [link.value for link in page.links if link.value.startswith(siteurl)]
    assert internal, "a 404 page served at any path needs absolute links"
    assert all(
        not link.value.startswith((".", "/")) or link.value.startswith("#") for link in page.links
    )


@pytest.mark.parametrize("siteurl", [None, "https://user.github.io/archive"])
def test_no_external_resources(built_site, siteurl: str | None) -> None:
    output = built_site(siteurl=siteurl)
    offenders = []
    for path in sorted(output.rglob("*.html")):
        text = path.read_text("utf-8")
        for link in parse_page(text).links:
            if link.value.startswith("data:"):
                continue  # inline content, not a resource from elsewhere
            absolute = "://" in link.value or link.value.startswith("//")
            # an <a> or the page's data-external-* (a link offered out) is no resource
            outward = link.tag == "a" or link.attr.startswith("data-external")
            if absolute and not outward and not (siteurl and link.value.startswith(siteurl)):
                offenders.append(f"{path.name}: {link.tag} {link.value}")
        if siteurl is None:
            # A dev build names no absolute URL outside <a href> (no canonical, no og:url).
            for url in re.findall(r"""(?:content|href|src)="(https?://[^"]+)""", text):
                if not re.search(rf'<a\b[^>]*href="{re.escape(url)}"', text):
                    offenders.append(f"{path.name}: {url}")
    for css in sorted(output.rglob("*.css")):
        offenders += [f"{css.name}: {u}" for u in _css_urls(css.read_text("utf-8")) if "//" in u]
    assert offenders == []


# --- the seeds ----------------------------------------------------------------------------


def test_seeds_links_resolve(built_site, seeds_content: Path) -> None:
    assert check_output(built_site(seeds_content)) == []
    siteurl = "https://user.github.io/archive"
    assert check_output(built_site(seeds_content, siteurl=siteurl), siteurl) == []


# --- full posts ---------------------------------------------------------------------------

FULLPOSTS = Path(__file__).resolve().parent / "fixtures" / "fullposts" / "content"


def test_full_posts_links_resolve_with_their_fragments(built_site) -> None:
    """Footnotes, rewritten blog links to a heading, tag and category pages, comments."""
    assert check_output(built_site(FULLPOSTS)) == []
    siteurl = "https://user.github.io/archive"
    assert check_output(built_site(FULLPOSTS, siteurl=siteurl), siteurl) == []
