"""``make html`` after a post left content/: its pages go, everything else stays.

The ``build_manifest`` plugin lists what each build produced in
``output/.build-manifest.json`` and removes what the previous build listed and
this one did not; a file it never listed is never touched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from build_manifest.build_manifest import MANIFEST, BuildRecord, read_manifest, remove_stale
from pelican.plugins.cjk_search.index_format import SCRIPT_SUFFIX, file_name

from pelicanconf import PLUGINS as SITE_PLUGINS
from tests.conftest import FIXTURE_CONTENT, run_pelican

#: The oldest fixture post (the last search document, so most index files keep their bytes);
#: the only post of its month, so that month's archive page must go with it.
REMOVED = "8231"


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, Path, str]:
    """The fixture site built, a post deleted from its content, built again into the same folder."""
    root = tmp_path_factory.mktemp("stale")
    content, output = root / "content", root / "output"
    shutil.copytree(FIXTURE_CONTENT, content)
    run_pelican(content, output)
    (output / "CNAME").write_text("archive.example.org\n")
    (output / "extra").mkdir()
    (output / "extra" / "notes.txt").write_text("mine\n")
    before = files_of(output)
    head = (content / f"{REMOVED}.md").read_text("utf-8").partition("\n\n")[0]
    title = dict(line.split(": ", 1) for line in head.splitlines())["Title"]
    date = dict(line.split(": ", 1) for line in head.splitlines())["Date"]
    (content / f"{REMOVED}.md").unlink()
    run_pelican(content, output)
    return before, files_of(output), output, f"{title}|{date}"


def test_the_removed_posts_pages_are_gone(rebuilt) -> None:
    before, after, _output, title_date = rebuilt
    title, date = title_date.split("|")
    gone = {f"archives/{REMOVED}.html", f"archives/{date[:4]}/{date[5:7]}/index.html"}
    assert gone <= set(before)
    assert not gone & set(after)
    # Nothing links to it any more (other posts still quote its title in their text).
    assert not [name for name in after if f"{REMOVED}.html".encode() in after[name][0]]
    assert title.encode() in before["archives/index.html"][0]
    assert title.encode() not in after["archives/index.html"][0]
    # The last post's doc and text files (and their script twins), and nothing else.
    index = {
        f"search/{name}{suffix}"
        for name in (file_name("doc", 7), file_name("text", 7))
        for suffix in ("", SCRIPT_SUFFIX)
    }
    assert set(before) - set(after) == gone | index


def test_the_removed_post_leaves_the_search_index_and_unchanged_shards_keep_their_mtime(
    rebuilt,
) -> None:
    before, after, _output, _ = rebuilt
    search = {name for name in before if name.startswith("search/")}
    assert not [name for name in after if name.startswith("search/") and REMOVED in name]
    unchanged = [n for n in search & set(after) if before[n][0] == after[n][0]]
    assert unchanged  # the index files the removal did not touch ...
    assert all(before[n][1] == after[n][1] for n in unchanged)  # ... were not rewritten


def test_files_the_build_never_wrote_are_kept(rebuilt) -> None:
    before, after, output, _ = rebuilt
    for name in ("CNAME", "extra/notes.txt"):
        assert after[name] == before[name]
    listed = json.loads((output / MANIFEST).read_text("utf-8"))["files"]
    assert "CNAME" not in listed and "extra/notes.txt" not in listed
    assert sorted(listed) == sorted(set(after) - {MANIFEST, "CNAME", "extra/notes.txt"})


def test_a_plugin_turned_off_takes_its_files_with_it(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE_CONTENT, content)
    run_pelican(content, output)
    assert (output / "search" / "index.json").is_file()
    assert (output / "vendor" / "lunr" / "lunr.min.js").is_file()
    plugins = [p for p in SITE_PLUGINS if "search" not in p and p != "related"]
    run_pelican(content, output, extra={"PLUGINS": json.dumps(plugins)})
    assert not (output / "search").exists()
    assert (output / "vendor" / "lunr" / "lunr.min.js").is_file()  # still configured
    assert (output / "archives" / f"{REMOVED}.html").is_file()


def test_a_tampered_manifest_removes_nothing_outside_the_output(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "sub").mkdir(parents=True)
    (tmp_path / "victim.txt").write_text("precious")
    (output / "sub" / "link").symlink_to(tmp_path)
    names = ["../victim.txt", str(tmp_path / "victim.txt"), "sub", "sub/link/victim.txt", 5]
    (output / MANIFEST).write_text(json.dumps({"files": names}))
    record = BuildRecord(str(output), {})
    assert remove_stale(record, read_manifest(str(output))) == []
    assert (tmp_path / "victim.txt").read_text() == "precious"
    assert (output / "sub" / "link").is_symlink()
