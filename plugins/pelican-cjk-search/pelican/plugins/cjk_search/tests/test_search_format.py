"""The index format, written once: the writer makes the golden files, the manifest names
its parameters, and the browser decodes by the manifest, not by a copy of its own."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.cjk_search import index_files, index_format
from pelican.plugins.cjk_search.cjk_search import STATIC_JS, write_index
from pelican.plugins.cjk_search.index_files import build_index_files, dump_json
from pelican.plugins.cjk_search.index_format import (
    FORMAT_VERSION,
    LENGTHS,
    MANIFEST_KEYS,
    SCRIPT_SUFFIX,
    LengthCode,
    format_record,
    manifest,
)

from . import golden_index
from .fixture_site import ROOT
from .golden_index import GOLDEN, golden_documents, golden_files, golden_options, golden_spec


def test_the_writer_makes_the_golden_files_byte_for_byte() -> None:
    files = golden_files()
    on_disk = {
        path.relative_to(GOLDEN).as_posix(): path.read_bytes()
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file()
    }
    assert sorted(files) == sorted(on_disk)
    for name, data in files.items():
        assert data == on_disk[name], f"{name} differs (rewrite: python -m {golden_index.__name__})"


def test_the_golden_length_ratios_are_what_the_python_code_means() -> None:
    codes = json.loads(golden_files()["index.json"])["bodyLengths"]
    assert [LENGTHS.ratio(c) for c in codes] == golden_spec()["lengthRatios"]


def test_the_manifest_carries_the_format_and_nothing_unlisted() -> None:
    data = json.loads(golden_files()["index.json"])
    assert data.keys() == MANIFEST_KEYS
    assert data["version"] == FORMAT_VERSION
    assert data["format"] == format_record(extra_fields=("truncated",))  # the vectors' setting
    with pytest.raises(ValueError, match="manifest keys"):
        manifest(**dict(data, extra=1))


def test_the_format_costs_the_manifest_a_few_hundred_bytes() -> None:
    # 430 bytes since sections and comments have files of their own (about 250 gzipped).
    assert len(dump_json(format_record())) < 450


def test_a_doc_row_follows_the_declared_field_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_format, "DOC_FIELDS", tuple(reversed(index_format.DOC_FIELDS)))
    files = golden_files()
    row = json.loads(files["doc/0.json"])["docs"][0]
    fields = json.loads(files["index.json"])["format"]["docFields"]
    core = len(index_format.DOC_FIELDS)
    # the declared fields, reversed, then the site's extra fields in their own order
    assert row[core - 1] == "archives/muon.html" and row[core - 2] == "谱范数与Muon优化器"
    assert fields[:core] == list(index_format.DOC_FIELDS) and fields[0] == "part"


NODE_READER = r"""
import lunr from "lunr";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SearchEngine } from "@static/search-engine.js";
import { lengthRatios } from "@static/search-format.js";
const [folder, q] = process.argv.slice(1);
const read = async (p) => JSON.parse(readFileSync(join(folder, p), "utf8"));
const engine = new SearchEngine(lunr, read);
try {
  await engine.load();
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
  process.exit(0);
}
const { results } = await engine.search(q);
const ratios = Array.from(lengthRatios(engine.data));
const shown = results.map(({ url, title, date, series, part }) =>
  ({ url, title, date, series, part }));
console.log(JSON.stringify({ ratios, results: shown }));
""".replace("@static/", f"{STATIC_JS.as_uri()}/")


def _read_in_node(folder: Path, query: str) -> dict:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_READER, str(folder), query],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(completed.stdout)


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_changing_the_format_in_python_changes_what_the_browser_decodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coarse = LengthCode(alphabet="ABCDEFGHIJ", step=1.5, offset=4)
    monkeypatch.setattr(index_format, "DOC_FIELDS", tuple(reversed(index_format.DOC_FIELDS)))
    spec = golden_spec()
    files = golden_files(replace(golden_options(spec), lengths=coarse))
    out = _read_in_node(_write(tmp_path, files), "梯度")
    codes = json.loads(files["index.json"])["bodyLengths"]
    expected = [coarse.ratio(c) for c in codes]
    assert expected != spec["lengthRatios"]  # the new code means other lengths
    assert out["ratios"] == pytest.approx(expected, rel=1e-12)
    by_url = {doc.url: doc for doc in golden_documents(spec)}
    assert [r["url"] for r in out["results"]] == next(
        q["urls"] for q in spec["queries"] if q["q"] == "梯度"
    )
    for result in out["results"]:
        doc = by_url[result["url"]]
        assert result == {
            "url": doc.url,
            "title": doc.title,
            "date": doc.date,
            "series": doc.series,
            "part": doc.part,
        }


def test_a_new_format_version_is_refused_by_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(index_files, "FORMAT_VERSION", FORMAT_VERSION + 1)
    out = _read_in_node(_write(tmp_path, golden_files()), "梯度")
    assert out == {"error": f"index format {FORMAT_VERSION + 1}"}


def test_script_twins_change_exactly_when_their_json_does(tmp_path: Path) -> None:
    """A rebuild still rewrites only the files whose bytes changed, twins included."""
    spec = golden_spec()
    options = golden_options(spec)
    assert options.from_disk
    documents = golden_documents(spec)
    target = tmp_path / "search"
    first = build_index_files(documents, options)
    assert write_index(target, first) == len(first)
    assert write_index(target, first) == 0
    retitled = [replace(documents[0], title="扩散模型漫谈（一）：重新理解"), *documents[1:]]
    second = build_index_files(retitled, options)
    changed = {name for name, data in second.items() if first[name] != data}
    json_changed = {name for name in changed if name.endswith(".json")}
    assert json_changed and "index.json" not in json_changed  # a title: its doc and title shards
    assert changed == json_changed | {name + SCRIPT_SUFFIX for name in json_changed}
    assert write_index(target, second) == len(changed)


@given(
    st.dictionaries(
        st.text(alphabet='扩散ab"\\\n\u2028\U00020000é', max_size=4),
        st.lists(st.integers(min_value=0, max_value=10**6), max_size=6),
    )
)
def test_postings_are_written_as_the_one_json_serialization_writes_them(terms) -> None:
    """Keys that JSON escapes, numbers of every size: the same bytes as ``dump_json``."""
    assert index_files.dump_postings(terms) == dump_json({"terms": terms})
