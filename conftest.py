"""Settings and shared fixtures for every test under tests/ and plugins/.

Property tests (Hypothesis) draw their examples from a seed fixed per test, so a run of
``make test`` is repeatable: a failure it finds is found again by the next run and by CI,
instead of coming and going with a random seed.  ``HYPOTHESIS_PROFILE=explore`` draws
fresh examples (and more of them) when hunting for new failures.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


#: Settings every in-process test build shares: no feeds, no cache, a fixed time zone.
QUIET_BUILD = {
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TIMEZONE": "Asia/Shanghai",
}


@pytest.fixture
def pelican_build() -> Callable[..., dict[str, bytes]]:
    """Build ``content`` into ``output`` with Pelican in this process; returns the
    output's files (path -> bytes), so two builds can be compared byte for byte."""

    def build(content: Path, output: Path, **overrides: Any) -> dict[str, bytes]:
        from pelican import Pelican
        from pelican.settings import read_settings

        override = {"PATH": str(content), "OUTPUT_PATH": str(output), **QUIET_BUILD}
        Pelican(read_settings(None, override={**override, **overrides})).run()
        files = sorted(p for p in output.rglob("*") if p.is_file())
        return {str(p.relative_to(output)): p.read_bytes() for p in files}

    return build
