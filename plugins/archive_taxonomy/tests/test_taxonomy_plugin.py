"""Tag and category slugs: ASCII, stable, one page per name, homophones apart."""

from __future__ import annotations

import re

from archive_taxonomy.taxonomy import taxonomy_slug


def test_chinese_names_get_pinyin_and_a_hash() -> None:
    slug = taxonomy_slug("信息时代")
    assert re.fullmatch(r"xin-xi-shi-dai-[0-9a-f]{8}", slug)
    assert slug == taxonomy_slug("信息时代")  # the same on every build


def test_homophones_and_symbol_names_do_not_collide() -> None:
    assert taxonomy_slug("物理").startswith("wu-li-")
    assert taxonomy_slug("无理").startswith("wu-li-")
    assert taxonomy_slug("物理") != taxonomy_slug("无理")
    assert taxonomy_slug("C++") != taxonomy_slug("C#")


def test_spellings_of_one_name_share_a_slug() -> None:
    assert taxonomy_slug("Transformer") == taxonomy_slug("transformer")
    assert taxonomy_slug("（科学）") == taxonomy_slug("(科学)")


def test_slugs_are_url_safe_and_bounded() -> None:
    for name in ("数学研究", "深度学习/NLP", "a b", "《》", "😀", "x" * 200):
        slug = taxonomy_slug(name)
        assert re.fullmatch(r"[a-z0-9-]+", slug), name
        assert len(slug) <= 40 + 1 + 8 and not slug.startswith("-")
