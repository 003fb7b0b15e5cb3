"""True part numbers: the blog's, not the place among the archived posts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from pelican.plugins.series_parts.parts import (
    MissingParts,
    missing_runs,
    part_number,
    parts_by_series,
)
from pelican.plugins.series_parts.series_parts import attach_parts, build_series, load_known_parts

from kexue_archive.titles import normalize_title


def post(slug: str, title: str, index: str | None = None, series: str = "生成扩散模型漫谈"):
    return SimpleNamespace(
        slug=slug,
        title=title,
        date=dt.datetime(2024, 1, int(slug), tzinfo=dt.UTC),
        series=series,
        series_index=index,
        url=f"{slug}.html",
    )


def test_number_comes_from_metadata_else_from_the_title() -> None:
    assert part_number(post("1", "生成扩散模型漫谈（十一）：x", "11")) == 11
    assert part_number(post("2", "生成扩散模型漫谈（十一）：x", None)) == 11
    assert part_number(post("3", "Transformer升级之路：5、x", "")) == 5
    assert part_number(post("4", "没有编号的文章", None)) is None


def test_second_archived_part_is_numbered_eleven_of_fourteen() -> None:
    known = parts_by_series([("生成扩散模型漫谈（十四）：终", 9999)])
    last = known[normalize_title("生成扩散模型漫谈")][14]
    articles = [
        post("1", "生成扩散模型漫谈（三）：a", "3"),
        post("2", "生成扩散模型漫谈（十一）：b", "11"),
    ]
    (series,) = build_series(articles, {}, known)
    attach_parts([series])
    part = articles[1].series_part
    assert (part.position, part.number, part.label) == (2, 11, "第11篇")
    assert part.summary == "第11篇，共14篇，本存档收录其中2篇"
    assert series.missing == [
        MissingParts(1, 2),
        MissingParts(4, 10),
        MissingParts(12, 13),
        MissingParts(14, 14, last),
    ]
    assert [e.number for e in series.entries] == [1, 3, 4, 11, 12, 14]
    assert series.missing[-1].known.original == "https://kexue.fm/archives/9999"


def test_a_complete_series_says_only_how_many() -> None:
    articles = [
        post("1", "生成扩散模型漫谈（一）：a", "1"),
        post("2", "生成扩散模型漫谈（二）：b", "2"),
    ]
    (series,) = build_series(articles, {})
    attach_parts([series])
    assert series.complete and series.coverage == "共2篇"
    assert articles[0].series_part.summary == "第1篇，共2篇"


def test_missing_runs_keep_named_parts_alone() -> None:
    found = parts_by_series([("重温SSM（二）：x", 20), ("重温SSM（二）：x again", 10)])
    known = found[normalize_title("重温SSM")]
    assert known[2].archive_id == 10  # a repost: the lower id, whatever the page's order
    assert missing_runs({4}, 4, known) == [
        MissingParts(1, 1),
        MissingParts(2, 2, known[2]),
        MissingParts(3, 3),
    ]
    assert MissingParts(1, 16).label == "第1–16篇"


def test_an_unreadable_archive_page_is_named(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"SERIES_ARCHIVE_INDEX .*nothing\.txt"):
        load_known_parts({"SERIES_ARCHIVE_INDEX": str(tmp_path / "nothing.txt")})
    assert load_known_parts({}) == {}
