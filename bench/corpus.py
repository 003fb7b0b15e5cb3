"""Deterministic synthetic archives of any size, made of the blog's real text.

Benchmarks at 10,000 or 50,000 posts need input the real blog cannot give
(it has about 1,300 posts), yet timings and index sizes only mean something
when the text looks like the blog's: Chinese prose with Latin terms, raw LaTeX
that must survive byte-exact, section headings, ``《…》`` citations and
series titles.  So every paragraph here is a real excerpt paragraph from the
development corpus, recombined; titles are recombined from the real archive
index; dates spread over the blog's years; and the output is the same shape
the scraper reads: listing-page dumps in format A and format B (FORMATS.md)
plus an archive index page in the structure of ``archive_index.txt``.

A fixed seed makes every archive byte-identical from run to run.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from kexue_archive.series import parse_series
from kexue_archive.titles import normalize_title

#: Bump when the generated text changes, so cached archives are regenerated.
GENERATOR_VERSION = 4
DEFAULT_SEED = 20261125
_ROOT = Path(__file__).resolve().parents[1]
#: The development corpus beside the repo; a fresh clone falls back to ``samples/``
#: (five dumps and the archive page), which is enough for small archives.
SHARED_CORPUS = _ROOT.parent / "shared" / "corpus" / "kexue-dev"
DEFAULT_CORPUS = SHARED_CORPUS if SHARED_CORPUS.is_dir() else _ROOT / "samples"

#: Share of posts that belong to a series, of format-A entries saved without
#: a title (FORMATS.md: "about a quarter"), of pages saved in format B, of
#: posts that appear a second time on a mixed "tag page", and of posts the
#: archive index does not list (newer than the index save).
SERIES_SHARE = 0.12
UNTITLED_SHARE = 0.25
FORMAT_B_SHARE = 0.25
DUPLICATE_SHARE = 0.05
UNINDEXED_SHARE = 0.01
CITATION_SHARE = 0.5
ENTRIES_PER_PAGE = 8
FIRST_ID = 20000  # above every real id, so no clash with links in the page chrome
FIRST_DAY = dt.date(2009, 3, 1)
LAST_DAY = dt.date(2026, 6, 30)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_TO_HALF = str.maketrans("（）：，？！；", "():,?!;")
_INDEX_ENTRY = re.compile(r"^ - \d\d日: \[(?P<title>.*)\]\(https://kexue\.fm/archives/\d+\)")
_MD_ESCAPE = re.compile(r"([\\*_\[\]|+])")
_DIGIT_DOT = re.compile(r"(\d)\.")
_UNESCAPE = re.compile(r"\\(.)")
_CITATION = re.compile(r"《[^《》\n]{1,60}》")
# Paragraph text that a dump parser would rightly read as structure, not text.
_STRUCTURE = re.compile(
    r"^\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$|点击阅读全文|^By |最近评论",
    re.MULTILINE,
)
_BYLINE = re.compile(r"^By [^|\n]*\| \d{4}-\d\d-\d\d \|[^|\n]*\| 引用")
_CLAUSE_SPLIT = re.compile(r"[，,。;；!?！？]")
_NOT_WORD = re.compile(r"\W+")
OPENING_KEY_CHARS = 24
_CN_DIGITS = "零一二三四五六七八九"
# Part markers of real series titles, removed from title pieces before recombining.
_PART_SUFFIX = re.compile(r"[（(][一二三四五六七八九十]+[）)]$")
_PART_PREFIX = re.compile(r"^\d+[.、]\s*")


def chinese_numeral(n: int) -> str:
    """1..99 as the blog writes series parts: 十三, 二十, 二十三."""
    if not 0 < n < 100:
        raise ValueError(f"part {n} out of range")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return text + (_CN_DIGITS[ones] if ones else "")


def dump_form(title: str) -> str:
    """A real title as the dumps show it: full-width punctuation made half-width."""
    return title.translate(_FULL_TO_HALF)


@dataclass(frozen=True)
class SourceText:
    """The real material recombined into synthetic posts."""

    long_paragraphs: tuple[str, ...]  # prose (>= 40 characters, no math)
    clauses: tuple[str, ...]  # comma-separated pieces of that prose
    paragraphs: tuple[str, ...]  # everything else, math and headings included
    heads: tuple[str, ...]  # title parts before a full-width colon, or whole titles
    tails: tuple[str, ...]  # title parts after a full-width colon
    series_names: tuple[str, ...]
    index_head: str  # archive page chrome before the first year block
    index_tail: str  # archive page chrome after the last entry


@dataclass(frozen=True)
class SyntheticPost:
    archive_id: int
    date: dt.date
    title: str  # the blog's real form (full-width punctuation)
    series: str | None
    part: int | None
    paragraphs: tuple[str, ...]
    in_index: bool


@dataclass(frozen=True)
class SyntheticArchive:
    """Paths of one generated archive, the input of the scrape stage."""

    root: Path
    dumps: Path
    archive_index: Path
    posts: int
    entries: int


def _dump_paragraphs(folder: Path) -> list[str]:
    """Paragraphs of raw dumps, for a corpus without ``truth.json`` (``samples/``)."""
    out = []
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        chunks = text.split("\n\n") if "\n\n" in text else text.split("\n")
        out += [_BYLINE.sub("", chunk) for chunk in chunks]
    return out


def _corpus_paragraphs(corpus: Path) -> list[str]:
    truth_file = corpus / "truth.json"
    if not truth_file.exists():
        return _dump_paragraphs(corpus)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    return [para for post in truth for para in post["excerpt_paragraphs"]]


def load_source(corpus: Path = DEFAULT_CORPUS) -> SourceText:
    """Read paragraphs from ``truth.json`` and titles and chrome from the archive index."""
    seen: set[str] = set()
    long_paras: list[str] = []
    paras: list[str] = []
    for para in _corpus_paragraphs(corpus):
        para = para.strip()
        if not para or para in seen or _STRUCTURE.search(para):
            continue
        seen.add(para)
        if len(para) >= 40 and "$" not in para and "\\" not in para:
            long_paras.append(para)
        else:
            paras.append(para)
    lines = (corpus / "archive_index.txt").read_text(encoding="utf-8").split("\n")
    entry_lines = [i for i, line in enumerate(lines) if _INDEX_ENTRY.match(line)]
    first_year = next(i for i, line in enumerate(lines) if line.startswith("### ") and "年" in line)
    titles = [
        _UNESCAPE.sub(r"\1", _INDEX_ENTRY.match(lines[i]).group("title")) for i in entry_lines
    ]
    heads: set[str] = set()
    tails: set[str] = set()
    for title in titles:
        head, sep, tail = title.partition("：")
        head = _PART_SUFFIX.sub("", head.strip())
        if not re.search(r"\d[.、]", head):
            heads.add(head)
        tail = _PART_PREFIX.sub("", tail.strip())
        if sep and tail:
            tails.add(tail)
    series = sorted({part.name for t in titles if (part := parse_series(t))})
    clauses = {c.strip() for p in long_paras for c in _CLAUSE_SPLIT.split(p) if len(c.strip()) >= 4}
    return SourceText(
        long_paragraphs=tuple(sorted(long_paras)),
        clauses=tuple(sorted(clauses)),
        paragraphs=tuple(sorted(paras)),
        heads=tuple(sorted(h for h in heads if h)),
        tails=tuple(sorted(tails)),
        series_names=tuple(series),
        index_head="\n".join(lines[:first_year]),
        index_tail="\n".join(lines[entry_lines[-1] + 1 :]),
    )


def _series_title(name: str, part: int, style: str, subtitle: str) -> str:
    if style == "numeral":
        return f"{name}（{chinese_numeral(part)}）：{subtitle}"
    if style == "bare":
        return f"{name}（{chinese_numeral(part)}）"
    if style == "dun":
        return f"{name}：{part}、{subtitle}"
    return f"{name}：{part}. {subtitle}"


def _plan_series(n: int, source: SourceText, rng: random.Random) -> dict[int, tuple[str, int, str]]:
    """Choose which post positions belong to which series, parts in date order."""
    budget = int(n * SERIES_SHARE)
    names = list(source.series_names)
    suffixes = ("漫谈", "之路", "系列", "浅谈", "随笔")
    taken = set(names)
    plan: dict[int, tuple[str, int, str]] = {}
    free = list(range(n))
    rng.shuffle(free)
    index = 0
    while budget > 1 and index < len(free):
        if names:
            name = names.pop(0)
        else:
            name = f"{rng.choice(source.heads)}{rng.choice(suffixes)}"
            if name in taken:
                continue
        taken.add(name)
        parts = min(budget, rng.choice((2, 3, 4, 5, 6, 8, 12, 23, 31)))
        style = rng.choice(("numeral", "numeral", "dun", "dot", "bare"))
        positions = sorted(free[index : index + parts])
        index += parts
        budget -= parts
        for part, position in enumerate(positions, start=1):
            plan[position] = (name, part, style)
    return plan


def _claim(candidate: str, taken: set[str]) -> str | None:
    """The candidate if no earlier title normalizes to the same key (the scraper matches on it)."""
    key = normalize_title(candidate)
    if key in taken:
        return None
    taken.add(key)
    return candidate


def generate_posts(n: int, source: SourceText, seed: int = DEFAULT_SEED) -> list[SyntheticPost]:
    """``n`` posts in date order, with unique titles (after normalization)."""
    rng = random.Random(seed)
    plan = _plan_series(n, source, rng)
    span = (LAST_DAY - FIRST_DAY).days
    taken: set[str] = set()
    openings: set[str] = set()
    posts: list[SyntheticPost] = []
    archive_id = FIRST_ID
    for i in range(n):
        archive_id += rng.randint(1, 9)
        date = FIRST_DAY + dt.timedelta(days=(i * span) // max(n, 1))
        series, part, title = None, None, None
        if i in plan:
            series, part, style = plan[i]
            while title is None:
                subtitle = rng.choice(source.tails)
                title = _claim(_series_title(series, part, style, subtitle), taken)
        while title is None:
            head = rng.choice(source.heads)
            shape = rng.random()
            if shape < 0.4:
                text = head
            elif shape < 0.8:
                text = f"{head}：{rng.choice(source.tails)}"
            else:
                text = f"{head}与{rng.choice(source.heads)}"
            title = _claim(text, taken)
        count = rng.randint(2, 7)
        body = [_unique_opening(source, openings, rng)]
        body += [rng.choice(source.paragraphs) for _ in range(count)]
        body = [_recite(p, posts, rng) for p in body]
        posts.append(
            SyntheticPost(
                archive_id=archive_id,
                date=date,
                title=title,
                series=series,
                part=part,
                paragraphs=tuple(body),
                in_index=i < n - max(1, int(n * UNINDEXED_SHARE)) or n < 20,
            )
        )
    return posts


def _unique_opening(source: SourceText, taken: set[str], rng: random.Random) -> str:
    """A prose opener no other post starts with.

    Real posts never share an excerpt's opening words, and the scraper rightly
    merges title-less entries that do; so the opener's first sentence is
    recombined from clauses of real sentences until its start is new.
    """
    while True:
        clauses = [rng.choice(source.clauses) for _ in range(3)]
        text = ",".join(clauses) + "。" + rng.choice(source.long_paragraphs)
        key = _NOT_WORD.sub("", text)[:OPENING_KEY_CHARS]
        if key not in taken:
            taken.add(key)
            return text


def _recite(paragraph: str, earlier: list[SyntheticPost], rng: random.Random) -> str:
    """Point some ``《…》`` citations at earlier synthetic posts, as real posts cite."""
    if not earlier or "《" not in paragraph:
        return paragraph

    def swap(match: re.Match[str]) -> str:
        if rng.random() >= CITATION_SHARE:
            return match.group(0)
        return f"《{dump_form(rng.choice(earlier).title)}》"

    return _CITATION.sub(swap, paragraph)


def render_format_a(posts: list[SyntheticPost], rng: random.Random) -> str:
    """A listing page saved as text: date badge without year, sometimes no title."""
    entries = []
    for post in posts:
        lines = [f"{post.date.day} {MONTHS[post.date.month - 1]}"]
        if rng.random() >= UNTITLED_SHARE:
            lines.append(dump_form(post.title))
        lines.extend(post.paragraphs)
        lines.append("点击阅读全文...")
        entries.append("\n\n".join(lines))
    return "\n\n".join(entries)  # no trailing newline, like the real saves


def render_format_b(posts: list[SyntheticPost], rng: random.Random) -> str:
    """A listing page with full by-lines: no blank lines, first paragraph glued on."""
    out = []
    for post in posts:
        readers = rng.randint(200, 40000)
        first, *rest = post.paragraphs
        out.append(dump_form(post.title))
        out.append(f"By 苏剑林 | {post.date.isoformat()} | {readers}位读者 | 引用{first}")
        out.extend(rest)
    out.append("最近评论")
    return "\n".join(out)


def _index_title(title: str) -> str:
    return _DIGIT_DOT.sub(r"\1\\.", _MD_ESCAPE.sub(r"\\\1", title))


def render_archive_index(posts: list[SyntheticPost], source: SourceText, rng: random.Random) -> str:
    """The blog's 归档 page as a text save: years, months, days, titles, links."""
    listed = sorted((p for p in posts if p.in_index), key=lambda p: (p.date, p.archive_id))
    lines = [source.index_head.rstrip("\n"), ""]
    for year in sorted({p.date.year for p in listed}, reverse=True):
        of_year = [p for p in listed if p.date.year == year]
        lines += [f"### {year}年 (共{len(of_year)}篇)", ""]
        for month in sorted({p.date.month for p in of_year}, reverse=True):
            lines.append(f"- {month:02d}月")
            for p in reversed([p for p in of_year if p.date.month == month]):
                url = f"https://kexue.fm/archives/{p.archive_id}"
                comments = rng.randint(0, 60)
                lines.append(
                    f" - {p.date.day:02d}日: [{_index_title(p.title)}]({url})"
                    f" ( [{comments}]({url}#PostComment))"
                )
        lines.append("")
    return "\n".join(lines) + source.index_tail


