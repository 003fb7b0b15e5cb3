"""True part numbers: the blog's, not the place among the archived posts."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest
from pelican.plugins.series_parts.parts import (
    KnownPart,
    MissingParts,
    missing_runs,
    part_number,
    parts_by_series,
)
from pelican.plugins.series_parts.series_parts import attach_parts, build_series, load_known_parts
from pelican.plugins.series_parts.titles import normalize_title


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
    known = parts_by_series([("生成扩散模型漫谈（十四）：终", "https://kexue.fm/archives/9999")])
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
    reposted = [("重温SSM（二）：x", "/p/10"), ("重温SSM（二）：y", "/p/9")]
    for pairs in (reposted, reposted[::-1]):
        # a repost: the lower post number (9 before 10), whatever the list's order
        assert parts_by_series(pairs)[normalize_title("重温SSM")][2].original == "/p/9"
    known = parts_by_series(reposted)[normalize_title("重温SSM")]
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


def test_the_list_of_posts_is_a_json_list_of_title_url_pairs(tmp_path) -> None:
    listing = tmp_path / "posts.json"
    pairs = [["重温SSM（三）：z", "https://blog.example/ssm-3"], ["无关的文章", "/x"]]
    listing.write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
    known = load_known_parts({"SERIES_ARCHIVE_INDEX": str(listing)})
    assert known == {"重温ssm": {3: KnownPart(3, "重温SSM（三）：z", "https://blog.example/ssm-3")}}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{}", "not a JSON list"),
        ('[["t", "u"], ["only a title"]]', "item 2 is not"),
        ("[", "not a"),
    ],
)
def test_a_malformed_list_of_posts_is_named_with_the_item(tmp_path, text, problem) -> None:
    listing = tmp_path / "posts.json"
    listing.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"SERIES_ARCHIVE_INDEX .*posts\.json.*{problem}"):
        load_known_parts({"SERIES_ARCHIVE_INDEX": str(listing)})


def test_a_site_reader_reads_the_list_of_posts(tmp_path) -> None:
    def reader(path):
        return [(f"系列（二）：from {path}", "/p/2")]

    known = load_known_parts({"SERIES_ARCHIVE_INDEX": "x.txt", "SERIES_ARCHIVE_READER": reader})
    assert known["系列"][2].title == "系列（二）：from x.txt"


def test_the_plugin_imports_and_registers_without_the_archive_package() -> None:
    """A site without kexue_archive (any site that pip-installs the plugin) can load it."""
    script = textwrap.dedent(
        """
        import sys

        class NoArchive:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "kexue_archive":
                    raise ImportError("kexue_archive is blocked")

        sys.meta_path.insert(0, NoArchive())
        from pelican import signals
        import pelican.plugins.series_parts as plugin

        plugin.register()
        receivers = signals.article_generator_finalized.receivers
        assert any(r().__module__ == plugin.series_parts.__name__ for r in receivers.values())
        assert not any(m.split(".")[0] == "kexue_archive" for m in sys.modules)
        print("registered")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, encoding="utf-8", check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "registered"
