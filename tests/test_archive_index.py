"""The blog's archive page, saved as text or HTML, read into dated, titled posts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kexue_archive.dumps.archive_index import load_archive_index

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
EXPECTED = [
    (dt.date(2024, 2, 29), "闰日的文章（一）：开篇", 10001),
    (dt.date(2025, 10, 8), "科学空间|Scientific Spaces 介绍", 12),
    (dt.date(2025, 10, 31), "坏日子也要读下来", 13),
    (dt.date(2025, 11, 3), "流形上的最速下降：5. 对偶梯度下降", 11388),
]


@pytest.mark.parametrize("name", ["archive_page.txt", "archive_page.html"])
def test_archive_page_gives_dates_real_titles_and_ids(name):
    index = load_archive_index(FIXTURES / name)
    assert [(e.date, e.title, e.archive_id) for e in index.entries] == EXPECTED


@pytest.mark.parametrize("name", ["archive_page.txt", "archive_page.html"])
def test_page_chrome_and_impossible_days_are_not_posts(name):
    index = load_archive_index(FIXTURES / name)
    assert index.by_id(999) is None  # newest-posts sidebar
    assert index.by_id(3922) is None  # "you may also like" list
    assert index.by_id(10002) is None  # 30 February


def test_lookups_fold_dump_punctuation_and_list_every_year_of_a_day():
    index = load_archive_index(FIXTURES / "archive_page.txt")
    found = index.by_title("流形上的最速下降:5. 对偶梯度下降")  # half-width colon, as dumps have it
    assert found is not None and found.archive_id == 11388
    assert [e.archive_id for e in index.on_day(10, 8)] == [12]
    assert index.on_day(1, 1) == []


def test_sample_archive_page_lists_every_year_it_announces():
    text = (Path(__file__).parent.parent / "samples" / "archive_index.txt").read_text("utf-8")
    index = load_archive_index(Path(__file__).parent.parent / "samples" / "archive_index.txt")

    announced = {int(y): int(n) for y, n in re.findall(r"### (\d{4})年 \(共(\d+)篇\)", text)}
    counted: dict[int, int] = {}
    for e in index.entries:
        counted[e.year] = counted.get(e.year, 0) + 1
    assert counted == announced
