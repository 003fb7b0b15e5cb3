"""Runs that go wrong leave an output folder the next run repairs, or no change at all.

Each case runs ``scripts/scrape.py`` in a child process, as a user would, and
interrupts it for real: a signal sent while posts are being staged, SIGKILL
of a parent whose reading workers are running, a file size limit (the full
disk a test can make), a second run holding the folder's lock.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kexue_archive.parallel import MIN_PARALLEL_BYTES
from kexue_archive.writer import LOCK, MANIFEST, folder_lock, is_temp_name

ROOT = Path(__file__).resolve().parents[1]
SCRAPER = ROOT / "scripts" / "scrape.py"
SAMPLES = ROOT / "samples" / "dumps"
FIXTURES = ROOT / "tests" / "fixtures" / "dumps"
#: Two inputs with different posts: a run of the second over the first writes and removes.
FIRST, SECOND = FIXTURES / "mixed.txt", FIXTURES / "format_a.txt"
TIMEOUT = 120
#: Seconds a worker may take to end after its parent did.
WORKER_GRACE = 10

#: The CLI in a child, with ``Staging.add`` wrapped so that after the ``{after}``-th
#: staged file the child sends itself ``{signum}``: the signal lands mid-write, every time.
SIGNAL_MID_WRITE = """
import os, sys
sys.path[:0] = [{root!r}, {scripts!r}]
from kexue_archive import writer
real_add = writer.Staging.add
staged = []
def add(self, name, data):
    real_add(self, name, data)
    staged.append(name)
    if len(staged) == {after}:
        os.kill(os.getpid(), {signum})
writer.Staging.add = add
import scrape
sys.exit(scrape.main(sys.argv[1:]))
"""

#: The CLI in a child whose files may not grow past ``{limit}`` bytes (EFBIG, not SIGXFSZ).
SIZE_LIMITED = """
import resource, signal, sys
sys.path[:0] = [{root!r}, {scripts!r}]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
import scrape
sys.exit(scrape.main(sys.argv[1:]))
"""


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def scrape(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRAPER), *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        env=child_env(),
        timeout=TIMEOUT,
        check=False,
    )


def run_script(template: str, *args: object, **fields: object) -> subprocess.CompletedProcess[str]:
    code = template.format(root=str(ROOT), scripts=str(SCRAPER.parent), **fields)
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        env=child_env(),
        timeout=TIMEOUT,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of ``folder`` with its bytes and mtime: what "left as it was" means."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def manifest_matches_posts(folder: Path) -> bool:
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return listed == sorted(p.name for p in folder.glob("*.md"))


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """An output folder a first, successful run wrote."""
    out = tmp_path / "content"
    proc = scrape(FIRST, "--output", out)
    assert proc.returncode == 0, proc.stderr
    return out


# --- every output path is checked before anything is written ---


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_unwritable_report_is_a_usage_error_and_the_output_is_untouched(
    written: Path, tmp_path: Path, where: str
) -> None:
    if where == "folder":
        report = tmp_path / "reports"
        report.mkdir()
        message = f"{report} is a folder, not a file"
    else:
        (tmp_path / "plain-file").write_text("x")
        report = tmp_path / "plain-file" / "sub" / "report.json"
        message = f"{tmp_path / 'plain-file'} is not a folder"
    before = snapshot(written)
    proc = scrape(SECOND, "--output", written, "--report", report)
    assert proc.returncode == 2
    assert "--report" in proc.stderr and message in proc.stderr
    assert snapshot(written) == before


def test_output_that_is_a_file_is_refused_before_reading(tmp_path: Path) -> None:
    target = tmp_path / "content"
    target.write_text("not a folder")
    proc = scrape(FIRST, "--output", target, "--report", tmp_path / "r.json")
    assert proc.returncode == 2 and "is not a folder" in proc.stderr
    assert not (tmp_path / "r.json").exists()


# --- temporary files of killed runs, and stop signals ---


def test_a_later_run_removes_only_the_scrapers_own_leftover_temporaries(
    written: Path, tmp_path: Path
) -> None:
    leftovers = [".scrape-4242.tmp", ".scrape-4242-17.tmp", ".scrape-a1b2_c3d4.tmp"]
    foreign = [".scrape-notes.txt", "scrape-1.tmp", ".scrape-.tmp", "my.scrape-1.tmp"]
    for name in leftovers + foreign:
        (written / name).write_text("x")
    (tmp_path / ".scrape-1.tmp").write_text("outside the output folder")
    proc = scrape(SECOND, "--output", written, "--report", tmp_path / "r.json")
    assert proc.returncode == 0, proc.stderr
    assert "removed 3 temporary file(s)" in proc.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["temp_files_removed"] == sorted(leftovers)
    assert sorted(p.name for p in written.iterdir() if not p.name.endswith(".md")) == sorted(
        [MANIFEST, *foreign]
    )
    assert (tmp_path / ".scrape-1.tmp").exists()
    assert manifest_matches_posts(written)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_stop_signal_mid_write_removes_temporaries_and_changes_nothing(
    written: Path, signum: int, status: int
) -> None:
    before = snapshot(written)
    proc = run_script(SIGNAL_MID_WRITE, SECOND, "--output", written, after=2, signum=int(signum))
    assert proc.returncode == status, proc.stderr
    assert f"stopped by {signal.Signals(signum).name}" in proc.stderr
    assert "temporary files removed" in proc.stderr
    assert snapshot(written) == before


#: As SIGNAL_MID_WRITE, but the signal comes as the staged posts start to be renamed in.
SIGNAL_MID_SWAP = """
import os, signal, sys
sys.path[:0] = [{root!r}, {scripts!r}]
from kexue_archive import writer
real_swap = writer.Staging.swap
def swap(self, count=None):
    if self.staged and self.staged[0][1].endswith(".md"):
        os.kill(os.getpid(), signal.SIGTERM)
    real_swap(self, count)
