"""Known-item relevance of our search against Pagefind on one corpus (``make eval-search``).

Usage: ``python scripts/eval_search.py CORPUS [--queries 150] [--seed 5] [--out build/...]``
and, for full posts, ``python scripts/eval_search.py --full FULLPOSTS`` (a folder with
``saves/`` and ``truth.json``, like ``../shared/corpus/fullposts-dev``).

1. Content: ``scripts/scrape.py`` turns ``CORPUS/pages`` (+ ``archive_index.txt``) into a
   temporary content folder; while the scraper is missing or fails, the posts are written
   straight from ``truth.json`` (said so in the report).
2. Site: Pelican builds it with ``pelicanconf.py`` (our plugin writes ``search/``), and
   Pagefind (extended build, Chinese segmentation) indexes the same output.
3. Queries, derived from ``truth.json`` with a fixed seed: a distinctive phrase of a post's
   excerpt, a distinctive piece of its title, its series and part, its (unique) date.
4. Ours runs the real engine (``search-engine.js`` of plugins/pelican-cjk-search) in node over the
   built index files; Pagefind runs its own ``pagefind.js`` in Chromium. Both keep the first
   10 post URLs; the table reports recall@10 and MRR@10 per query kind.

Full text (``--full``): the site is built from the full saves (the scraper once it reads
clipper saves, until then the bench's generator, ``bench.fullposts``, which writes the
posts as the scraper does), and the known items come from deep inside the posts: a
distinctive phrase of a section after the opening (outside what a listing excerpt shows)
and a section heading found in no other post.  Besides recall@10 and MRR, the
right-section rate: of the queries whose phrase or heading belongs to a section, the
share whose first result for the right post links to that section (``#<heading id>`` in
the result URL; for Pagefind, its best sub-result).  A miss counts as a wrong section.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import http.server
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from pelican.plugins.cjk_search.cjk_search import STATIC_JS  # noqa: E402

from bench.clipper_text import unescape  # noqa: E402
from bench.fullposts import FullPost, real_posts, write_content  # noqa: E402
from kexue_archive.dumps.entry import Block  # noqa: E402
from kexue_archive.headings import heading_id  # noqa: E402
from kexue_archive.markdown_out import is_display_math, render_body, render_post  # noqa: E402
from kexue_archive.model import Post, original_url  # noqa: E402
from kexue_archive.slugs import slug_for_id  # noqa: E402
from kexue_archive.titles import normalize_title  # noqa: E402

TOP_K = 10
#: Pagefind also returns listing pages; this many of its results are read to find 10 posts.
PAGEFIND_READ = 40
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_PIECE = re.compile(r"[\w\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ALNUM = re.compile(r"[A-Za-z0-9]")

#: Query kinds and their share of the queries.
KINDS = {"phrase": 0.4, "title": 0.2, "series": 0.2, "date": 0.2}
#: Full-text query kinds: a phrase from a section after the opening, a section heading.
FULL_KINDS = {"deep phrase": 0.6, "heading": 0.4}
#: Times the full-text query generation goes through the posts to find enough items.
FULL_PASSES = 4
#: Markup of the clipper's Markdown that is not text a reader searches for.
_CLIP_MATH = re.compile(r"\$\$.*?\$\$|\$(?:[^$\\]|\\.)+\$|\\\\begin\{.*?\\\\end\{[a-z*]+\}", re.S)
_CLIP_URL = re.compile(r"\]\([^)]*\)|!\[[^\]]*\]")
_CLIP_MARKS = re.compile(r"[*\[\]_`|>#]")

NODE_RUNNER = r"""
import lunr from "lunr";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SearchEngine } from "@static/search-engine.js";
const [folder, k] = process.argv.slice(1);
const read = async (p) => JSON.parse(readFileSync(join(folder, p), "utf8"));
const engine = new SearchEngine(lunr, read);
await engine.load();
const queries = JSON.parse(readFileSync(0, "utf8"));
const out = [];
for (const q of queries) {
  const { results } = await engine.search(q, { limit: Number(k), snippets: true });
  // a result links to its best section, as the search page does (archives/N.html#heading)
  const anchor = (r) => r.sections?.[0]?.anchor;
  const href = (r) => (anchor(r) ? `${r.url}#${encodeURIComponent(anchor(r))}` : r.url);
  out.push(results.map(href));
}
console.log(JSON.stringify(out));
""".replace("@static/", f"{STATIC_JS.as_uri()}/")

#: Each result as the URL a reader follows: the page, or its best sub-result (the
#: section with the most weighted hits, as Pagefind's own UI ranks them).
PAGEFIND_RUNNER = """
async ([queries, read]) => {
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.init();
  const best = (d) => {
    const subs = (d.sub_results || []).filter((s) => s.url);
    if (!subs.length) return d.url;
    const weight = (s) => (s.weighted_locations || s.locations || []).length;
    return subs.reduce((a, b) => (weight(b) > weight(a) ? b : a)).url;
  };
  const out = [];
  for (const q of queries) {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.slice(0, read).map((r) => r.data()));
    out.push(data.map(best));
  }
  return out;
}
"""


@dataclass(frozen=True)
class KnownItem:
    kind: str
    query: str
    archive_id: int
    #: the heading id of the section that holds the phrase or heading (full text only)
    section: str | None = None


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def excerpt_text(entry: dict) -> str:
    """The prose of a truth excerpt (display math left out)."""
    return " ".join(p for p in entry["excerpt_paragraphs"] if not is_display_math(p))


def _cuts(piece: str) -> list[int]:
    """Positions a reader's phrase can start or end at: never inside a Latin word or number."""
    return [
        i
        for i in range(len(piece) + 1)
        if i in (0, len(piece)) or not (_ALNUM.match(piece[i - 1]) and _ALNUM.match(piece[i]))
    ]


