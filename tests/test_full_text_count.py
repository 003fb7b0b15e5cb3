"""``full_text_count``: a listing's full texts, counted once per list however many pages show it."""

from __future__ import annotations

from types import SimpleNamespace

from full_text.full_text import FullTextCounter


class CountingList(list):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        CountingList.walks += 1
        return super().__iter__()


def posts(*full: bool) -> CountingList:
    return CountingList(SimpleNamespace(full_text=f) for f in full)


def test_counts_full_texts_and_walks_each_listing_once() -> None:
    count = FullTextCounter()
    listing = posts(True, False, True, True)
    CountingList.walks = 0
    assert [count(listing) for _ in range(50)] == [3] * 50  # 50 pages of one listing
    assert CountingList.walks == 1


def test_lists_of_the_same_length_are_counted_apart() -> None:
    count = FullTextCounter()
    assert count(posts(True, True)) == 2
    assert count(posts(False, False)) == 0  # may reuse the first list's id: not its count
    tag = posts(False, True)
    assert count(tag) == 1


def test_a_list_that_grew_is_counted_again() -> None:
    count = FullTextCounter()
    listing = posts(True)
    assert count(listing) == 1
    listing.append(SimpleNamespace(full_text=True))
    assert count(listing) == 2


def test_posts_without_the_flag_count_as_excerpts() -> None:
    assert FullTextCounter()([SimpleNamespace(), SimpleNamespace(full_text=True)]) == 1
