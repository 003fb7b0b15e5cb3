"""Shared fixtures: build the site with Pelican and serve a folder over HTTP.

``built_site`` builds a content folder once per session and settings (the fixture site,
the seeds through the scraper, or any folder) and returns the output folder.
``http_server`` serves a folder on 127.0.0.1 under a path prefix such as ``/archive/``,
the way a GitHub Pages project site serves it.  Browser fixtures live in
``tests/browser/conftest.py``.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"
SAMPLE_DUMPS = ROOT / "samples" / "dumps"
#: What ``make content`` scrapes: the listing dumps and the seed posts' full saves.
SAMPLE_INPUTS = (SAMPLE_DUMPS, ROOT / "samples" / "saves")
SAMPLE_INDEX = ROOT / "samples" / "archive_index.txt"
SCRAPER = ROOT / "scripts" / "scrape.py"


def run_python(cmd: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run a Python child in UTF-8 mode (its output holds Chinese whatever the locale)."""
    child_env = {**os.environ, "PYTHONUTF8": "1", **env}
    return subprocess.run(
        cmd, cwd=ROOT, env=child_env, capture_output=True, encoding="utf-8", errors="replace"
    )


def run_pelican(
    content: Path,
    output: Path,
    *,
    siteurl: str | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    """Build ``content`` into ``output``: pelicanconf.py, or publishconf.py when ``siteurl``.

    Pelican runs in a subprocess so every build starts with fresh plugin signals.
    """
    conf = ROOT / ("publishconf.py" if siteurl else "pelicanconf.py")
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(conf)]
    if extra:  # one -e takes every KEY=VALUE (JSON values)
        cmd += ["-e", *(f"{key}={value}" for key, value in sorted(extra.items()))]
    proc = run_python(cmd, SITEURL=siteurl or "")
    if proc.returncode != 0 or "ERROR" in proc.stdout + proc.stderr:
        raise AssertionError(f"pelican failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


def scrape_samples(dest: Path) -> Path:
    """Run the scraper on the shipped sample dumps (the seeds); skip when it is not there yet."""
    if not SCRAPER.exists():
        pytest.skip("scripts/scrape.py is not there yet: no seeds content to build")
    content = dest / "content"
    cmd = [sys.executable, str(SCRAPER), *map(str, SAMPLE_INPUTS), "--output", str(content)]
    if SAMPLE_INDEX.exists():
        cmd += ["--archive-index", str(SAMPLE_INDEX)]
    cmd += ["--report", str(dest / "report.json")]
    proc = run_python(cmd)
    if proc.returncode != 0:
        raise AssertionError(f"scrape.py failed ({proc.returncode}):\n{proc.stderr}")
    return content


@pytest.fixture(scope="session")
def fixture_content() -> Path:
    """The hand-written fixture site's content folder."""
    return FIXTURE_CONTENT


@pytest.fixture(scope="session")
def seeds_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' content folder, scraped from ``samples/`` into a temporary folder."""
    return scrape_samples(tmp_path_factory.mktemp("seeds"))


BuildSite = Callable[..., Path]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildSite:
    """Factory: ``built_site(content=FIXTURE_CONTENT, siteurl=None, output=None, extra=None)``.

    Builds are cached per (content, siteurl, extra) for the session unless ``output`` is
    given (then that folder is built into, e.g. one an ``http_server`` already serves).
    """
    cache: dict[tuple, Path] = {}

    def build(
        content: Path = FIXTURE_CONTENT,
        siteurl: str | None = None,
        output: Path | None = None,
        extra: dict[str, str] | None = None,
    ) -> Path:
        key = (str(content), siteurl, tuple(sorted((extra or {}).items())))
        if output is None and key in cache:
            return cache[key]
        if output is None:
            tag = hashlib.sha1(repr(key).encode()).hexdigest()[:8]
            output = tmp_path_factory.mktemp(f"site-{tag}")
        run_pelican(Path(content), output, siteurl=siteurl, extra=extra)
        cache.setdefault(key, output)
        return output

    return build


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serve ``directory`` under ``prefix``; anything outside the prefix is a 404."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        url_path = unquote(urlsplit(path).path)
        if not url_path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__" / "missing")
        return super().translate_path("/" + url_path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


ServeDir = Callable[..., str]


@pytest.fixture(scope="session")
def http_server() -> Iterator[ServeDir]:
    """Factory: ``http_server(folder, prefix="/", port=None)`` -> base URL ending in ``/``.

    Each call starts a threaded server on 127.0.0.1 (a free port unless given) that
    serves ``folder`` under ``prefix``; all are shut down at the end of the session.
    The folder may still be empty: a publish build needs the URL (port) before it is built.
    """
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path, prefix: str = "/", port: int | None = None) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = type(
            "Handler",
            (_PrefixHandler,),
            {"prefix": prefix},
        )
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port or 0), functools.partial(handler, directory=str(folder))
        )
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """``test-output/screenshots/``: screenshots kept for a human to review."""
    path = ROOT / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
