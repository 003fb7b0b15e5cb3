"""Site build stage: the project's Pelican build against bare Pelican on the same content.

Three builds of the scraped ``content/``, each in a fresh output folder:

- ``full``: ``pelicanconf.py`` as ``make html`` runs it, plus the timing
  plugin (``bench.pelican_timing``) that says where the time goes;
- ``no_search``: the same without the search plugin, so the difference is
  what the search index costs and the files only ``full`` has are the index;
- ``bare``: Pelican's default theme (``notmyidea``), no plugins, Pelican's
  default Markdown, writing the same set of pages (same URLs, page size,
  archives; no feeds, tags or authors, as the project writes none).  One
  page more: ``notmyidea`` needs each post's category, which Pelican only
  sets when category pages are written, so bare also writes the (paginated)
  pages of its one category.  ``full / bare`` is the project's overhead.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from pelican.settings import read_settings

from bench.measure import (
    BIN,
    ROOT,
    ProcessRun,
    Stage,
    failed,
    median,
    mib,
    not_available,
    run_measured,
    set_aside,
)

CONF = ROOT / "pelicanconf.py"
TIMING_PLUGIN = "bench.pelican_timing"
#: Settings copied into the bare build so it writes the same pages as the project.
SHARED_SETTINGS = (
    "SITEURL",
    "RELATIVE_URLS",
    "TIMEZONE",
    "DEFAULT_LANG",
    "LOCALE",
    "DEFAULT_DATE_FORMAT",
    # not DEFAULT_CATEGORY: the project's is "" (an excerpt has no category), and
    # notmyidea needs every post to have one, so bare keeps Pelican's default
    "USE_FOLDER_AS_CATEGORY",
    "SLUGIFY_SOURCE",
    "WITH_FUTURE_DATES",
    "DEFAULT_PAGINATION",
    "SUMMARY_MAX_PARAGRAPHS",
    "SUMMARY_MAX_LENGTH",
    "LOAD_CONTENT_CACHE",
)
SAVE_AS_PREFIXES = (
    "ARTICLE",
    "PAGE",
    "ARCHIVES",
    "YEAR_ARCHIVE",
    "MONTH_ARCHIVE",
    "DAY_ARCHIVE",
    "CATEGORIES",
    "TAG",
    "TAGS",
    "AUTHOR",
    "AUTHORS",
)
FEED_SETTINGS = (
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
)
BARE_TEMPLATES = ("index", "archives", "tags", "categories", "authors")


def project_settings() -> dict:
    return read_settings(str(CONF))


def search_plugin(settings: dict) -> str | None:
    """The name under which the search plugin is listed in PLUGINS, if it is."""
    return next((p for p in settings.get("PLUGINS") or [] if "search" in str(p)), None)


def _literal(value: object) -> object:
    """Settings values as plain literals (Pelican turns some into namedtuples)."""
    if isinstance(value, tuple | list):
        return (
            type(value)(_literal(v) for v in value)
            if type(value) in (tuple, list)
            else tuple(_literal(v) for v in value)
        )
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    return value


def write_bare_settings(path: Path, settings: dict) -> Path:
    """A tiny settings file: Pelican's defaults, writing the project's set of pages."""
    lines = ['"""Bare Pelican for benchmarks: default theme, no plugins (generated)."""']
    lines += ['AUTHOR = "bench"', 'SITENAME = "bare"', "PLUGINS = []", "PLUGIN_PATHS = []"]
    keys = list(SHARED_SETTINGS) + list(FEED_SETTINGS)
    for prefix in SAVE_AS_PREFIXES:
        keys += [f"{prefix}_URL", f"{prefix}_SAVE_AS"]
    for key in keys:
        if key in settings:
            lines.append(f"{key} = {_literal(settings[key])!r}")
    for key in FEED_SETTINGS:
        if key not in settings:
            lines.append(f"{key} = None")
    templates = [t for t in settings.get("DIRECT_TEMPLATES", []) if t in BARE_TEMPLATES]
    lines.append(f"DIRECT_TEMPLATES = {templates!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _pelican(content: Path, out: Path, conf: Path, plugins: list[str] | None) -> list[str]:
    cmd = [str(BIN / "pelican"), str(content), "-o", str(out), "-s", str(conf), "-q"]
    if plugins is not None:
        cmd += ["-e", f"PLUGINS={json.dumps(plugins)}"]
    return cmd


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def gzip_size(data: bytes) -> int:
    """Bytes on the wire from a static host compressing with gzip's default level."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def sizes(paths: Iterable[Path]) -> tuple[int, int]:
    raw = gz = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        gz += gzip_size(data)
    return raw, gz


