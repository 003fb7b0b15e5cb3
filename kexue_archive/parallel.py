"""Reading the input files on several cores when there are many of them.

Each dump file is read, parsed and its excerpts rendered to Markdown without
looking at any other file, which is about half of a big run's work.  A
process pool does that part for big inputs, with the parent reading its
share too; everything that compares entries (merging, dates, titles) stays
in the parent.  Results come back in input order, so the output is the same
byte for byte whichever way the files were read.

Small inputs (where starting workers costs more than it saves), one-core
machines, machines whose other jobs keep every core but one busy, and
``jobs=1`` (``--jobs 1`` or ``KEXUE_SCRAPE_JOBS=1``) read serially, in this
process.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from kexue_archive.dumps.detect import DumpResult, read_dump
from kexue_archive.infer.evidence import ENTRY_FACTS, TITLE_LESS_FACTS
from kexue_archive.input_files import RefusedInput, read_input
from kexue_archive.markdown_out import render_body
from kexue_archive.report import Rejection

#: Environment variable read when no ``jobs`` is given: ``1`` forces serial reading.
JOBS_ENV = "KEXUE_SCRAPE_JOBS"
#: Inputs smaller than this (bytes, all files together) are read serially.
MIN_PARALLEL_BYTES = 1 << 20
#: Linux's count of running processes (4th field, ``running/total``).
LOADAVG = "/proc/loadavg"
#: Chunks per reader (this process included): small enough that the readers
#: finish close together, big enough that a chunk's round trip to a worker is
#: small next to its parsing.
CHUNKS_PER_READER = 16
#: Chunks each worker has queued at a time: enough to keep it busy while this
#: process reads a chunk of its own (or loads the archive index).
QUEUED_PER_WORKER = 2

#: Seconds between a worker's looks at its parent where the kernel cannot tell it.
PARENT_POLL_SECONDS = 0.5
#: Linux ``prctl`` option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1

#: A file to read: its path, and the name it goes by in sources and reports.
Source = tuple[Path, str]


def _start_worker(parent: int) -> None:
    """Pool initializer: a worker ends with the process that started it.

    A parent killed outright (SIGKILL, the OOM killer) never shuts its pool
    down, and its workers would read on for nobody.  On Linux the kernel
    kills the worker when the parent goes (``PR_SET_PDEATHSIG``); elsewhere
    a thread watches the parent's pid.  Stop signals are the parent's to
    handle: Ctrl-C reaches the whole process group, and the parent ends the
    pool itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _kernel_ends_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the watch began
        os._exit(1)


def _kernel_ends_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; whether it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def read_one(path: Path, name: str) -> DumpResult:
    """Read, parse and render one input file; never raises for bad content.

    Rendering the excerpts and reading the facts inference needs from them
    here puts that work where the file is parsed (a worker, when there are
    several); the post takes the rendered body of whichever occurrence wins.
    """
    try:
        data = read_input(path)
    except RefusedInput as refused:
        result = DumpResult(path=name)
        result.rejections.append(Rejection(name, 0, str(refused)))
        return result
    except OSError as error:
        result = DumpResult(path=name)
        result.rejections.append(Rejection(name, 0, f"cannot read: {error.strerror}"))
        return result
    result = read_dump(data, name)
    for entry in result.entries:
        if entry.markdown is None:  # a whole-post reader wrote its own
            entry.markdown = render_body(entry.blocks)
        entry.read_ahead(ENTRY_FACTS if entry.title else TITLE_LESS_FACTS)
    return result


def _read_chunk(chunk: list[Source]) -> list[DumpResult]:
    return [read_one(path, name) for path, name in chunk]


def job_count(jobs: int | None = None) -> int:
    """Workers to use: ``jobs`` if given, else ``$KEXUE_SCRAPE_JOBS``, else the idle cores.

    Workers only pay off on cores nobody else is using: on a machine whose
    other jobs keep the cores busy, the pickling and the competition cost
    more than the parallel parsing saves, so the default counts the usable
    cores minus the processes already running there.
    """
    if jobs is None:
        setting = os.environ.get(JOBS_ENV, "").strip()
        jobs = int(setting) if setting.isdigit() else 0
    if jobs > 0:
        return jobs
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - running_elsewhere())


def running_elsewhere(samples: int = 3) -> int:
    """Processes running right now besides this one (Linux ``/proc/loadavg``; 0 if unknown).

    The fewest of a few samples 5 ms apart, so a moment's blip is not taken
    for a busy machine.
    """
    counts = []
    for sample in range(samples):
        if sample:
            time.sleep(0.005)
        try:
            with open(LOADAVG, encoding="ascii") as handle:
                counts.append(int(handle.read().split()[3].split("/")[0]) - 1)
        except (OSError, ValueError, IndexError):
            return 0
    return max(0, min(counts))


def workers_for(sources: Sequence[Source], jobs: int | None = None) -> int:
    """How many processes (this one included) reading ``sources`` is worth: 0 means serially."""
    workers = min(job_count(jobs), len(sources))
    if workers < 2:
        return 0
    size = 0
    for path, _name in sources:
        try:
            size += path.stat().st_size
        except OSError:
            continue  # reported when it is read
        if size >= MIN_PARALLEL_BYTES:
            return workers
    return 0


@contextmanager
def reading(
    sources: Sequence[Source], jobs: int | None = None
) -> Iterator[Callable[[], list[DumpResult]]]:
    """Start reading ``sources``; the function yielded waits for the results, in order.

    With workers the files are read while the caller does other work
    (loading the archive index); leaving the block early cancels what has
    not started.  Serially, the files are read when the results are asked for.
    Where worker processes cannot start or one dies (a sandbox without
    process semaphores, a worker killed for memory), the files are read
    serially instead: slower, never a different result.
    """

    def serially() -> list[DumpResult]:
        return _read_chunk(list(sources))

    readers = workers_for(sources, jobs)
    if readers == 0:
        yield serially
        return
    size = max(1, len(sources) // (readers * CHUNKS_PER_READER))
    chunks = [list(sources[i : i + size]) for i in range(0, len(sources), size)]
    # This process is one of the readers (it would only wait otherwise, and what
    # it reads is never pickled across): it takes chunks from the back while the
    # workers take them from the front.  Chunks go to the pool a few at a time,
    # so whoever is faster reads more, and none is ever taken back (cancelling
    # a queued future is what a broken pool trips over).
    queued = QUEUED_PER_WORKER * (readers - 1)
    waiting = deque(range(len(chunks)))
    parts: dict[int, Future[list[DumpResult]]] = {}
    pool: ProcessPoolExecutor | None = None

    def hand_out() -> None:
        assert pool is not None
        while waiting and sum(not part.done() for part in parts.values()) < queued:
            number = waiting.popleft()
            parts[number] = pool.submit(_read_chunk, chunks[number])

    try:
        pool = ProcessPoolExecutor(
            max_workers=readers - 1, initializer=_start_worker, initargs=(os.getpid(),)
        )
        hand_out()
    except (OSError, ImportError, NotImplementedError, BrokenProcessPool):
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        yield serially
        return

    def gathered() -> list[DumpResult]:
        mine: dict[int, list[DumpResult]] = {}
        try:
            while waiting:
                number = waiting.pop()
                mine[number] = _read_chunk(chunks[number])
                hand_out()
            return [
                result
                for number in range(len(chunks))
                for result in (mine[number] if number in mine else parts[number].result())
            ]
        except BrokenProcessPool:
            return serially()

    try:
        yield gathered
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
