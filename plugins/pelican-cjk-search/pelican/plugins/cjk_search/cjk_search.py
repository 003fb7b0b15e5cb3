"""Pelican plugin: write the sharded search index once the articles are known.

The whole output stage is one generator class contributed through
``signals.get_generators``: Pelican runs every generator's
``generate_context`` first, so by the time ``generate_output`` runs here the
articles generator has filled ``context["articles"]``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from blinker import signal
from jinja2 import FileSystemLoader
from pelican import signals

from .background import BackgroundJob
from .classic_bundle import bundle_modules
from .documents import document_from_article
from .index_files import IndexOptions, auto_shard_count, build_index_files
from .index_format import DISK_BUNDLE, OPTIONAL_DOC_FIELDS, page_layout
from .tokenizer import register_pipeline

log = logging.getLogger(__name__)
#: The package's own browser modules (and, in a built wheel, lunr.min.js).
STATIC_JS = Path(__file__).resolve().parent / "static" / "js"
#: ``search.html`` (a page of its own) and the snippets a theme may include.
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: lunr.js as the wheel's build hook (setup.py) puts it next to the modules.
PACKAGED_LUNR = "lunr.min.js"
#: The page every enabled site gets unless its theme has its own.
SEARCH_TEMPLATE = "search"
#: Announces the index files (unchanged ones too) to the build_manifest plugin, so a
#: build without this plugin removes them; nobody listening costs nothing.
FILES_WRITTEN = signal("output_files_written")

#: The modules a page opened from disk runs, in this order: the engine on the
#: page (search-disk.js) and the page's UI.
DISK_ENTRIES = ("search-disk.js", "search-ui.js")

#: Settings read from the Pelican settings dict, with their defaults (README.md).
DEFAULTS: dict[str, object] = {
    # Folder under OUTPUT_PATH that receives index.json, title/, body/ and doc/.
    "SEARCH_OUTPUT_DIR": "search",
    # Where the lunr.js script is in the output; "" means the copy the wheel ships,
    # written to SEARCH_OUTPUT_DIR/js/ (a site that copies lunr.js itself names it).
    "SEARCH_LUNR_SCRIPT": "",
    # Base URL the results' post links resolve against; "" means the site root.
    "SEARCH_LINK_ROOT": "",
    # Where the no-result hints send a reader to search elsewhere ("{query}" stands
    # for the URL-encoded query), and that place's name; "" leaves the hint out.
    "SEARCH_EXTERNAL_URL": "",
    "SEARCH_EXTERNAL_NAME": "",
    # Number of body shards; 0 picks a power of two from SEARCH_DOCS_PER_SHARD.
    "SEARCH_BODY_SHARDS": 0,
    "SEARCH_DOCS_PER_SHARD": 32,
    # Posts per doc/ file (url, title, date, series and part of a result shown).
    "SEARCH_DOC_CHUNK": 1,
    # lunr field boosts of the eager index; the body scores 1 per term.
    "SEARCH_TITLE_BOOST": 10,
    "SEARCH_SERIES_BOOST": 5,
    "SEARCH_PART_BOOST": 10,
    "SEARCH_DATE_BOOST": 1,
    # What results show besides title, date and series (from index_format.OPTIONAL_DOC_FIELDS):
    # each one makes the doc files a little larger.
    "SEARCH_RESULT_FIELDS": ["tags", "category"],
    # When true, search also works on pages opened from disk: each index file is
    # written a second time as a script, and the modules as one classic script.
    "SEARCH_DISK_SCRIPTS": False,
    # Build the index in a forked process while Pelican writes the pages (background.py),
    # where the platform can fork; false builds it in Pelican's process. Same files.
    "SEARCH_BUILD_IN_BACKGROUND": True,
}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def index_options(settings: dict, documents: int) -> IndexOptions:
    shards = int(setting(settings, "SEARCH_BODY_SHARDS")) or auto_shard_count(
        documents, int(setting(settings, "SEARCH_DOCS_PER_SHARD"))
    )
    return IndexOptions(
        shards=shards,
        doc_chunk=max(1, int(setting(settings, "SEARCH_DOC_CHUNK"))),
        title_boost=int(setting(settings, "SEARCH_TITLE_BOOST")),
        series_boost=int(setting(settings, "SEARCH_SERIES_BOOST")),
        part_boost=int(setting(settings, "SEARCH_PART_BOOST")),
        date_boost=int(setting(settings, "SEARCH_DATE_BOOST")),
        from_disk=bool(setting(settings, "SEARCH_DISK_SCRIPTS")),
        extra_fields=result_fields(settings),
    )


def result_fields(settings: dict) -> tuple[str, ...]:
    """``SEARCH_RESULT_FIELDS`` checked against the fields a doc row can carry."""
    fields = tuple(setting(settings, "SEARCH_RESULT_FIELDS") or ())
    unknown = [field for field in fields if field not in OPTIONAL_DOC_FIELDS]
    if unknown:
        raise ValueError(
            f"SEARCH_RESULT_FIELDS: unknown field(s) {unknown}; known: {list(OPTIONAL_DOC_FIELDS)}"
        )
    return fields


@dataclass(frozen=True)
class IndexBuild:
    """What one index build did: the files it wrote and its own CPU time."""

    paths: list[str]
    documents: int
    shards: int
    rewritten: int
    cpu_seconds: float


class SearchIndexGenerator:
    """Writes ``search/`` (index.json, title/, body/, doc/) from the published articles."""

    def __init__(self, context: dict, settings: dict, path: str, theme: str, output_path: str, **_):
        self.context = context
        self.settings = settings
        self.output_path = Path(output_path)
        self._job: BackgroundJob[IndexBuild] | None = None
        #: What the last ``generate_output`` wrote (the bench reads ``cpu_seconds``).
        self.last_build: IndexBuild | None = None

    def generate_context(self) -> None:
        """Publish the shard count (``SEARCH_SHARDS``) and file layout (``SEARCH_LAYOUT``).

        The articles generator has filled the context by now, and templates are
        rendered later, in ``generate_output``. With the count in the page the
        browser fetches a query's shards without waiting for ``index.json``.
        """
        count = len(self.context.get("articles", []))
        options = index_options(self.settings, count)
        self.context["SEARCH_SHARDS"] = options.shards
        self.context["SEARCH_LAYOUT"] = page_layout(from_disk=options.from_disk)

    def start_index(self) -> None:
        """Start building the index now, in the background where the settings allow.

        Called once every generator has its context (``all_generators_finalized``):
        the articles are final, and Pelican is about to write their pages.
        """
        if self._job is None:
            background = bool(setting(self.settings, "SEARCH_BUILD_IN_BACKGROUND"))
            self._job = BackgroundJob(self._write_index_files, background)
            self._job.start()

    def _write_index_files(self) -> IndexBuild:
        started = os.times()
        articles = list(self.context.get("articles", []))
        documents = [document_from_article(article) for article in articles]
        options = index_options(self.settings, len(documents))
        target = self.output_path / str(setting(self.settings, "SEARCH_OUTPUT_DIR"))
        files = build_index_files(documents, options)
        if options.from_disk:
            files[DISK_BUNDLE] = bundle_modules(STATIC_JS, DISK_ENTRIES)
        files.update(browser_assets(self.settings))
        written = write_index(target, files)
        ended = os.times()
        return IndexBuild(
            paths=[os.path.join(target, relative) for relative in files],
            documents=len(documents),
            shards=options.shards,
            rewritten=written,
            cpu_seconds=(ended.user - started.user) + (ended.system - started.system),
        )

    def generate_output(self, writer) -> None:
        self.start_index()  # not started yet when no signal came (a generator used alone)
        assert self._job is not None
        job, self._job = self._job, None
        build = job.result()
        self.last_build = build
        FILES_WRITTEN.send(self, paths=build.paths)
        log.info(
            "search: indexed %d posts into %d body shards (%d files, %d rewritten; %.1f CPU s%s)",
            build.documents,
            build.shards,
            len(build.paths),
            build.rewritten,
            build.cpu_seconds,
            f", in process {job.child_pid}" if job.child_pid != os.getpid() else "",
        )


def scripts_dir(settings: dict) -> str:
    """Where the package's browser modules are in the output (relative to the site root)."""
    return f"{setting(settings, 'SEARCH_OUTPUT_DIR')}/js"


