"""Related posts: nearest by TF-IDF cosine, deterministic, bounded work per post."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.cjk_search.tokenizer import index_token_counts
from related import Limits, related
from related.related import text_terms
from related.similarity import _best, document_terms, inverted_index, tfidf_vectors

FILLER = "今天天气很好我们出去走走看看风景"


def doc(text: str, tags: tuple[str, ...] = ()) -> Counter[str]:
    return document_terms("", f"{text}{FILLER}", tags, text_terms, (3, 5))


def test_posts_sharing_rare_words_and_tags_are_related_first() -> None:
    terms = {
        "1": doc("扩散模型的得分匹配与去噪", ("生成模型",)),
        "2": doc("扩散模型的得分匹配推导", ("生成模型",)),
        "3": doc("优化器Muon的谱范数"),
        "4": doc("优化器Adam的二阶矩与Muon"),
        "5": doc("毫无关系的诗词鉴赏"),
    }
    found = related(terms, Limits(min_score=0.01))
    assert found["1"][0][0] == "2" and found["2"][0][0] == "1"
    assert found["3"][0][0] == "4"
    assert all(key != "1" for key, _ in found["1"])  # never itself
    assert found["5"] == []  # shares only the filler every post has


def test_ties_are_broken_by_key_and_results_repeat() -> None:
    terms = {key: doc("同样的文字内容") for key in ("c", "a", "b")}
    terms["d"] = doc("另一篇完全不同的东西")
    found = related(terms, Limits(min_score=0.01))
    assert [k for k, _ in found["c"]] == ["a", "b"]
    assert found["c"][0][1] == found["c"][1][1] > 0.5
    assert related(dict(reversed(list(terms.items()))), Limits(min_score=0.01)) == found


def test_each_post_keeps_top_terms_and_each_term_a_bounded_posting_list() -> None:
    terms = {f"{i:03}": Counter({f"w{j}": 1 + (i + j) % 3 for j in range(50)}) for i in range(40)}
    limits = Limits(top_terms=7, posting_limit=5)
    vectors = tfidf_vectors(terms, limits)
    assert all(len(v) <= 7 for v in vectors.values())
    assert all(len(p) <= 5 for p in inverted_index(vectors, limits).values())


def test_tokens_are_words_and_bigrams_not_single_characters_or_numbers() -> None:
    assert text_terms("扩散模型 x 2023 Adam") == Counter(
        {"扩散": 1, "散模": 1, "模型": 1, "adam": 1}
    )


def _index_terms_kept(text: str) -> Counter[str]:
    """The definition text_terms keeps: every index token but one-character and numeric ones."""
    return Counter(
        {t: n for t, n in index_token_counts(text).items() if len(t) > 1 and not t.isdigit()}
    )


@given(st.text(alphabet="扩散模型谱范数々〇ｘＡ２３Σσ_ -，。\u0301\u00b2①ǅ", max_size=60))
def test_text_terms_are_the_index_tokens_without_single_characters_or_numbers(text: str) -> None:
    assert text_terms(text) == _index_terms_kept(text)


def test_the_cut_keeps_the_heaviest_terms_and_breaks_ties_by_term() -> None:
    """Ten terms weigh the same in post "a" (same tf, same df): the cut keeps the first by name."""
    terms = {"a": Counter({f"t{j}": 2 for j in range(10)} | {"rare": 5})}
    terms |= {f"o{i}": Counter({f"t{j}": 1 for j in range(10)} | {"rare": 1}) for i in range(3)}
    terms["z"] = Counter({"other": 1})
    vector = tfidf_vectors(terms, Limits(top_terms=4))["a"]
    assert list(vector) == ["rare", "t0", "t1", "t2"]


@given(
    st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3),
        st.sampled_from([0.0, 0.04, 0.05, 0.3, 0.3 + 4e-10, 0.3 + 2e-9, 0.5, 0.7, 0.7]),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=6),
)
def test_the_best_candidates_are_those_a_full_ranking_gives(scores, count) -> None:
    """Only candidates near the cut are ranked; ties after rounding still go by key."""
    full = sorted(
        ((round(s, 9), k) for k, s in scores.items() if s >= 0.05), key=lambda e: (-e[0], e[1])
    )
    assert _best(scores, count, 0.05) == [(k, s) for s, k in full[:count]]
