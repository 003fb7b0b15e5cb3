#!/usr/bin/env python3
"""Download the images of the archived posts into the archive, so the site shows local copies.

    scripts/fetch_images.py [--content DIR] [--images-dir NAME] [--delay S] [--max-bytes N]
                            [--timeout S] [--retry-failed] [--any-host] [--report FILE]

Reads ``DIR/*.md`` (default ``content``) for Markdown images, fetches each missing one from
the blog's hosts (kexue.fm, spaces.ac.cn and their subdomains) into ``DIR/images/<host>/<path>``,
one request at a time.  Exit status: 0 every allowed image is there, 1 some image failed
(stderr and the report name it and the post lines showing it), 2 usage error.  The logic lives
in :mod:`kexue_archive.images.fetch`; this file only handles the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kexue_archive.images.fetch import (
    DEFAULT_DELAY,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    FetchSettings,
    fetch_images,
    summary,
)
from kexue_archive.images.layout import BLOG_IMAGE_HOSTS, IMAGES_DIR

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell's code for SIGINT


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="fetch_images.py",
        description="Download the images the posts in content/*.md show, for the archive.",
    )
    parser.add_argument("--content", default="content", metavar="DIR", help="posts folder")
    parser.add_argument(
        "--images-dir",
        default=IMAGES_DIR,
        metavar="NAME",
        help=f"folder under DIR for the copies (the site's IMAGES_DIR; default {IMAGES_DIR})",
    )
    parser.add_argument(
        "--delay",
        type=_non_negative(float),
        default=DEFAULT_DELAY,
        metavar="S",
        help=f"seconds between two requests (default {DEFAULT_DELAY:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_non_negative(int),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest image stored, in bytes (default {DEFAULT_MAX_BYTES})",
    )
    parser.add_argument(
        "--timeout",
        type=_non_negative(float),
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds to wait for the server at each step (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--retry-failed", action="store_true", help="try again the images that failed before"
    )
    parser.add_argument(
        "--any-host",
        action="store_true",
        help=f"fetch from any host, not only {', '.join(BLOG_IMAGE_HOSTS)} and their subdomains",
    )
    parser.add_argument("--report", metavar="FILE", help="write the JSON report here")
    return parser.parse_args(argv)


def _non_negative(kind: type) -> object:
    def parse(value: str) -> float | int:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, not {value!r}") from None
        if number < 0:
            raise argparse.ArgumentTypeError(f"expected a number of at least 0, not {value!r}")
        return number

    return parse


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)  # exits 2 on usage errors
    content = Path(args.content)
    if not content.is_dir():
        print(f"fetch_images.py: error: {content} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    report_path = Path(args.report) if args.report else None
    if report_path is not None and report_path.is_dir():
        print(f"fetch_images.py: error: --report {report_path} is a folder", file=sys.stderr)
        return EXIT_USAGE
    settings = FetchSettings(
        any_host=args.any_host,
        delay=args.delay,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        retry_failed=args.retry_failed,
    )
    try:
        report = fetch_images(
            content,
            content / args.images_dir,
            settings,
            warn=lambda line: print(f"fetch_images.py: {line}", file=sys.stderr, flush=True),
        )
    except KeyboardInterrupt:
        print("fetch_images.py: interrupted; the next run resumes", file=sys.stderr)
        return EXIT_INTERRUPTED
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(report.to_json(), "utf-8")
    print(f"fetch_images.py: {summary(report)}", file=sys.stderr)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
