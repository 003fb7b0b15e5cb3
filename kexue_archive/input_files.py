"""Which paths may be read as inputs, and reading them without hanging or filling memory.

A dump folder is written by whoever saved the pages, so it can hold more
than saved pages: a FIFO (reading it waits forever for a writer), a link to
``/dev/zero`` (reading it never ends), a huge file, or a link to a private
file elsewhere on the machine (whose first line a rejection would quote).
Only regular files inside the inputs named on the command line are read,
and at most :data:`MAX_INPUT_BYTES` of each; everything else is refused with
a reason the report shows.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

#: Largest input file read (bytes).  The biggest real save is a few MB; a
#: listing dump of the whole blog stays far below this.
MAX_INPUT_BYTES = 64 * 1024 * 1024
_READ_CHUNK = 1 << 20
#: ``os.open`` flags: never block on a FIFO or device, never follow a link
#: swapped in after the checks, no descriptor leak into workers.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


#: Why a link found among the inputs is not followed.
OUTSIDE_INPUTS = "refused: a link to outside the inputs (not read)"


class RefusedInput(ValueError):
    """An input that is deliberately not read; ``str()`` says why, for the report."""


def kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words."""
    for test, name in (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISLNK, "link"),
    ):
        if test(mode):
            return name
    return "special file"


def is_inside(real: str, roots: Sequence[str]) -> bool:
    """Whether the resolved path ``real`` is one of ``roots`` or lies under one of them."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def check_regular(st: os.stat_result, limit: int = MAX_INPUT_BYTES) -> None:
    """Raise :class:`RefusedInput` unless ``st`` is a regular file within the size limit."""
    if not stat.S_ISREG(st.st_mode):
        raise RefusedInput(f"refused: a {kind(st.st_mode)}, not a regular file (not read)")
    if st.st_size > limit:
        raise RefusedInput(f"refused: larger than {_size(limit)} (not read)")


def refusal(path: Path, roots: Sequence[str]) -> str | None:
    """Why ``path`` must not be read, or None (also when it cannot be looked at: reading says why).

    A link is refused when it resolves outside ``roots`` (the inputs named on
    the command line, resolved) and is not followed to find out more.
    """
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            if not is_inside(os.path.realpath(path), roots):
                return OUTSIDE_INPUTS
            st = os.stat(path)
        check_regular(st)
    except RefusedInput as refused:
        return str(refused)
    except OSError:
        return None
    return None


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (not a link); at most ``limit`` of them.

    Raises :class:`RefusedInput` for anything else, :class:`OSError` when it
    cannot be read.  The type is checked before opening (opening a device can
    act on it), again on the open descriptor (the path may have changed in
    between), and the size while reading (a file may grow).
    """
    check_regular(os.lstat(path), limit)
    descriptor = os.open(path, _OPEN_FLAGS)
    with open(descriptor, "rb", buffering=0, closefd=True) as handle:
        check_regular(os.fstat(descriptor), limit)
        chunks = []
        size = 0
        while size <= limit:
            chunk = handle.read(min(_READ_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise RefusedInput(f"refused: larger than {_size(limit)} (not read)")
    return b"".join(chunks)


def read_named(path: Path) -> bytes:
    """:func:`read_input` for a file named on the command line, where it really is.

    A link named by the user is the user's choice, so it is followed; what it
    leads to must still be a regular file within the size limit.
    """
    return read_input(Path(os.path.realpath(path)))


def _size(limit: int) -> str:
    return f"{limit // (1 << 20)} MiB" if limit >= 1 << 20 else f"{limit} bytes"
