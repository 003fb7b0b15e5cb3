"""Posts that resemble each other: TF-IDF vectors, cut to their top terms, compared by cosine.

Pure Python (the project has no numpy), and near-linear in the number of posts: each post
keeps only its ``top_terms`` heaviest terms, each term keeps only the ``posting_limit``
posts it weighs most in, and a post is compared only with the posts that share one of its
terms in those lists.  So the work per post is bounded by ``top_terms * posting_limit``
whatever the archive's size, where comparing every pair would grow with its square.
Every ordering is explicit (weight, then key), so the same input gives the same answer.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress


@dataclass(frozen=True)
class Limits:
    """How the vectors are cut and how many neighbours are kept (README.md explains)."""

    count: int = 5  # related posts per post
    top_terms: int = 24  # terms kept per post
    posting_limit: int = 40  # posts kept per term in the inverted index
    min_score: float = 0.05  # cosine below which a post is not called related
    max_df: float = 0.2  # terms in more than this share of posts say nothing


Vector = dict[str, float]


def tfidf_vectors(terms: Mapping[str, Counter[str]], limits: Limits) -> dict[str, Vector]:
    """Each document's ``top_terms`` heaviest terms, weighted ``(1+ln tf)·ln(N/df)``, unit length.

    A term in only one document links nothing and one in more than ``max_df`` of them
    (``我们``, ``一个``) links everything: both are left out before the cut.
    """
    total = len(terms)
    df: Counter[str] = Counter()
    for counts in terms.values():
        df.update(counts.keys())
    # A small site keeps its common terms: their idf is small already.
    ceiling = max(10, limits.max_df * total)
    idf = {t: math.log(total / n) for t, n in df.items() if 2 <= n <= ceiling}
    vectors: dict[str, Vector] = {}
    # -(1 + ln tf) once per distinct count, not once per term: the weights are then
    # two lookups and a product, each step a ``map`` that runs in C.
    tf_factor: dict[int, float] = {}
    weighted = idf.keys()
    for key in sorted(terms):
        counts = terms[key]
        known = list(counts.keys() & weighted)  # any order: the cut below sorts
        tfs = list(map(counts.__getitem__, known))
        for tf in set(tfs).difference(tf_factor):
            tf_factor[tf] = -(1.0 + math.log(tf))
        weights = list(
            map(operator.mul, map(tf_factor.__getitem__, tfs), map(idf.__getitem__, known))
        )
        kept = _lightest(weights, known, limits.top_terms)
        norm = math.sqrt(sum(w * w for w, _ in kept)) or 1.0
        vectors[key] = {t: -w / norm for w, t in kept}
    return vectors


def _lightest(weights: list[float], terms: list[str], count: int) -> list[tuple[float, str]]:
    """The ``count`` smallest ``(weight, term)`` pairs, in order: ties broken by term.

    The same as sorting every pair, whatever the dicts' order.  A post has a few
    hundred to a few thousand terms: sorting the bare weights (floats compare fast)
    finds the cut, and only the pairs up to it, ties at the cut included, are
    sorted as pairs.
    """
    if len(weights) > count > 0:
        cut = sorted(weights)[count - 1]
        pairs = compress(zip(weights, terms, strict=True), map(cut.__ge__, weights))
    else:
        pairs = zip(weights, terms, strict=True)
    return sorted(pairs)[:count]


def inverted_index(
    vectors: Mapping[str, Vector], limits: Limits
) -> dict[str, list[tuple[str, float]]]:
    """Term -> the ``posting_limit`` documents it weighs most in, heaviest first."""
    postings: dict[str, list[tuple[str, float]]] = {}
    for key in sorted(vectors):
        for term, weight in vectors[key].items():
            postings.setdefault(term, []).append((key, weight))
    for entries in postings.values():
        entries.sort(key=lambda e: (-e[1], e[0]))
        del entries[limits.posting_limit :]
    return postings


def related(
    terms: Mapping[str, Counter[str]], limits: Limits = Limits()
) -> dict[str, list[tuple[str, float]]]:
    """For every document key, its most similar documents as ``(key, cosine)``, best first.

    Ties are broken by key, scores are rounded to 1e-9 before comparing, so the
    order never depends on float noise or dict order.
    """
    vectors = tfidf_vectors(terms, limits)
    postings = inverted_index(vectors, limits)
    result: dict[str, list[tuple[str, float]]] = {}
    for key in sorted(vectors):
        scores: dict[str, float] = {}
        get = scores.get
        for term, weight in sorted(vectors[key].items()):
            for other, other_weight in postings.get(term, ()):
                scores[other] = get(other, 0.0) + weight * other_weight
        scores.pop(key, None)
        result[key] = _best(scores, limits.count, limits.min_score)
    return result


def _best(scores: dict[str, float], count: int, min_score: float) -> list[tuple[str, float]]:
    """The ``count`` best ``(key, score)`` by score rounded to 1e-9, ties by key.

    The same as ranking every candidate, but a post has a few hundred of them and keeps
    five: the raw scores (floats sort fast) give the ``count``-th best, and only the
    candidates that could round to it or above are ranked as pairs.  One that is more
    than 1e-8 below it rounds strictly below it, behind at least ``count`` others.
    """
    floor = min_score
    if len(scores) > count > 0:
        floor = max(floor, sorted(scores.values(), reverse=True)[count - 1] - 1e-8)
    ranked = sorted(
        ((round(s, 9), other) for other, s in scores.items() if s >= floor),
        key=lambda e: (-e[0], e[1]),
    )
    return [(other, score) for score, other in ranked[:count]]


def document_terms(title: str, body: str, tags: Sequence[str], tokens, weights) -> Counter[str]:
    """A document's term counts: body, title counted ``weights[0]`` times, tags ``weights[1]``.

    ``tokens`` is the tokenizer (text -> Counter of terms); a tag becomes one term of its
    own (``tag:优化器``), so two posts with a shared tag share a term no text can fake.
    """
    title_weight, tag_weight = weights
    counts = tokens(body)
    for term, n in tokens(title).items():
        counts[term] += n * title_weight
    for tag in tags:
        counts["tag:" + tag] += tag_weight
    return counts
