"""Pelican glue: Markdown posts converted by forked readers while Pelican reads the rest.

Pelican reads one file after another on one core, and for full posts Markdown is most
of a build.  When the articles generator asks for its first file, this plugin lists the
files it will read (the generator's own ``get_files``, so the same list in the same
order) and forks ``PARALLEL_READ_WORKERS`` children.  Pelican takes files from the
front of the list and the children from the back, one at a time, until they meet
(:class:`Claims`): so the split follows what each side costs, whatever the posts are.
Besides converting, Pelican builds each content object and runs every plugin's
signals on it, which on short posts costs as much as the Markdown; a fixed half each
left the child idle for most of the reading.  A child converts the files it claims and
sends each one's HTML and raw metadata through a pipe; Pelican's reader takes them when
it gets to those files and does everything else as always (metadata processing,
content objects, every plugin's signals), so the site is the same bytes either way.

Nothing is lost when a child fails: a file whose conversion raised, or that a dead
child never sent, is read by Pelican itself, which reports any error in its usual
way, naming the file.  Where ``os.fork`` does not exist (Windows) or with
``PARALLEL_READ_WORKERS = 0`` this is Pelican's own Markdown reader.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import select
import struct
import sys
from typing import Any

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

log = logging.getLogger(__name__)

#: Settings read from the Pelican settings, with their defaults (README.md).
DEFAULTS: dict[str, Any] = {
    # Forked readers besides Pelican's own process; None: one fewer than the cores
    # (at most 3: past that, the pages written after reading dominate).
    "PARALLEL_READ_WORKERS": None,
}
#: The pipe's buffer, raised from 64 KiB where Linux allows: Pelican empties it
#: between files, so a child rarely waits to send a long post.
PIPE_BYTES = 1 << 20
#: A record on the pipe: its length, then the pickled ``(index, html, meta)``.
_FRAME = struct.Struct("<Q")
#: How long Pelican waits for the claims' lock before it reads everything itself: a
#: child killed while holding it (a few microseconds a file) must not hang the build.
LOCK_SECONDS = 10.0


def worker_count(settings: dict[str, Any]) -> int:
    """The number of forked readers the settings and the machine give."""
    if not hasattr(os, "fork"):
        return 0
    value = settings.get("PARALLEL_READ_WORKERS", DEFAULTS["PARALLEL_READ_WORKERS"])
    if value is None:
        return max(0, min(3, (os.cpu_count() or 1) - 1))
    return max(0, int(value))


def convert(md: Markdown, path: str) -> tuple[str, dict[str, list[str]] | None]:
    """What ``MarkdownReader.read`` computes before it processes metadata.

    ``md`` is reused from file to file, reset first: Pelican builds a new instance
    for every file, which is a fifth of the cost of a short post (the same HTML and
    metadata on 4,334 posts of the corpora and the samples).
    """
    md.reset()
    with pelican_open(path) as text:
        content = md.convert(text)
    return content, getattr(md, "Meta", None)


class Claims:
    """Who converts which file: Pelican from the front, the children from the back.

    Shared memory made before the fork: ``front`` is one past the last file Pelican
    claimed, ``back`` the last file a child claimed (the files from it on are the
    children's), ``owner[i]`` the child (1, 2, ...) that claimed file ``i``.  Every
    change is made under one lock, so a file has exactly one claimant.
    """

    def __init__(self, count: int) -> None:
        self.lock = multiprocessing.Lock()
        self.ends = multiprocessing.RawArray("q", [0, count])  # front, back
        self.owner = multiprocessing.RawArray("i", count)

    def child_claim(self, worker: int) -> int | None:
        """The next file from the back for child ``worker``; None once the two sides meet
        (or when the lock stays taken: another child died holding it)."""
        if not self.lock.acquire(timeout=LOCK_SECONDS):
            return None
        try:
            front, back = self.ends
            if back - 1 < front:
                return None
            self.ends[1] = back - 1
            self.owner[back - 1] = worker
            return back - 1
        finally:
            self.lock.release()

    def parent_claim(self, index: int) -> int:
        """0 when Pelican converts file ``index`` itself, else the child that claimed it.

        Raises TimeoutError when the lock stays taken (a child died holding it).
        """
        if not self.lock.acquire(timeout=LOCK_SECONDS):
            raise TimeoutError("parallel_read: the claims' lock was never released")
        try:
            if index < self.ends[1]:
                self.ends[0] = max(self.ends[0], index + 1)
                return 0
            return self.owner[index]
        finally:
            self.lock.release()


class _Worker:
    """One forked reader: its pipe, and the results it sent that Pelican has not used yet."""

    def __init__(self, number: int, settings: dict[str, Any], paths: list[str], claims: Claims):
        self.ahead: dict[int, tuple] = {}
        self.buffer = bytearray()
        read_fd, write_fd = os.pipe()
        with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux only
            import fcntl  # not on every platform

            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_fd)
            _serve(number, settings, paths, claims, write_fd)  # never returns
        os.close(write_fd)
        os.set_blocking(read_fd, False)
        self.fd: int | None = read_fd

    def drain(self, wait: bool = False) -> None:
        """Move what the child has sent into ``ahead``; with ``wait``, wait for something."""
        if self.fd is None:
            return
        if wait:
            select.select([self.fd], [], [])
        while True:
            try:
                chunk = os.read(self.fd, PIPE_BYTES)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self.close()
                break
            self.buffer += chunk
        self._unpack()

    def _unpack(self) -> None:
        view, at = self.buffer, 0
        while len(view) - at >= _FRAME.size:
            (size,) = _FRAME.unpack_from(view, at)
            if len(view) - at - _FRAME.size < size:
                break
            start = at + _FRAME.size
            try:
                index, *result = pickle.loads(view[start : start + size])
            except Exception:  # a garbled record: Pelican reads what it lacks itself
                self.close()
                break
            self.ahead[index] = tuple(result)
            at = start + size
        del self.buffer[:at]

    def take(self, index: int) -> tuple | None:
        """The child's result for file ``index``; None when it has none (failed or gone)."""
        while index not in self.ahead and self.fd is not None:
            self.drain(wait=True)
        result = self.ahead.pop(index, None)
        if result is None or result[0] is None:
            return None  # the child could not convert it: Pelican reads it and reports
        return result

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # a child still writing gets EPIPE and ends
            self.fd = None
            os.waitpid(self.pid, 0)


def _serve(
    number: int, settings: dict[str, Any], paths: list[str], claims: Claims, write_fd: int
) -> None:
    status = 0
    try:
        md = Markdown(**settings["MARKDOWN"])
        with os.fdopen(write_fd, "wb") as pipe:
            while (index := claims.child_claim(number)) is not None:
                try:
                    record = (index, *convert(md, paths[index]))
                except Exception:  # Pelican reads this file again and reports the error
                    record = (index, None, None)
                data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(_FRAME.pack(len(data)) + data)
                pipe.flush()
    except BaseException:  # the parent went away (EPIPE) or Ctrl-C: just stop
        status = 1
    finally:
        os._exit(status)


class _Prefetch:
    """The forked readers of one articles generator, and who claimed which file."""

    def __init__(self, settings: dict[str, Any], paths: list[str], workers: int) -> None:
        self.index = {path: n for n, path in enumerate(paths)}
        self.claims = Claims(len(paths))
        self.workers = [_Worker(n, settings, paths, self.claims) for n in range(1, workers + 1)]

    def take(self, path: str) -> tuple | None:
        """A child's result for ``path``, or None: then Pelican converts it itself."""
        index = self.index.get(path)
        if index is None:
            return None
        for worker in self.workers:  # keep the pipes from filling while Pelican works
            worker.drain()
        try:
            owner = self.claims.parent_claim(index)
        except TimeoutError:
            log.warning("parallel_read: a forked reader stopped; Pelican reads the rest itself")
            self.index.clear()
            return None
        return self.workers[owner - 1].take(index) if owner else None

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


_PREFETCH: _Prefetch | None = None


class _MetadataOnly:
    """Stands in for the Markdown instance when no metadata field needs Markdown.

    ``MarkdownReader._parse_metadata`` deregisters the ``meta`` preprocessor of
    ``self._md`` and converts only ``FORMATTED_FIELDS`` with it; building a whole
    Markdown instance just for that costs a third of a millisecond per post.
    """

    class preprocessors:  # the name Markdown gives it
        @staticmethod
        def deregister(name: str, strict: bool = True) -> None:
            return None


class ParallelMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, taking the forked readers' work where there is some.

    A file Pelican converts itself goes through :func:`convert` too, with one Markdown
    instance kept for the documents; Pelican's own ``read`` builds one per file.
    """

    _documents: Markdown | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        taken = _PREFETCH.take(source_path) if _PREFETCH is not None else None
        if taken is None:
            if self._documents is None:
                self._documents = Markdown(**self.settings["MARKDOWN"])
            taken = convert(self._documents, source_path)
        content, meta = taken
        self._source_path = source_path
        formatted = {name.lower() for name in meta or {}} & set(self.settings["FORMATTED_FIELDS"])
        self._md = Markdown(**self.settings["MARKDOWN"]) if formatted else _MetadataOnly()
        return content, self._parse_metadata(meta) if meta is not None else {}


def _use_reader(readers: Any) -> None:
    for extension in ParallelMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ParallelMarkdownReader


def _start(generator: Any) -> None:
    """On the generator's first file: list its files and fork the readers."""
    global _PREFETCH
    if _PREFETCH is not None or getattr(generator, "_parallel_read_started", False):
        return
    generator._parallel_read_started = True
    workers = worker_count(generator.settings)
    if workers == 0:
        return
    readers = generator.readers.readers
    paths = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in generator.get_files(
            generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
        )
        if isinstance(readers.get(os.path.splitext(name)[1][1:]), ParallelMarkdownReader)
    ]
    if len(paths) > workers:
        try:
            _PREFETCH = _Prefetch(generator.settings, paths, workers)
        except (ImportError, OSError) as error:  # no shared lock here (no /dev/shm): Pelican reads
            log.warning("parallel_read: no forked readers (%s); Pelican reads every file", error)


def _finish(generator: Any) -> None:
    """Once the articles are read: reap the readers (whatever they still hold is unused)."""
    global _PREFETCH
    if _PREFETCH is not None:
        _PREFETCH.close()
        _PREFETCH = None


def register() -> None:
    signals.readers_init.connect(_use_reader)
    signals.article_generator_preread.connect(_start)
    signals.article_generator_pretaxonomy.connect(_finish)
    signals.article_generator_finalized.connect(_finish)
