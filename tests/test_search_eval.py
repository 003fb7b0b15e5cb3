"""The known-item queries of scripts/eval_search.py are reproducible and really known-item."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "kexue-dev"


def _load_eval():
    spec = importlib.util.spec_from_file_location(
        "eval_search", ROOT / "scripts" / "eval_search.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


eval_search = _load_eval()

TRUTH = [
    {
        "archive_id": 1,
        "title": "Muon优化器赏析：从向量到矩阵",
        "date": "2023-02-28",
        "series": None,
        "part": None,
        "excerpt_paragraphs": ["Muon优化器基于矩阵符号函数，利用迭代高效计算。", "$$x^2$$"],
    },
    {
        "archive_id": 2,
        "title": "生成扩散模型漫谈（二）：自回归式VAE",
        "date": "2022-07-06",
        "series": "生成扩散模型漫谈",
        "part": 2,
        "excerpt_paragraphs": ["我们从变分自编码器的角度重新推导扩散模型的训练目标。"],
    },
    {
        "archive_id": 3,
        "title": "生成扩散模型漫谈（三）：条件控制",
        "date": "2022-07-06",
        "series": "生成扩散模型漫谈",
        "part": 3,
        "excerpt_paragraphs": ["本文讨论扩散模型的条件控制生成方法与分类器引导。"],
    },
]


def test_queries_are_reproducible_from_the_seed() -> None:
    first = eval_search.make_queries(TRUTH, 10, seed=3)
    assert first == eval_search.make_queries(TRUTH, 10, seed=3)
    assert {item.kind for item in first} == {"phrase", "title", "series", "date"}


def test_phrases_are_unique_to_their_post_and_do_not_cut_latin_words() -> None:
    texts = [eval_search.fold(eval_search.excerpt_text(e)) for e in TRUTH]
    for item in eval_search.make_queries(TRUTH, 20, seed=1):
        if item.kind == "phrase":
            owners = [e["archive_id"] for e, t in zip(TRUTH, texts, strict=True) if item.query in t]
            assert owners == [item.archive_id]
            assert item.query not in {"uon优化器", "Muo"}
            assert not item.query[0].isascii() or item.query.startswith("Muon")


def test_series_and_date_queries_name_the_target() -> None:
    items = eval_search.make_queries(TRUTH, 20, seed=1)
    series = {item.query: item.archive_id for item in items if item.kind == "series"}
    assert series == {"生成扩散模型漫谈 2": 2, "生成扩散模型漫谈 3": 3}
    dates = {item.query: item.archive_id for item in items if item.kind == "date"}
    assert dates == {"2023-02-28": 1}  # 2022-07-06 is shared, so not a known item


def test_scores_count_only_post_pages_in_the_first_ten() -> None:
    items = [eval_search.KnownItem("date", "q", 1), eval_search.KnownItem("date", "q", 2)]
    urls = {1: "archives/1.html", 2: "archives/2.html"}
    answers = [["index.html", "archives/1.html"], ["archives/1.html"]]
    result = eval_search.score(items, answers, urls)
    assert result["ranks"] == [1, 0]
    assert result["table"]["all"] == {"n": 2, "recall@10": 0.5, "mrr": 0.5}


@pytest.mark.skipif(not (CORPUS / "truth.json").exists(), reason="dev corpus not present")
def test_dev_corpus_yields_the_requested_number_of_queries() -> None:
    truth = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))
    items = eval_search.make_queries(truth, 150, seed=5)
    assert len(items) == 150
