"""Hand corrections from a TOML file, applied after inference and reported."""

from __future__ import annotations

import datetime as dt

import pytest

from kexue_archive.model import Post
from kexue_archive.overrides import OverridesError, apply_overrides, load_overrides
from kexue_archive.report import Report


def _posts() -> list[Post]:
    return [
        Post(
            title="在前面的介绍中", date=dt.date(2024, 2, 28), slug="p-aaa", title_status="derived"
        ),
        Post(title="CoSENT(三):作为交互式相似度的损失函数", date=dt.date(2022, 11, 9), slug="9341"),
    ]


def test_override_by_slug_and_by_excerpt_words(tmp_path):
    path = tmp_path / "overrides.toml"
    path.write_text(
        """
[[override]]
excerpt = "在前面的介绍中, 我们多次提及"
title = "生成扩散模型漫谈（十八）：得分匹配 = 条件得分匹配"
date = 2023-02-28
series = "生成扩散模型漫谈"
series_index = 18

[[override]]
slug = "9341"
series = ""
""",
        encoding="utf-8",
    )
    posts, report = _posts(), Report()
    excerpts = {"p-aaa": "在前面的介绍中,我们多次提及“得分匹配”", "9341": "CoSENT text"}
    apply_overrides(posts, load_overrides(path), report, excerpts)
    first, second = posts
    assert first.title.startswith("生成扩散模型漫谈（十八）") and first.title_status == "override"
    assert (first.date, first.date_status) == (dt.date(2023, 2, 28), "exact")
    assert (first.series, first.series_index) == ("生成扩散模型漫谈", 18)
    assert second.series is None
    assert [(o.slug, o.field) for o in report.overrides] == [
        ("p-aaa", "title"),
        ("p-aaa", "date"),
        ("p-aaa", "series"),
        ("p-aaa", "series_index"),
        ("9341", "series"),
    ]
    assert report.overrides[1].old == "2024-02-28" and report.overrides[1].new == "2023-02-28"


def test_override_matching_nothing_is_reported_not_applied(tmp_path):
    path = tmp_path / "o.toml"
    path.write_text('[[override]]\nslug = "nope"\ntitle = "X"\n', encoding="utf-8")
    posts, report = _posts(), Report()
    apply_overrides(posts, load_overrides(path), report)
    assert [p.title for p in posts] == [p.title for p in _posts()]
    assert len(report.rejections) == 1 and "matches no post" in report.rejections[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "[[override]]\ntitle = 'no key'\n",
        "[[override]]\nslug = '1'\n",
        "[[override]]\nslug = '1'\ndate = '2023-02-31'\n",
        "[[override]]\nslug = '1'\nseries_index = 0\n",
        "[[override]]\nslug = '1'\ncolour = 'red'\n",
        "not toml = = =",
    ],
)
def test_unusable_overrides_file_is_a_clear_error(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError):
        load_overrides(path)
