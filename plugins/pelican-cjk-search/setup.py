"""Build hook: put npm's lunr.min.js into the wheel, so no site needs npm.

The file is never committed (``.gitignore``).  It is looked for in the
``node_modules`` of the repository that holds this package (or at
``$CJK_SEARCH_LUNR``), and must be the lunr.js release the Python ``lunr``
package writes indexes for, since the browser loads those indexes as they are.
"""

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LUNR_IN_PACKAGE = Path("pelican", "plugins", "cjk_search", "static", "js", "lunr.min.js")
#: The lunr.js release the index format targets (lunr.py's __TARGET_JS_VERSION__).
LUNR_VERSION = "2.3.9"


def lunr_source() -> Path:
    given = os.environ.get("CJK_SEARCH_LUNR")
    if given:
        return Path(given)
    for folder in (HERE, *HERE.parents):
        candidate = folder / "node_modules" / "lunr" / "lunr.min.js"
        if candidate.is_file():
            return candidate
    raise SystemExit(
        "pelican-cjk-search: lunr.min.js not found: run `npm ci` in the repository "
        "(node_modules/lunr) or set CJK_SEARCH_LUNR to lunr.min.js " + LUNR_VERSION
    )


class BuildWithLunr(build_py):
    """``build_py`` that also copies lunr.min.js into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = lunr_source()
        head = source.read_text(encoding="utf-8")[:200]
        if LUNR_VERSION not in head:
            raise SystemExit(f"pelican-cjk-search: {source} is not lunr.js {LUNR_VERSION}")
        target = Path(self.build_lib) / LUNR_IN_PACKAGE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithLunr})
