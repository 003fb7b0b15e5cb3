"""Download the images the archived posts show, politely, into the archive's image folder.

The blog is one person's server, so the fetcher is a careful guest: one request at a time,
a pause between requests, a per-file size limit read as a stream (a lying or missing
``Content-Length`` cannot make it read more), a timeout on every network wait, its own
User-Agent, and only the blog's hosts unless told otherwise (redirects included).

Nothing is fetched twice: a copy on disk is never requested again, and an address that
failed is recorded in ``<images>/.fetch-index.json`` and left alone until ``retry_failed``.
A download goes to a hidden ``.<name>.part`` file that becomes the copy only once complete
and checked; an interrupted run leaves the part, and the next run asks the server for the
rest (``Range``), starting over when the server does not resume.

What is stored must be a PNG, JPEG, GIF or WebP image: the response's ``Content-Type`` must
be ``image/*`` and the first bytes must carry one of those formats' signatures.  SVG is
refused, whatever its type says: it is a document that can run script when opened from the
site's own origin.  Dot files (parts, the index) are never published: Pelican ignores them
and the site copies only the images a post links.
"""

from __future__ import annotations

import http.client
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit, urlunsplit

from kexue_archive.images.layout import BLOG_IMAGE_HOSTS, host_allowed, image_host, image_key
from kexue_archive.images.references import ImageReference, find_images

