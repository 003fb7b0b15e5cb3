"""Wall time and peak memory of a child process, and the median of repeated runs.

Peak RSS comes from ``os.wait4`` on the child itself: unlike
``getrusage(RUSAGE_CHILDREN)`` it is not a running maximum over every child
the bench ever started, so each run reports its own peak.

Each measured run writes into a fresh folder, and the previous run's folder is
set aside (renamed), not deleted, until the bench is over.  On ext4 without a
journal (this bench's VM) every new file skips over the inodes freed in the
last minutes, one inode table lookup each (``recently_deleted`` in
``find_inode_bit``: over half the CPU time of writing 10,000 files, under
``perf``).  Deleting 10,000 files just before a run makes creating 10,000
files take 5-8 s instead of 0.7 s, a cost of the bench's clean-up that a
reader's first scrape or build never pays.
"""

from __future__ import annotations

import itertools
import os
import shutil
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


#: Folder (in each folder that had one set aside) holding what ``set_aside`` moved.
SET_ASIDE = ".set-aside"
_set_aside_numbers = itertools.count()


def set_aside(path: Path, holder: Path | None = None) -> None:
    """Move ``path`` (if any) out of the way for a fresh run; ``clear_set_aside`` deletes it.

    ``holder`` defaults to a ``.set-aside`` folder beside ``path``; pass one
    outside a folder that is served or scanned later.
    """
    if not path.exists():
        return
    holder = holder or path.parent / SET_ASIDE
    holder.mkdir(exist_ok=True)
    path.rename(holder / f"{path.name}-{os.getpid()}-{next(_set_aside_numbers)}")


def clear_set_aside(root: Path) -> None:
    """Delete everything ``set_aside`` moved under ``root``, once nothing is measured any more."""
    if root.is_dir():
        for holder in sorted(root.rglob(SET_ASIDE)):
            shutil.rmtree(holder, ignore_errors=True)
