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

from eval_saves import check as check_save  # noqa: E402

from kexue_archive.dumps.decode import decode_dump  # noqa: E402
from kexue_archive.model import COMMENTS_SUFFIX, Post  # noqa: E402
from kexue_archive.saves import read_save  # noqa: E402

_META = re.compile(r"^([A-Za-z_]+):\s?(.*)$")

#: What the pipeline decides: which post the save became, its metadata, its files.
PIPELINE_FIELDS = (
    "found",
    "title",
    "date",
    "tags",
    "categories",
    "comment_count",
    "body_from_save",
    "comments_archived",
)
#: What the reader got out of the save's body (scripts/eval_saves.py's rules, one place).
BODY_FIELDS = ("headings", "equations", "first_para", "last_para", "chrome_left", "raw_tex")
FIELDS = PIPELINE_FIELDS + BODY_FIELDS


def read_post(path: Path) -> tuple[Post, str]:
    """A written post and its body, as Pelican would read the metadata."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blank = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    meta = {m.group(1): m.group(2) for line in lines[:blank] if (m := _META.match(line))}
    body = "\n".join(lines[blank + 1 :])
    return Post.from_metadata(meta, body), body


def score_post(truth: dict, saves: Path, written: dict[int, Path]) -> dict[str, bool]:
    """Which fields of one truth post the whole scrape got right."""
    path = written.get(truth["id"])
    if path is None:
        return dict.fromkeys(FIELDS, False)
    post, body = read_post(path)
    raw = decode_dump((saves / truth["file"]).read_bytes()).text
    entries, _rejections = read_save(raw, truth["file"])
    entry = entries[0] if entries else None
    sidecar = path.with_name(path.stem + COMMENTS_SUFFIX)
    archived = len(json.loads(sidecar.read_text("utf-8"))["comments"]) if sidecar.exists() else 0
    result = {
        "found": True,
        "title": post.title == truth["title"],
        "date": post.date is not None and post.date.isoformat() == truth["date"],
        "tags": post.tags == truth["tags"],
        "categories": post.categories == truth["categories"],
        "comment_count": post.comment_count == truth["comment_count"],
        "body_from_save": entry is not None and body == entry.markdown,
        "comments_archived": entry is not None and archived == len(entry.page.comments),
    }
    body_checks = check_save(entry, truth, raw) if entry is not None else {}
    result.update({field: bool(body_checks.get(field)) for field in BODY_FIELDS})
    return result


def evaluate(out: Path, saves: Path, truth: list[dict]) -> tuple[Counter[str], list[str]]:
    """Per-field counts of right answers, and each post's wrong fields."""
    written = {}
    for path in sorted(out.glob("*.md")):
        post, _body = read_post(path)
        if post.archive_id is not None:
            written[post.archive_id] = path
    right: Counter[str] = Counter()
    misses: list[str] = []
    for t in truth:
        result = score_post(t, saves, written)
        right.update(field for field, ok in result.items() if ok)
        if wrong := [field for field, ok in result.items() if not ok]:
            misses.append(f"{t['id']} {t['layout']}: {', '.join(wrong)}")
    return right, misses


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
        right, misses = evaluate(out, args.saves / "saves", truth)
        report = json.loads((Path(tmp) / "report.json").read_text(encoding="utf-8"))
    by_layout = Counter(t["layout"] for t in truth)
    print(f"full posts: {len(truth)} saves ({', '.join(f'{k} {v}' for k, v in by_layout.items())})")
    print("| field | right | share |\n|---|---:|---:|")
    for field in FIELDS:
        print(f"| {field} | {right[field]} | {100 * right[field] / len(truth):.1f}% |")
    full = report["full_posts"]
    print(
        f"\n{len(full)} posts from full saves; {sum(len(f['excerpts_replaced']) > 0 for f in full)}"
        f" of them replaced listing excerpts; {sum(f['comments_archived'] for f in full)} comments"
        f" archived; {sum(f['chrome_dropped'] for f in full)} pieces of page chrome dropped"
    )
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