writer.Staging.swap = swap
import scrape
sys.exit(scrape.main(sys.argv[1:]))
"""


def test_a_stop_signal_during_the_swap_waits_for_it_to_finish(
    written: Path, tmp_path: Path
) -> None:
    """Renaming the staged posts in is quick: a signal then is held until all are in."""
    proc = run_script(SIGNAL_MID_SWAP, SECOND, "--output", written)
    assert proc.returncode == 143 and "stopped by SIGTERM" in proc.stderr
    fresh = scrape(SECOND, "--output", tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert {n: v[0] for n, v in snapshot(written).items()} == {
        n: v[0] for n, v in snapshot(tmp_path / "fresh").items()
    }


def test_sigkill_mid_write_leaves_temporaries_the_next_run_removes(written: Path) -> None:
    before = snapshot(written)
    proc = run_script(
        SIGNAL_MID_WRITE, SECOND, "--output", written, after=2, signum=int(signal.SIGKILL)
    )
    assert proc.returncode == -signal.SIGKILL
    temps = [p.name for p in written.iterdir() if is_temp_name(p.name)]
    assert len(temps) == 2  # killed outright: nothing could clean up ...
    assert (written / LOCK).exists()  # (no longer locked: the kernel let go of it)
    assert {n: v for n, v in snapshot(written).items() if n not in [*temps, LOCK]} == before
    again = scrape(SECOND, "--output", written)  # ... until the next run
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in written.iterdir() if not p.name.endswith(".md")) == [MANIFEST]
    assert manifest_matches_posts(written)


def big_input(folder: Path) -> Path:
    """Copies of the seed dumps, past the size at which reading uses worker processes."""
    copies = MIN_PARALLEL_BYTES // sum(p.stat().st_size for p in SAMPLES.iterdir()) * 4 + 1
    for n in range(copies):
        shutil.copytree(SAMPLES, folder / f"copy{n:03}")
    return folder


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_reading_workers_end_with_their_parent(tmp_path: Path, signum: int) -> None:
    dumps = big_input(tmp_path / "dumps")
    parent = subprocess.Popen(
        [
            sys.executable,
            str(SCRAPER),
            str(dumps),
            "--output",
            str(tmp_path / "out"),
            "--jobs",
            "3",
        ],
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the signal goes to the parent alone, as `kill PID` does
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        workers: set[int] = set()
        while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
            workers = children_of(parent.pid)
            time.sleep(0.01)
        assert len(workers) == 2, "the workers never started"
        parent.send_signal(signum)
        parent.wait(timeout=TIMEOUT)
        deadline = time.monotonic() + WORKER_GRACE
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(alive, workers))
        assert parent.returncode == (-signum if signum == signal.SIGKILL else 128 + signum)
        if signum == signal.SIGTERM:
            assert "stopped by SIGTERM" in parent.stderr.read().decode("utf-8")
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(timeout=TIMEOUT)
        parent.stderr.close()
        for worker in filter(alive, workers):  # only when the test failed
            os.kill(worker, signal.SIGKILL)


# --- one run at a time per folder ---


def test_a_second_run_into_a_locked_folder_exits_2_naming_it(written: Path) -> None:
    before = snapshot(written)
    with folder_lock(written):
        proc = scrape(SECOND, "--output", written)
        assert (written / LOCK).exists()
    assert proc.returncode == 2
    assert f"another scrape is writing into {written}" in proc.stderr
    assert snapshot(written) == before  # the holder's lock file is gone again too


def test_concurrent_runs_keep_the_manifest_exact(tmp_path: Path) -> None:
    out = tmp_path / "content"
    runs = [
        subprocess.Popen(
            [sys.executable, str(SCRAPER), str(source), "--output", str(out)],
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for source in [FIRST, SECOND, FIRST, SECOND]
    ]
    statuses = []
    for proc in runs:
        _out, err = proc.communicate(timeout=TIMEOUT)
        statuses.append(proc.returncode)
        assert proc.returncode == 0 or b"another scrape is writing into" in err
    assert 0 in statuses and set(statuses) <= {0, 2}
    assert manifest_matches_posts(out)
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".md")) == [MANIFEST]


# --- full disk ---


def test_file_size_limit_mid_write_names_the_file_and_changes_nothing(written: Path) -> None:
    before = snapshot(written)
    fresh = scrape(SECOND, "--output", written.parent / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    sizes = sorted((p.stat().st_size, p.name) for p in (written.parent / "fresh").glob("*.md"))
    limit = sizes[0][0]  # the smallest post fits, a bigger one does not
    too_big = min(name for size, name in sizes if size > limit)
    proc = run_script(SIZE_LIMITED, SECOND, "--output", written, limit=limit)
    assert proc.returncode == 2
    assert f"cannot write {written / too_big}: File too large" in proc.stderr
    assert f"nothing in {written} was changed" in proc.stderr
    assert snapshot(written) == before


#: A child that starts one worker the way the pool does, but with the kernel's help
#: refused (as on a system without ``PR_SET_PDEATHSIG``), prints its pid and dies.
WATCHED_WORKER = """
import os, sys, time, multiprocessing
sys.path.insert(0, {root!r})
from kexue_archive import parallel
parallel._kernel_ends_with_parent = lambda: False
parallel.PARENT_POLL_SECONDS = 0.05
context = multiprocessing.get_context("fork")
watching = context.Event()
def work(parent):
    for fd in (1, 2):  # let the test read this script's output without waiting for us
        os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
    parallel._start_worker(parent)
    watching.set()
    time.sleep(60)
worker = context.Process(target=work, args=(os.getpid(),))
worker.start()
watching.wait(30)
print(worker.pid, flush=True)
os._exit(0)
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_without_the_kernels_help_a_worker_watches_its_parent() -> None:
    proc = run_script(WATCHED_WORKER)
    worker = int(proc.stdout.split()[0])
    deadline = time.monotonic() + WORKER_GRACE
    try:
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker)
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)
