"""Browser fixtures: one Playwright Chromium (Debian's ``/usr/bin/chromium``) per session.

Site fixtures come from ``tests/conftest.py`` and are available here too:
``built_site(content=FIXTURE_CONTENT, siteurl=None, output=None, extra=None)`` builds a
site once per session, ``http_server(folder, prefix="/", port=None)`` serves it on
127.0.0.1 and returns the base URL, ``screenshot_dir`` is ``test-output/screenshots/``.
``published_site`` is the fixture site built with publishconf.py for, and served under,
``/archive/`` on a free port, as a GitHub Pages project site is.  ``open_page(url,
**context_options)`` opens a page in a fresh context, waits for MathJax, and returns it with
a :class:`PageLog` of its console errors and requests; ``math_ready(page)`` waits for
MathJax after a later ``page.goto``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by every browser test; skipped when none is installed."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (make browser installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did besides rendering: console errors, uncaught errors, requests."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def watch(page: object) -> PageLog:
    """Record console errors, page errors, every request and every failed response."""
    log = PageLog()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("request", lambda r: log.requests.append(r.url))
    # A request our own next ``goto`` cancels (net::ERR_ABORTED) is not the site's fault; a
    # missing file still shows up, as a response with status 404.
    page.on(
        "requestfailed",
        lambda r: log.failed.append(f"{r.url} {r.failure}") if "ABORTED" not in r.failure else None,
    )
    page.on(
        "response", lambda r: log.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None
    )
    return log


@pytest.fixture(scope="session")
def published_site(built_site, http_server, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Base URL (``http://127.0.0.1:PORT/archive/``) of the fixture site's publish build."""
    output = tmp_path_factory.mktemp("published")
    base = http_server(output, "/archive/")
    built_site(siteurl=base.rstrip("/"), output=output)
    return base


def wait_for_math(page: object) -> None:
    """Wait until MathJax has typeset the page (a no-op on pages without math)."""
    page.wait_for_function(
        "() => !document.getElementById('MathJax-script') || "
        "(window.MathJax && MathJax.startup && MathJax.startup.promise)"
    )
    # Then the fonts MathJax asked for: leaving earlier would abort their requests.
    page.evaluate(
        "() => (window.MathJax && MathJax.startup && MathJax.startup.promise"
        " ? MathJax.startup.promise : Promise.resolve()).then(() => document.fonts.ready)"
        ".then(() => true)"
    )


@pytest.fixture(scope="session")
def math_ready() -> Callable[[object], None]:
    """``math_ready(page)``: wait until MathJax has typeset ``page`` (after a ``goto``)."""
    return wait_for_math


OpenPage = Callable[..., tuple[object, PageLog]]


@pytest.fixture
def open_page(browser) -> Iterator[OpenPage]:
    """Factory: ``open_page(url, **context_options) -> (page, log)``, typeset and watched."""
    contexts = []

    def open_(url: str, **context_options: object) -> tuple[object, PageLog]:
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        log = watch(page)
        page.goto(url, wait_until="load")
        wait_for_math(page)
        return page, log

    yield open_
    for context in contexts:
        context.close()
