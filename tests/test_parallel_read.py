"""Reading inputs in worker processes gives exactly what reading them serially gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kexue_archive import parallel
from kexue_archive.pipeline import collect_inputs, run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "dumps"
INDEX = ROOT / "samples" / "archive_index.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "dumps"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """Real seeds, the parser fixtures (rejections too), an unreadable and a binary file."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder / "seeds")
    shutil.copytree(FIXTURES, folder / "fixtures")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "gone.txt").symlink_to(folder / "missing-target.txt")  # cannot be read
    return [str(folder)]


def test_parallel_and_serial_reading_give_identical_posts_and_report(
    inputs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)  # small test inputs still fan out
    sources = [(f.path, f.name) for f in collect_inputs(inputs)]
    assert parallel.workers_for(sources, jobs=2) == 2
    assert parallel.workers_for(sources, jobs=1) == 0

    outcomes = {}
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}"
        report, status = run(inputs, out, archive_index=str(INDEX), jobs=jobs)
        outcomes[jobs] = (_files(out), report.to_json(), status)

    serial, parallel_run = outcomes[1], outcomes[2]
    assert len(serial[0]) > 30  # the seeds' posts and the fixtures' were written
    assert '"cannot read' in serial[1] and "binary data" in serial[1]  # rejections kept
    assert parallel_run == serial


def test_results_come_back_in_input_order(
    inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNKS_PER_READER", 4)  # several files per chunk
    sources = [(f.path, f.name) for f in collect_inputs(inputs)]
    with parallel.reading(sources, jobs=2) as results:
        read = results()
    assert [r.path for r in read] == [name for _path, name in sources]
    # every entry comes back rendered and with its text facts read
    entries = [e for r in read for e in r.entries]
    assert entries and all(e.markdown is not None for e in entries)
    facts = {True: parallel.ENTRY_FACTS, False: parallel.TITLE_LESS_FACTS}
    assert all(set(e._read) == set(facts[bool(e.title)]) for e in entries)
    assert any(not e.title for e in entries)  # the seeds have title-less entries


def test_small_inputs_one_core_and_jobs_1_read_serially(
    inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = [(f.path, f.name) for f in collect_inputs(inputs)]
    assert parallel.workers_for(sources, jobs=2) == 0  # well under MIN_PARALLEL_BYTES
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    assert parallel.workers_for(sources[:1], jobs=4) == 0  # one file: nothing to share
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert parallel.job_count() == 1 and parallel.workers_for(sources) == 0
    monkeypatch.setenv(parallel.JOBS_ENV, "3")
    assert parallel.job_count() == 3 and parallel.job_count(2) == 2
    monkeypatch.delenv(parallel.JOBS_ENV)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert parallel.job_count() == 1 and parallel.workers_for(sources) == 0


def test_cli_jobs_option(tmp_path: Path) -> None:
    scraper = [sys.executable, str(ROOT / "scripts" / "scrape.py"), str(SAMPLES)]
    bad = subprocess.run(
        [*scraper, "--output", str(tmp_path / "bad"), "--jobs", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "--jobs" in bad.stderr
    for jobs in ("1", "2"):
        done = subprocess.run(
            [*scraper, "--output", str(tmp_path / jobs), "--jobs", jobs],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert _files(tmp_path / "1") == _files(tmp_path / "2")


def test_default_workers_are_the_idle_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(parallel.JOBS_ENV, raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    loadavg = tmp_path / "loadavg"
    monkeypatch.setattr(parallel, "LOADAVG", str(loadavg))
    loadavg.write_text("0.50 0.40 0.30 1/180 4242\n")  # only this process runs
    assert parallel.running_elsewhere() == 0 and parallel.job_count() == 2
    loadavg.write_text("1.90 1.80 1.70 2/180 4242\n")  # another job keeps a core busy
    assert parallel.running_elsewhere() == 1 and parallel.job_count() == 1
    loadavg.write_text("5.00 5.00 5.00 7/180 4242\n")
    assert parallel.job_count() == 1 and parallel.job_count(2) == 2  # --jobs still wins
    loadavg.unlink()  # not Linux: nothing known about other jobs
    assert parallel.running_elsewhere() == 0 and parallel.job_count() == 2


def _serial_files(inputs: list[str], out: Path) -> dict[str, bytes]:
    run(inputs, out, archive_index=str(INDEX), jobs=1)
    return _files(out)


def test_workers_that_cannot_start_mean_serial_reading(
    inputs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoProcesses:
        def __init__(self, **_kwargs: object) -> None:
            raise OSError("no process semaphores here")

    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", NoProcesses)
    report, _status = run(inputs, tmp_path / "out", archive_index=str(INDEX), jobs=2)
    assert report.posts_written
    assert _files(tmp_path / "out") == _serial_files(inputs, tmp_path / "serial")


def _dies_in_a_worker(chunk: list, parent: int = os.getpid()) -> list:
    if os.getpid() != parent:
        os._exit(3)  # a worker killed mid-run
    return _real_read_chunk(chunk)


_real_read_chunk = parallel._read_chunk


def test_a_dead_worker_means_the_files_are_read_serially(
    inputs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "_read_chunk", _dies_in_a_worker)
    report, _status = run(inputs, tmp_path / "out", archive_index=str(INDEX), jobs=2)
    assert report.posts_written
    assert _files(tmp_path / "out") == _serial_files(inputs, tmp_path / "serial")


def _tagged_with_reader(chunk: list) -> list:
    results = _real_read_chunk(chunk)
    for result in results:
        result.path = f"{os.getpid()}:{result.path}"
    return results


def test_this_process_reads_a_share_while_the_workers_read_the_rest(
    inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent is one of the readers (it would only wait otherwise): with two jobs
    one worker reads from the front, the parent from the back, results still in order."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNKS_PER_READER", 8)
    monkeypatch.setattr(parallel, "_read_chunk", _tagged_with_reader)
    sources = [(f.path, f.name) for f in collect_inputs(inputs)]
    with parallel.reading(sources, jobs=2) as results:
        read = results()
    readers = [r.path.split(":", 1)[0] for r in read]
    assert [r.path.split(":", 1)[1] for r in read] == [name for _path, name in sources]
    assert str(os.getpid()) in readers and len(set(readers)) == 2
    assert readers[-1] == str(os.getpid())  # the parent takes chunks from the back
