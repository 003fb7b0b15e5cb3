"""The bench harness end to end on a 50-post archive, so `make bench` cannot rot.

Runs once with one run per figure and without the browser stages (they are
the slow part and need Chromium); checks the shape of ``results.json`` and
that every figure of the stages that ran is a positive number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.measure import ROOT, clear_set_aside, set_aside

pytestmark = pytest.mark.skipif(
    not (ROOT / "scripts" / "scrape.py").exists(), reason="scripts/scrape.py not built yet"
)

STAGES = {"scrape", "build", "search_index", "search_ui", "weights", "pagefind"}


@pytest.fixture(scope="module")
def bench_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def results(bench_tmp: Path) -> tuple[dict, str]:
    out = bench_tmp / "results.json"
    code = main(
        [
            "--sizes",
            "50",
            "--runs",
            "1",
            "--skip",
            "search,weights,pagefind",
            "--grouping-entries",
            "300",
            "--work",
            str(bench_tmp / "work"),
            "--out",
            str(out),
            "--no-docs",
            "--corpus",
            "excerpt",
        ]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    return json.loads(text), text


def _positive_numbers(node: object, path: str = "") -> list[str]:
    """Paths of numbers in ``node`` that are not > 0 (exit codes excepted)."""
    bad = []
    if isinstance(node, dict):
        for key, value in node.items():
            bad += _positive_numbers(value, f"{path}.{key}")
    elif isinstance(node, bool):
        pass
    elif isinstance(node, int | float) and node <= 0 and not path.endswith("exit_code"):
        bad.append(path)
    return bad


def test_results_file_is_sorted_json_with_every_stage(results: tuple[dict, str]) -> None:
    data, text = results
    assert text == json.dumps(data, sort_keys=True, indent=1) + "\n"
    assert set(data["sizes"]) == {"50"}
    assert set(data["sizes"]["50"]) == STAGES
    assert data["config"]["runs"] == 1


def test_scrape_and_build_figures_are_positive(results: tuple[dict, str]) -> None:
    size = results[0]["sizes"]["50"]
    scrape, build = size["scrape"], size["build"]
    assert scrape["status"] == "ok", scrape
    assert build["status"] == "ok", build
    assert 0 < scrape["posts_written"] <= scrape["entries"]
    assert build["html_pages"] > scrape["posts_written"]  # one page per post, plus lists
    assert build["where_the_time_goes_s"], "the timing plugin recorded nothing"
    assert _positive_numbers(scrape) == []
    assert _positive_numbers({k: v for k, v in build.items() if k != "where_the_time_goes_s"}) == []
    if size["search_index"]["status"] == "ok":
        assert size["search_index"]["files"] > 0
        assert size["search_index"]["gzip_bytes"] < size["search_index"]["raw_bytes"]


def test_skipped_stages_say_so_and_targets_are_judged(results: tuple[dict, str]) -> None:
    data = results[0]
    for stage in ("search_ui", "weights", "pagefind"):
        assert data["sizes"]["50"][stage]["status"].startswith("n/a: skipped")
    statuses = {row["target"]: row["status"] for row in data["targets"]}
    assert set(statuses.values()) <= {"PASS", "FAIL", "n/a"}
    assert statuses["build peak memory (all processes)"] == "PASS"  # 50 posts are far below 2 GB
    assert statuses["warm query latency p95 (files loaded)"] == "n/a"  # no browser stage ran
    assert statuses["first-time query p95 vs Pagefind"] == "n/a"
    grouping = data["cases"]["grouping"]
    assert (grouping["status"], grouping["entries"], grouping["drafts"]) == ("ok", 300, 1)
    assert statuses["grouping title-less entries sharing one opening"] == "PASS"


def test_runs_set_earlier_output_aside_and_the_bench_clears_it_at_the_end(tmp_path) -> None:
    """A run's fresh folder never follows a deletion (see bench.measure); the bench
    deletes what it set aside once nothing is measured any more."""
    out = tmp_path / "size" / "output"
    for run in range(2):
        set_aside(out)
        out.mkdir(parents=True)
        (out / "page.html").write_text(f"run {run}", encoding="utf-8")
    set_aside(out)
    assert not out.exists()
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.rglob("page.html"))
    assert kept == ["run 0", "run 1"]  # renamed, not deleted, while measuring
    clear_set_aside(tmp_path)
    assert list(tmp_path.rglob("page.html")) == [] and (tmp_path / "size").is_dir()


def test_builds_alternate_round_by_round(
    results: tuple[dict, str], bench_tmp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """full, bare, full, bare: the machine's drift during a run reaches both builds
    alike instead of landing on the full/bare ratio."""
    import bench.build

    order: list[tuple[str, int]] = []
    real = bench.build._run_once

    def recording(name: str, cmd: list[str], out: Path, work: Path, number: int) -> object:
        order.append((name, number))
        return real(name, cmd, out, work, number)

    monkeypatch.setattr(bench.build, "_run_once", recording)
    content = bench_tmp / "work" / "50" / "content"  # the scrape of the smoke run above
    (tmp_path / "work").mkdir()
    stage, _ = bench.build.measure_build(content, tmp_path / "work", 2, 50)
    assert stage["status"] == "ok"
    assert [name for name, _ in order if name != "no_search"] == ["full", "bare", "full", "bare"]
    assert [number for name, number in order if name == "no_search"] == [0]
