from __future__ import annotations

import json
from pathlib import Path

import pytest

from .fixture_site import build_fixture_site
from .lunr_answers import shipped_docs


@pytest.fixture(scope="session")
def fixture_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built once with Pelican's default theme and the search plugin."""
    return build_fixture_site(tmp_path_factory.mktemp("search-site"))


@pytest.fixture(scope="session")
def eager_index(fixture_output: Path) -> dict:
    return json.loads((fixture_output / "search" / "index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def docs(fixture_output: Path) -> list[list]:
    """``[url, title, date, series, part]`` of every post, by id (from ``doc/``)."""
    return shipped_docs(fixture_output / "search")
