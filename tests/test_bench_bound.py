"""The latency-bound probe (bench/bound.py) prepares copies of a built site
that differ from it only by a preload, and never touches the site itself."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pelican.plugins.cjk_search.cjk_search import STATIC_JS

from bench.bound import ANCHOR, PRELOAD, PRELOAD_JS, WORKER, prepare

SOURCE_WORKER = STATIC_JS / "search-worker.js"


def test_the_shipped_worker_has_the_line_the_preload_follows_once() -> None:
    assert SOURCE_WORKER.read_text(encoding="utf-8").count(ANCHOR) == 1


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    files = {
        "search/index.json": {"version": 4},
        "search/doc/0.json": {"docs": [["a.html", "甲"]]},
        "search/doc/1.json": {"docs": [["b.html", "乙"]]},
        "search/title/3.json": {"terms": {"甲": [[0, 1]]}},
        "search/body/0.json": {"terms": {"甲乙": [0, 2]}},
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (root / WORKER).parent.mkdir(parents=True)
    (root / WORKER).write_text(SOURCE_WORKER.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_a_variant_preloads_its_kinds_and_patches_only_its_own_worker(
    site: Path, tmp_path: Path
) -> None:
    original = (site / WORKER).read_text(encoding="utf-8")
    copy = prepare(site, tmp_path / "copy", ("doc", "title"))
    preload = json.loads((copy / "search" / PRELOAD).read_text(encoding="utf-8"))
    assert preload == {
        "doc": {"0": {"docs": [["a.html", "甲"]]}, "1": {"docs": [["b.html", "乙"]]}},
        "title": {"3": {"terms": {"甲": [[0, 1]]}}},
    }
    patched = (copy / WORKER).read_text(encoding="utf-8")
    assert patched == original.replace(ANCHOR, ANCHOR + PRELOAD_JS)
    assert (site / WORKER).read_text(encoding="utf-8") == original
    assert not os.path.samefile(site / WORKER, copy / WORKER)
    # Everything else is the site's own file, linked, not copied.
    assert os.path.samefile(site / "search/body/0.json", copy / "search/body/0.json")
    assert not (site / "search" / PRELOAD).exists()


def test_the_site_variant_is_the_site_unchanged(site: Path, tmp_path: Path) -> None:
    copy = prepare(site, tmp_path / "copy", ())
    assert os.path.samefile(site / WORKER, copy / WORKER)
    assert not (copy / "search" / PRELOAD).exists()


def test_a_worker_without_the_line_is_refused_by_name(site: Path, tmp_path: Path) -> None:
    (site / WORKER).write_text("// rewritten\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"search-worker\.js"):
        prepare(site, tmp_path / "copy", ("doc",))
