"""The bench's grouping case at a small size: the input is what it claims, the target is judged."""

from __future__ import annotations

from bench import corpus
from bench.grouping import measure_grouping, shared_opening_entries, shared_paragraph
from bench.targets import GROUPING_LIMIT_S, evaluate
from kexue_archive.infer.evidence import OPENING_CHARS, excerpt_opening

SAMPLES = corpus._ROOT / "samples"


def test_entries_are_title_less_of_one_day_with_one_opening_and_different_texts() -> None:
    paragraph = shared_paragraph(corpus.load_source(SAMPLES))
    entries = shared_opening_entries(50, paragraph)
    assert {e.title for e in entries} == {None}
    assert {(e.month, e.day) for e in entries} == {(3, 28)}
    assert len({e.text for e in entries}) == 50
    [opening] = {excerpt_opening(e.text) for e in entries}
    assert len(opening) == OPENING_CHARS
    assert len({e.source for e in entries}) == 50


def test_case_groups_the_entries_into_one_draft_and_is_judged_against_its_limit() -> None:
    paragraph = shared_paragraph(corpus.load_source(SAMPLES))
    case = measure_grouping(paragraph, 400, runs=2)
    assert (case["status"], case["entries"], case["drafts"]) == ("ok", 400, 1)
    assert 0 < case["seconds"] < GROUPING_LIMIT_S
    results = {"sizes": {"50": {}}, "cases": {"grouping": case}}
    [row] = [r for r in evaluate(results) if r["target"].startswith("grouping")]
    assert (row["status"], row["at_posts"]) == ("PASS", 400)
    slow = {**case, "seconds": GROUPING_LIMIT_S + 1}
    [row] = [
        r
        for r in evaluate({"sizes": {"50": {}}, "cases": {"grouping": slow}})
        if r["target"].startswith("grouping")
    ]
    assert row["status"] == "FAIL"
