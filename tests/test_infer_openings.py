"""Grouping by excerpt opening: the indexed joins give the drafts of the pairwise rule, fast."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer.evidence import MIN_OPENING_MATCH, excerpt_opening, same_opening
from kexue_archive.infer.merge import group_entries
from kexue_archive.model import SourceRef
from kexue_archive.titles import normalize_title

STEMS = ("甲乙丙丁戊己庚辛壬癸子丑", "甲乙丙丁戊己庚辛壬癸子寅", "天地玄黄宇宙洪荒日月盈昃")


def _pairwise(entries: list[Entry]) -> list[tuple[list[str], set[str]]]:
    """The rule as the module docstring states it, every pair compared (the oracle)."""
    ordered = sorted(entries, key=lambda e: e.source)
    parent = list(range(len(ordered)))
    reasons: dict[int, set[str]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def join(a: int, b: int, reason: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            reasons.setdefault(a, set()).add(reason)

    first: dict[str, int] = {}
    for i, e in enumerate(ordered):
        if e.title and normalize_title(e.title):
            key = normalize_title(e.title)
            if key in first:
                join(first[key], i, "same title")
            else:
                first[key] = i

    def badges_agree(a: Entry, b: Entry) -> bool:
        if a.month and a.day and b.month and b.day:
            return (a.month, a.day) == (b.month, b.day)
        return True

    openings = [excerpt_opening(e.text) for e in ordered]
    for i, e in enumerate(ordered):
        if e.title or len(openings[i]) < MIN_OPENING_MATCH:
            continue
        alike = [
            j
            for j in range(len(ordered))
            if j != i and same_opening(openings[i], openings[j]) and badges_agree(e, ordered[j])
        ]
        titled = {normalize_title(ordered[j].title): j for j in alike if ordered[j].title}
        if len(titled) == 1:
            join(next(iter(titled.values())), i, "same excerpt opening")
        elif not titled:
            for j in alike:
                if j < i:
                    join(j, i, "same excerpt opening")
    groups: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        groups.setdefault(find(i), []).append(i)
    return [
        (
            [str(ordered[m].source) for m in members],
            set().union(*(reasons.get(m, set()) for m in members)),
        )
        for _root, members in sorted(groups.items())
    ]


def _grouped(entries: list[Entry]) -> list[tuple[list[str], set[str]]]:
    return [([str(e.source) for e in d.entries], d.reasons) for d in group_entries(entries)]


_entry_specs = st.tuples(
    st.sampled_from(STEMS),
    st.text(st.sampled_from("子丑"), max_size=30),  # tails: often a prefix of another tail
    st.sampled_from([None, None, "标题一", "标题一！", "标题二", "标题三", " "]),
    st.sampled_from([None, (3, 28), (3, 29), (4, 1)]),
    st.integers(min_value=0, max_value=3),  # which file
)


def _entries(specs: list[tuple[str, str | None, tuple[int, int] | None, int]]) -> list[Entry]:
    """Entries from (text, title, badge, file) in source order."""
    entries = []
    for n, (text, title, badge, file) in enumerate(specs, start=1):
        month, day = badge or (None, None)
        source = SourceRef(f"d{file}.txt", n, n)
        entries.append(Entry(source, "A", day, month, None, title, [Block("text", text)]))
    return entries


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry_specs, max_size=24))
def test_indexed_grouping_equals_the_pairwise_rule(specs) -> None:
    entries = _entries(
        [
            (stem[: MIN_OPENING_MATCH - 1] + tail if tail == "子" else stem + tail, title, b, f)
            for stem, tail, title, b, f in specs
        ]
    )
    assert _grouped(entries) == _pairwise(entries)


STEM = STEMS[0]
#: Two titled entries on other days: a badge-less entry that opens alike could be either post.
TWO_TITLES = [(STEM, "一篇", (4, 1), 0), (STEM, "另一篇", (4, 2), 0)]


def test_a_dated_entry_joins_every_undated_one_before_it_even_those_that_join_nothing() -> None:
    # the undated entries 1 and 2 see both titles (they join nothing); the entry of
    # 3/28 sees neither, so it joins both of them, and through it they are one post
    entries = _entries(
        [
            (STEM, None, None, 0),
            (STEM + "子", None, None, 0),
            *TWO_TITLES,
            (STEM + "子子", None, (3, 28), 0),
        ]
    )
    assert _grouped(entries) == _pairwise(entries)
    assert [len(sources) for sources, _ in _grouped(entries)] == [3, 1, 1]


def test_undated_entries_join_the_latest_of_several_dated_entries_of_one_opening() -> None:
    # 3/28 ends at entry 8, 3/29 at entry 3 and is looked at later: the undated
    # entries 4 and 7 come before 8 and belong with it
    entries = _entries(
        [
            (STEM + "子", None, (3, 28), 0),
            (STEM, None, None, 0),
            (STEM + "子", None, (3, 29), 0),
            (STEM + "子子", None, None, 0),
            *TWO_TITLES,
            (STEM, None, None, 0),
            (STEM + "子", None, (3, 28), 0),
        ]
    )
    assert _grouped(entries) == _pairwise(entries)
    assert [len(sources) for sources, _ in _grouped(entries)] == [6, 1, 1]


def _shared(n: int, title_every: int = 0) -> list[Entry]:
    return [
        Entry(
            SourceRef("same.txt", k + 1, k + 1),
            "A",
            28,
            3,
            None,
            "同一标题" if title_every and k % title_every == 0 else None,
            [Block("text", f"{''.join(STEMS * 2)}第{k}次")],
        )
        for k in range(n)
    ]


def test_thousands_of_title_less_entries_of_one_opening_are_one_post_quickly() -> None:
    entries = _shared(6000)
    started = time.perf_counter()
    [draft] = group_entries(entries)
    elapsed = time.perf_counter() - started
    assert len(draft.entries) == 6000 and draft.reasons == {"same excerpt opening"}
    assert elapsed < 2.0, f"grouping 6,000 alike entries took {elapsed:.1f} s"  # was ~15 s


def test_shared_opening_with_two_titles_leaves_title_less_entries_apart() -> None:
    entries = _shared(40)
    entries[5].title, entries[9].title = "一篇", "另一篇"
    drafts = group_entries(entries)
    assert len(drafts) == 40  # each title-less entry could be either post: none is joined