def _median_timings(files: list[Path], top: int = 12) -> dict[str, float]:
    """Median seconds per generator method or signal receiver over the runs."""
    per_label: dict[str, list[float]] = {}
    for path in files:
        if path.exists():
            for label, seconds in json.loads(path.read_text(encoding="utf-8")).items():
                per_label.setdefault(label, []).append(seconds)
    medians = {k: round(median(v), 3) for k, v in per_label.items()}
    ranked = sorted(medians.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return dict(sorted(ranked))


def _run_once(
    name: str, cmd: list[str], out: Path, work: Path, number: int
) -> tuple[ProcessRun, Path]:
    set_aside(out)
    set_aside(work / "cache")
    timing = work / f"timing-{name}-{number}.json"
    timing.unlink(missing_ok=True)
    run = run_measured(
        cmd,
        cwd=work,
        env={"PYTHONPATH": str(ROOT), "BENCH_TIMING_FILE": str(timing)},
    )
    if run.returncode != 0:
        raise RuntimeError(f"{name} build exited {run.returncode}: {run.stderr_tail[-400:]}")
    return run, timing


def measure_build(content: Path, work: Path, runs: int, posts: int) -> tuple[Stage, Stage]:
    """Build stage and search-index build figures; leaves ``work/output`` (full) behind."""
    if not CONF.exists():
        return not_available("not built yet (pelicanconf.py missing)"), not_available("no site")
    if not content.is_dir() or not any(content.glob("*.md")):
        reason = "no content (scrape stage did not run)"
        return not_available(reason), not_available(reason)
    settings = project_settings()
    plugins = [str(p) for p in settings.get("PLUGINS") or []]
    search = search_plugin(settings)
    out = {v: work / f"output-{v}" for v in ("full", "no_search", "bare")}
    bare_conf = write_bare_settings(work / "bare_settings.py", settings)
    variants = {
        "full": _pelican(content, out["full"], CONF, [*plugins, TIMING_PLUGIN]),
        "bare": _pelican(content, out["bare"], bare_conf, None),
    }
    if search:
        without = [p for p in plugins if p != search]
        variants["no_search"] = _pelican(content, out["no_search"], CONF, [*without, TIMING_PLUGIN])
    results: dict[str, list[ProcessRun]] = {name: [] for name in variants}
    timing_files: dict[str, list[Path]] = {name: [] for name in variants}
    try:
        # Round by round (full, bare, full, bare, ...), not all runs of one build
        # then all of the other: this machine's speed drifts by up to a fifth
        # within minutes, and back-to-back blocks charged that drift to the ratio
        # (1.16 and 1.36 for the same code in two runs an hour apart).
        for number in range(runs):
            for name, cmd in variants.items():
                # no_search only tells which files are the index (its time is not a
                # headline figure: the timing plugin measures the index generator
                # itself), so once.
                if name == "no_search" and number > 0:
                    continue
                run, timing = _run_once(name, cmd, out[name], work, number)
                results[name].append(run)
                timing_files[name].append(timing)
    except RuntimeError as error:
        return failed(str(error)), not_available("site build failed")
    seconds = {name: median([r.seconds for r in runs_]) for name, runs_ in results.items()}
    full_files = _files(out["full"])
    build: Stage = {
        "status": "ok",
        "posts": posts,
        "full_seconds": round(seconds["full"], 3),
        "bare_seconds": round(seconds["bare"], 3),
        "full_cpu_seconds": round(median([r.cpu_seconds for r in results["full"]]), 3),
        "bare_cpu_seconds": round(median([r.cpu_seconds for r in results["bare"]]), 3),
        "ratio_full_to_bare": round(seconds["full"] / seconds["bare"], 3),
        "ratio_cpu_full_to_bare": round(
            median([r.cpu_seconds for r in results["full"]])
            / median([r.cpu_seconds for r in results["bare"]]),
            3,
        ),
        "ms_per_post": round(1000 * seconds["full"] / posts, 3),
        "cpu_ms_per_post": round(
            1000 * median([r.cpu_seconds for r in results["full"]]) / posts, 3
        ),
        "full_peak_rss_mib": mib(median([r.peak_rss_bytes for r in results["full"]])),
        "bare_peak_rss_mib": mib(median([r.peak_rss_bytes for r in results["bare"]])),
        # every process of the build at once (the forked readers and index included)
        "full_peak_tree_pss_mib": mib(median([r.peak_tree_pss_bytes for r in results["full"]])),
        "html_pages": sum(1 for k in full_files if k.endswith(".html")),
        "output_mib": mib(sum(p.stat().st_size for p in full_files.values())),
        "output_bytes_per_post": round(sum(p.stat().st_size for p in full_files.values()) / posts),
        "where_the_time_goes_s": _median_timings(timing_files["full"]),
    }
    if not search:
        return build, not_available("not built yet (no search plugin in PLUGINS)")
    only_full = sorted(set(full_files) - set(_files(out["no_search"])))
    index_files = [full_files[k] for k in only_full if not k.endswith(".html")]
    raw, gz = sizes(index_files)
    generator = _median_timings(timing_files["full"], top=1000)
    own = sum(v for k, v in generator.items() if "Search" in k or ".search." in k)
    index: Stage = {
        "status": "ok",
        "build_seconds_difference": round(max(0.0, seconds["full"] - seconds["no_search"]), 3),
        "generator_seconds": round(own, 3),
        "files": len(index_files),
        "raw_bytes": raw,
        "gzip_bytes": gz,
        "gzip_bytes_per_post": round(gz / posts, 1),
    }
    return build, index
