"""Copy npm-installed browser assets (MathJax, lunr.js) into the output.

Third-party code is never committed: ``npm ci`` puts it in ``node_modules/``
and this plugin copies the files a page needs into ``OUTPUT_PATH`` after the
build, so the site makes no request to a CDN at run time.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

from blinker import signal
from pelican import signals

log = logging.getLogger(__name__)
#: Announces the copied files to the build_manifest plugin, so an asset dropped from
#: ``VENDOR_ASSETS`` leaves the output; nobody listening costs nothing.
FILES_WRITTEN = signal("output_files_written")

#: Settings read from the Pelican settings dict, with their defaults.
DEFAULTS: dict[str, object] = {
    # Where ``npm ci`` installed the packages; relative paths are resolved
    # against the folder of the settings file's project (PATH's parent).
    "VENDOR_NODE_MODULES": "node_modules",
    # ``{source under node_modules: destination under OUTPUT_PATH}``; a source
    # folder is copied whole.
    "VENDOR_ASSETS": {},
}


class MissingAsset(RuntimeError):
    """A configured asset is not installed: the site would break offline."""


def _setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def node_modules_dir(settings: dict) -> Path:
    path = Path(str(_setting(settings, "VENDOR_NODE_MODULES")))
    if not path.is_absolute():
        # PATH is the content folder; the project root holds node_modules.
        base = Path(settings.get("VENDOR_BASE") or Path(__file__).resolve().parents[2])
        path = base / path
    return path


def copy_assets(settings: dict, output_path: str | Path) -> list[Path]:
    """Copy every configured asset; return the destinations written."""
    modules = node_modules_dir(settings)
    written: list[Path] = []
    for source, dest in sorted(dict(_setting(settings, "VENDOR_ASSETS")).items()):
        src = modules / source
        dst = Path(output_path) / dest
        if not src.exists():
            raise MissingAsset(f"{src} is missing: run `npm ci` (or `make install`) first")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, dst)
        written.append(dst)
    return written


def _on_finalized(pelican) -> None:
    written = copy_assets(pelican.settings, pelican.output_path)
    FILES_WRITTEN.send(pelican, paths=list(_files_in(written)))
    log.debug("vendor_assets: copied %d asset(s)", len(written))


def _files_in(paths: list[Path]) -> Iterator[Path]:
    """The files among ``paths``, a copied folder's files included."""
    for path in paths:
        if path.is_dir():
            yield from (inner for inner in sorted(path.rglob("*")) if not inner.is_dir())
        else:
            yield path


def register() -> None:
    signals.finalized.connect(_on_finalized)
