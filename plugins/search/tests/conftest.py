from __future__ import annotations

import json
from pathlib import Path

import pytest

from .fixture_site import build_fixture_site


@pytest.fixture(scope="session")
def fixture_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built once with Pelican's default theme and the search plugin."""
    return build_fixture_site(tmp_path_factory.mktemp("search-site"))


@pytest.fixture(scope="session")
def eager_index(fixture_output: Path) -> dict:
    return json.loads((fixture_output / "search" / "index.json").read_text(encoding="utf-8"))
