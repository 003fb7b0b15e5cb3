"""Writing the output folder: atomic files, and only files the scraper owns.

``content/`` is shared with people: a hand-written page in it must survive
every run.  The scraper therefore lists the files it wrote in a manifest
(``.scrape-manifest.json``) and only ever replaces or removes files listed
there.  Each file is written to a temporary file in the same folder and then
renamed over the old one, so a reader (``pelican --autoreload``) never sees a
half-written post; unchanged files are not rewritten at all.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kexue_archive.model import COMMENTS_SUFFIX

MANIFEST = ".scrape-manifest.json"
#: What the scraper writes per post: the post, and its comments when the save had any.
OUTPUT_SUFFIXES: tuple[str, ...] = (COMMENTS_SUFFIX, ".md")
#: Longest slug accepted, in bytes (file systems allow 255 for the whole name).
MAX_SLUG_BYTES = 100
_SAFE_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


class UnsafeNameError(ValueError):
    """A slug that could leave the output folder or is not a plain file name."""


class OutputFolderError(OSError):
    """The output folder cannot be used at all (a file is in the way, no permission)."""


@dataclass
class WriteResult:
    """What a write did, by file name (sorted)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


def check_slug(slug: str) -> None:
    """Refuse any slug that is not a short, plain, ASCII file name."""
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        raise UnsafeNameError(f"slug longer than {MAX_SLUG_BYTES} bytes: {slug[:40]!r}...")
    if not _SAFE_SLUG.match(slug) or ".." in slug:
        raise UnsafeNameError(f"slug is not a plain ASCII file name: {slug!r}")


def file_name(slug: str, suffix: str = ".md") -> str:
    check_slug(slug)
    return f"{slug}{suffix}"


def slug_of(name: str) -> str:
    """The slug of an output file name; raise :class:`UnsafeNameError` for any other name."""
    for suffix in OUTPUT_SUFFIXES:
        if name.endswith(suffix):
            slug = name[: -len(suffix)]
            check_slug(slug)
            return slug
    raise UnsafeNameError(f"not a file name the scraper writes: {name!r}")


def _owned(out_dir: Path) -> set[str]:
    """Names the previous run wrote; names that are not plain are ignored, never trusted."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    names = data.get("files", []) if isinstance(data, dict) else []
    owned = set()
    for name in names:
        if isinstance(name, str):
            try:
                slug_of(name)
            except UnsafeNameError:
                continue
            owned.add(name)
    return owned


def _atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it over ``path``.

    The temporary name is fixed per process (one syscall instead of
    ``mkstemp``'s name search); only if a crashed run left it behind does
    ``mkstemp`` pick a fresh one.  The mode is 0600 either way, as ``mkstemp``
    makes it.
    """
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".scrape-{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
    except FileExistsError:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".scrape-", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_manifest(out_dir: Path, names: set[str]) -> None:
    body = {"files": sorted(names), "note": "files written by scripts/scrape.py; others untouched"}
    text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    _atomic_write(out_dir / MANIFEST, text.encode("utf-8"))


def write_output(files: dict[str, str], out_dir: Path) -> WriteResult:
    """Make ``out_dir`` hold exactly ``files`` among the files the scraper owns.

    ``files`` maps file names (``<slug>.md`` or ``<slug>.comments.json``, checked)
    to their text.  A name that exists but is not ours is refused, not overwritten.  The manifest
    first grows to cover old and new names, so an interrupted run never
    leaves a written file unowned.
    """
    for name in files:
        slug_of(name)
    folded: dict[str, str] = {}
    for name in files:
        other = folded.setdefault(name.casefold(), name)
        if other != name:
            raise UnsafeNameError(f"{name!r} and {other!r} differ only in case")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(f"{out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = WriteResult()
    owned = _owned(out_dir)
    # One directory listing instead of a stat or two per post.
    with os.scandir(out_dir) as listing:
        present = {entry.name: entry.is_file(follow_symlinks=False) for entry in listing}
    wanted: set[str] = set()
    for name in sorted(files):
        if name not in owned and name in present:
            result.refused[name] = "exists and was not written by the scraper; left untouched"
        else:
            wanted.add(name)
    _write_manifest(out_dir, owned | wanted)
    folder = os.fspath(out_dir)
    for name in sorted(wanted):
        path = os.path.join(folder, name)
        data = files[name].encode("utf-8")
        if present.get(name) and same_bytes(path, data):
            result.unchanged.append(name)
            continue
        _atomic_write(path, data)
        result.written.append(name)
    for name in sorted(owned - wanted - set(result.refused)):
        path = out_dir / name
        if path.is_file() or path.is_symlink():
            path.unlink()
            result.removed.append(name)
    _write_manifest(out_dir, wanted)
    return result


def same_bytes(path: str | os.PathLike[str], data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (its size is checked first)."""
    if os.stat(path).st_size != len(data):
        return False
    with open(path, "rb") as handle:
        return handle.read() == data