def packaged_lunr(settings: dict) -> str:
    """Where the wheel's lunr.js goes in the output, when the site names no copy of its own."""
    return f"{scripts_dir(settings)}/{PACKAGED_LUNR}"


def browser_assets(settings: dict) -> dict[str, bytes]:
    """The package's own modules (``js/…`` under the index folder) as index files.

    Written with the index, so a rebuild leaves unchanged ones alone and the
    stale-file pass removes them with it.  The packaged lunr.js goes along
    only when the site has not named its own copy (``SEARCH_LUNR_SCRIPT``).
    """
    files = {}
    for path in sorted(STATIC_JS.glob("*.js")):
        if path.name == PACKAGED_LUNR and settings.get("SEARCH_LUNR_SCRIPT") != packaged_lunr(
            settings
        ):
            continue
        files[f"js/{path.name}"] = path.read_bytes()
    return files


def _same_bytes(path: str, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (its size is checked first)."""
    if os.stat(path).st_size != len(data):
        return False
    with open(path, "rb") as handle:
        return handle.read() == data


def write_index(target: Path, files: dict[str, bytes]) -> int:
    """Make ``target`` hold exactly ``files``; return how many were (re)written.

    A file whose bytes did not change is left alone, mtime included, so a
    rebuild after one new post rewrites a few shards, not 11,000 files, and a
    sync to a static host (``rsync``, ``aws s3 sync``) uploads only those.
    Files of an earlier build that this one does not write (fewer shards, an
    older layout) are removed, and then their emptied folders.  Paths stay
    plain strings: with one file per post, ``pathlib`` objects cost more CPU
    than the writes themselves.
    """
    root = os.fspath(target)
    old = set(_files_under(root))
    stale = old - files.keys()
    for relative in sorted(stale):
        os.unlink(os.path.join(root, relative))
    emptied = {os.path.dirname(relative) for relative in stale} - {""}
    for folder in sorted(emptied, key=lambda f: -f.count("/")):
        path = os.path.join(root, folder)
        if not os.listdir(path):
            os.rmdir(path)
    # One doc/ file per post: create each folder once, not once per file.
    for folder in sorted({os.path.dirname(relative) for relative in files}):
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    written = 0
    for relative, data in sorted(files.items()):
        path = os.path.join(root, relative)
        if relative in old:
            if os.path.islink(path):
                os.unlink(path)  # never write through a link to somewhere else
            elif _same_bytes(path, data):
                continue
        with open(path, "wb") as handle:
            handle.write(data)
        written += 1
    return written


def _files_under(root: str, prefix: str = "") -> Iterator[str]:
    """Relative paths (``/``-separated) of everything under ``root`` but folders.

    Links count as files, whatever they point to: they are replaced, never
    followed.
    """
    try:
        listing = list(os.scandir(os.path.join(root, prefix) if prefix else root))
    except FileNotFoundError:
        return
    for entry in listing:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(root, f"{relative}/")
        else:
            yield relative


def add_defaults(pelican) -> None:
    """Put the defaults in the settings so templates (search.html) can read them.

    Also what the templates derive from them: ``SEARCH_SCRIPTS_DIR`` (the
    modules' folder in the output) and, unless the site names its own,
    ``SEARCH_LUNR_SCRIPT`` (the packaged lunr.js); and ``search`` joins
    ``DIRECT_TEMPLATES``, so a theme that knows nothing of search still gets
    the page.
    """
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings["SEARCH_SCRIPTS_DIR"] = scripts_dir(settings)
    if not settings["SEARCH_LUNR_SCRIPT"]:
        if not (STATIC_JS / PACKAGED_LUNR).is_file():
            log.error(
                "cjk_search: this copy of the plugin has no lunr.min.js (an editable or "
                "source install): set SEARCH_LUNR_SCRIPT to where the site copies lunr.js "
                "2.3.9, or install the built wheel"
            )
        settings["SEARCH_LUNR_SCRIPT"] = packaged_lunr(settings)
    templates = list(settings.get("DIRECT_TEMPLATES") or [])
    if SEARCH_TEMPLATE not in templates:
        settings["DIRECT_TEMPLATES"] = [*templates, SEARCH_TEMPLATE]


def add_template_fallback(generator) -> None:
    """Let templates find the package's ``search.html`` and snippets after the theme's.

    Appended last, so a theme's own ``search.html`` (or ``cjk_search/…``
    snippet) wins, as a theme's template does over Pelican's simple ones.
    """
    loader = getattr(getattr(generator, "env", None), "loader", None)
    if loader is not None and hasattr(loader, "loaders"):
        loader.loaders.append(FileSystemLoader(str(TEMPLATES)))


def get_generators(pelican) -> type[SearchIndexGenerator]:
    return SearchIndexGenerator


def start_index(generators) -> None:
    """Once every generator has its context, start the index (see background.py)."""
    for generator in generators:
        if isinstance(generator, SearchIndexGenerator):
            generator.start_index()


def register() -> None:
    register_pipeline()
    signals.initialized.connect(add_defaults)
    signals.generator_init.connect(add_template_fallback)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_index)
