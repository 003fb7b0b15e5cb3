"""scripts/scrape.py as users run it: exit codes, report, output folder, hostile input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from kexue_archive.model import Post
from kexue_archive.writer import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
SCRAPER = ROOT / "scripts" / "scrape.py"
SAMPLES = ROOT / "samples" / "dumps"
INDEX = ROOT / "samples" / "archive_index.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "dumps"


def scrape(*args: object) -> subprocess.CompletedProcess[str]:
    """Run the CLI in UTF-8 mode and read its output as UTF-8, whatever this shell's locale:
    its messages quote Chinese from the inputs (outside ``make``, which sets PYTHONUTF8,
    the C locale would otherwise decode them as ASCII once Pelican has set the locale)."""
    return subprocess.run(
        [sys.executable, str(SCRAPER), *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=300,
    )


def read_post(path: Path) -> Post:
    md = markdown.Markdown(extensions=["meta"])
    text = path.read_text(encoding="utf-8")
    md.convert(text)
    meta = {k: " ".join(v) for k, v in md.Meta.items()}  # type: ignore[attr-defined]
    return Post.from_metadata(meta, text.partition("\n\n")[2])


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    out = tmp_path_factory.mktemp("seeds") / "content"
    report = out.parent / "report.json"
    proc = scrape(SAMPLES, "--archive-index", INDEX, "--output", out, "--report", report)
    assert proc.returncode == 0, proc.stderr
    return out, report, proc.stderr


def test_seeds_with_index_give_34_posts_with_full_metadata(seeds_run) -> None:
    out, _, stderr = seeds_run
    posts = [read_post(p) for p in sorted(out.glob("*.md"))]
    assert len(posts) == 34
    assert all(p.title and p.date and p.slug and p.sources for p in posts)
    assert {p.slug + ".md" for p in posts} == {p.name for p in out.glob("*.md")}
    assert "40 entries -> 34 posts" in stderr


def test_report_json_is_deterministic_and_accounts_for_every_entry(seeds_run) -> None:
    out, report_path, _ = seeds_run
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["summary"]["entries"] == 40
    assert report["summary"]["posts"] == 34
    assert [i["path"] for i in report["inputs"]] == sorted(p.name for p in SAMPLES.glob("*.txt"))
    sources = [s for p in out.glob("*.md") for s in read_post(p).sources]
    assert len(sources) == 40  # every entry is a source of exactly one post
    assert (
        report_path.read_text(encoding="utf-8")
        == json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )


def test_rerun_is_byte_identical(seeds_run, tmp_path: Path) -> None:
    out, _, _ = seeds_run
    again = tmp_path / "again"
    assert scrape(SAMPLES, "--archive-index", INDEX, "--output", again).returncode == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    second = {p.name: p.read_bytes() for p in again.iterdir()}
    assert first == second


def test_bad_inputs_exit_1_name_file_and_line_and_write_the_rest(tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "good.txt").write_bytes((FIXTURES / "format_a.txt").read_bytes())
    (dumps / "dates.txt").write_bytes((FIXTURES / "bad_dates.txt").read_bytes())
    (dumps / "empty.txt").write_bytes(b"")
    (dumps / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    # a Markdown file from another site: read (folders are searched for .md), not a post
    (dumps / "notes.md").write_text("# 我的笔记\n\n今天读了一篇文章。\n", encoding="utf-8")
    out = tmp_path / "out"
    report_path = tmp_path / "r.json"
    proc = scrape(dumps, "--output", out, "--report", report_path)
    assert proc.returncode == 1
    assert "dates.txt:1: impossible date '31 Feb'" in proc.stderr
    assert "empty.txt:0: cannot read: empty file" in proc.stderr
    assert "image.html:0: cannot read: binary data" in proc.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert "notes.md:1: no entry found in: '# 我的笔记' (not parsed)" in proc.stderr
    assert {r["path"] for r in report["rejections"]} == {
        "dates.txt",
        "empty.txt",
        "image.html",
        "notes.md",
    }
    assert len(list(out.glob("*.md"))) == report["summary"]["posts"] >= 3


def test_gbk_crlf_input_through_the_cli(tmp_path: Path) -> None:
    text = (FIXTURES / "mixed.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    dump = tmp_path / "gbk.txt"
    dump.write_bytes(text.encode("gbk"))
    proc = scrape(dump, "--output", tmp_path / "out", "--report", tmp_path / "r.json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["inputs"] == [
        {"encoding": "gb18030", "entries": 3, "format": "A+B", "path": "gbk.txt"}
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--output", "x"],  # no input
        ["does/not/exist", "--output", "x"],
        ["samples/dumps"],  # no --output
        ["samples/dumps", "--output", "x", "--archive-index", "missing.txt"],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    proc = scrape(*[a.replace("x", str(tmp_path / "x")) if a == "x" else a for a in args])
    assert proc.returncode == 2
    assert "error" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_nothing_readable_exits_2_and_leaves_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert scrape(FIXTURES / "format_a.txt", "--output", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    proc = scrape(tmp_path / "blob.txt", "--output", out)
    assert proc.returncode == 2
    assert "blob.txt:0: cannot read" in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_hand_written_files_survive_and_stale_posts_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "content"
    assert scrape(FIXTURES / "mixed.txt", "--output", out).returncode == 0
    (out / "about.md").write_text("Title: About\n\nmine\n", encoding="utf-8")
    (out / "pages").mkdir()
    first = sorted(p.name for p in out.glob("*.md"))
    proc = scrape(FIXTURES / "format_a.txt", "--output", out, "--report", tmp_path / "r.json")
    assert proc.returncode == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    stale = sorted(set(first) - {"about.md"} - set(report["posts_written"]))
    assert report["files_removed"] == stale and stale
    assert (out / "about.md").read_text(encoding="utf-8") == "Title: About\n\nmine\n"
    assert (out / "pages").is_dir()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == report["posts_written"]


def test_hostile_titles_stay_one_metadata_line_and_inside_the_folder(tmp_path: Path) -> None:
    titles = [
        "../../etc/passwd",
        "Date: 1999-01-01 <script>alert(1)</script>",
        "# *强调* [链接](javascript:x) `code` --- 标题",
        "a: [b, c] {d: e} !!python/object x",
    ]
    lines = []
    for n, title in enumerate(titles, start=1):
        lines += [title, f"By 苏剑林 | 2020-01-0{n} | 1位读者 | 引用正文{n}:*不是强调*。"]
    dump = tmp_path / "evil.txt"
    dump.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    proc = scrape(dump, "--output", out)
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("*.md"))
    assert len(files) == 4
    assert not (tmp_path / "etc").exists()
    posts = {read_post(p).title: read_post(p) for p in files}
    assert set(posts) == set(titles)
    assert {p.date.day for p in posts.values()} == {1, 2, 3, 4}
    html = markdown.markdown(
        files[0].read_text(encoding="utf-8").partition("\n\n")[2],
        extensions=["pymdownx.escapeall"],
    )
    assert "<em>" not in html


def test_inputs_are_found_recursively_sorted_and_named_relative_to_their_folder(
    tmp_path: Path,
) -> None:
    from kexue_archive.pipeline import collect_inputs

    for name in ["b/2.txt", "a/1.HTML", "a/x.md", "a/y.png", "c.htm", "z.txt"]:
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_text("x")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "z.txt").write_text("y")
    found = collect_inputs([str(tmp_path / "in"), str(tmp_path / "other"), str(tmp_path / "in")])
    assert [f.name for f in found] == [
        "a/1.HTML",
        "a/x.md",  # web-clipper saves are Markdown
        "b/2.txt",
        "c.htm",
        "z.txt",
        "other/z.txt",
    ]
    single = collect_inputs([str(tmp_path / "in" / "z.txt")])
    assert [f.name for f in single] == ["z.txt"]  # an absolute path is not kept in sources
