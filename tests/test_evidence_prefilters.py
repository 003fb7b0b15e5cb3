"""The quick first tests of the evidence readers never drop a fact the full scan finds,
and the title-share lookup finds what a scan of the text finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kexue_archive.infer import evidence
from kexue_archive.infer.evidence import (
    PAIRS_ABOVE_LOOKUPS,
    _has_id_shape,
    arxiv_months,
    relative_citations,
    title_shares,
    title_terms,
)
from kexue_archive.titles import normalize_title

_ID_SHAPE = re.compile(r"\d{4}\.\d{4}")
_digits_and_dots = st.text(st.sampled_from(list("0123456789.a٣中 v")), max_size=20)


@settings(max_examples=500, deadline=None)
@given(_digits_and_dots)
def test_id_shape_test_is_the_regex(text: str) -> None:
    assert _has_id_shape(text) == bool(_ID_SHAPE.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["arXiv:", "2303.12345", "1706.03762v5", ".", "年", "中"])))
def test_arxiv_months_find_every_id(parts: list[str]) -> None:
    text = "".join(parts)
    assert arxiv_months(text) == _arxiv_months_by_regex(text)


def _arxiv_months_by_regex(text: str) -> list:
    """arxiv_months as it was before its first test: the regexes alone."""
    if not evidence._ARXIV_CONTEXT.search(text) and not evidence._FIVE_DIGIT_ID.search(text):
        return []
    months = set()
    for m in evidence._ARXIV.finditer(text):
        year = 2000 + int(m.group(1))
        if year >= 2007:
            months.add(evidence._dt.date(year, int(m.group(2)), 1))
    return sorted(months)


_words = [*evidence.RELATIVE_WINDOWS, "去年", "《某文》", "《另一篇》", "。", "\n", "写了", "在"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_words), max_size=12))
def test_relative_citations_are_those_of_the_full_sentence_scan(parts: list[str]) -> None:
    text = "".join(parts)
    found = relative_citations(text)
    saved = evidence._RELATIVE_WORDS
    evidence._RELATIVE_WORDS = ("",)  # "" is in every text: the first test never skips
    try:
        assert found == relative_citations(text)
    finally:
        evidence._RELATIVE_WORDS = saved


_title_pieces = st.sampled_from(["扩散", "模型", "的", "ai", "gan", "x-1", "：", " ", "变分"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_title_pieces, max_size=8), st.lists(_title_pieces, max_size=30))
def test_title_shares_are_the_share_of_terms_found_in_the_text(
    title: list[str], excerpt: list[str]
) -> None:
    """Few terms are scanned for, many are looked up among the text's pairs: same answer."""
    folded = normalize_title("".join(excerpt))
    terms = title_terms("".join(title))
    scanned = len([t for t in terms if t in folded]) / len(terms) if terms else 0.0
    few = title_shares(["".join(title)], folded)
    many = title_shares(["".join(title)] * (PAIRS_ABOVE_LOOKUPS + 1), folded)
    assert few == [scanned]
    assert set(many) == {scanned}