def distinctive_piece(text: str, others: list[str], rng: random.Random) -> str | None:
    """A 4-8 character piece of ``text`` with 3+ CJK characters found in no other text."""
    pieces = [p for p in _PIECE.findall(text) if len(_CJK.findall(p)) >= 3]
    candidates = []
    for piece in pieces:
        cuts = _cuts(piece)
        candidates += [piece[a:b] for a in cuts for b in cuts if 4 <= b - a <= 8]
    rng.shuffle(candidates)
    for candidate in candidates:
        if len(_CJK.findall(candidate)) < 3:
            continue
        folded = fold(candidate)
        if sum(folded in other for other in others) == 1:
            return candidate
    return None


def make_queries(truth: list[dict], count: int, seed: int) -> list[KnownItem]:
    """``count`` known-item queries split over KINDS, reproducible from ``seed``."""
    rng = random.Random(seed)
    texts = [fold(excerpt_text(e)) for e in truth]
    titles = [fold(e["title"]) for e in truth]
    date_counts = collections.Counter(e["date"] for e in truth)
    items: list[KnownItem] = []
    for kind, share in KINDS.items():
        wanted = round(count * share)
        pool = list(truth)
        rng.shuffle(pool)
        made = 0
        for entry in pool:
            if made == wanted:
                break
            query = None
            if kind == "phrase":
                query = distinctive_piece(excerpt_text(entry), texts, rng)
            elif kind == "title":
                query = distinctive_piece(entry["title"], titles, rng)
            elif kind == "series" and entry["series"] and entry["part"] is not None:
                query = f"{entry['series']} {entry['part']}"
            elif kind == "date" and entry["date"] and date_counts[entry["date"]] == 1:
                query = entry["date"]
            if query:
                items.append(KnownItem(kind, query, entry["archive_id"]))
                made += 1
    return items


def clip_plain(clip: str) -> str:
    """The text a reader sees in a block of clipper Markdown: no TeX, no URLs, no marks."""
    text = _CLIP_URL.sub("]", _CLIP_MATH.sub(" ", clip))
    return _CLIP_MARKS.sub("", unescape(text))


