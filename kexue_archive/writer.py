"""Writing the output folder: all files or none, and only files the scraper owns.

``content/`` is shared with people: a hand-written page in it must survive
every run.  The scraper therefore lists the files it wrote in a manifest
(``.scrape-manifest.json``) and only ever replaces or removes files listed
there.  Every new or changed file is first written to a temporary file in the
same folder; only when all of them are written are they renamed over the old
ones, so a full disk or an interrupted run leaves the folder as it was, and a
reader (``pelican --autoreload``) never sees a half-written post.  Unchanged
files are not rewritten at all.  A lock file keeps two runs from writing one
folder at once (their manifests would each miss the other's posts).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from kexue_archive.interrupt import signals_held
from kexue_archive.model import COMMENTS_SUFFIX

try:
    import fcntl
except ImportError:  # Windows: runs are not locked against each other
    fcntl = None  # type: ignore[assignment]

MANIFEST = ".scrape-manifest.json"
#: Held (``flock``) while a run writes the folder; removed when it is done.
LOCK = ".scrape.lock"
#: Temporary files are ``<prefix><pid>-<n><suffix>``; a later run removes any
#: file of this shape it finds in the output folder (a killed run's).
TEMP_PREFIX = ".scrape-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(rf"^{re.escape(TEMP_PREFIX)}[A-Za-z0-9_-]+{re.escape(TEMP_SUFFIX)}$")
#: What the scraper writes per post: the post, and its comments when the save had any.
OUTPUT_SUFFIXES: tuple[str, ...] = (COMMENTS_SUFFIX, ".md")
#: Longest slug accepted, in bytes (file systems allow 255 for the whole name).
MAX_SLUG_BYTES = 100
_SAFE_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_temp_numbers = itertools.count()


class UnsafeNameError(ValueError):
    """A slug that could leave the output folder or is not a plain file name."""


class OutputFolderError(OSError):
    """The output folder cannot be used at all (a file is in the way, no permission)."""


class OutputBusyError(OutputFolderError):
    """Another run holds the folder's lock."""


class OutputWriteError(OSError):
    """Writing one file failed (full disk, file size limit, I/O error); nothing was changed."""

    def __init__(self, target: str, error: OSError) -> None:
        super().__init__(error.errno, error.strerror, target)

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"


@dataclass
class WriteResult:
    """What a write did, by file name (sorted)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    #: Temporary files of an earlier, killed run that this one removed.
    leftovers: list[str] = field(default_factory=list)


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


def check_folder_path(path: Path) -> None:
    """Raise :class:`OutputFolderError` unless ``path`` is, or can become, a writable folder.

    Nothing is created: a run checks every place it will write before it
    writes anywhere.
    """
    if path.exists():
        if not path.is_dir():
            raise OutputFolderError(f"{path} exists and is not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise OutputFolderError(f"{path}: no permission to write in this folder")
        return
    _check_creatable(path)


def check_file_path(path: Path) -> None:
    """Raise :class:`OutputFolderError` unless a file can be written at ``path``."""
    if path.is_dir():
        raise OutputFolderError(f"{path} is a folder, not a file")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputFolderError(f"{path}: no permission to write this file")
    check_folder_path(path.parent)


def _check_creatable(path: Path) -> None:
    """The nearest existing ancestor of ``path`` must be a folder this user may write in."""
    ancestor = path.absolute().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputFolderError(f"cannot create {path}: {ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputFolderError(f"cannot create {path}: no permission to write in {ancestor}")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` has the shape of the scraper's own temporary files."""
    return _TEMP_NAME.match(name) is not None


