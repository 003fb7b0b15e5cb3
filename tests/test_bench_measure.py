"""The bench's memory figures: the largest process, and every process of a forking build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.measure import run_measured

FORKING = """
import os, time
pid = os.fork()
held = bytearray(64 * 2**20)  # 64 MiB in each of the two processes,
held[::4096] = b"x" * len(range(0, len(held), 4096))  # every page touched
time.sleep(2.5)  # several samples, even on a busy machine
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
"""


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/smaps_rollup").exists(), reason="no /proc smaps_rollup"
)
def test_a_forking_command_is_weighed_with_all_its_processes() -> None:
    run = run_measured([sys.executable, "-c", FORKING])
    assert run.returncode == 0
    largest, together = run.peak_rss_bytes / 2**20, run.peak_tree_pss_bytes / 2**20
    assert largest >= 64  # one process: its 64 MiB (and the interpreter)
    assert together >= 128 and together > largest  # both processes' 64 MiB at once
