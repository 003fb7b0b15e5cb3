"""Wall time and peak memory of a child process, and the median of repeated runs.

Peak RSS comes from ``os.wait4`` on the child itself: unlike
``getrusage(RUSAGE_CHILDREN)`` it is not a running maximum over every child
the bench ever started, so each run reports its own peak.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)
BIN = PYTHON.parent

Stage = dict[str, object]


def not_available(reason: str) -> Stage:
    """The result of a stage that cannot run (yet); reported, never a crash."""
    return {"status": f"n/a: {reason}"}


def failed(reason: str) -> Stage:
    return {"status": "error: " + " ".join(reason.split())}


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    cpu_seconds: float  # user + system: less sensitive than wall time to a busy machine
    peak_rss_bytes: int
    returncode: int
    stderr_tail: str


def run_measured(
    cmd: Sequence[str | os.PathLike[str]],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> ProcessRun:
    """Run ``cmd`` to completion; its wall time, its own peak RSS, exit code and output tail."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=cwd, env=full_env, stdout=err, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB.
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(seconds, cpu, usage.ru_maxrss * 1024, proc.returncode, tail)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def mib(n_bytes: float) -> float:
    return round(n_bytes / 2**20, 1)
