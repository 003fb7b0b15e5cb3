#!/usr/bin/env python3
"""Turn saved 科学空间 listing pages into Pelican Markdown posts.

    scripts/scrape.py INPUT... --output DIR [--archive-index FILE]
                      [--overrides FILE] [--report FILE] [--jobs N]

Exit status: 0 every entry ingested, 1 something was rejected (the rest is
still written), 2 usage error or nothing readable.  The logic lives in
:mod:`kexue_archive.pipeline`; this file only handles the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kexue_archive.parallel import JOBS_ENV
from kexue_archive.pipeline import EXIT_UNUSABLE, UsageError, run
from kexue_archive.quoting import printable
from kexue_archive.writer import OutputFolderError, UnsafeNameError


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
    except (OutputFolderError, UnsafeNameError, OSError) as error:
        return _error(f"cannot write {args.output}: {error}")
    if args.report:
        try:
            path = Path(args.report)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(report.to_json(), encoding="utf-8")
        except OSError as error:
            return _error(f"cannot write report: {error}")
    print(report.summary(), file=sys.stderr)
    if report.files_removed:
        print(f"  removed {len(report.files_removed)} stale file(s)", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
