"""Forked readers convert Markdown posts ahead of Pelican: the same site, nothing lost."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import parallel_read.parallel_read as pr

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform cannot fork")


def write_posts(content: Path, count: int = 9) -> Path:
    """Posts with metadata, a formatted summary on some, math, a table, a list, footnotes."""
    content.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        summary = f"Summary: 摘要 *{n}*\n" if n % 3 == 0 else ""
        (content / f"{100 + n}.md").write_text(
            f"Title: 第{n}篇\nDate: 2024-01-{n + 1:02d}\nTags: 甲, 乙{n}\n{summary}\n"
            f"正文 {n}，公式 $x_{n}^2$。\n\n| a | b |\n|---|---|\n| {n} | 二 |\n\n"
            "- 一\n- 二\n\n## 小节\n\n最后一段[^1]，见[甲]。\n\n[^1]: 脚注。\n"
            # a link defined in the first post only: a reused Markdown must forget it
            + ("\n[甲]: https://kexue.fm/\n" if n == 0 else ""),
            encoding="utf-8",
        )
    return content


@pytest.fixture
def build(pelican_build):
    """A build with the plugin enabled (``PLUGINS=[]`` for Pelican's own reader)."""

    def run(content: Path, output: Path, **overrides) -> dict[str, bytes]:
        plugins = {"PLUGIN_PATHS": [str(Path(pr.__file__).resolve().parents[1])]}
        return pelican_build(
            content, output, **{"PLUGINS": ["parallel_read"], **plugins, **overrides}
        )

    return run


@pytest.fixture
def taken(monkeypatch) -> list[str]:
    """Names of the files whose HTML Pelican took from a forked reader."""
    names: list[str] = []
    real = pr._Prefetch.take

    def take(self, path: str):
        result = real(self, path)
        if result is not None:
            names.append(os.path.basename(path))
        return result

    monkeypatch.setattr(pr._Prefetch, "take", take)
    return names


@pytest.fixture
def slow_pelican(monkeypatch) -> None:
    """Pelican starts reading only once the children have claimed every file.

    How the files split depends on each side's speed; held back this way, Pelican
    must take every file from the children, whatever the machine.
    """
    real = pr._Prefetch.take

    def take(self, path: str):
        deadline = time.monotonic() + 30
        while self.claims.ends[1] > 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(self, path)

    monkeypatch.setattr(pr._Prefetch, "take", take)


@pytest.fixture
def serial(build, tmp_path: Path) -> dict[str, bytes]:
    """The site as Pelican's own Markdown reader builds it (no plugin at all)."""
    return build(write_posts(tmp_path / "content"), tmp_path / "serial", PLUGINS=[])


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_the_site_is_the_same_bytes_with_forked_readers(
    build, tmp_path: Path, serial: dict[str, bytes], taken: list[str], workers: int
) -> None:
    if workers and not hasattr(os, "fork"):
        pytest.skip("this platform cannot fork")
    parallel = build(tmp_path / "content", tmp_path / "parallel", PARALLEL_READ_WORKERS=workers)
    assert parallel == serial


@needs_fork
@pytest.mark.parametrize("workers", [1, 2])
def test_children_take_every_file_pelican_has_not_reached(
    build,
    tmp_path: Path,
    serial: dict[str, bytes],
    taken: list[str],
    slow_pelican: None,
    workers: int,
) -> None:
    parallel = build(tmp_path / "content", tmp_path / "parallel", PARALLEL_READ_WORKERS=workers)
    assert parallel == serial
    assert sorted(taken) == [f"{100 + n}.md" for n in range(9)]


def test_pelican_claims_from_the_front_and_children_from_the_back() -> None:
    claims = pr.Claims(5)
    assert claims.child_claim(1) == 4
    assert claims.parent_claim(0) == 0  # Pelican's own
    assert claims.child_claim(2) == 3
    assert claims.parent_claim(1) == 0
    assert claims.parent_claim(2) == 0
    assert claims.child_claim(1) is None  # the two sides met: the child stops
    assert claims.parent_claim(3) == 2  # Pelican waits for the child that claimed it
    assert claims.parent_claim(4) == 1


def test_a_lock_never_released_stops_the_claims_instead_of_hanging(monkeypatch) -> None:
    monkeypatch.setattr(pr, "LOCK_SECONDS", 0.05)
    claims = pr.Claims(3)
    claims.lock.acquire()  # as a child killed inside its claim leaves it
    assert claims.child_claim(1) is None  # the other children stop
    with pytest.raises(TimeoutError):
        claims.parent_claim(0)  # Pelican reads the rest itself (see _Prefetch.take)


@needs_fork
def test_a_file_a_child_cannot_convert_is_read_by_pelican(
    build,
    tmp_path: Path,
    serial: dict[str, bytes],
    taken: list[str],
    slow_pelican: None,
    monkeypatch,
) -> None:
    real = pr.convert

    def convert(md, path):  # runs in the child: fails there only
        if os.getpid() != parent and path.endswith(("101.md", "104.md")):
            raise RuntimeError("the child's Markdown broke")
        return real(md, path)

    parent = os.getpid()
    monkeypatch.setattr(pr, "convert", convert)
    assert build(tmp_path / "content", tmp_path / "out", PARALLEL_READ_WORKERS=1) == serial
    assert sorted(taken) == [f"{100 + n}.md" for n in range(9) if n not in (1, 4)]


@needs_fork
def test_the_files_of_a_child_that_died_are_read_by_pelican(
    build, tmp_path: Path, serial: dict[str, bytes], taken: list[str], monkeypatch
) -> None:
    real = pr.convert
    parent = os.getpid()
    calls: list[str] = []

    def convert(md, path):
        if os.getpid() != parent:
            calls.append(path)  # the child's own copy of the list
            if len(calls) == 2:
                os._exit(9)  # killed on its second file
        return real(md, path)

    monkeypatch.setattr(pr, "convert", convert)
    assert build(tmp_path / "content", tmp_path / "out", PARALLEL_READ_WORKERS=1) == serial
    assert len(taken) <= 1  # at most what it sent before it died; Pelican read the rest


@needs_fork
def test_a_broken_post_is_reported_by_name_as_without_the_plugin(
    build, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = write_posts(tmp_path / "content")
    (content / "103.md").write_text("Title: 坏\nDate: 不是日期\n\n正文\n", encoding="utf-8")
    errors = []
    for workers in (0, 1):
        caplog.clear()
        files = build(content, tmp_path / f"out{workers}", PARALLEL_READ_WORKERS=workers)
        errors.append([r.getMessage() for r in caplog.records if r.levelname == "ERROR"])
        if workers == 0:
            serial = files
    assert files == serial
    assert errors[0] == errors[1] and any("103.md" in message for message in errors[1])


def test_without_shared_memory_pelican_reads_every_file(
    build, tmp_path: Path, serial: dict[str, bytes], taken: list[str], monkeypatch
) -> None:
    def no_lock():
        raise OSError("no /dev/shm")

    monkeypatch.setattr(pr.multiprocessing, "Lock", no_lock)
    assert build(tmp_path / "content", tmp_path / "out", PARALLEL_READ_WORKERS=1) == serial
    assert taken == []


def test_no_fork_or_no_workers_means_pelicans_own_reader(monkeypatch) -> None:
    assert pr.worker_count({"PARALLEL_READ_WORKERS": 0}) == 0
    assert pr.worker_count({"PARALLEL_READ_WORKERS": 2}) == (2 if hasattr(os, "fork") else 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert pr.worker_count({}) == (3 if hasattr(os, "fork") else 0)  # at most 3 by default
    monkeypatch.delattr(os, "fork", raising=False)
    assert pr.worker_count({"PARALLEL_READ_WORKERS": 2}) == 0
