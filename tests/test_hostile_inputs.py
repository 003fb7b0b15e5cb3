"""Inputs that are not what they seem: special files, links, unreadable folders, escapes.

Each test builds a small dump folder showing one trick and runs the scraper
as a user would; a trick that used to hang the scraper runs in a subprocess
with a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kexue_archive import pipeline
from kexue_archive.input_files import MAX_INPUT_BYTES, RefusedInput, read_input
from kexue_archive.quoting import EXCERPT_CHARS, printable, quote_excerpt

ROOT = Path(__file__).resolve().parents[1]
SCRAPER = ROOT / "scripts" / "scrape.py"
GOOD = (ROOT / "tests" / "fixtures" / "dumps" / "format_a.txt").read_bytes()
SECRET = "root:$6$do-not-print-this-hash:19000:0:99999:7:::"
#: Seconds a run on a handful of tiny files may take (a hang is the failure).
TIMEOUT = 60


def scrape(*args: object) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process that must finish within ``TIMEOUT``."""
    return subprocess.run(
        [sys.executable, str(SCRAPER), *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=TIMEOUT,
    )


def dumps_with_good_file(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD)
    return folder


def rejections(report: Path) -> dict[str, str]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {r["path"]: r["reason"] for r in data["rejections"]}


def test_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    folder = dumps_with_good_file(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    (folder / "via-link.txt").symlink_to(folder / "pipe.txt")  # a link inside: still a FIFO
    proc = scrape(folder, "--output", tmp_path / "out", "--report", tmp_path / "r.json")
    assert proc.returncode == 1
    assert "pipe.txt:0: refused: a FIFO, not a regular file" in proc.stderr
    assert rejections(tmp_path / "r.json") == {
        "pipe.txt": "refused: a FIFO, not a regular file (not read)",
        "via-link.txt": "refused: a FIFO, not a regular file (not read)",
    }
    assert len(list((tmp_path / "out").glob("*.md"))) >= 2  # the good file is still ingested


def test_link_to_the_zero_device_is_refused_in_a_folder_and_on_the_command_line(
    tmp_path: Path,
) -> None:
    folder = dumps_with_good_file(tmp_path)
    (folder / "zero.txt").symlink_to("/dev/zero")
    proc = scrape(folder, "--output", tmp_path / "out")
    assert proc.returncode == 1
    assert "zero.txt:0: refused: a link to outside the inputs" in proc.stderr
    # named on the command line, the link is the input: what it is decides
    named = scrape(folder / "zero.txt", "--output", tmp_path / "out2")
    assert named.returncode == 2  # nothing readable
    assert "zero.txt:0: refused: a character device, not a regular file" in named.stderr
    assert not (tmp_path / "out2").exists()


def test_links_to_outside_the_inputs_are_not_read_and_their_text_never_quoted(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "private"
    elsewhere.mkdir()
    (elsewhere / "shadow").write_text(SECRET + "\n", encoding="utf-8")
    (elsewhere / "more.txt").write_text(SECRET + "\n", encoding="utf-8")
    folder = dumps_with_good_file(tmp_path)
    (folder / "shadow.txt").symlink_to(elsewhere / "shadow")
    (folder / "linked-folder").symlink_to(elsewhere, target_is_directory=True)
    (folder / "same.txt").symlink_to(folder / "good.txt")  # inside: read (once)
    report = tmp_path / "r.json"
    proc = scrape(folder, "--output", tmp_path / "out", "--report", report)
    assert proc.returncode == 1
    text = report.read_text(encoding="utf-8")
    for output in (proc.stderr, text):
        assert "do-not-print" not in output and "root:" not in output
    assert rejections(report) == {
        "shadow.txt": "refused: a link to outside the inputs (not read)",
        "linked-folder": "refused: a link to outside the inputs (not read)",
    }
    assert [i["path"] for i in json.loads(text)["inputs"]] == ["good.txt"]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    folder = dumps_with_good_file(tmp_path)
    with open(folder / "huge.txt", "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_INPUT_BYTES + 1)
    proc = scrape(folder, "--output", tmp_path / "out")
    assert proc.returncode == 1
    assert "huge.txt:0: refused: larger than 64 MiB (not read)" in proc.stderr


def test_size_limit_holds_while_reading(tmp_path: Path) -> None:
    """The limit is enforced on the bytes read, not only on the size the file stated."""
    path = tmp_path / "grown.txt"
    path.write_bytes(b"x" * 101)
    assert read_input(path, limit=101) == b"x" * 101
    with pytest.raises(RefusedInput, match="larger than 100 bytes"):
        read_input(path, limit=100)


def test_read_input_refuses_links_and_special_files(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_bytes(b"text")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(RefusedInput, match="a link"):
        read_input(tmp_path / "link.txt")  # links are resolved (and checked) before
    with pytest.raises(RefusedInput, match="a FIFO"):
        read_input(tmp_path / "pipe")


def _scandir_failing_for(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """``os.scandir`` refuses ``locked`` as a folder without read permission does.

    Tests run as root, whom permissions do not stop: the failure is
    simulated where ``os.walk`` meets it.
    """
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_subfolder_is_reported_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dumps_with_good_file(tmp_path)
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.txt").write_bytes(GOOD)
    _scandir_failing_for(monkeypatch, folder / "locked")
    report, status = pipeline.run([str(folder)], tmp_path / "out", jobs=1)
    assert status == pipeline.EXIT_REJECTED
    assert [(r.path, r.reason) for r in report.rejections] == [
        ("locked", "cannot read folder: Permission denied")
    ]
    assert [i.path for i in report.inputs] == ["good.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders without read permission")
def test_unreadable_folder_and_file_by_permissions(tmp_path: Path) -> None:
    folder = dumps_with_good_file(tmp_path)
    (folder / "locked").mkdir()
    (folder / "secret.txt").write_bytes(GOOD)
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    try:
        proc = scrape(folder, "--output", tmp_path / "out")
    finally:
        (folder / "locked").chmod(0o755)
    assert proc.returncode == 1
    assert "locked:0: cannot read folder: Permission denied" in proc.stderr
    assert "secret.txt:0: cannot read: Permission denied" in proc.stderr


def test_escape_sequences_in_a_rejected_line_and_a_file_name_do_not_reach_the_terminal(
    tmp_path: Path,
) -> None:
    folder = dumps_with_good_file(tmp_path)
    # (few enough control characters that the file is still text, not binary)
    bad = "\x1b]0;owned\x07\x1b[31m" + "红" * 60 + "\x1b[0m\n" + "没有日期的正文。\n" * 40
    (folder / "bad\x1b[2Jname.txt").write_text(bad, encoding="utf-8")
    report = tmp_path / "r.json"
    proc = scrape(folder, "--output", tmp_path / "out", "--report", report)
    assert proc.returncode == 1
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    # decoding drops the control characters; what is left of the escapes is
    # plain text, and the quote stops after EXCERPT_CHARS characters
    excerpt = "']0;owned[31m" + "红" * (EXCERPT_CHARS - 12) + "…'"
    assert f"rejected badname.txt:1: no entry found in: {excerpt} (not parsed)" in proc.stderr
    (reason,) = rejections(report).values()
    assert reason == f"no entry found in: {excerpt} (not parsed)"  # short, in the report too


def test_printable_removes_escapes_and_controls_and_cuts() -> None:
    assert printable("\x1b[1;31mred\x1b[0m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\") == "red link"
    assert printable("a\x1b(Bb\x9b2Jc\x00d\u202eе") == "abcdе"
    assert printable("tab\tand\nline") == "tab and line"
    assert printable("x" * 50, 40) == "x" * 40 + "…"
    assert quote_excerpt("  short  ") == "'short'"


def test_a_usage_error_naming_a_path_prints_no_escape(tmp_path: Path) -> None:
    proc = scrape(tmp_path / "missing\x1b]0;owned\x07.txt", "--output", tmp_path / "out")
    assert proc.returncode == 2
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "missing.txt: no such file or folder" in proc.stderr


def test_side_files_may_be_links_but_a_fifo_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    good = ROOT / "tests" / "fixtures" / "dumps" / "format_a.txt"
    (tmp_path / "index.txt").symlink_to(ROOT / "samples" / "archive_index.txt")
    linked = scrape(good, "--archive-index", tmp_path / "index.txt", "--output", tmp_path / "a")
    assert linked.returncode == 0, linked.stderr
    os.mkfifo(tmp_path / "pipe")
    for option in ("--archive-index", "--overrides"):
        proc = scrape(good, option, tmp_path / "pipe", "--output", tmp_path / "b")
        assert proc.returncode == 2
        assert f"error: {option} {tmp_path / 'pipe'}: " in proc.stderr
        assert "refused: a FIFO, not a regular file" in proc.stderr
        assert not (tmp_path / "b").exists()
