"""The search plugin writes the eager index, body shards and excerpt chunks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pelican.plugins.cjk_search.cjk_search import index_options, write_index
from pelican.plugins.cjk_search.documents import SearchDocument
from pelican.plugins.cjk_search.index_files import (
    auto_shard_count,
    build_index_files,
    load_title_index,
    serialize_title_index,
    title_builder,
)
from pelican.plugins.cjk_search.index_format import LENGTHS
from pelican.plugins.cjk_search.tokenizer import (
    index_tokens,
    shard_of,
    title_shard_of,
    title_tokens,
)

from .fixture_site import FIXTURE_CONTENT, build_fixture_site


def _docs_by_url(docs: list[list]) -> dict[str, list]:
    return {doc[0]: doc for doc in docs}


def test_every_article_is_a_document_with_its_metadata(docs: list[list]) -> None:
    by_url = _docs_by_url(docs)
    assert len(by_url) == len(list(FIXTURE_CONTENT.glob("*.md")))
    assert by_url["archives/diffusion-2.html"][1:] == [
        "生成扩散模型漫谈（二）：DDPM = 自回归式VAE",
        "2022-07-06",
        "生成扩散模型漫谈",
        2,
    ]
    assert by_url["archives/muon-optimizer.html"][3:] == [None, None]


def test_doc_files_hold_one_post_each_unless_set_otherwise(
    eager_index: dict, fixture_output: Path, tmp_path: Path
) -> None:
    assert eager_index["count"] == 8 and eager_index["docChunk"] == 1
    assert len(list((fixture_output / "search" / "doc").iterdir())) == 8
    out = build_fixture_site(tmp_path / "out", SEARCH_DOC_CHUNK=3)
    sizes = [
        len(json.loads((out / "search" / "doc" / f"{n}.json").read_text())["docs"])
        for n in range(3)
    ]
    assert sizes == [3, 3, 2]
    assert not (out / "search" / "doc" / "3.json").exists()


def test_urls_are_relative_to_the_site_root(docs: list[list], fixture_output: Path) -> None:
    for url, *_ in docs:
        assert not url.startswith(("/", "http"))
        assert (fixture_output / url).is_file()


def test_documents_are_ordered_newest_first(docs: list[list]) -> None:
    dates = [doc[2] for doc in docs]
    assert dates == sorted(dates, reverse=True)


def test_series_and_years_lists_feed_the_filters(
    eager_index: dict, docs: list[list], fixture_output: Path
) -> None:
    # The series select lists the series with the newest post first, as the series page does.
    newest = list(dict.fromkeys(doc[3] for doc in docs if doc[3]))
    assert eager_index["series"] == newest
    assert sorted(newest) == ["Transformer升级之路", "生成扩散模型漫谈"]
    assert eager_index["years"] == ["2023", "2022", "2021", "2020", "2019"]
    # A series' ids live apart from the manifest: only a series filter needs them.
    members = json.loads((fixture_output / "search" / "series.json").read_text())["docs"]
    assert sorted(members) == sorted(eager_index["series"])
    for name, deltas in members.items():
        ids = [sum(deltas[: i + 1]) for i in range(len(deltas))]
        assert ids == [n for n, doc in enumerate(docs) if doc[3] == name]
    for year, (first, count) in eager_index["yearDocs"].items():
        assert [n for n, doc in enumerate(docs) if doc[2][:4] == year] == list(
            range(first, first + count)
        )


def _title_postings(eager_index: dict, fixture_output: Path) -> dict[str, list[list[int]]]:
    """Every title-shard term, checking it lives in the shard its title key hashes to."""
    shards = eager_index["shards"]
    out: dict[str, list[list[int]]] = {}
    for number in range(shards):
        data = json.loads((fixture_output / "search" / "title" / f"{number}.json").read_text())
        for term, lists in data["terms"].items():
            assert title_shard_of(term, shards) == number, term
            out[term] = lists
    return out


def test_title_shards_hold_title_series_part_and_date_terms(
    eager_index: dict, docs: list[list], fixture_output: Path
) -> None:
    assert eager_index["lunr"]["fields"] == ["title", "series", "part", "date"]
    fields = eager_index["lunr"]["fields"]
    postings = _title_postings(eager_index, fixture_output)
    urls = [doc[0] for doc in docs]

    def terms_of(url: str, field: str) -> list[str]:
        wanted, out = urls.index(url), []
        for term, lists in postings.items():
            flat, doc = lists[fields.index(field)], 0
            for i in range(0, len(flat), 2):
                doc += flat[i]
                if doc == wanted:
                    out.append(term)
        return sorted(out)

    assert terms_of("archives/diffusion-2.html", "part") == ["2"]
    assert terms_of("archives/muon-optimizer.html", "part") == []
    assert terms_of("archives/muon-optimizer.html", "date") == ["2023", "2023-02", "2023-02-28"]
    assert terms_of("archives/diffusion-2.html", "series") == sorted(
        set(title_tokens("生成扩散模型漫谈"))
    )
    title = terms_of("archives/diffusion-2.html", "title")
    assert title == sorted(set(title_tokens("生成扩散模型漫谈（二）：DDPM = 自回归式VAE")))


def test_title_scores_are_lunr_py_field_vector_scores(
    eager_index: dict, docs: list[list], fixture_output: Path
) -> None:
    documents = [SearchDocument(u, t, d, s, p, "") for u, t, d, s, p in docs]
    serialized = serialize_title_index(title_builder(documents, index_options({}, 8)))
    term_of = {p["_index"]: term for term, p in serialized["invertedIndex"]}
    fields = eager_index["lunr"]["fields"]
    postings = _title_postings(eager_index, fixture_output)
    for ref, elements in serialized["fieldVectors"]:
        field, doc = ref.split("/")
        for i in range(0, len(elements), 2):
            flat, at, found = postings[term_of[elements[i]]][fields.index(field)], 0, None
            for j in range(0, len(flat), 2):
                at += flat[j]
                if at == int(doc):
                    found = flat[j + 1]
            assert found == round(elements[i + 1] * 1000), (ref, term_of[elements[i]])


def test_title_index_answers_queries_in_lunr_py(docs: list[list]) -> None:
    documents = [SearchDocument(u, t, d, s, p, "") for u, t, d, s, p in docs]
    idx = load_title_index(serialize_title_index(title_builder(documents, index_options({}, 8))))

    def refs(term: str, field: str) -> set[str]:
        query = idx.create_query()
        query.term(term, fields=[field], use_pipeline=False)
        return {documents[int(r["ref"])].url for r in idx.query(query)}

    assert refs("扩散", "title") == {"archives/diffusion-1.html", "archives/diffusion-2.html"}
    assert refs("2", "part") == {"archives/diffusion-2.html", "archives/transformer-upgrade-2.html"}
    assert refs("2023-02", "date") == {
        "archives/muon-optimizer.html",
        "archives/spectral-norm.html",
    }


def test_body_terms_live_in_the_shard_their_key_hashes_to(
    eager_index: dict, docs: list[list], fixture_output: Path
) -> None:
    shards = eager_index["shards"]
    assert shards == auto_shard_count(len(docs), 32)
    seen: dict[str, list[int]] = {}
    for number in range(shards):
        data = json.loads((fixture_output / "search" / "body" / f"{number}.json").read_text())
        for term, postings in data["terms"].items():
            assert shard_of(term, shards) == number
            seen[term] = postings
    muon = docs.index(_docs_by_url(docs)["archives/muon-optimizer.html"])
    # delta-encoded [doc, tf] pairs: "muon" occurs once, in the Muon post only.
    assert seen["muon"] == [muon, 1]
    assert "牛顿" not in seen and "newton" in seen


def test_body_lengths_count_the_body_tokens_within_a_step() -> None:
    texts = ["谱范数" * k + " muon" * k for k in (1, 3, 10, 40, 200)]
    documents = [
        SearchDocument(f"archives/{n}.html", f"t{n}", f"2020-01-{n + 1:02d}", None, None, t)
        for n, t in enumerate(texts)
    ]
    files = build_index_files(documents, index_options({}, len(documents)))
    codes = json.loads(files["index.json"])["bodyLengths"]
    # ids are newest first: the last text is post 0
    lengths = [len(index_tokens(t)) for t in reversed(texts)]
    average = sum(lengths) / len(lengths)
    assert isinstance(codes, str) and len(codes) == len(texts)
    for code, length in zip(codes, lengths, strict=True):
        ratio = LENGTHS.ratio(code) * average / length
        assert 1 / LENGTHS.step**0.5 <= ratio <= LENGTHS.step**0.5, (code, length)


def test_length_codes_are_json_plain_and_clamp_the_extremes() -> None:
    assert '"' not in LENGTHS.alphabet and "\\" not in LENGTHS.alphabet
    assert json.dumps(LENGTHS.alphabet) == f'"{LENGTHS.alphabet}"'
    codes = LENGTHS.encode([1] * 998 + [10**6, 0])
    assert LENGTHS.ratio(codes[0]) > 1 / 1000  # 1/1000 of the average: clamped up to the floor
    assert codes[0] == LENGTHS.alphabet[0] and codes[-1] == LENGTHS.alphabet[0]
    assert codes[-2] == LENGTHS.alphabet[-1]  # 1,000 times the average: clamped to the top
    assert LENGTHS.encode([]) == ""
    # Every length of a normal archive keeps its own level: no two 10% apart share one.
    spread = LENGTHS.encode([round(500 * LENGTHS.step**k) for k in range(-20, 21)])
    assert len(set(spread)) == 41


def test_text_files_hold_each_post_as_plain_text(
    eager_index: dict, docs: list[list], fixture_output: Path
) -> None:
    urls = [doc[0] for doc in docs]
    number = urls.index("archives/diffusion-1.html")
    data = json.loads((fixture_output / "search" / "text" / f"{number}.json").read_text())
    [[anchor, heading, text], *_] = data["sections"]
    assert (anchor, heading) == ("", "") and text.startswith("说到生成模型")
    assert "\\alpha" not in text and "<p>" not in text
    escape = urls.index("archives/escape-test.html")
    data = json.loads((fixture_output / "search" / "text" / f"{escape}.json").read_text())
    assert "<script>alert(1)</script>" in data["sections"][0][2]


def test_two_builds_write_identical_bytes(tmp_path: Path, fixture_output: Path) -> None:
    again = build_fixture_site(tmp_path / "again")
    first = sorted(p.relative_to(fixture_output) for p in (fixture_output / "search").rglob("*"))
    second = sorted(p.relative_to(again) for p in (again / "search").rglob("*"))
    assert first == second
    for relative in first:
        if (fixture_output / relative).is_file():
            assert (fixture_output / relative).read_bytes() == (again / relative).read_bytes()


def test_shard_setting_overrides_the_automatic_count(tmp_path: Path) -> None:
    out = build_fixture_site(tmp_path / "out", SEARCH_BODY_SHARDS=5, SEARCH_DOC_CHUNK=3)
    index = json.loads((out / "search" / "index.json").read_text())
    assert index["shards"] == 5 and index["docChunk"] == 3
    assert sorted(p.name for p in (out / "search" / "body").iterdir()) == [
        f"{n}.json" for n in range(5)
    ]
    assert len(list((out / "search" / "doc").iterdir())) == 3


def test_an_archive_without_posts_still_gets_a_working_empty_index() -> None:
    files = build_index_files([], index_options({}, 0))
    manifest = json.loads(files["index.json"])
    assert manifest["count"] == 0 and manifest["shards"] == 1
    assert json.loads(files["title/0.json"]) == {"terms": {}}
    assert json.loads(files["body/0.json"]) == {"terms": {}}
    assert not any(name.startswith("doc/") for name in files)


def test_the_manifest_holds_no_titles_or_urls(fixture_output: Path, docs: list[list]) -> None:
    manifest = (fixture_output / "search" / "index.json").read_text(encoding="utf-8")
    for url, title, *_ in docs:
        assert url not in manifest and title not in manifest


def test_auto_shard_count_grows_as_a_power_of_two() -> None:
    assert [auto_shard_count(n, 32) for n in (0, 1, 32, 33, 1000, 10000)] == [1, 1, 1, 2, 32, 512]


def test_a_rebuild_rewrites_only_changed_index_files_and_removes_stale_ones(
    tmp_path: Path,
) -> None:
    target = tmp_path / "search"
    files = {"index.json": b"{}", "body/0.json": b"a", "body/1.json": b"b", "doc/0.json": b"d"}
    assert write_index(target, files) == 4
    past = 1_000_000_000
    for path in target.rglob("*.json"):
        os.utime(path, (past, past))
    assert write_index(target, files) == 0
    assert {p.stat().st_mtime for p in target.rglob("*.json")} == {past}  # left alone

    outside = tmp_path / "outside.json"
    outside.write_bytes(b"keep")
    (target / "body" / "1.json").unlink()
    (target / "body" / "1.json").symlink_to(outside)
    (target / "meta").mkdir()
    (target / "meta" / "0.json").write_bytes(b"an older layout")
    changed = {"index.json": b"{}", "body/0.json": b"A", "body/1.json": b"b", "title/0.json": b"t"}
    assert write_index(target, changed) == 3  # body/0 changed, body/1 was a link, title/0 new
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "body",
        "body/0.json",
        "body/1.json",
        "index.json",
        "title",
        "title/0.json",
    ]
    assert not (target / "body" / "1.json").is_symlink()
    assert outside.read_bytes() == b"keep"
    assert (target / "index.json").stat().st_mtime == past


def test_a_link_to_a_folder_where_an_index_file_goes_is_replaced_not_followed(
    tmp_path: Path,
) -> None:
    target = tmp_path / "search"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (target / "doc").mkdir(parents=True)
    (target / "doc" / "0.json").symlink_to(elsewhere, target_is_directory=True)
    assert write_index(target, {"doc/0.json": b"d", "index.json": b"{}"}) == 2
    assert (target / "doc" / "0.json").read_bytes() == b"d"
    assert not (target / "doc" / "0.json").is_symlink()
    assert list(elsewhere.iterdir()) == []


def test_building_twice_rewrites_no_index_file(tmp_path: Path) -> None:
    out = build_fixture_site(tmp_path / "out")
    before = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*.json")}
    build_fixture_site(tmp_path / "out")
    after = {p: p.stat().st_mtime_ns for p in (out / "search").rglob("*.json")}
    assert before == after and len(before) > 10


def test_sections_and_comments_have_files_of_their_own() -> None:
    """Default queries read body shards and text files; comments only when asked for."""
    with_comments = SearchDocument(
        "archives/2.html",
        "对偶",
        "2021-01-02",
        None,
        None,
        "拉格朗日乘子 x_t",
        sections=(("", "", "拉格朗日乘子⋯"), ("强对偶", "强对偶", "Slater条件")),
        comments=(("comment-7", "对偶间隙为零"), ("comment-p2", "谢谢")),
    )
    plain = SearchDocument("archives/1.html", "旧文", "2020-01-01", None, None, "旧的正文")
    files = build_index_files([plain, with_comments], index_options({}, 2))
    sections = json.loads(files["text/0.json"])["sections"]
    assert sections == [["", "", "拉格朗日乘子⋯"], ["强对偶", "强对偶", "Slater条件"]]
    assert json.loads(files["text/1.json"])["sections"] == [["", "", "旧的正文"]]
    # a result shown with its snippet reads one file: the text holds the doc row too
    for n in (0, 1):
        doc_file = json.loads(files[f"doc/{n}.json"])["docs"][0]
        assert json.loads(files[f"text/{n}.json"])["doc"] == doc_file
    assert json.loads(files["text/0.json"])["doc"][:2] == ["archives/2.html", "对偶"]
    comments = json.loads(files["comments/0.json"])["comments"]
    assert comments == [["comment-7", "对偶间隙为零"], ["comment-p2", "谢谢"]]
    assert "comments/1.json" not in files  # no comments, no file
    # The comment words are postings of their own shards, not of the body's.
    body = json.loads(files["body/0.json"])["terms"]
    comment_body = json.loads(files["comment-body/0.json"])["terms"]
    assert "间隙" in comment_body and "间隙" not in body
    assert comment_body["间隙"] == [0, 1] and "乘子" in body and "乘子" not in comment_body
    # The formula's variables stay searchable through the body postings.
    assert "x" in body


def _tagged(url: str, tags: tuple[str, ...], category: str | None) -> SearchDocument:
    return SearchDocument(
        url=url,
        title="t",
        date="2024-01-02",
        series=None,
        part=None,
        text="正文",
        tags=tags,
        category=category,
    )


def test_result_fields_put_tags_and_category_in_the_doc_rows_and_name_them() -> None:
    docs = [_tagged("a.html", ("梯度", "优化"), "优化"), _tagged("b.html", (), None)]
    files = build_index_files(docs, index_options({}, len(docs)))
    fields = json.loads(files["index.json"])["format"]["docFields"]
    rows = [json.loads(files[f"doc/{n}.json"])["docs"][0] for n in (0, 1)]
    by_url = {row[0]: dict(zip(fields, row, strict=True)) for row in rows}
    assert by_url["a.html"]["tags"] == ["梯度", "优化"] and by_url["a.html"]["category"] == "优化"
    assert by_url["b.html"]["tags"] == [] and by_url["b.html"]["category"] is None


def test_a_site_that_shows_no_result_fields_keeps_the_rows_as_they_were() -> None:
    docs = [_tagged("a.html", ("梯度",), "优化")]
    plain = build_index_files(docs, index_options({"SEARCH_RESULT_FIELDS": []}, 1))
    assert json.loads(plain["doc/0.json"])["docs"][0] == ["a.html", "t", "2024-01-02", None, None]


def test_an_unknown_result_field_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"SEARCH_RESULT_FIELDS.*'author'"):
        index_options({"SEARCH_RESULT_FIELDS": ["tags", "author"]}, 1)


def test_the_plugins_own_page_says_when_it_cannot_search_from_disk(fixture_output: Path) -> None:
    """Opened from disk without the bundle, the page says why instead of loading forever."""
    page = (fixture_output / "search.html").read_text(encoding="utf-8")
    notice = page[page.index('location.protocol === "file:" && !') :]
    assert "直接打开本地文件时无法搜索：请通过网页服务器访问本站。" in notice
    assert 'setAttribute("aria-busy", "false")' in notice
