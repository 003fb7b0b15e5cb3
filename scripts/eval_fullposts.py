"""Measure full-post ingest against a corpus of saved post pages (``make eval``).

Usage: ``python scripts/eval_fullposts.py SAVES_CORPUS [--dumps CORPUS]``, where
``SAVES_CORPUS`` holds ``saves/`` (post pages saved with a web clipper) and
``truth.json``, and ``CORPUS`` (optional) holds the listing dumps ``pages/``
and ``archive_index.txt`` scraped together with the saves, as a user would.

The scraper runs through its real command line; each truth post is then
looked up in the output by its blog id and scored field by field: title,
date, tags, categories, headings, display equations byte-exact, the CJK text
of the first and last paragraph, no page chrome left in the body, and the
comments (the blog's count and what the save held).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kexue_archive.model import COMMENTS_SUFFIX, Post  # noqa: E402

_META = re.compile(r"^([A-Za-z_]+):\s?(.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")
_FENCE = re.compile(r"^(```|~~~)")

FIELDS = (
    "found",
    "title",
    "date",
    "tags",
    "categories",
    "headings",
    "equations",
    "first_para",
    "last_para",
    "no_chrome",
    "comment_count",
)


def read_post(path: Path) -> tuple[Post, str]:
    """A written post and its body, as Pelican would read the metadata."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blank = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    meta = {m.group(1): m.group(2) for line in lines[:blank] if (m := _META.match(line))}
    body = "\n".join(lines[blank + 1 :])
    return Post.from_metadata(meta, body), body


def headings(body: str) -> list[str]:
    """The Markdown headings of a body, outside fenced code."""
    found, fenced = [], False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            found.append(m.group(1))
    return found


def cjk(text: str) -> str:
    return _NOT_CJK.sub("", text)


def score_post(truth: dict, post: Post | None, body: str) -> dict[str, bool]:
    """Which fields of one truth post the scraper got right."""
    if post is None:
        return dict.fromkeys(FIELDS, False)
    text = cjk(body)
    return {
        "found": True,
        "title": post.title == truth["title"],
        "date": post.date is not None and post.date.isoformat() == truth["date"],
        "tags": sorted(post.tags) == sorted(truth["tags"]),
        "categories": sorted(post.categories) == sorted(truth["categories"]),
        "headings": headings(body) == truth["headings"],
        "equations": all(eq in body for eq in truth["equations"]),
        "first_para": text.startswith(truth["first_para_cjk"]),
        "last_para": text.endswith(truth["last_para_cjk"]),
        "no_chrome": not any(chrome in body for chrome in truth["chrome_present"]),
        "comment_count": post.comment_count == truth["comment_count"],
    }


def evaluate(out: Path, truth: list[dict]) -> tuple[Counter[str], dict[str, int], list[str]]:
    """Per-field counts of right answers, comment totals, and the misses by post."""
    posts = {}
    for path in sorted(out.glob("*.md")):
        post, body = read_post(path)
        if post.archive_id is not None:
            posts[post.archive_id] = (post, body, path)
    right: Counter[str] = Counter()
    misses: list[str] = []
    comments = {"archived": 0, "posts_with_comments": 0, "equations": 0, "equations_exact": 0}
    for t in truth:
        post, body, path = posts.get(t["id"], (None, "", None))
        result = score_post(t, post, body)
        right.update(field for field, ok in result.items() if ok)
        wrong = [field for field, ok in result.items() if not ok]
        if wrong:
            misses.append(f"{t['id']} {t['layout']}: {', '.join(wrong)}")
        comments["equations"] += len(t["equations"])
        comments["equations_exact"] += sum(eq in body for eq in t["equations"])
        if path is not None:
            sidecar = path.with_name(path.stem + COMMENTS_SUFFIX)
            if sidecar.exists():
                held = json.loads(sidecar.read_text(encoding="utf-8"))["comments"]
                comments["archived"] += len(held)
                comments["posts_with_comments"] += 1
    return right, comments, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("saves", type=Path, help="folder with saves/ and truth.json")
    parser.add_argument("--dumps", type=Path, help="folder with pages/ and archive_index.txt")
    parser.add_argument("--misses", action="store_true", help="list each post's wrong fields")
    args = parser.parse_args(argv)
    truth = json.loads((args.saves / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="eval-fullposts-") as tmp:
        out = Path(tmp) / "content"
        cmd = [sys.executable, str(ROOT / "scripts" / "scrape.py"), str(args.saves / "saves")]
        if args.dumps is not None:
            cmd += [str(args.dumps / "pages"), "--archive-index"]
            cmd += [str(args.dumps / "archive_index.txt")]
        cmd += ["--output", str(out), "--report", str(Path(tmp) / "report.json")]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):
            sys.exit(f"scraper failed ({done.returncode}): {done.stderr.strip()}")
        right, comments, misses = evaluate(out, truth)
    by_layout = Counter(t["layout"] for t in truth)
    print(f"full posts: {len(truth)} saves ({', '.join(f'{k} {v}' for k, v in by_layout.items())})")
    print("| field | right | share |\n|---|---:|---:|")
    for field in FIELDS:
        print(f"| {field} | {right[field]} | {100 * right[field] / len(truth):.1f}% |")
    print(
        f"\nequations byte-exact: {comments['equations_exact']} of {comments['equations']}; "
        f"comments archived: {comments['archived']} on {comments['posts_with_comments']} posts"
    )
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
