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


# --- full text: known items from deep inside full posts ---------------------------------

FULL_FIXTURE = ROOT / "tests" / "fixtures" / "bench_fullposts"


def _full_posts():
    from bench.fullposts import real_posts

    posts, refused = real_posts(FULL_FIXTURE)
    assert refused == []  # the save made while MathJax was rendering is read too
    return posts


def test_full_queries_come_from_headed_sections_and_name_their_section() -> None:
    posts = _full_posts()
    by_id = {p.meta.archive_id: p for p in posts}
    texts = [
        eval_search.fold(" ".join(t for _, _, t in eval_search.post_sections(p))) for p in posts
    ]
    items = eval_search.make_full_queries(posts, 10, seed=2)
    assert items == eval_search.make_full_queries(posts, 10, seed=2)
    assert {item.kind for item in items} == {"deep phrase", "heading"}
    # fewer posts than queries: a post is asked about again, never the same query twice
    assert sum(item.kind == "deep phrase" for item in items) == 6 > len(posts)
    assert len({item.query for item in items}) == len(items)
    for item in items:
        sections = {i: (h, t) for i, h, t in eval_search.post_sections(by_id[item.archive_id])}
        assert item.section in sections and item.section is not None  # never the opening
        heading, text = sections[item.section]
        if item.kind == "heading":
            assert item.query == heading
        else:
            assert eval_search.fold(item.query) in eval_search.fold(text)
            owners = [t for t in texts if eval_search.fold(item.query) in t]
            assert len(owners) == 1
    # the opening paragraph is what an excerpt shows: never a deep phrase
    assert not any("开篇" in item.query for item in items)


def test_plain_text_of_clipper_blocks_has_no_tex_or_urls() -> None:
    clip = "更新量是$\\\\frac{m\\_t}{2}$，见 [《旧文》](https://kexue.fm/archives/5102)。"
    assert eval_search.clip_plain(clip) == "更新量是 ，见 《旧文》。"


def test_right_section_is_read_from_the_first_result_of_the_target_post() -> None:
    items = [
        eval_search.KnownItem("heading", "动量的定义", 1, "动量的定义"),
        eval_search.KnownItem("deep phrase", "滑动平均", 1, "动量的定义"),
        eval_search.KnownItem("deep phrase", "奇异值", 2, "奇异值分解"),
    ]
    urls = {1: "archives/1.html", 2: "archives/2.html"}
    answers = [
        ["archives/1.html#%E5%8A%A8%E9%87%8F%E7%9A%84%E5%AE%9A%E4%B9%89"],  # percent-encoded
        ["archives/2.html#x", "archives/1.html", "archives/1.html#动量的定义"],  # page only
        ["index.html#奇异值分解"],  # a miss is a wrong section
    ]
    result = eval_search.score(items, answers, urls)
    assert result["ranks"] == [1, 2, 0]
    assert result["table"]["all"]["right_section"] == 1 / 3
    assert result["table"]["heading"]["right_section"] == 1.0
    assert result["table"]["deep phrase"]["right_section"] == 0.0
    assert eval_search.split_url("a.html#%E5%B0%8F") == ("a.html", "小")


def test_the_table_shows_right_section_columns_only_for_full_text() -> None:
    listing = {"table": {"all": {"n": 1, "recall@10": 1.0, "mrr": 1.0}}, "ranks": [1]}
    assert "right section" not in eval_search.markdown_table(listing, None)
    full = {"table": {"all": {"n": 1, "recall@10": 1.0, "mrr": 0.5, "right_section": 0.0}}}
    table = eval_search.markdown_table(full, full, eval_search.FULL_KINDS)
    assert "| all | 1 | 1.000 | 0.500 | 0.000 | 1.000 | 0.500 | 0.000 |" in table
