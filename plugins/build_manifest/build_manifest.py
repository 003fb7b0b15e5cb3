"""Pelican plugin: list every file a build produces, and remove what the last build made and
this one did not.

Pelican never deletes a page whose source left ``content/`` (unless told to empty
the whole output folder first, which rewrites every file and so defeats the
search plugin's "unchanged shards keep their mtime", and a sync that uploads
only what changed).  A post removed because it was hostile would stay
published.  This plugin records, in ``OUTPUT_PATH/.build-manifest.json``, the
files the build produced: every page and feed Pelican's writer wrote
(``content_written``, ``feed_written``), the static files and theme assets
Pelican copied, and what other plugins announce on :data:`FILES_WRITTEN`
(the search index, vendored scripts).  At ``finalized`` it removes the files
the previous manifest listed and this build did not produce.  A file it never
listed (a ``CNAME`` you put there) is never touched.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from blinker import signal
from pelican import signals

log = logging.getLogger(__name__)

#: The build manifest, in the output folder.
MANIFEST = ".build-manifest.json"
#: Name of the signal a plugin sends for files it writes outside Pelican's writer:
#: ``blinker.signal("output_files_written").send(sender, paths=[absolute paths])``.
FILES_WRITTEN_SIGNAL = "output_files_written"
FILES_WRITTEN = signal(FILES_WRITTEN_SIGNAL)


class BuildRecord:
    """What one build produced, as paths relative to the output folder (``/``-separated)."""

    def __init__(self, output_path: str, context: dict) -> None:
        self.output_path = os.path.realpath(output_path)
        self._prefix = os.path.join(os.path.abspath(output_path), "")
        self.context = context
        self.started = time.time()
        self.produced: set[str] = set()

    def add(self, path: str | os.PathLike[str]) -> None:
        """Record ``path`` (absolute, or relative to the working folder) if it is in the output.

        A string comparison, not a resolution of links: the search index alone
        announces thousands of files per build.
        """
        absolute = os.path.abspath(path)
        if absolute.startswith(self._prefix):
            self.produced.add(absolute[len(self._prefix) :].replace(os.sep, "/"))


#: The build under way (Pelican runs one at a time, several in ``--autoreload``).
_current: BuildRecord | None = None


def _on_generators_ready(generators: list) -> None:
    """A build's output phase starts: everything recorded from here on is this build's."""
    global _current
    first = generators[0]
    _current = BuildRecord(first.output_path, first.context)


def _on_written(path: str, **_: object) -> None:
    if _current is not None:
        _current.add(path)


def _on_files_written(_sender: object, paths: Iterable[str | os.PathLike[str]] = ()) -> None:
    if _current is not None:
        for path in paths:
            _current.add(path)


def static_files(context: dict) -> Iterator[str]:
    """Where Pelican put the static files of ``STATIC_PATHS`` (copied or up to date)."""
    for static in context.get("staticfiles", []):
        yield static.save_as


def theme_static_files(settings: dict, theme: str) -> Iterator[str]:
    """The theme assets Pelican copies, where it copies them, skipping ``IGNORE_FILES``.

    Mirrors ``StaticGenerator._copy_paths``: a file of ``THEME_STATIC_PATHS``
    lands in ``THEME_STATIC_DIR`` under its own name, a folder's contents
    land in ``THEME_STATIC_DIR`` itself.
    """
    ignores = settings.get("IGNORE_FILES", [])
    destination = settings.get("THEME_STATIC_DIR", "theme")

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)

    for path in settings.get("THEME_STATIC_PATHS", []):
        source = os.path.join(theme, path)
        if ignored(os.path.basename(source)):
            continue
        if os.path.isfile(source):
            yield os.path.join(destination, os.path.basename(source))
            continue
        for folder, subfolders, files in os.walk(source, followlinks=True):
            subfolders[:] = [name for name in subfolders if not ignored(name)]
            inside = os.path.relpath(folder, source)
            for name in files:
                if not ignored(name) and os.path.isfile(os.path.join(folder, name)):
                    yield os.path.normpath(os.path.join(destination, inside, name))


def read_manifest(output_path: str) -> set[str]:
    """The files the previous build listed; anything but a plain relative path is dropped."""
    try:
        data = json.loads(Path(output_path, MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    names = data.get("files", []) if isinstance(data, dict) else []
    return {
        name
        for name in names
        if isinstance(name, str)
        and name
        and not name.startswith("/")
        and "\\" not in name
        and ".." not in name.split("/")
        and name != MANIFEST
    }


def remove_stale(record: BuildRecord, previous: set[str]) -> list[str]:
    """Remove what ``previous`` listed and ``record`` did not produce; return it, sorted.

    A file is only removed if it lies inside the output folder once links are
    resolved, is a file or a link (never a folder), and was not modified
    during this build (whoever wrote it then, it is this build's).  Folders
    emptied by the removal go too.
    """
    removed: list[str] = []
    root = record.output_path
    for relative in sorted(previous - record.produced):
        path = os.path.join(root, *relative.split("/"))
        parent = os.path.realpath(os.path.dirname(path))
        if os.path.commonpath([parent, root]) != root:
            continue
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            continue
        if info.st_mtime >= record.started:
            continue
        os.unlink(path)
        removed.append(relative)
    for folder in sorted({os.path.dirname(r) for r in removed} - {""}, key=lambda f: -f.count("/")):
        while folder:
            path = os.path.join(root, *folder.split("/"))
            try:
                os.rmdir(path)  # only if empty
            except OSError:
                break
            folder = os.path.dirname(folder)
    return removed


def write_manifest(output_path: str, produced: set[str]) -> None:
    """Write the manifest (sorted, so the same build gives the same bytes; unchanged: untouched)."""
    body = {"files": sorted(produced), "note": "files this Pelican build produced"}
    data = (json.dumps(body, ensure_ascii=False, indent=0, sort_keys=True) + "\n").encode("utf-8")
    path = Path(output_path, MANIFEST)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.write_bytes(data)


def _on_finalized(pelican) -> None:
    global _current
    record, _current = _current, None
    if record is None:
        return
    for relative in static_files(record.context):
        record.add(os.path.join(record.output_path, relative))
    for relative in theme_static_files(pelican.settings, pelican.theme):
        record.add(os.path.join(record.output_path, relative))
    removed = remove_stale(record, read_manifest(record.output_path))
    write_manifest(record.output_path, record.produced)
    for relative in removed:
        log.info("build_manifest: removed %s (no source produces it any more)", relative)
    log.info(
        "build_manifest: %d files listed, %d stale removed", len(record.produced), len(removed)
    )


def register() -> None:
    signals.all_generators_finalized.connect(_on_generators_ready)
    signals.content_written.connect(_on_written)
    signals.feed_written.connect(_on_written)
    FILES_WRITTEN.connect(_on_files_written)
    signals.finalized.connect(_on_finalized)
