#!/usr/bin/env python3
"""Turn saved 科学空间 listing pages into Pelican Markdown posts.

    scripts/scrape.py INPUT... --output DIR [--archive-index FILE]
                      [--overrides FILE] [--report FILE] [--jobs N]

Exit status: 0 every entry ingested, 1 something was rejected (the rest is
still written), 2 usage error, nothing readable, an output that cannot be
written (the output folder is then left as it was) or another run writing the
same folder; 130/143 stopped by SIGINT/SIGTERM (the shell's 128 + signal
number, so ``make`` and scripts see an interruption, not a usage error; the
temporary files are removed and the folder holds the old posts or the new
ones, never a mix).  The logic lives in :mod:`kexue_archive.pipeline`; this
file only handles the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kexue_archive.interrupt import Interrupted, raise_on_stop_signals
from kexue_archive.parallel import JOBS_ENV
from kexue_archive.pipeline import EXIT_UNUSABLE, UsageError, run
from kexue_archive.quoting import printable
from kexue_archive.writer import (
    OutputFolderError,
    OutputWriteError,
    UnsafeNameError,
    check_file_path,
    write_file_atomically,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scrape.py",
        description="Turn saved kexue.fm listing pages (.txt, .html) into content/*.md posts.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="dump files or folders")
    parser.add_argument("--output", required=True, metavar="DIR", help="folder for <slug>.md")
    parser.add_argument("--archive-index", metavar="FILE", help="saved archive page (归档)")
    parser.add_argument("--overrides", metavar="FILE", help="TOML file of per-post corrections")
    parser.add_argument("--report", metavar="FILE", help="write the JSON report here")
    parser.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help=f"processes reading big inputs (default: ${JOBS_ENV}, else one per idle core; "
        "1: read serially)",
    )
    return parser.parse_args(argv)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def _error(message: str) -> int:
    """Print a usage error (it may name input paths: printed without escapes); exit 2."""
    print(f"scrape.py: error: {printable(message)}", file=sys.stderr)
    return EXIT_UNUSABLE


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)  # exits 2 on usage errors
    raise_on_stop_signals()
    try:
        return _scrape(args)
    except Interrupted as stop:
        print(
            f"scrape.py: stopped by {stop}: temporary files removed; {args.output} holds "
            "the previous posts or the new ones, never a mix",
            file=sys.stderr,
        )
        return stop.exit_status


def _scrape(args: argparse.Namespace) -> int:
    if args.report:  # every output path is checked before anything is read or written
        try:
            check_file_path(Path(args.report))
        except OutputFolderError as error:
            print(f"scrape.py: error: --report {error}", file=sys.stderr)
            return EXIT_UNUSABLE
    try:
        report, status = run(
            args.inputs,
            Path(args.output),
            archive_index=args.archive_index,
            overrides=args.overrides,
            jobs=args.jobs,
        )
    except UsageError as error:
        return _error(str(error))
    except OutputWriteError as error:
        return _error(f"{error}; nothing in {args.output} was changed")
    except OutputFolderError as error:
        return _error(str(error))
    except (UnsafeNameError, OSError) as error:
        return _error(f"cannot write {args.output}: {error}")
    if args.report:
        try:
            write_file_atomically(Path(args.report), report.to_json().encode("utf-8"))
        except OSError as error:
            return _error(f"cannot write report: {error}")
    print(report.summary(), file=sys.stderr)
    if report.files_removed:
        print(f"  removed {len(report.files_removed)} stale file(s)", file=sys.stderr)
    if report.temp_files_removed:
        print(
            f"  removed {len(report.temp_files_removed)} temporary file(s) an interrupted "
            "run had left",
            file=sys.stderr,
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
