"""Our search modules joined into one classic script for pages opened from disk."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pelican.plugins.cjk_search.cjk_search import DISK_ENTRIES, STATIC_JS
from pelican.plugins.cjk_search.classic_bundle import BundleError, bundle_modules

SHIPPED = STATIC_JS

#: Runs a bundle in node with a page that has finished parsing; prints window.result.
RUN_IN_PAGE = r"""
import vm from "node:vm";
import { readFileSync } from "node:fs";
const window = {};
const context = vm.createContext({ window, document: { readyState: "complete" } });
vm.runInContext(readFileSync(process.argv[1], "utf8"), context);
console.log(JSON.stringify(window.result ?? null));
"""


def _modules(folder: Path, **files: str) -> Path:
    for name, text in files.items():
        (folder / f"{name}.js").write_text(text, encoding="utf-8")
    return folder


def _run(bundle: bytes, tmp_path: Path) -> object:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = tmp_path / "bundle.js"
    script.write_bytes(bundle)
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", RUN_IN_PAGE, str(script)],
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(completed.stdout)


def test_imports_reach_exports_and_each_module_keeps_its_own_names(tmp_path: Path) -> None:
    folder = _modules(
        tmp_path,
        words='export const greeting = "hi";\nconst secret = 1;\n'
        "export function shout(text) {\n  return text.toUpperCase() + secret;\n}\n",
        page='import { shout as loud, greeting } from "./words.js";\n'
        "const secret = 2;\nwindow.result = [loud(greeting), secret];\n",
    )
    assert _run(bundle_modules(folder, ["page.js"]), tmp_path) == ["HI1", 2]


def test_entries_run_in_order_after_the_modules_they_import(tmp_path: Path) -> None:
    folder = _modules(
        tmp_path,
        log="export const seen = [];\n",
        first='import { seen } from "./log.js";\nseen.push("first");\nwindow.result = seen;\n',
        second='import { seen } from "./log.js";\nseen.push("second");\n',
    )
    assert _run(bundle_modules(folder, ["first.js", "second.js"]), tmp_path) == [
        "first",
        "second",
    ]


def test_an_import_for_its_effect_only_runs_that_module_first_and_once(tmp_path: Path) -> None:
    folder = _modules(
        tmp_path,
        log='window.result = (window.result ?? []).concat("log");\n',
        page='import "./log.js";\nimport "./log.js";\nwindow.result.push("page");\n',
    )
    assert _run(bundle_modules(folder, ["page.js"]), tmp_path) == ["log", "page"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('// lunr comes from npm\nimport lunr from "lunr";\n', 2),
        ("const a = 1;\n\nexport default a;\n", 3),
        ("const a = 1;\nexport { a };\n", 2),
        ('import { a } from "https://example.org/a.js";\n', 1),
    ],
)
def test_module_syntax_it_does_not_handle_is_refused_with_file_and_line(
    tmp_path: Path, text: str, line: int
) -> None:
    folder = _modules(tmp_path, odd=text)
    with pytest.raises(BundleError, match=rf"odd\.js:{line}:"):
        bundle_modules(folder, ["odd.js"])


def test_the_shipped_modules_bundle_the_same_bytes_twice_and_parse(tmp_path: Path) -> None:
    bundle = bundle_modules(SHIPPED, DISK_ENTRIES)
    assert bundle == bundle_modules(SHIPPED, DISK_ENTRIES)
    text = bundle.decode("utf-8")
    assert "import {" not in text and "\nexport " not in text
    # The engine on the page comes before the page's UI, which takes it over.
    assert text.index("// --- search-disk.js") < text.index("// --- search-ui.js")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    (tmp_path / "bundle.js").write_bytes(bundle)
    subprocess.run(["node", "--check", str(tmp_path / "bundle.js")], check=True)
