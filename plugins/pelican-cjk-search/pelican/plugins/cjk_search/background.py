"""Run the index build on a second core while Pelican writes the pages.

Pelican is single-threaded: it reads every post, then writes every page, one after
the other.  The search index needs only the finished articles, and writing the pages
does not change them, so the index can be built and written by a forked copy of the
build process from the moment all generators have their context until Pelican gets to
this plugin's ``generate_output``, where the parent collects the result.  On a
machine with two cores the index then costs almost no waiting; the files are the
same bytes as when it is built in the process itself (``SEARCH_BUILD_IN_BACKGROUND``
= ``False``, and always where ``os.fork`` does not exist).

A fork, not a pool: the child needs the whole article list, which the fork shares
copy-on-write instead of pickling 10,000 posts, and it returns only a small result
(the files it wrote, counts) through a pipe.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundError(RuntimeError):
    """The work failed in the forked process; the message holds its traceback."""


def can_fork() -> bool:
    """Whether this platform can fork (Linux, macOS and the BSDs; not Windows)."""
    return hasattr(os, "fork")


class BackgroundJob(Generic[T]):
    """``work()`` run in a forked child, or in this process when ``background`` is false.

    ``start()`` forks; ``result()`` waits for the child and returns what ``work``
    returned (it must pickle), or raises :class:`BackgroundError` with the child's
    traceback.  Without a fork, ``result()`` runs ``work`` there and then.
    """

    def __init__(self, work: Callable[[], T], background: bool = True) -> None:
        self._work = work
        self._background = background and can_fork()
        self._pid: int | None = None
        self._read_fd: int | None = None
        self.child_pid: int | None = None

    @property
    def started(self) -> bool:
        return self._pid is not None

    def start(self) -> None:
        if not self._background or self.started:
            return
        read_fd, write_fd = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would print the parent's buffered text again
        pid = os.fork()
        if pid == 0:  # the child: do the work, send the outcome, never return
            os.close(read_fd)
            status = 0
            try:
                payload = pickle.dumps(("ok", self._work(), os.getpid()))
            except BaseException:  # every failure, Ctrl-C too, must reach the parent
                payload = pickle.dumps(("error", traceback.format_exc(), os.getpid()))
                status = 1
            try:
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(payload)
                for stream in (sys.stdout, sys.stderr):
                    stream.flush()
            finally:
                os._exit(status)  # no atexit handlers, no parent's cleanup twice
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self) -> T:
        if not self.started:
            self.child_pid = os.getpid()
            return self._work()
        assert self._read_fd is not None and self._pid is not None
        with os.fdopen(self._read_fd, "rb") as pipe:
            payload = pipe.read()  # read before waiting: a full pipe would block the child
        _, status = os.waitpid(self._pid, 0)
        self._pid = self._read_fd = None
        if not payload:
            raise BackgroundError(
                f"the background process ended without a result (wait status {status})"
            )
        outcome, value, self.child_pid = pickle.loads(payload)
        if outcome != "ok":
            raise BackgroundError(f"failed in the background process:\n{value}")
        return value
