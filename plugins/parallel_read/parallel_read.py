"""Pelican glue: Markdown posts converted by forked readers while Pelican reads the rest.

Pelican reads one file after another on one core, and for full posts Markdown is most
of a build.  When the articles generator asks for its first file, this plugin lists the
files it will read (the generator's own ``get_files``, so the same list in the same
order) and forks ``PARALLEL_READ_WORKERS`` children; file ``i`` goes to reader
``i % (workers + 1)``, reader 0 being Pelican itself.  A child converts its files in
that order and sends each one's HTML and raw metadata through a pipe; Pelican's
reader takes them when it gets to those files and does everything else as always
(metadata processing, content objects, every plugin's signals), so the site is the
same bytes either way.

Nothing is lost when a child fails: a file whose conversion raised, or that a dead
child never sent, is read by Pelican itself, which reports any error in its usual
way, naming the file.  Where ``os.fork`` does not exist (Windows) or with
``PARALLEL_READ_WORKERS = 0`` this is Pelican's own Markdown reader.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
from typing import Any, BinaryIO

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
#: How far ahead a child may get: the pipe's buffer, raised from 64 KiB where Linux
#: allows, so a run of long posts on one side does not stall the other.
PIPE_BYTES = 1 << 20


def worker_count(settings: dict[str, Any]) -> int:
    """The number of forked readers the settings and the machine give."""
    if not hasattr(os, "fork"):
        return 0
    value = settings.get("PARALLEL_READ_WORKERS", DEFAULTS["PARALLEL_READ_WORKERS"])
    if value is None:
        return max(0, min(3, (os.cpu_count() or 1) - 1))
    return max(0, int(value))


def convert(settings: dict[str, Any], path: str) -> tuple[str, dict[str, list[str]] | None]:
    """What ``MarkdownReader.read`` computes before it processes metadata."""
    md = Markdown(**settings["MARKDOWN"])
    with pelican_open(path) as text:
        content = md.convert(text)
    return content, getattr(md, "Meta", None)


class _Worker:
    """One forked reader: its files, its pipe, and the results it sent ahead."""

    def __init__(self, settings: dict[str, Any], paths: list[str]) -> None:
        self.paths = set(paths)
        self.ahead: dict[str, tuple] = {}
        read_fd, write_fd = os.pipe()
        with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux only
            import fcntl  # not on every platform

            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_fd)
            _serve(settings, paths, write_fd)  # never returns
        os.close(write_fd)
        self.pipe: BinaryIO | None = os.fdopen(read_fd, "rb")

    def take(self, path: str) -> tuple | None:
        """The child's result for ``path``; None when it has none (failed or gone)."""
        while path not in self.ahead and self.pipe is not None:
            try:
                record = pickle.load(self.pipe)
            except (EOFError, pickle.UnpicklingError, OSError):
                self.close()
                break
            self.ahead[record[0]] = record[1:]
        result = self.ahead.pop(path, None)
        if result is None or result[0] is None:
            return None  # the child could not convert it: Pelican reads it and reports
        return result

    def close(self) -> None:
        if self.pipe is not None:
            self.pipe.close()  # a child still writing gets EPIPE and ends
            self.pipe = None
            os.waitpid(self.pid, 0)


def _serve(settings: dict[str, Any], paths: list[str], write_fd: int) -> None:
    status = 0
    try:
        with os.fdopen(write_fd, "wb") as pipe:
            for path in paths:
                try:
                    record = (path, *convert(settings, path))
                except Exception:  # Pelican reads this file again and reports the error
                    record = (path, None, None)
                pipe.write(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
                pipe.flush()
    except BaseException:  # the parent went away (EPIPE) or Ctrl-C: just stop
        status = 1
    finally:
        os._exit(status)


class _Prefetch:
    """The forked readers of one articles generator, by the files they convert."""

    def __init__(self, settings: dict[str, Any], paths: list[str], workers: int) -> None:
        readers = workers + 1
        self.workers = [_Worker(settings, paths[n::readers]) for n in range(1, readers)]

    def take(self, path: str) -> tuple | None:
        for worker in self.workers:
            if path in worker.paths:
                return worker.take(path)
        return None

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
    """Pelican's Markdown reader, taking the forked readers' work where there is some."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        taken = _PREFETCH.take(source_path) if _PREFETCH is not None else None
        if taken is None:
            return super().read(source_path)
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
        _PREFETCH = _Prefetch(generator.settings, paths, workers)


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
