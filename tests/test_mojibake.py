"""Text decoded in the wrong encoding is ingested but warned about, with file and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kexue_archive.dumps.mojibake import mojibake_warning
from kexue_archive.pipeline import run

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
#: A paragraph whose UTF-8 bytes happen to be valid GB18030 too: pasted into a
#: GBK save, the whole file decodes without an error, this line as mojibake.
PASTED = "复制不同，用后来网页 (UTF-8)"


def test_gbk_file_with_one_utf8_paragraph_warns_with_line_and_exits_0(tmp_path: Path) -> None:
    lines = (FIXTURES / "dumps" / "format_a.txt").read_text(encoding="utf-8").split("\n")
    assert lines[2].startswith("在前面的介绍中")
    dump = tmp_path / "gbk.txt"
    dump.write_bytes(
        b"\n".join(
            PASTED.encode("utf-8") if number == 2 else line.encode("gbk")
            for number, line in enumerate(lines)
        )
    )
    report = tmp_path / "r.json"
    proc = subprocess.run(
        [
            sys.executable,
            ROOT / "scripts" / "scrape.py",
            dump,
            "--output",
            tmp_path / "out",
            "--report",
            report,
        ],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr  # a warning is not a rejection
    assert "0 rejections" in proc.stderr and "1 warnings" in proc.stderr
    assert "warning gbk.txt:3: mojibake '" in proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["inputs"][0]["encoding"] == "gb18030"
    (warning,) = data["warnings"]
    assert (warning["path"], warning["line"]) == ("gbk.txt", 3)
    assert "锛" in warning["reason"]  # the full-width comma's UTF-8 bytes read as GBK
    assert data["summary"]["warnings"] == 1


def test_utf8_read_as_latin1_before_the_save_is_found_on_its_line() -> None:
    text = "第一行\n第二行\nIt\u00e2\u20ac\u2122s here\n再一行\u00e2\u20ac\u0153\n"
    warning = mojibake_warning(text, "page.txt")
    assert warning is not None
    assert (warning.path, warning.line) == ("page.txt", 3)
    assert "(and 1 more line(s))" in warning.reason


def test_clean_text_has_no_warning() -> None:
    text = "“引号”、逗号，句号。Ã 与 â 单独出现也不算。\n$\\alpha$\n"
    assert mojibake_warning(text, "clean.txt") is None


def test_seeds_and_fixtures_give_no_warnings(tmp_path: Path) -> None:
    inputs = [ROOT / "samples" / "dumps", FIXTURES / "dumps", FIXTURES / "html"]
    report, _status = run(
        [str(p) for p in inputs],
        tmp_path / "out",
        archive_index=str(ROOT / "samples" / "archive_index.txt"),
        jobs=1,
    )
    assert len(report.inputs) >= 8 and report.warnings == []
