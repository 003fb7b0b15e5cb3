"""The ingest stage end to end: input paths -> entries -> posts -> ``DIR/<slug>.md``.

Kept apart from the command line so tests and the benchmark call the same
code the CLI does.  Every entry of every readable input ends up as a post, a
merge recorded by inference, or a rejection in the report.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kexue_archive.collector import cycle_collector_paused
from kexue_archive.dumps.archive_index import ArchiveIndex, load_archive_index
from kexue_archive.dumps.detect import DumpResult
from kexue_archive.dumps.entry import Entry
from kexue_archive.infer import build_posts as infer_build_posts
from kexue_archive.input_files import OUTSIDE_INPUTS, is_inside, refusal
from kexue_archive.markdown_out import render_comments, render_post
from kexue_archive.model import COMMENTS_SUFFIX, Post
from kexue_archive.overrides import Overrides, load_overrides
from kexue_archive.parallel import reading
from kexue_archive.report import InputRead, Rejection, Report
from kexue_archive.writer import (
    OutputFolderError,
    UnsafeNameError,
    check_folder_path,
    file_name,
    write_output,
)

#: What folders are searched for: listing dumps, saved pages, web-clipper saves (``.md``).
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".md")

T = TypeVar("T")

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_UNUSABLE = 2


class UsageError(Exception):
    """Bad command-line input: a missing path, an unreadable index or overrides file."""


@dataclass(frozen=True)
class InputFile:
    """A file to read, and the name it goes by in sources and reports."""

    path: Path
    name: str


def collect_inputs(
    arguments: Sequence[str], refused: list[Rejection] | None = None
) -> list[InputFile]:
    """Files named on the command line, and dump files found under folders (sorted).

    A file keeps the name it was given (its name, if that path is absolute);
    a file found in a folder is named relative to that folder, so the output
    does not depend on where the command runs.  Its ``path`` is where it
    really is (links resolved), which is what gets read.  Symlinked folders
    are not followed (no loops).  What must not be read (a link to outside
    the arguments, a FIFO, a device, a file over the size limit) and folders
    that cannot be listed go to ``refused``, named like the files.
    """
    roots = [os.path.realpath(argument) for argument in arguments if os.path.exists(argument)]
    found: list[InputFile] = []
    seen: set[str] = set()
    names: set[str] = set()
    problems: list[Rejection] = []
    for argument in arguments:
        root = Path(argument)
        if root.is_dir():
            batch, refusals = _walk(root, roots)
        elif root.exists():  # a file, or something refused when it is looked at
            batch = [InputFile(root, root.name if root.is_absolute() else root.as_posix())]
            refusals = []
        else:
            raise UsageError(f"{argument}: no such file or folder")
        for item in batch:
            reason = refusal(item.path, roots)
            if reason is not None:
                refusals.append(Rejection(item.name, 0, reason))
                continue
            real = os.path.realpath(item.path)
            if real in seen:
                continue
            seen.add(real)
            name = item.name
            if name in names:  # same relative name under two folders
                name = f"{root.name}/{name}"
            names.add(name)
            found.append(InputFile(Path(real), name))
        problems += sorted(refusals, key=lambda r: r.path)
    if refused is not None:
        known: set[str] = set()
        for problem in problems:  # a folder given twice is refused once
            if problem.path not in known:
                known.add(problem.path)
                refused.append(problem)
    return found


def _walk(root: Path, roots: Sequence[str]) -> tuple[list[InputFile], list[Rejection]]:
    """The dump files under ``root``, named relative to it; linked folders leading outside
    ``roots`` and folders that cannot be listed are refused."""
    batch: list[InputFile] = []
    refusals: list[Rejection] = []
    unreadable: list[OSError] = []
    for folder, dirs, filenames in os.walk(root, onerror=unreadable.append):
        dirs.sort()
        prefix = Path(folder).relative_to(root).as_posix()  # "." for root itself
        for dirname in dirs:
            linked = os.path.join(folder, dirname)
            if os.path.islink(linked) and not is_inside(os.path.realpath(linked), roots):
                name = dirname if prefix == "." else f"{prefix}/{dirname}"
                refusals.append(Rejection(name, 0, OUTSIDE_INPUTS))
        for filename in filenames:
            if filename.lower().endswith(INPUT_SUFFIXES):
                name = filename if prefix == "." else f"{prefix}/{filename}"
                batch.append(InputFile(Path(folder, filename), name))
    for error in unreadable:
        where = Path(error.filename or root)
        name = where.as_posix() if where == root else where.relative_to(root).as_posix()
        reason = error.strerror or str(error)
        refusals.append(Rejection(name, 0, f"cannot read folder: {reason}"))
    batch.sort(key=lambda f: f.name)
    return batch, refusals


def read_entries(
    inputs: Sequence[InputFile], report: Report, *, jobs: int | None = None
) -> list[Entry]:
    """Parse every input; record what was read and what was rejected."""
    with reading([(item.path, item.name) for item in inputs], jobs) as results:
        return _account(results(), report)


def _account(results: Sequence[DumpResult], report: Report) -> list[Entry]:
    """The entries of every file, in input order; what was read and rejected goes to ``report``."""
    entries: list[Entry] = []
    for result in results:
        if result.encoding:
            report.inputs.append(
                InputRead(result.path, result.encoding, result.format, len(result.entries))
            )
        report.rejections.extend(result.rejections)
        report.warnings.extend(result.warnings)
        report.entries_found += len(result.entries) + sum(1 for r in result.rejections if r.entry)
        entries.extend(result.entries)
    return entries


BuildPosts = Callable[[list[Entry], ArchiveIndex | None, Overrides | None, Report], list[Post]]


def run(
    arguments: Sequence[str],
    output: Path,
    *,
    archive_index: str | None = None,
    overrides: str | None = None,
    build_posts: BuildPosts = infer_build_posts,
    jobs: int | None = None,
) -> tuple[Report, int]:
    """Ingest ``arguments`` into ``output``; return the report and the exit status.

    Raises :class:`UsageError` for problems with the command itself, an
    output folder that cannot be written included, before anything is read
    or written.  When no input could be read at all, nothing is written (a
    wrong path must not empty the output folder).  ``jobs`` is how many processes read the
    inputs (see :mod:`kexue_archive.parallel`; 1: serially; default: the idle cores).
    """
    with cycle_collector_paused():
        return _run(arguments, output, archive_index, overrides, build_posts, jobs)


def _run(
    arguments: Sequence[str],
    output: Path,
    archive_index: str | None,
    overrides: str | None,
    build_posts: BuildPosts,
    jobs: int | None,
) -> tuple[Report, int]:
    refused: list[Rejection] = []
    try:
        check_folder_path(output)
    except OutputFolderError as error:
        raise UsageError(f"--output {error}") from error
    try:
        inputs = collect_inputs(arguments, refused)
    except UsageError as error:
        missing, inputs = error, []
    else:
        missing = None
    # The inputs are read (by workers, for big inputs) while the side files
    # load; a side file's problem is still reported before a missing input.
    with reading([(item.path, item.name) for item in inputs], jobs) as results:
        index = _load(archive_index, "--archive-index", load_archive_index)
        corrections = _load(overrides, "--overrides", load_overrides)
        if missing is not None:
            raise missing
        report = Report(rejections=refused)
        if index is not None:
            report.rejections += index.rejections
            report.warnings += index.warnings
        if not inputs:
            nothing = "no .txt/.html/.htm/.md input"
            report.rejections.append(Rejection(", ".join(arguments), 0, nothing))
            return report, EXIT_UNUSABLE
        entries = _account(results(), report)
    if not entries and not any(r.entry for r in report.rejections):
        return report, EXIT_UNUSABLE
    posts = build_posts(entries, index, corrections, report)
    files: dict[str, str] = {}
    for post in posts:
        try:
            name = file_name(post.slug)
        except UnsafeNameError as error:
            report.rejections.append(_post_rejection(post, str(error)))
            continue
        if name in files:
            report.rejections.append(_post_rejection(post, f"slug {post.slug!r} used twice"))
            continue
        files[name] = render_post(post)
        if (comments := render_comments(post)) is not None:
            files[file_name(post.slug, COMMENTS_SUFFIX)] = comments
    written = write_output(files, output)
    for name, reason in sorted(written.refused.items()):
        report.rejections.append(Rejection(str(output / name), 0, reason))
    report.posts_written = sorted(
        name for name in set(files) - set(written.refused) if name.endswith(".md")
    )
    report.files_removed = written.removed
    report.temp_files_removed = written.leftovers
    return report, EXIT_REJECTED if report.rejections else EXIT_OK


def _post_rejection(post: Post, reason: str) -> Rejection:
    first = min(post.sources) if post.sources else None
    if first is None:
        return Rejection("", 0, reason)
    return Rejection(first.path, first.line, reason, entry=first.entry)


def _load(path: str | None, option: str, loader: Callable[[str], T]) -> T | None:
    """Load an optional side file; any problem with it is a usage error naming the option."""
    if path is None:
        return None
    try:
        return loader(path)
    except (OSError, ValueError) as error:
        raise UsageError(f"{option} {path}: {error}") from error
