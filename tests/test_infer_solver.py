"""Date ranges narrowed along "not older than" facts, contradictions undone."""

from __future__ import annotations

import datetime as dt

from kexue_archive.infer.solver import Edge, Limit, Solver, snap_down, snap_up


def test_snapping_finds_the_nearest_date_on_the_badge_day_leap_days_included():
    assert snap_up((9, 8), dt.date(2021, 9, 10)) == dt.date(2022, 9, 8)
    assert snap_down((9, 8), dt.date(2021, 9, 7)) == dt.date(2020, 9, 8)
    assert snap_up((2, 29), dt.date(2021, 1, 1)) == dt.date(2024, 2, 29)
    assert snap_down((2, 29), dt.date(2023, 12, 31)) == dt.date(2020, 2, 29)
    assert snap_up(None, dt.date(2021, 9, 10)) == dt.date(2021, 9, 10)


def _solver():
    """0: stated 2020-03-01; 1: badge 5 Jun; 2: badge 1 Sep; 3: stated 2021-08-01."""
    return Solver.create(
        [
            (None, dt.date(2020, 3, 1)),
            ((6, 5), None),
            ((9, 1), None),
            (None, dt.date(2021, 8, 1)),
        ],
        (2020, 2021),
    )


def test_bounds_propagate_through_undated_posts_until_one_year_is_left():
    """1 cites 0, 2 cites 1, 3 cites 2: both undated posts are pinned, two hops away."""
    solver = _solver()
    for later, earlier in ((1, 0), (2, 1), (3, 2)):
        assert solver.add([Edge(later, earlier, f"{later} cites {earlier}")])
    one, two = solver.nodes[1], solver.nodes[2]
    assert one.pinned and one.low == dt.date(2020, 6, 5)
    assert two.pinned and two.low == dt.date(2020, 9, 1)
    assert (two.low_why, two.high_why) == ("2 cites 1", "3 cites 2")


def test_a_one_sided_bound_does_not_pin():
    solver = _solver()
    solver.add([Edge(1, 0, "cites")])
    assert solver.nodes[1].low == dt.date(2020, 6, 5) and not solver.nodes[1].pinned


def test_a_contradicting_batch_is_undone_whole():
    solver = _solver()
    assert solver.add([Edge(1, 0, "1 cites 0")])
    before = [(n.low, n.high, n.low_why, n.high_why) for n in solver.nodes]
    # 2 after 1 and before 0 would need 2020-06-05 <= x <= 2020-03-01
    assert not solver.add([Edge(2, 1, "2 cites 1"), Edge(0, 2, "0 cites 2")])
    assert [(n.low, n.high, n.low_why, n.high_why) for n in solver.nodes] == before
    # the undone edges no longer act: a later bound on 0's side changes nothing for 2
    assert solver.add([Limit(1, "upper", high=dt.date(2021, 1, 1))])
    assert not solver.nodes[2].low_why


def test_a_gap_keeps_the_later_post_within_days_of_the_earlier():
    solver = _solver()
    assert solver.add([Limit(1, "cites a 2021 paper", low=dt.date(2021, 1, 1))])
    assert solver.add([Edge(2, 1, "上个月", gap=100)])
    assert solver.nodes[2].low == dt.date(2021, 9, 1)
    assert not solver.nodes[2].pinned  # 1 has no upper bound, so neither has 2
    assert solver.add([Limit(1, "cited in 2021", high=dt.date(2021, 12, 31))])
    assert solver.nodes[1].pinned and solver.nodes[2].pinned
    assert solver.nodes[2].high_why == "上个月"


def test_a_bound_carried_up_from_the_global_floor_is_not_evidence():
    """Sixty year changes in a row lift a post past its real lower bound; that lift is no fact."""
    chain = [((1, 1) if k % 2 == 0 else (6, 1), None) for k in range(61)]
    solver = Solver.create([((6, 1), None), *chain], (2020, 2020))
    assert solver.add([Limit(0, "real lower bound", low=dt.date(2005, 1, 1))])
    assert solver.add([Limit(0, "real upper bound", high=dt.date(2020, 12, 31))])
    assert solver.add([Edge(k + 1, k, "listed after") for k in range(1, 61)] + [Edge(0, 61, "x")])
    target = solver.nodes[0]
    assert target.low == target.high == dt.date(2020, 6, 1)
    assert not target.low_why and not target.pinned
