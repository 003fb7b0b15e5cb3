"""Our search modules as one classic script, for pages opened from disk.

Browsers refuse module scripts and module workers on ``file://`` pages, but
run classic scripts.  The search code is ES modules (the worker and node's
tests import them), so the build joins them into one script: each module
becomes a function returning its exports, its imports read those of the
modules before it, and the whole runs once the document is parsed, as a
module script would.  Only the module syntax our files use is understood
(``import { a, b as c } from "./x.js";``, ``import "./x.js";`` and ``export``
before a declaration);
anything else is refused with the file and line, rather than bundled wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

_IMPORT = re.compile(r'^import\s*(?:\{([^}]*)\}\s*from\s*)?"\./([\w.-]+\.js)";[ \t]*$', re.M)
_EXPORT = re.compile(r"^export\s+(?:async\s+)?(?:function\*?|class|const|let)\s+([\w$]+)", re.M)
_OTHER_MODULE_SYNTAX = re.compile(r"^(?:import\b(?!\s*\()|export\b)", re.M)
_NAME = re.compile(r"^[\w$]+$")


class BundleError(ValueError):
    """A module uses syntax the bundler does not handle (named with its file and line)."""


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _imports(path: Path, text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``(module file, [(exported name, local name), ...])`` for each import of ``text``."""
    out = []
    for match in _IMPORT.finditer(text):
        names = []
        for item in (match.group(1) or "").split(","):
            parts = item.split()
            if not parts:
                continue
            if len(parts) == 1:
                parts = [parts[0], "as", parts[0]]
            if len(parts) != 3 or parts[1] != "as" or not all(map(_NAME.match, parts[::2])):
                line = _line_of(text, match.start())
                raise BundleError(f"{path}:{line}: cannot bundle import of {item.strip()!r}")
            names.append((parts[0], parts[2]))
        out.append((match.group(2), names))
    return out


def _module_body(path: Path, text: str, variable: dict[str, str]) -> str:
    """The module as a function body returning its exports; imports read ``variable[file]``."""

    def imported(match: re.Match[str]) -> str:
        names = [
            exported if exported == local else f"{exported}: {local}"
            for exported, local in _imports(path, match.group(0))[0][1]
        ]
        return f"const {{ {', '.join(names)} }} = {variable[match.group(2)]};" if names else ""

    body = _IMPORT.sub(imported, text)
    exports = _EXPORT.findall(body)
    body = _EXPORT.sub(lambda m: m.group(0).removeprefix("export").lstrip(), body)
    leftover = _OTHER_MODULE_SYNTAX.search(body)
    if leftover:
        line = _line_of(body, leftover.start())
        raise BundleError(f"{path}:{line}: cannot bundle {body[leftover.start() :].split()[0]!r}")
    return f"{body}\nreturn {{ {', '.join(exports)} }};"


def _load_order(folder: Path, entries: Sequence[str]) -> list[str]:
    """Module files depth first, each after the modules it imports."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            raise BundleError(f"{folder / name}: import cycle")
        visiting.add(name)
        path = folder / name
        for dependency, _ in _imports(path, path.read_text(encoding="utf-8")):
            visit(dependency)
        visiting.discard(name)
        order.append(name)

    for entry in entries:
        visit(entry)
    return order


def bundle_modules(folder: Path, entries: Sequence[str]) -> bytes:
    """One classic script running ``entries`` (files in ``folder``), in order, with their imports.

    Each module's top-level names stay private to it, as in a module; the
    output depends only on the files, so a rebuild gives the same bytes.
    """
    order = _load_order(folder, entries)
    variable = {name: f"module_{re.sub(r'[^0-9A-Za-z]', '_', name)}" for name in order}
    parts = [
        f"// Built from {', '.join(order)} ({folder.name}/) by pelican-cjk-search.",
        '"use strict";',
        "(() => {",
        "const run = () => {",
    ]
    for name in order:
        body = _module_body(folder / name, (folder / name).read_text(encoding="utf-8"), variable)
        parts.append(f"// --- {name}\nconst {variable[name]} = (() => {{\n{body}\n}})();")
    parts += [
        "};",
        'if (document.readyState === "loading") {',
        '  document.addEventListener("DOMContentLoaded", run);',
        "} else {",
        "  run();",
        "}",
        "})();",
        "",
    ]
    return "\n".join(parts).encode("utf-8")
