"""The output folder: atomic writes, ownership through the manifest, safe names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kexue_archive.writer import (
    LOCK,
    MANIFEST,
    OutputBusyError,
    OutputFolderError,
    UnsafeNameError,
    check_file_path,
    check_folder_path,
    check_slug,
    folder_lock,
    remove_leftover_temps,
    write_output,
)

ROOT = Path(__file__).resolve().parents[1]


def test_writes_files_and_manifest(tmp_path: Path) -> None:
    result = write_output({"b.md": "B\n", "a.md": "A\n"}, tmp_path)
    assert result.written == ["a.md", "b.md"]
    assert (tmp_path / "a.md").read_text() == "A\n"
    assert json.loads((tmp_path / MANIFEST).read_text())["files"] == ["a.md", "b.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "a.md", "b.md"]


def test_rerun_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    write_output({"a.md": "A\n"}, tmp_path)
    before = (tmp_path / "a.md").stat().st_mtime_ns
    result = write_output({"a.md": "A\n"}, tmp_path)
    assert result.unchanged == ["a.md"] and result.written == []
    assert (tmp_path / "a.md").stat().st_mtime_ns == before


def test_stale_owned_files_are_removed_hand_written_files_never(tmp_path: Path) -> None:
    write_output({"old.md": "old\n", "keep.md": "k\n"}, tmp_path)
    (tmp_path / "about.md").write_text("my own page\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    result = write_output({"keep.md": "k2\n"}, tmp_path)
    assert result.removed == ["old.md"]
    assert not (tmp_path / "old.md").exists()
    assert (tmp_path / "about.md").read_text() == "my own page\n"
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
    assert (tmp_path / "keep.md").read_text() == "k2\n"


def test_hand_written_file_with_a_post_name_is_refused_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "123.md").write_text("hand written\n")
    result = write_output({"123.md": "scraped\n", "124.md": "x\n"}, tmp_path)
    assert list(result.refused) == ["123.md"]
    assert (tmp_path / "123.md").read_text() == "hand written\n"
    assert json.loads((tmp_path / MANIFEST).read_text())["files"] == ["124.md"]


def test_tampered_manifest_cannot_make_the_writer_delete_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("precious\n")
    (out / MANIFEST).write_text(json.dumps({"files": ["../victim.md", "/etc/x.md", 5]}))
    write_output({"a.md": "A\n"}, out)
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize(
    "slug",
    ["../x", "a/b", "..", ".hidden", "a\\b", "x" * 101, "日本", "a b", "", "a\nb", "-rf"],
)
def test_unsafe_slugs_are_refused(slug: str) -> None:
    with pytest.raises(UnsafeNameError):
        check_slug(slug)


def test_unsafe_name_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(UnsafeNameError):
        write_output({"ok.md": "x", "../escape.md": "y"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.md").exists()


def test_names_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeNameError):
        write_output({"Ab.md": "x", "ab.md": "y"}, tmp_path)


def test_output_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(OutputFolderError):
        write_output({"a.md": "A"}, target)


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    write_output({f"{i}.md": f"{i}\n" for i in range(20)}, tmp_path)
    write_output({f"{i}.md": f"{i}!\n" for i in range(10)}, tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(list(tmp_path.glob("*.md"))) == 10


def test_the_lock_is_held_during_a_write_and_gone_after(tmp_path: Path) -> None:
    with folder_lock(tmp_path):
        assert (tmp_path / LOCK).exists()
        with pytest.raises(OutputBusyError, match=f"another scrape is writing into {tmp_path}"):
            write_output({"a.md": "A\n"}, tmp_path)
    assert not (tmp_path / "a.md").exists()
    write_output({"a.md": "A\n"}, tmp_path)
    assert not (tmp_path / LOCK).exists()


def test_leftover_temporaries_are_recognised_by_their_exact_shape(tmp_path: Path) -> None:
    names = [".scrape-1.tmp", ".scrape-1-2.tmp", ".scrape-x_Y9.tmp", ".scrape-.tmp", "a.tmp"]
    for name in [*names, ".scrape-1.tmp.md", ".scrape-1.tmpx"]:
        (tmp_path / name).write_text("x")
    (tmp_path / ".scrape-9.tmp").mkdir()  # a folder is never removed
    assert remove_leftover_temps(tmp_path) == [
        ".scrape-1-2.tmp",
        ".scrape-1.tmp",
        ".scrape-x_Y9.tmp",
    ]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".scrape-.tmp", ".scrape-1.tmp.md", ".scrape-1.tmpx", ".scrape-9.tmp", "a.tmp"]


def test_output_paths_are_checked_without_creating_anything(tmp_path: Path) -> None:
    check_folder_path(tmp_path / "new" / "deeper")
    check_file_path(tmp_path / "new" / "report.json")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputFolderError, match="is not a folder"):
        check_folder_path(tmp_path / "file" / "out")
    with pytest.raises(OutputFolderError, match="is a folder, not a file"):
        check_file_path(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


#: ``write_output`` in a child whose files may not grow past 1000 bytes.
SIZE_LIMITED_WRITE = """
import resource, signal, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from kexue_archive.writer import OutputWriteError, write_output
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
try:
    write_output({{"a.md": "new a\\n", "b.md": "b" * 5000, "c.md": "new c\\n"}}, Path({out!r}))
except OutputWriteError as error:
    print(error)
    sys.exit(2)
"""


def test_a_file_too_large_names_itself_and_nothing_changes(tmp_path: Path) -> None:
    write_output({"a.md": "old a\n", "b.md": "old b\n", "gone.md": "x\n"}, tmp_path)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    code = SIZE_LIMITED_WRITE.format(root=str(ROOT), out=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.strip() == f"cannot write {tmp_path / 'b.md'}: File too large"
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert after == before  # a.md was staged, never swapped in; gone.md is still there
