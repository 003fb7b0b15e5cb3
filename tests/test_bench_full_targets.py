"""The full-post targets of the Scale issue, judged PASS/FAIL/n/a from measured figures."""

from __future__ import annotations

from bench.__main__ import full_runs, parse_args
from bench.measure import ROOT
from bench.report import markdown
from bench.targets import evaluate

FULL = "full posts: "


def _stage(size: int, **figures: dict) -> dict:
    return {"full": {"sizes": {str(size): figures}}}


def _status(results: dict, target: str) -> tuple[str, str]:
    row = next(r for r in evaluate(results) if r["target"] == target)
    return row["status"], row["measured"]


def test_full_scrape_target_is_300_saves_per_second_not_the_excerpt_2000() -> None:
    def status(speed: float) -> str:
        results = _stage(10000, scrape={"posts_per_s": speed})
        return _status(results, FULL + "scrape speed (wall)")[0]

    assert status(300) == "PASS"
    assert status(299.9) == "FAIL"
    excerpt = {"sizes": {"10000": {"scrape": {"posts_per_s": 300}}}}
    assert _status(excerpt, "scrape speed (wall)")[0] == "FAIL"  # excerpts keep 2000/s


def test_a_scrape_without_the_save_reader_is_not_applicable() -> None:
    results = _stage(10000, scrape={"status": "n/a: no full-save reader"})
    assert _status(results, FULL + "scrape speed (wall)")[0] == "n/a"


def test_first_time_latency_is_judged_against_pagefind_on_the_same_queries() -> None:
    def latency(ours: tuple[float, float], theirs: tuple[float, float]) -> dict:
        return _stage(
            10000,
            search_ui={"latency": {"p50_ms": ours[0], "p95_ms": ours[1], "warm_p95_ms": 12}},
            pagefind={"latency": {"p50_ms": theirs[0], "p95_ms": theirs[1]}},
        )

    # the issue's own figures of another corpus: ours 38/51 ms, Pagefind 27/88 ms
    measured = latency((38, 51), (27, 88))
    assert _status(measured, FULL + "first-time query p50 vs Pagefind")[0] == "FAIL"
    assert _status(measured, FULL + "first-time query p95 vs Pagefind") == (
        "PASS",
        "51.0 ms vs 88.0 ms",
    )
    assert _status(latency((27, 66), (27, 88)), FULL + "first-time query p50 vs Pagefind")[0] == (
        "PASS"
    )
    # 0.75 x 88 = 66: 67 ms is over
    assert _status(latency((27, 67), (27, 88)), FULL + "first-time query p95 vs Pagefind")[0] == (
        "FAIL"
    )
    assert _status(measured, FULL + "warm query latency p95 (files loaded)")[0] == "PASS"


def test_the_absolute_first_time_50_ms_target_is_withdrawn() -> None:
    results = {"sizes": {"10000": {"search_ui": {"latency": {"p95_ms": 120, "warm_p95_ms": 60}}}}}
    names = {row["target"] for row in evaluate(results)}
    assert "query latency p95" not in names
    assert _status(results, "warm query latency p95 (files loaded)")[0] == "FAIL"


def test_bytes_per_query_never_more_than_pagefind() -> None:
    def status(ours: int, theirs: int) -> str:
        results = _stage(
            10000,
            search_ui={"typical_body_query": {"search_gzip_bytes": ours, "gzip_bytes": ours}},
            pagefind={"typical_body_query": {"gzip_bytes": theirs}},
        )
        return _status(results, FULL + "bytes per query vs Pagefind")[0]

    assert status(400_000, 400_000) == "PASS"
    assert status(400_001, 400_000) == "FAIL"


def test_growth_compares_1300_with_10000_full_posts_including_site_bytes() -> None:
    def build(cpu_ms: float, site_bytes: int) -> dict:
        return {"cpu_ms_per_post": cpu_ms, "output_bytes_per_post": site_bytes}

    results = {
        "full": {
            "sizes": {
                "1300": {"build": build(30.0, 60_000)},
                "10000": {"build": build(36.0, 95_000)},
            }
        }
    }
    rows = {r["target"]: r for r in evaluate(results)}
    cpu = rows[FULL + "linear growth: build CPU time per post"]
    assert (cpu["status"], cpu["measured"]) == ("PASS", "1.20x (1300 -> 10000)")
    assert rows[FULL + "linear growth: site bytes per post"]["status"] == "FAIL"  # 1.58x
    assert rows[FULL + "build peak memory (all processes)"]["at_posts"] == 10000


def test_full_figures_get_a_table_of_their_own() -> None:
    results = _stage(1300, build={"full_seconds": 12.5, "status": "ok"})
    results["targets"] = evaluate(results)
    text = markdown(results)
    assert "Full posts" in text and "| 1,300 posts |" in text and "| 12.50 |" in text


def test_corpus_option_and_runs_of_the_full_sizes() -> None:
    only_full = parse_args(["--corpus", "full", "--full-sizes", "20,40"])
    assert (only_full.size_list, only_full.full_size_list) == ([], [20, 40])
    only_excerpt = parse_args(["--corpus", "excerpt", "--sizes", "30"])
    assert (only_excerpt.size_list, only_excerpt.full_size_list) == ([30], [])
    both = parse_args([])
    assert (both.size_list, both.full_size_list) == ([1000, 10000], [1300, 10000])
    assert (full_runs(1300, 3), full_runs(10000, 3)) == (3, 1)


def test_measuring_one_corpus_keeps_the_other_corpus_results(tmp_path) -> None:
    """``--corpus full`` must not drop the excerpt figures of results.json (nor the reverse)."""
    import json

    from bench.__main__ import main

    out = tmp_path / "results.json"
    earlier = {
        "sizes": {"1000": {"build": {"ratio_cpu_full_to_bare": 1.2}}},
        "full": {"sizes": {"1300": {"build": {"ratio_cpu_full_to_bare": 1.5}}}},
        "cases": {"grouping": {"status": "ok", "entries": 5, "seconds": 0.1}},
    }
    out.write_text(json.dumps(earlier), encoding="utf-8")
    skip = "scrape,build,search,pagefind,weights,grouping"
    common = ["--runs", "1", "--skip", skip, "--no-docs", "--out", str(out)]
    common += ["--work", str(tmp_path / "work")]
    fixture = ["--fullposts", str(ROOT / "tests" / "fixtures" / "bench_fullposts")]
    fixture += ["--excerpt-source", str(ROOT / "samples")]
    assert main(["--corpus", "full", "--full-sizes", "3", *common, *fixture]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sizes"] == earlier["sizes"] and data["cases"] == earlier["cases"]
    assert set(data["full"]["sizes"]) == {"3"}  # the full corpus measured now replaces
    assert main(["--corpus", "excerpt", "--sizes", "20", *common, *fixture]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["sizes"]) == {"20"} and set(data["full"]["sizes"]) == {"3"}


def test_without_the_full_saves_the_full_stages_say_so(tmp_path) -> None:
    import json

    from bench.__main__ import main

    out = tmp_path / "results.json"
    argv = ["--corpus", "full", "--full-sizes", "3", "--runs", "1", "--no-docs"]
    argv += ["--out", str(out), "--work", str(tmp_path / "work")]
    argv += ["--fullposts", str(tmp_path / "absent"), "--skip", "grouping"]
    assert main(argv) == 0
    stages = json.loads(out.read_text(encoding="utf-8"))["full"]["sizes"]["3"]
    assert {s["status"] for s in stages.values()} == {
        f"n/a: no full saves in {tmp_path / 'absent'} (--fullposts)"
    }
