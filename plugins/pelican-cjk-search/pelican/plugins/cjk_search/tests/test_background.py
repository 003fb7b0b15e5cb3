"""The index is built in a forked process while Pelican writes pages, with the same bytes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pelican.plugins.cjk_search import cjk_search
from pelican.plugins.cjk_search.background import BackgroundError, BackgroundJob, can_fork

from .fixture_site import build_fixture_site

needs_fork = pytest.mark.skipif(not can_fork(), reason="this platform cannot fork")


@needs_fork
def test_a_job_runs_in_another_process_and_returns_its_result() -> None:
    job = BackgroundJob(lambda: ("built", os.getpid()))
    job.start()
    value, pid = job.result()
    assert value == "built"
    assert pid == job.child_pid and pid != os.getpid()


@needs_fork
def test_a_failure_in_the_child_is_raised_in_the_parent_with_its_traceback() -> None:
    def work() -> None:
        raise ValueError("shard 7 could not be written")

    job = BackgroundJob(work)
    job.start()
    with pytest.raises(BackgroundError, match="ValueError: shard 7 could not be written"):
        job.result()


def test_without_background_the_work_runs_in_this_process() -> None:
    job = BackgroundJob(os.getpid, background=False)
    job.start()
    assert not job.started
    assert job.result() == os.getpid()


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@needs_fork
def test_the_site_is_the_same_built_either_way(tmp_path: Path, monkeypatch) -> None:
    pids: list[int | None] = []
    real = cjk_search.SearchIndexGenerator.generate_output

    def recording(self, writer) -> None:
        job = self._job
        real(self, writer)
        pids.append(job.child_pid if job is not None else None)

    monkeypatch.setattr(cjk_search.SearchIndexGenerator, "generate_output", recording)
    background = build_fixture_site(tmp_path / "background")
    inline = build_fixture_site(tmp_path / "inline", SEARCH_BUILD_IN_BACKGROUND=False)
    assert pids[0] not in (None, os.getpid())  # the first build's index came from a child
    assert pids[1] == os.getpid()
    assert _files(background) == _files(inline)
    assert any(name.startswith("search/body/") for name in _files(background))


@needs_fork
def test_a_failing_index_build_fails_the_site_build_and_says_why(
    tmp_path: Path, monkeypatch
) -> None:
    def broken(documents, options):
        raise OSError("No space left on device: search/body/3.json")

    monkeypatch.setattr(cjk_search, "build_index_files", broken)
    with pytest.raises(
        BackgroundError, match=re.escape("No space left on device: search/body/3.json")
    ):
        build_fixture_site(tmp_path / "out")
