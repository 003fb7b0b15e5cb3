"""Slugs: the blog id when known, else a stable ASCII hash of the post's identity."""

from __future__ import annotations

import pytest

from kexue_archive.slugs import slug_for_id, slug_for_identity


def test_known_blog_id_is_the_slug():
    assert slug_for_id(11480) == "11480"
    with pytest.raises(ValueError):
        slug_for_id(0)


def test_hashed_slug_is_stable_ascii_and_short_whatever_the_title():
    hostile = "../../etc/passwd<script>" + "长" * 500
    slug = slug_for_identity(hostile)
    assert slug == slug_for_identity(hostile)
    assert slug.startswith("p-") and slug.isascii() and len(slug.encode()) <= 100
    assert "/" not in slug and "." not in slug


def test_dump_and_real_punctuation_give_the_same_slug():
    assert slug_for_identity("重温SSM(一):线性系统") == slug_for_identity("重温SSM（一）：线性系统")


def test_title_less_posts_are_told_apart_by_opening_and_day():
    a = slug_for_identity(None, "在前面的介绍中,我们多次提及", 2, 28)
    assert a != slug_for_identity(None, "在前面的介绍中,我们多次提及", 3, 28)
    assert a != slug_for_identity(None, "历史总是惊人地相似", 2, 28)
    assert a == slug_for_identity(None, "在前面的介绍中, 我们多次提及", 2, 28)
