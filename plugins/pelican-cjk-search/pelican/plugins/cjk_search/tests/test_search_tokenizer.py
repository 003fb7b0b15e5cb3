"""The Python tokenizer against the shared vectors (tests/vectors/tokenizer.json)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.pipeline import Pipeline
from lunr.token import Token
from pelican.plugins.cjk_search.tokenizer import (
    CJK_RANGES,
    IDEOGRAPHS,
    NORMALIZE_LABEL,
    date_tokens,
    fnv1a,
    index_token_counts,
    index_tokens,
    is_cjk,
    normalize,
    parse_date,
    query_tokens,
    register_pipeline,
    runs,
    shard_key,
    shard_of,
    title_shard_key,
    title_shard_of,
    title_tokens,
)

from .fixture_site import ROOT

VECTORS = json.loads((ROOT / "tests" / "vectors" / "tokenizer.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["tokens"], ids=lambda c: c["text"] or "<empty>")
def test_tokens_match_the_shared_vectors(case: dict) -> None:
    assert index_tokens(case["text"]) == case["index"]
    assert query_tokens(case["text"]) == case["query"]
    assert title_tokens(case["text"]) == case["title"]


@pytest.mark.parametrize("case", VECTORS["dates"], ids=lambda c: c["text"])
def test_dates_match_the_shared_vectors(case: dict) -> None:
    assert parse_date(case["text"]) == case["date"]


@pytest.mark.parametrize("case", VECTORS["date_tokens"], ids=lambda c: c["date"])
def test_date_tokens_match_the_shared_vectors(case: dict) -> None:
    assert date_tokens(dt.date.fromisoformat(case["date"])) == case["tokens"]


@pytest.mark.parametrize("case", VECTORS["shards"], ids=lambda c: c["token"] or "<empty>")
def test_shards_match_the_shared_vectors(case: dict) -> None:
    assert shard_key(case["token"]) == case["key"]
    assert fnv1a(case["key"]) == case["fnv1a"]
    assert shard_of(case["token"], case["shards"]) == case["shard"]


@pytest.mark.parametrize("case", VECTORS["title_shards"], ids=lambda c: c["token"] or "<empty>")
def test_title_shards_match_the_shared_vectors(case: dict) -> None:
    assert title_shard_key(case["token"]) == case["key"]
    assert title_shard_of(case["token"], case["shards"]) == case["shard"]


@pytest.mark.parametrize("case", VECTORS["tokens"], ids=lambda c: c["text"] or "<empty>")
def test_token_counts_are_the_counts_of_the_token_list(case: dict) -> None:
    assert index_token_counts(case["text"]) == Counter(case["index"])


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("扩散模型的𠀀ｶﾞ가Ａa1é\u0301 -_\n。，$\\{}Ⅳßİ"),
        max_size=40,
    )
    | st.text()
)
def test_token_counts_agree_with_the_tokenizer_on_any_text(text: str) -> None:
    """The index counts tokens by a faster route; it must count exactly the spec's tokens."""
    assert index_token_counts(text) == Counter(index_tokens(text))


def test_every_query_token_of_a_text_is_one_of_its_index_tokens() -> None:
    text = "Muon优化器与谱范数：2023年的Transformer"
    assert set(query_tokens(text)) <= set(index_tokens(text))


def test_every_character_of_a_title_is_a_title_token_or_starts_one() -> None:
    title = "如何更科学地估计矩阵的谱范数？Muon与频谱"
    tokens = title_tokens(title)
    for char in (c for c in title if is_cjk(c)):
        assert any(token.startswith(char) for token in tokens), char


def test_pipeline_function_is_registered_under_the_shared_label() -> None:
    register_pipeline()
    step = Pipeline.registered_functions[NORMALIZE_LABEL]
    assert str(step(Token("ＭＵＯＮ"), 0, [])) == "muon"


def _runs_by_spec(text: str) -> list[tuple[bool, str]]:
    """Rules 1-4 of the tokenizer read literally, one character at a time."""
    found: list[tuple[bool, str]] = []
    current, current_cjk = "", False
    for char in unicodedata.normalize("NFKC", text).lower():
        code = ord(char)
        kind: bool | None
        if any(low <= code <= high for low, high in CJK_RANGES):
            kind = True
        elif unicodedata.category(char)[0] in "LN":
            kind = False
        else:
            kind = None
        if current and kind is not current_cjk:
            found.append((current_cjk, current))
            current = ""
        if kind is not None:
            current += char
            current_cjk = kind
    if current:
        found.append((current_cjk, current))
    return found


def test_runs_split_every_code_point_like_the_specification() -> None:
    """The regex scan in ``runs`` agrees with the per-character rules on all of Unicode."""
    everything = "".join(
        chr(code) + (" " if code % 7 == 0 else "")
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF
    )
    assert list(runs(everything)) == _runs_by_spec(everything)


#: Characters next to which NFKC or lower-casing behave specially: composing marks and
#: jamo, kana voicing marks, compatibility ideographs, full-width forms, final sigma.
_FOLD_TRAPS = "e\u0301\u0338<=ᄀ\u1161\u11a8か\u3099ｶﾞ\uf900Ａ，。Σσς'.Ǆ①ﬁ\u00a0 x"


@given(st.text(alphabet=_FOLD_TRAPS + "模型谱范数丽", max_size=40))
def test_normalize_is_nfkc_then_lower_case(text: str) -> None:
    assert normalize(text) == unicodedata.normalize("NFKC", text).lower()


def test_ideographs_are_left_alone_by_nfkc_and_lower_case_and_join_nothing() -> None:
    """What lets :func:`normalize` skip runs of ideographs, checked over every code point."""
    low, high = (ord(c) for c in IDEOGRAPHS)
    for code in range(low, high + 1):
        char = chr(code)
        assert unicodedata.combining(char) == 0 and unicodedata.category(char) == "Lo"
        assert unicodedata.normalize("NFKC", char) == char == char.lower() == char.upper()
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):  # a canonical pair composes
            assert not any(low <= int(part, 16) <= high for part in parts), hex(code)