def post_sections(post: FullPost) -> list[tuple[str | None, str, str]]:
    """``(heading id, heading, plain text)`` per section; ``None`` for the opening."""
    return [
        (
            heading_id(section.heading) if section.heading is not None else None,
            section.heading or "",
            " ".join(clip_plain(block.clip) for block in section.blocks),
        )
        for section in post.sections
    ]


def make_full_queries(posts: list[FullPost], count: int, seed: int) -> list[KnownItem]:
    """Known items from deep inside full posts: phrases after the opening, unique headings.

    A phrase comes from a headed section (never the opening section, which is what
    a listing excerpt shows) and is found in no other post's text or title; a
    heading is one no other post has, asked as written.
    """
    rng = random.Random(seed)
    sections = {p.meta.archive_id: post_sections(p) for p in posts}
    texts = [
        fold(p.meta.title + " " + " ".join(h + " " + t for _, h, t in sections[p.meta.archive_id]))
        for p in posts
    ]
    heading_owners = collections.Counter(
        fold(h) for secs in sections.values() for h in {h for i, h, _ in secs if i}
    )
    items: list[KnownItem] = []
    asked: set[str] = set()
    for kind, share in FULL_KINDS.items():
        wanted = round(count * share)
        pool = list(posts)
        rng.shuffle(pool)
        # a corpus of fewer posts than queries gives a post several sections to ask about
        for post in pool * FULL_PASSES:
            if len([i for i in items if i.kind == kind]) == wanted:
                break
            headed = [s for s in sections[post.meta.archive_id] if s[0]]
            if not headed:
                continue
            anchor, heading, text = rng.choice(headed)
            query = None
            if kind == "deep phrase":
                query = distinctive_piece(text, texts, rng)
            elif heading_owners[fold(heading)] == 1 and len(_CJK.findall(heading)) >= 2:
                query = heading
            if query and fold(query) not in asked:
                asked.add(fold(query))
                items.append(KnownItem(kind, query, post.meta.archive_id, anchor))
    return items


def content_from_truth(truth: list[dict], content: Path) -> None:
    """Stand-in for the scraper: one post per truth entry, bodies rendered like the scraper's."""
    content.mkdir(parents=True, exist_ok=True)
    for entry in truth:
        blocks = [
            Block(kind="math" if is_display_math(p) else "text", text=p)
            for p in entry["excerpt_paragraphs"]
        ]
        post = Post(
            title=entry["title"],
            date=dt.date.fromisoformat(entry["date"]) if entry["date"] else None,
            slug=slug_for_id(entry["archive_id"]),
            body=render_body(blocks),
            series=entry["series"],
            series_index=entry["part"],
            date_status="exact",
            title_status="dump",
            original=original_url(entry["archive_id"]),
        )
        (content / f"{post.slug}.md").write_text(render_post(post), encoding="utf-8")


def make_content(corpus: Path, work: Path, truth: list[dict]) -> tuple[Path, str]:
    content = work / "content"
    scraper = ROOT / "scripts" / "scrape.py"
    if scraper.exists():
        cmd = [sys.executable, str(scraper), str(corpus / "pages"), "--output", str(content)]
        if (corpus / "archive_index.txt").exists():
            cmd += ["--archive-index", str(corpus / "archive_index.txt")]
        cmd += ["--report", str(work / "scrape-report.json")]
        done = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, encoding="utf-8", errors="replace", check=False
        )
        if done.returncode == 0 and any(content.glob("*.md")):
            return content, "scripts/scrape.py"
        print(f"scraper failed ({done.returncode}); using truth.json", file=sys.stderr)
    content_from_truth(truth, content)
    return content, "truth.json (scraper not available)"


