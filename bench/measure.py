"""Wall time and peak memory of a child process, and the median of repeated runs.

Peak RSS comes from ``os.wait4`` on the child itself: unlike
``getrusage(RUSAGE_CHILDREN)`` it is not a running maximum over every child
the bench ever started, so each run reports its own peak.  That is the largest
single process; a build that forks (the project's readers and its search index)
holds memory in several at once, so the child's whole process tree is also
sampled every 0.2 s while it runs, and the largest sum of its processes'
proportional set sizes (PSS: a page shared by copy-on-write counts once,
split between its sharers) is kept too.

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
import threading
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
    peak_tree_pss_bytes: int = 0  # 0 where /proc has no smaps_rollup


#: Seconds between two samples of a running child's process tree.
TREE_SAMPLE_S = 0.2


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux: ``/proc/*/task/*/children``)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue += [int(child) for child in handle.read().split()]
            except OSError:
                continue
    return found


def tree_pss_bytes(pid: int) -> int:
    """The summed PSS of ``pid``'s process tree now; 0 where /proc cannot tell."""
    total = 0
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue  # ended between the listing and the read
    return total


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(TREE_SAMPLE_S):
            self.peak = max(self.peak, tree_pss_bytes(self.pid))


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
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB.
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(seconds, cpu, usage.ru_maxrss * 1024, proc.returncode, tail, sampler.peak)


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