def remove_leftover_temps(folder: Path, names: Iterable[str] | None = None) -> list[str]:
    """Remove temporary files a killed run left in ``folder`` (its own shape only); sorted.

    ``names`` (the folder's listing, when the caller has it) saves listing it again.
    """
    removed = []
    for name in sorted(os.listdir(folder) if names is None else names):
        path = os.path.join(folder, name)
        if is_temp_name(name) and (os.path.islink(path) or not os.path.isdir(path)):
            os.unlink(path)
            removed.append(name)
    return removed


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock file for the block; :class:`OutputBusyError` if another run has it.

    The lock file is removed on the way out.  A run that opened it just
    before that finds, once it holds the lock, that the name now points to
    another file (or none) and locks again, so two runs never both hold it.
    """
    if fcntl is None:
        yield
        return
    path = folder / LOCK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputBusyError(
                f"another scrape is writing into {folder} (it holds {path}); "
                "wait for it to finish, then run again"
            ) from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        os.unlink(path)  # while still holding the lock
        os.close(fd)


class Staging:
    """New file contents in temporary files beside their targets, renamed in together.

    Until :meth:`swap` nothing a reader sees has changed; :meth:`discard`
    removes what was staged (after an error, or if the run is interrupted).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = os.fspath(folder)
        self.staged: list[tuple[str, str]] = []  # (temporary path, target path)

    def add(self, name: str, data: bytes) -> None:
        """Write ``data`` for the file ``name``; :class:`OutputWriteError` names it on failure."""
        target = os.path.join(self.folder, name)
        while True:
            temp = os.path.join(
                self.folder, f"{TEMP_PREFIX}{os.getpid()}-{next(_temp_numbers)}{TEMP_SUFFIX}"
            )
            # Listed before it exists: a stop signal right after the open still finds it.
            self.staged.append((temp, target))
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
            except FileExistsError:
                self.staged.pop()
                continue
            except OSError as error:
                self.staged.pop()
                raise OutputWriteError(target, error) from error
            break
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError as error:
            raise OutputWriteError(target, error) from error
        finally:
            os.close(fd)

    def swap(self, count: int | None = None) -> None:
        """Rename the first ``count`` staged files (all by default) over their targets."""
        done = len(self.staged) if count is None else count
        for temp, target in self.staged[:done]:
            os.replace(temp, target)
        del self.staged[:done]

    def discard(self) -> None:
        """Remove every staged file not yet swapped in."""
        for temp, _target in self.staged:
            with suppress(FileNotFoundError):
                os.unlink(temp)
        self.staged.clear()


def write_file_atomically(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one rename (a report, say)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Staging(path.parent)
    try:
        staging.add(path.name, data)
        with signals_held():
            staging.swap()
    finally:
        staging.discard()


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


def _manifest_bytes(names: set[str]) -> bytes:
    body = {"files": sorted(names), "note": "files written by scripts/scrape.py; others untouched"}
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _check_names(files: dict[str, str]) -> None:
    for name in files:
        slug_of(name)
    folded: dict[str, str] = {}
    for name in files:
        other = folded.setdefault(name.casefold(), name)
        if other != name:
            raise UnsafeNameError(f"{name!r} and {other!r} differ only in case")


def write_output(files: dict[str, str], out_dir: Path) -> WriteResult:
    """Make ``out_dir`` hold exactly ``files`` among the files the scraper owns.

    ``files`` maps file names (``<slug>.md`` or ``<slug>.comments.json``,
    checked) to their text.  A name that exists but is not ours is refused,
    not overwritten.  Everything new is staged first (an error names the file
    and changes nothing); then, with stop signals held, a manifest covering
    old and new names goes in, the posts are swapped in, stale posts removed
    and the final manifest written, so even a run killed in between leaves
    no file the manifest does not own.
    """
    _check_names(files)
    check_folder_path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with folder_lock(out_dir):
        # One directory listing instead of a stat or two per post.
        with os.scandir(out_dir) as listing:
            present = {entry.name: entry.is_file(follow_symlinks=False) for entry in listing}
        result = WriteResult(leftovers=remove_leftover_temps(out_dir, present))
        for name in result.leftovers:
            del present[name]
        owned = _owned(out_dir)
        wanted: set[str] = set()
        for name in sorted(files):
            if name not in owned and name in present:
                result.refused[name] = "exists and was not written by the scraper; left untouched"
            else:
                wanted.add(name)
        stale = [
            name
            for name in sorted(owned - wanted - set(result.refused))
            if os.path.isfile(out_dir / name) or os.path.islink(out_dir / name)
        ]
        posts, manifests = Staging(out_dir), Staging(out_dir)
        try:
            folder = os.fspath(out_dir)
            for name in sorted(wanted):
                data = files[name].encode("utf-8")
                if present.get(name) and same_bytes(os.path.join(folder, name), data):
                    result.unchanged.append(name)
                else:
                    posts.add(name, data)
                    result.written.append(name)
            covering, final = _manifest_bytes(owned | wanted), _manifest_bytes(wanted)
            if covering != final:
                manifests.add(MANIFEST, covering)
            if not (present.get(MANIFEST) and same_bytes(out_dir / MANIFEST, final)):
                manifests.add(MANIFEST, final)
            with signals_held():
                if covering != final:
                    manifests.swap(1)
                posts.swap()
                for name in stale:
                    os.unlink(os.path.join(folder, name))
                    result.removed.append(name)
                manifests.swap()
        finally:
            posts.discard()
            manifests.discard()
    return result


def same_bytes(path: str | os.PathLike[str], data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (its size is checked first)."""
    if os.stat(path).st_size != len(data):
        return False
    with open(path, "rb") as handle:
        return handle.read() == data