def make_full_content(fullposts: Path, work: Path) -> tuple[Path, list[FullPost], str]:
    """The full posts' content folder: scraped once the scraper reads clipper saves,
    written by the bench's generator (the scraper's own rendering) until then."""
    content = work / "content"
    posts, refused = real_posts(fullposts)
    for path in refused:
        print(f"{path}: not read as a full post", file=sys.stderr)
    if (ROOT / "kexue_archive" / "saves" / "__init__.py").exists():
        cmd = [sys.executable, str(ROOT / "scripts" / "scrape.py"), str(fullposts / "saves")]
        cmd += ["--output", str(content), "--report", str(work / "scrape-report.json")]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        if done.returncode in (0, 1) and any(content.glob("*.md")):
            return content, posts, "scripts/scrape.py"
        print(f"scraper failed ({done.returncode}); using bench.fullposts", file=sys.stderr)
    write_content(posts, content)
    return content, posts, "bench.fullposts (no clipper-save reader yet)"


def build_site(content: Path, output: Path) -> None:
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    cmd += ["-s", str(ROOT / "pelicanconf.py"), "-q"]
    subprocess.run(cmd, cwd=ROOT, check=True)


def post_urls(content: Path, truth: list[dict]) -> dict[int, str]:
    """archive id -> site-relative URL of its page, from the content's metadata.

    A post the scraper could not give its blog id (no ``Original``) is matched
    to the truth by normalized title and date instead.
    """
    from pelican.settings import read_settings

    pattern = read_settings(str(ROOT / "pelicanconf.py"))["ARTICLE_URL"]
    by_id: dict[int, str] = {}
    by_title: dict[tuple[str, str], str] = {}
    for path in sorted(content.glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        post = Post.from_metadata(meta)
        url = pattern.format(slug=post.slug, date=post.date)
        if post.archive_id:
            by_id[post.archive_id] = url
        date = post.date.isoformat() if post.date else ""
        by_title.setdefault((normalize_title(post.title), date), url)
    urls = {}
    for entry in truth:
        key = (normalize_title(entry["title"]), entry["date"] or "")
        url = by_id.get(entry["archive_id"]) or by_title.get(key)
        if url:
            urls[entry["archive_id"]] = url
    return urls


def run_ours(output: Path, queries: list[str]) -> list[list[str]]:
    done = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_RUNNER, str(output / "search"), str(TOP_K)],
        cwd=ROOT,
        input=json.dumps(queries),
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(done.stdout)


def run_pagefind(output: Path, queries: list[str]) -> list[list[str]]:
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"],
        cwd=ROOT,
        check=True,
    )
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=CHROMIUM_ARGS,
            )
            page = browser.new_page()
            page.goto(base + "index.html")
            raw = page.evaluate(PAGEFIND_RUNNER, [queries, PAGEFIND_READ])
            browser.close()
    finally:
        server.shutdown()
    return [[url.removeprefix("/") for url in urls] for urls in raw]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def split_url(url: str) -> tuple[str, str]:
    """A result URL as (page, section id): ``archives/7.html#%E5%B0%8F%E7%BB%93`` ->
    (``archives/7.html``, ``小结``); no fragment gives an empty section."""
    page, _, fragment = url.partition("#")
    return page, unquote(fragment)


def score(items: list[KnownItem], answers: list[list[str]], urls: dict[int, str]) -> dict:
    """recall@10, MRR@10 and right-section rate, overall and per kind.

    Answers are filtered to post pages (a result URL's fragment names its
    section); the first result of the target post gives the rank and the section.
    """
    posts = set(urls.values())
    per_kind: dict[str, list[float]] = collections.defaultdict(list)
    sections: dict[str, list[bool]] = collections.defaultdict(list)
    ranks = []
    for item, answer in zip(items, answers, strict=True):
        top: list[tuple[str, str]] = []
        for page, section in map(split_url, answer):
            if page in posts and page not in {p for p, _ in top}:
                top.append((page, section))
        top = top[:TOP_K]
        target = urls.get(item.archive_id)
        pages = [page for page, _ in top]
        rank = pages.index(target) + 1 if target in pages else 0
        ranks.append(rank)
        per_kind[item.kind].append(rank)
        per_kind["all"].append(rank)
        if item.section is not None:
            right = bool(rank) and top[rank - 1][1] == item.section
            sections[item.kind].append(right)
            sections["all"].append(right)
    table = {}
    for kind, values in per_kind.items():
        table[kind] = {
            "n": len(values),
            "recall@10": sum(1 for r in values if r) / len(values),
            "mrr": sum(1 / r for r in values if r) / len(values),
        }
        if sections.get(kind):
            table[kind]["right_section"] = sum(sections[kind]) / len(sections[kind])
    return {"table": table, "ranks": ranks}


