"""Reader-level evaluation of the clipper-save reader on the full-post dev corpus.

Runs :func:`kexue_archive.saves.read_save` on every save of
``../shared/corpus/fullposts-dev`` (or the folder given) and prints, per field,
how many saves the reader got right against ``truth.json``.  Usage::

    python scripts/eval_saves.py [CORPUS_DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kexue_archive.dumps.decode import decode_dump
from kexue_archive.dumps.entry import Entry
from kexue_archive.saves import looks_like_save, read_save

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared/corpus/fullposts-dev"
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: A backslash command outside math and code: raw TeX a reader would see.
_MATH_OR_CODE = re.compile(r"(?s)```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)")
_RAW_TEX = re.compile(r"(?<!\\)\\\\[A-Za-z]{2,}|(?<![\\A-Za-z])\\[A-Za-z]{2,}")
_COMMENT_LINK = "[回复评论]("
#: truth.json's first and last paragraphs are those with at least this many CJK characters
MIN_PARAGRAPH_CJK = 30
FIELDS = (
    "recognised",
    "title",
    "date",
    "id",
    "tags",
    "categories",
    "headings",
    "equations",
    "first_para",
    "last_para",
    "chrome_left",
    "raw_tex",
    "comment_count",
    "comments",
)


def cjk(text: str) -> str:
    return "".join(_CJK.findall(text))


def _inner(math: str) -> str:
    """A display formula's TeX without ``$$``, blank lines and blockquote marks.

    arithmatex takes a display formula only as one Markdown block, so the reader
    drops blank lines inside it; a formula inside a blockquote carries ``> `` in
    truth.json, which Markdown strips before MathJax sees it.
    """
    math = math.strip()
    math = math[2:-2].strip() if math.startswith("$$") and math.endswith("$$") else math
    lines = [line[2:] if line.startswith("> ") else line for line in math.split("\n")]
    return "\n".join(line for line in lines if line.strip())


def _paragraph_cjk(entry: Entry) -> list[str]:
    """CJK text of body paragraphs, as truth.json counts them.

    In an exact save a display formula sits inside its paragraph (the text
    around it is one ``<p>`` on the blog); a page saved while MathJax rendered
    had already cut the paragraph at the formula.
    """
    assert entry.page is not None
    inside = entry.page.math_status == "exact"
    paragraphs: list[str] = []
    joined = False
    for block in entry.blocks:
        if block.kind == "math":
            joined = inside
            continue
        if block.kind == "heading":
            joined = False
            continue
        text = cjk(block.text)
        if joined and paragraphs:
            paragraphs[-1] += text
        elif text:
            paragraphs.append(text)
        joined = False
    return paragraphs


def check(entry: Entry, truth: dict, raw: str) -> dict[str, bool | None]:
    page = entry.page
    assert page is not None
    body = entry.markdown or ""
    headings = [b.text for b in entry.blocks if b.kind == "heading"]
    maths = [_inner(b.text) for b in entry.blocks if b.kind == "math"]
    # truth.json's first/last paragraph is the first/last with at least 30 CJK characters
    paragraphs = [p for p in _paragraph_cjk(entry) if len(p) >= MIN_PARAGRAPH_CJK]
    first = truth["first_para_cjk"]
    last = truth["last_para_cjk"]
    outside = _MATH_OR_CODE.sub("", body)
    return {
        "recognised": True,
        "title": entry.title == truth["title"],
        "date": f"{entry.year:04d}-{entry.month:02d}-{entry.day:02d}" == truth["date"],
        "id": entry.archive_id == truth["id"],
        "tags": list(page.tags) == truth["tags"],
        "categories": list(page.categories) == truth["categories"],
        "headings": [cjk(h) or h for h in headings] == [cjk(h) or h for h in truth["headings"]],
        "equations": all(_inner(eq) in maths for eq in truth["equations"]),
        "first_para": bool(paragraphs) and paragraphs[0].startswith(first),
        "last_para": bool(paragraphs) and paragraphs[-1].startswith(last),
        "chrome_left": not any(s in body for s in truth["chrome_present"]),
        "raw_tex": _RAW_TEX.search(outside) is None,
        "comment_count": page.comment_count == truth["comment_count"],
        "comments": len(page.comments) == raw.count(_COMMENT_LINK),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true", help="name each miss")
    args = parser.parse_args(argv)
    truths = json.loads((args.corpus / "truth.json").read_text(encoding="utf-8"))
    right = dict.fromkeys(FIELDS, 0)
    for truth in truths:
        path = args.corpus / "saves" / truth["file"]
        text = decode_dump(path.read_bytes()).text
        entries, rejections = read_save(text, str(path))
        if not entries or not looks_like_save(text):
            if args.verbose:
                print(f"MISS recognised {truth['file']}: {rejections}")
            continue
        for field, ok in check(entries[0], truth, text).items():
            right[field] += bool(ok)
            if not ok and args.verbose:
                print(f"MISS {field} {truth['file']}")
    total = len(truths)
    print(f"{'field':<15} {'right':>7} {'share':>7}")
    for field in FIELDS:
        print(f"{field:<15} {right[field]:>3}/{total:<3} {right[field] / total:>7.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