def write_archive(
    n: int,
    root: Path,
    corpus: Path = DEFAULT_CORPUS,
    seed: int = DEFAULT_SEED,
) -> SyntheticArchive:
    """Write ``root/dumps/page_*.txt`` and ``root/archive_index.txt``; reuse them if current."""
    stamp = root / "archive.json"
    meta = {"generator": GENERATOR_VERSION, "posts": n, "seed": seed}
    dumps = root / "dumps"
    index = root / "archive_index.txt"
    if stamp.exists():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if {k: saved.get(k) for k in meta} == meta:
            return SyntheticArchive(root, dumps, index, n, saved["entries"])
    source = load_source(corpus)
    posts = generate_posts(n, source, seed)
    rng = random.Random(seed + 1)
    pages: list[list[SyntheticPost]] = []
    newest_first = list(reversed(posts))
    for start in range(0, n, ENTRIES_PER_PAGE):
        pages.append(newest_first[start : start + ENTRIES_PER_PAGE])
    # Tag and search pages: posts of any years, in no order, seen a second time.
    extra = rng.sample(posts, int(n * DUPLICATE_SHARE))
    for start in range(0, len(extra), ENTRIES_PER_PAGE):
        pages.append(extra[start : start + ENTRIES_PER_PAGE])
    dumps.mkdir(parents=True, exist_ok=True)
    for old in dumps.glob("page_*.txt"):
        old.unlink()
    for number, page in enumerate(pages, start=1):
        fmt_b = rng.random() < FORMAT_B_SHARE
        text = render_format_b(page, rng) if fmt_b else render_format_a(page, rng)
        (dumps / f"page_{number:05d}.txt").write_text(text, encoding="utf-8")
    index.write_text(render_archive_index(posts, source, rng), encoding="utf-8")
    entries = sum(len(p) for p in pages)
    stamp.write_text(json.dumps({**meta, "entries": entries}, sort_keys=True), encoding="utf-8")
    return SyntheticArchive(root, dumps, index, n, entries)