def markdown_table(ours: dict, pagefind: dict | None, kinds: dict = KINDS) -> str:
    """One row per query kind; right-section columns when any query names a section."""
    sections = any("right_section" in row for row in ours["table"].values())
    metrics = ["recall@10", "mrr", *(["right_section"] if sections else [])]
    names = {"recall@10": "recall@10", "mrr": "MRR", "right_section": "right section"}
    head = [f"ours {names[m]}" for m in metrics] + [f"Pagefind {names[m]}" for m in metrics]
    lines = [
        "| queries | n | " + " | ".join(head) + " |",
        "|---|---:|" + "---:|" * len(head),
    ]
    for kind in ["all", *kinds]:
        if kind not in ours["table"]:
            continue
        row = ours["table"][kind]
        other = pagefind["table"].get(kind) if pagefind else None
        cells = [kind, str(row["n"])]
        for side in (row, other):
            cells += [f"{side[m]:.3f}" if side is not None and m in side else "-" for m in metrics]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "eval-search")
    parser.add_argument("--work", type=Path, help="keep the built site here (default: temp)")
    parser.add_argument("--no-pagefind", action="store_true", help="skip the Pagefind column")
    parser.add_argument(
        "--full", action="store_true", help="CORPUS holds full saves: full-text known items"
    )
    args = parser.parse_args(argv)
    if args.full and args.out == parser.get_default("out"):
        args.out = ROOT / "build" / "eval-search-full"

    with tempfile.TemporaryDirectory(prefix="eval-search-") as tmp:
        work = args.work or Path(tmp)
        if args.full:
            content, posts, source = make_full_content(args.corpus, work)
            items = make_full_queries(posts, args.queries, args.seed)
            truth = [
                {"archive_id": p.meta.archive_id, "title": p.meta.title, "date": str(p.meta.date)}
                for p in posts
            ]
        else:
            truth = json.loads((args.corpus / "truth.json").read_text(encoding="utf-8"))
            items = make_queries(truth, args.queries, args.seed)
            content, source = make_content(args.corpus, work, truth)
        output = work / "output"
        build_site(content, output)
        urls = post_urls(content, truth)
        queries = [item.query for item in items]
        ours = score(items, run_ours(output, queries), urls)
        pagefind = None if args.no_pagefind else score(items, run_pagefind(output, queries), urls)

    table = markdown_table(ours, pagefind, FULL_KINDS if args.full else KINDS)
    args.out.mkdir(parents=True, exist_ok=True)
    report = {
        "corpus": str(args.corpus),
        "content": source,
        "seed": args.seed,
        "ours": ours["table"],
        "pagefind": pagefind["table"] if pagefind else None,
        "queries": [
            {
                **asdict(item),
                "ours_rank": ours["ranks"][i],
                "pagefind_rank": pagefind["ranks"][i] if pagefind else None,
            }
            for i, item in enumerate(items)
        ],
    }
    (args.out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8"
    )
    (args.out / "table.md").write_text(table + "\n", encoding="utf-8")
    unmapped = sum(1 for item in items if item.archive_id not in urls)
    print(f"content from {source}; {len(items)} queries, seed {args.seed}")
    if unmapped:
        print(f"{unmapped} queries target a post missing from the built site (counted as misses)")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
