"""Full-post corpora for the benchmarks: real structure, byte-exact formulas, deterministic.

The fixture corpus (tests/fixtures/bench_fullposts) holds three short saves in
the clipper's layouts: a desktop save with headings, clipper-escaped display
and inline math, code, a table and a comment with a reply; a mobile save with
a multi-line aligned formula (a TeX line break written ``\\\\\\`` at a line
end), a list and a quote; and a save made while MathJax was rendering, which
the generator must not reuse (its TeX has no delimiters).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.clipper_text import parse_save, unescape
from bench.fullposts import load_full_source, write_full_archive
from bench.measure import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "bench_fullposts"
SAMPLES = ROOT / "samples"
TRUTH = json.loads((FIXTURE / "truth.json").read_text(encoding="utf-8"))


def _read_all(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _save(name: str) -> Path:
    return FIXTURE / "saves" / f"{name} - 科学空间.md"


def test_unescape_undoes_the_clippers_escapes_only() -> None:
    assert unescape(r"\\alpha\_t") == r"\alpha_t"
    assert unescape("\\\\\\\n") == "\\\\\n"  # a TeX line break at a line end
    assert unescape(r"\d 中文") == r"\d 中文"  # not punctuation: kept


def test_every_formula_of_the_fixture_comes_out_byte_exact() -> None:
    for entry in TRUTH[:2]:
        parsed = parse_save(FIXTURE / "saves" / entry["file"])
        assert parsed is not None
        site = "\n\n".join(b.site for s in parsed.sections for b in s.blocks)
        for equation in entry["equations"]:
            assert equation in site, equation
        headings = [s.heading for s in parsed.sections if s.heading is not None]
        assert headings == entry["headings"]  # the anchor link [\#](…) is gone


def test_a_save_made_while_mathjax_was_rendering_is_not_reused() -> None:
    assert parse_save(_save("渲染中保存的页面")) is None
    source = load_full_source(FIXTURE)
    assert {s.path.name for s in source.saves} == {TRUTH[0]["file"], TRUTH[1]["file"]}


def test_comments_keep_author_date_body_and_reply_structure() -> None:
    parsed = parse_save(_save("动量的几何"))
    assert parsed is not None
    first, reply = parsed.comments
    assert (first.author, first.date, first.reply) == ("张三", "June 11th, 2021", False)
    assert first.site_body == "请问$\\beta_1$怎么选？"
    assert (reply.author, reply.reply) == ("苏剑林", True)
    # the sidebar's "recent comments" are chrome, never a comment of the post
    assert all("侧栏" not in c.clip_body for c in parsed.comments)


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_full_archive(12, tmp_path / "a", FIXTURE, SAMPLES, seed=3)
    write_full_archive(12, tmp_path / "b", FIXTURE, SAMPLES, seed=3)
    first, second = _read_all(tmp_path / "a"), _read_all(tmp_path / "b")
    assert first == second
    assert sum(1 for name in first if name.startswith("content/") and name.endswith(".md")) == 12
    assert sum(1 for name in first if name.startswith("saves/")) == 12
    write_full_archive(12, tmp_path / "c", FIXTURE, SAMPLES, seed=4)
    assert _read_all(tmp_path / "c") != first


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    return write_full_archive(30, tmp_path_factory.mktemp("full"), FIXTURE, SAMPLES, seed=1)


def test_content_is_full_posts_with_headings_math_code_and_comments(archive) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(archive.content.glob("*.md"))]
    assert all("\nTruncated: false\n" in t and "\nDate_status: exact\n" in t for t in texts)
    assert all("\nTags: " in t and "\nCategory: " in t for t in texts)
    bodies = "\n".join(t.split("\n\n", 1)[1] for t in texts)
    assert "\n## 动量的定义\n" in bodies or "\n### 奇异值分解\n" in bodies
    assert "$$\\theta_{t+1} = \\theta_t - \\eta\\,m_t$$" in bodies or "\\end{aligned}" in bodies
    assert "```python\ndef step(theta, g):" in bodies
    assert "[\\#]" not in bodies and "\\\\begin" not in bodies  # no clipper escapes left
    sidecars = sorted(archive.content.glob("*.comments.json"))
    assert sidecars, "no post got comments"
    comments = [c for p in sidecars for c in json.loads(p.read_text("utf-8"))["comments"]]
    replies = [c for c in comments if c["parent"] is not None]
    ids = {c["id"] for c in comments}
    assert all(r["parent"] in ids for r in replies)
    assert len(ids) == len(comments)  # comment ids unique over the archive


def test_saves_have_the_layout_of_real_saves(archive) -> None:
    saves = [p.read_text(encoding="utf-8") for p in sorted(archive.saves.glob("*.md"))]
    for text in saves:
        assert text.startswith(("## SEARCH", "![MobileSideBar]"))  # the page chrome first
        assert "By 苏剑林 \\|\n" in text and "位读者\\|\n" in text
        assert "转载到请包括本文地址" in text and "标签：" in text
        assert "[发表你的看法](" in text and "[取消回复](" in text
    # the generated save is again a save the generator's own parser reads, comments too
    parsed = [parse_save(p) for p in sorted(archive.saves.glob("*.md"))]
    assert all(p is not None and p.sections for p in parsed)
    sidecars = {p.name.split(".")[0]: p for p in archive.content.glob("*.comments.json")}
    for save in parsed:
        own = re.search(r"replyTo=\d+#respond-post-(\d+)", "\n".join(save.lines))
        if own is None:
            continue
        comments = json.loads(sidecars[own.group(1)].read_text("utf-8"))["comments"]
        assert [c.author for c in save.comments] == [c["author"] for c in comments]
        assert [c.date for c in save.comments] == [c["date"] for c in comments]
        replies = [c.reply for c in save.comments]
        assert replies == [c["parent"] is not None for c in comments]


def test_the_bench_measures_a_tiny_full_post_corpus_end_to_end(tmp_path: Path) -> None:
    from bench.__main__ import main
    from bench.scrape import NO_SAVES_READER, SAVES_READER

    out = tmp_path / "results.json"
    argv = ["--corpus", "full", "--full-sizes", "6", "--runs", "1", "--no-docs"]
    argv += ["--skip", "search,weights,pagefind,grouping", "--work", str(tmp_path / "work")]
    argv += ["--out", str(out), "--fullposts", str(FIXTURE), "--excerpt-source", str(SAMPLES)]
    assert main(argv) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sizes"] == {}
    size = data["full"]["sizes"]["6"]
    if SAVES_READER.exists():
        assert size["scrape"]["status"] == "ok"
    else:
        assert size["scrape"]["status"] == f"n/a: {NO_SAVES_READER}"
    assert size["build"]["status"] == "ok", size["build"]
    assert size["build"]["html_pages"] > 6 and size["build"]["output_bytes_per_post"] > 0
    assert size["search_index"]["status"] == "ok"
    page = (tmp_path / "work" / "full-6" / "output-full" / "archives").glob("*.html")
    html = "\n".join(p.read_text(encoding="utf-8") for p in page)
    assert 'id="comments"' in html and "<h2 id=" in html  # comments and headings rendered
    statuses = {row["target"]: row["status"] for row in data["targets"]}
    assert statuses["full posts: build peak memory (all processes)"] == "PASS"