USER_AGENT = "kexue-archive-fetch-images/0.1 (archiving the blog's own images; one at a time)"
DEFAULT_DELAY = 1.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
INDEX_NAME = ".fetch-index.json"
_CHUNK = 64 * 1024
#: The image formats a copy may be, by the signature its bytes start with.
_SIGNATURES: tuple[tuple[str, Callable[[bytes], bool]], ...] = (
    ("png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
)
#: Characters of a URL's path and query sent as they are (everything else is %-encoded).
_URL_SAFE = "/%:@!$&'()*+,;=-._~"


class FetchError(Exception):
    """One image could not be stored; the message says why, for the report."""


@dataclass(frozen=True)
class FetchSettings:
    """How to fetch: the defaults are the polite ones the script documents."""

    hosts: tuple[str, ...] = BLOG_IMAGE_HOSTS
    any_host: bool = False
    delay: float = DEFAULT_DELAY
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    user_agent: str = USER_AGENT
    retry_failed: bool = False

    def allows(self, url: str) -> bool:
        """Whether ``url`` may be requested (an http(s) address on an allowed host)."""
        host = image_host(url)
        return host is not None and (self.any_host or host_allowed(host, self.hosts))


@dataclass(frozen=True)
class Downloaded:
    """An image stored by this run (``resumed``: completed from an earlier part)."""

    url: str
    path: str
    bytes: int
    format: str
    resumed: bool


@dataclass(frozen=True)
class Failed:
    """An image not stored; ``earlier``: it failed in a former run and was not retried."""

    url: str
    error: str
    sources: tuple[str, ...]
    earlier: bool = False


@dataclass(frozen=True)
class Skipped:
    """An image address this run does not fetch (not http(s), or a host not allowed)."""

    url: str
    reason: str
    sources: tuple[str, ...]


@dataclass
class FetchReport:
    """Everything a run did; the JSON report and the stderr lines are written from it."""

    downloaded: list[Downloaded] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    requests: int = 0

    def to_json(self) -> str:
        """The report as deterministic JSON (sorted keys, no times)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def sniff_image(head: bytes) -> str | None:
    """The format whose signature ``head`` starts with, among those a copy may be."""
    return next((name for name, matches in _SIGNATURES if matches(head)), None)


def collect_references(content_dir: Path) -> dict[str, list[ImageReference]]:
    """Image address -> where the posts (``content_dir/*.md``) show it, addresses sorted."""
    found: dict[str, list[ImageReference]] = {}
    for post in sorted(content_dir.glob("*.md")):
        if not post.is_file():
            continue
        text = post.read_text("utf-8", errors="replace")
        for ref in find_images(text, post.name):
            found.setdefault(ref.url, []).append(ref)
    return dict(sorted(found.items()))


def fetch_images(
    content_dir: Path,
    images_root: Path,
    settings: FetchSettings,
    *,
    sleep: Callable[[float], None] = time.sleep,
    warn: Callable[[str], None] = lambda line: None,
) -> FetchReport:
    """Fetch every missing image the posts show into ``images_root``; return the report.

    ``warn`` gets one line per failure as it happens (the script prints them to stderr).
    """
    report = FetchReport()
    index = _FailureIndex(images_root / INDEX_NAME)
    opener = urllib.request.build_opener(_CheckedRedirect(settings))
    for url, refs in collect_references(content_dir).items():
        sources = sources_of(refs)
        key = image_key(url)
        if key is None:
            report.skipped.append(Skipped(url, "not an http(s) address", sources))
            continue
        if not settings.allows(url):
            report.skipped.append(Skipped(url, "host not allowed (--any-host)", sources))
            continue
        dest = images_root / key
        if dest.is_file():
            report.cached.append(url)
            index.forget(url)
            continue
        earlier = index.error(url)
        if earlier is not None and not settings.retry_failed:
            failure = Failed(url, earlier, sources, earlier=True)
            report.failed.append(failure)
            warn(_failure_line(failure))
            continue
        if report.requests:
            sleep(settings.delay)
        report.requests += 1
        try:
            stored = _download(url, images_root, key, settings, opener)
        except FetchError as error:
            failure = Failed(url, str(error), sources)
            report.failed.append(failure)
            index.record(url, str(error))
            warn(_failure_line(failure))
            continue
        report.downloaded.append(stored)
        index.forget(url)
    return report


def _failure_line(failure: Failed) -> str:
    where = ", ".join(failure.sources)
    note = " (failed in an earlier run; --retry-failed tries again)" if failure.earlier else ""
    return f"FAILED {printable(failure.url)} ({printable(where)}): {failure.error}{note}"


def printable(text: str) -> str:
    """``text`` safe for a terminal: control and other unprintable characters escaped."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _request_url(url: str) -> str:
    """The address as urllib can send it: path and query %-encoded, no fragment."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    netloc = host.encode("idna").decode("ascii") + (f":{parts.port}" if parts.port else "")
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path or "/", safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            "",
        )
    )


def _download(
    url: str,
    images_root: Path,
    key: PurePosixPath,
    settings: FetchSettings,
    opener: urllib.request.OpenerDirector,
) -> Downloaded:
    """One request for ``url``, streamed into a part file, checked, renamed to the copy."""
    dest = images_root / key
    part = dest.with_name(f".{dest.name}.part")
    offset = part.stat().st_size if part.is_file() else 0
    if offset >= settings.max_bytes:
        part.unlink()
        offset = 0
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "image/png,image/jpeg,image/gif,image/webp;q=0.9,image/*;q=0.5",
    }
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(_request_url(url), headers=headers)
    try:
        with opener.open(request, timeout=settings.timeout) as response:
            offset, total = _body_plan(response, offset, settings.max_bytes)
            dest.parent.mkdir(parents=True, exist_ok=True)
            _stream(response, part, offset, total, settings.max_bytes)
    except urllib.error.HTTPError as error:
        if error.code == 416:  # our part is no prefix of the file any more
            part.unlink(missing_ok=True)
        raise FetchError(f"HTTP {error.code} {error.reason}") from None
    except TimeoutError:
        raise FetchError(f"timed out (no answer within {settings.timeout:g} s)") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"timed out (no answer within {settings.timeout:g} s)") from None
        raise FetchError(f"network error: {reason}") from None
    except OSError as error:
        if error.filename is not None:  # our side: the copy's folder or file
            raise FetchError(f"cannot store it at {error.filename}: {error.strerror}") from None
        raise FetchError(f"network error: {error}") from None
    except (ValueError, http.client.HTTPException) as error:  # bad status line, short read
        raise FetchError(f"network error: {error!r}") from None
    with part.open("rb") as stored:
        kind = sniff_image(stored.read(16))
    if kind is None:
        part.unlink()
        raise FetchError("the bytes are not a PNG, JPEG, GIF or WebP image")
    size = part.stat().st_size
    os.replace(part, dest)
    return Downloaded(url, key.as_posix(), size, kind, resumed=offset > 0)


def _body_plan(response, offset: int, max_bytes: int) -> tuple[int, int | None]:
    """Check the response's type and size: where its body starts in the file (0 or
    ``offset``), and the file's whole size when the server says it."""
    content_type = response.headers.get_content_type()
    if content_type == "image/svg+xml":
        raise FetchError("SVG refused: an SVG can run script when opened from the site")
    if not content_type.startswith("image/"):
        raise FetchError(f"Content-Type is {content_type}, not an image")
    if response.status == 206 and offset:
        content_range = response.headers.get("Content-Range", "")
        start, _, size = content_range.removeprefix("bytes ").partition("-")
        if not start.isdigit() or int(start) != offset:
            raise FetchError(f"the server resumed at {content_range!r}, not at byte {offset}")
        size = size.partition("/")[2]
        total = int(size) if size.isdigit() else None
    else:
        offset = 0  # a whole response: the server did not resume (or nothing to resume)
        length = response.headers.get("Content-Length", "")
        total = int(length) if length.isdigit() else None
    if total is not None and total > max_bytes:
        raise FetchError(f"{total} bytes, more than the limit of {max_bytes}")
    return offset, total


def _stream(response, part: Path, offset: int, total: int | None, max_bytes: int) -> None:
    """Append the body to ``part`` (or start it), stopping at the size limit.

    A connection that closes early is no error to ``http.client`` when reading by chunks, so
    the size is checked here: a short part stays for the next run to resume.
    """
    written = offset
    with part.open("ab" if offset else "wb") as out:
        while chunk := response.read(_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                out.close()
                part.unlink()
                raise FetchError(f"more than the limit of {max_bytes} bytes; stopped reading")
            out.write(chunk)
    if total is not None and written != total:
        raise FetchError(f"the connection closed after {written} of {total} bytes (resumable)")


class _CheckedRedirect(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an address the settings would fetch directly."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if not self.settings.allows(newurl):
            raise FetchError(f"redirected to {printable(newurl)}, which is not allowed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _FailureIndex:
    """``.fetch-index.json``: the addresses that failed and why, saved after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.failed: dict[str, str] = {}
        if path.is_file():
            try:
                data = json.loads(path.read_text("utf-8"))
                self.failed = {str(k): str(v) for k, v in data.get("failed", {}).items()}
            except (ValueError, AttributeError):
                self.failed = {}  # a damaged index only costs a retry

    def error(self, url: str) -> str | None:
        return self.failed.get(url)

    def record(self, url: str, error: str) -> None:
        self.failed[url] = error
        self._save()

    def forget(self, url: str) -> None:
        if self.failed.pop(url, None) is not None:
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        data = {"failed": dict(sorted(self.failed.items()))}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        os.replace(tmp, self.path)


def summary(report: FetchReport) -> str:
    """One line for stderr: what the run did."""
    return (
        f"images: {len(report.downloaded)} downloaded, {len(report.cached)} already there, "
        f"{len(report.failed)} failed, {len(report.skipped)} skipped; "
        f"{report.requests} requests"
    )


def sources_of(refs: Iterable[ImageReference]) -> tuple[str, ...]:
    """``file:line`` of each place an image is shown, in order, without repeats."""
    return tuple(dict.fromkeys(f"{ref.path}:{ref.line}" for ref in refs))
