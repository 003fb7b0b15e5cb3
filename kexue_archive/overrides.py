"""Per-post corrections a user writes by hand, applied after all inference.

Inference can be wrong or undecided (a title-less entry with no evidence, a
year nothing pins down).  Rather than editing generated Markdown, the user
keeps corrections in a TOML file that survives re-runs::

    [[override]]
    slug = "11480"                 # the post's slug, or:
    # excerpt = "在前面的介绍中,我们多次提及"   # the excerpt's first words
    title = "生成扩散模型漫谈（十八）：得分匹配 = 条件得分匹配"
    date = 2023-02-28              # TOML date or "YYYY-MM-DD"
    series = "生成扩散模型漫谈"      # "" takes the post out of any series
    series_index = 18

An override that matches no post, or more than one, is not applied and is
reported as a rejection, so a stale file is noticed instead of silently
doing nothing.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kexue_archive.input_files import RefusedInput, read_named
from kexue_archive.model import Post
from kexue_archive.report import OverrideApplied, Rejection, Report
from kexue_archive.titles import normalize_title

_FIELDS = {"slug", "excerpt", "title", "date", "series", "series_index"}


class OverridesError(ValueError):
    """The overrides file cannot be used at all (bad TOML, bad value); a usage error."""


@dataclass(frozen=True)
class Override:
    """One correction: which post (``slug`` or ``excerpt``) and the new values."""

    slug: str | None = None
    excerpt: str | None = None
    title: str | None = None
    date: _dt.date | None = None
    series: str | None = None
    series_index: int | None = None

    @property
    def key(self) -> str:
        return f"slug={self.slug}" if self.slug else f"excerpt={self.excerpt}"

    def matches(self, post: Post, excerpt: str) -> bool:
        """Whether this override is for ``post``, whose raw excerpt text is ``excerpt``."""
        if self.slug is not None:
            return post.slug == self.slug
        wanted = normalize_title(self.excerpt or "")
        return bool(wanted) and normalize_title(excerpt).startswith(wanted)


@dataclass
class Overrides:
    """The corrections of one file, in file order, and where they came from."""

    items: list[Override] = field(default_factory=list)
    path: str = ""


def load_overrides(path: str | Path) -> Overrides:
    """Read and validate an overrides file; raise :class:`OverridesError` when it is unusable."""
    try:
        data = tomllib.loads(read_named(Path(path)).decode("utf-8-sig"))
    except (OSError, RefusedInput, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise OverridesError(f"{path}: {exc}") from exc
    return parse_overrides(data, str(path))


def parse_overrides(data: dict[str, object], path: str = "") -> Overrides:
    """Validate the parsed TOML: every ``[[override]]`` names one post and changes something."""
    unknown = set(data) - {"override"}
    if unknown:
        raise OverridesError(f"{path}: unknown top-level keys {sorted(unknown)}")
    tables = data.get("override", [])
    if not isinstance(tables, list):
        raise OverridesError(f"{path}: 'override' must be an array of tables ([[override]])")
    return Overrides([_parse_one(t, i, path) for i, t in enumerate(tables, 1)], path)


def _parse_one(table: object, number: int, path: str) -> Override:
    where = f"{path}: override #{number}"
    if not isinstance(table, dict):
        raise OverridesError(f"{where}: not a table")
    if extra := set(table) - _FIELDS:
        raise OverridesError(f"{where}: unknown keys {sorted(extra)}")
    if ("slug" in table) == ("excerpt" in table):
        raise OverridesError(f"{where}: give exactly one of 'slug' or 'excerpt'")
    if not set(table) & {"title", "date", "series", "series_index"}:
        raise OverridesError(f"{where}: changes nothing")
    for name in ("slug", "excerpt", "title", "series"):
        if name in table and not isinstance(table[name], str):
            raise OverridesError(f"{where}: '{name}' must be a string")
    if "title" in table and not table["title"].strip():
        raise OverridesError(f"{where}: empty title")
    index = table.get("series_index")
    if index is not None and (not isinstance(index, int) or isinstance(index, bool) or index < 1):
        raise OverridesError(f"{where}: 'series_index' must be a positive integer")
    return Override(
        slug=table.get("slug"),
        excerpt=table.get("excerpt"),
        title=table["title"].strip() if "title" in table else None,
        date=_date(table.get("date"), where),
        series=table.get("series"),
        series_index=index,
    )


def _date(value: object, where: str) -> _dt.date | None:
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value  # type: ignore[return-value]
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise OverridesError(f"{where}: 'date' must be a date such as 2023-02-28, got {value!r}")


def apply_overrides(
    posts: list[Post],
    overrides: Overrides | None,
    report: Report,
    excerpts: Mapping[str, str] | None = None,
) -> None:
    """Apply every override in place, last of all inference, and report each change.

    ``excerpts`` maps a slug to the post's raw excerpt text (the dump's words,
    not the escaped Markdown body), which is what ``excerpt =`` keys quote.
    """
    if overrides is None:
        return
    texts = excerpts or {}
    for item in overrides.items:
        hits = [p for p in posts if item.matches(p, texts.get(p.slug, p.body))]
        if len(hits) != 1:
            reason = "matches no post" if not hits else f"matches {len(hits)} posts"
            report.rejections.append(
                Rejection(path=overrides.path, line=0, reason=f"override {item.key} {reason}")
            )
            continue
        _apply(hits[0], item, report)


def _apply(post: Post, item: Override, report: Report) -> None:
    def record(name: str, old: object, new: object) -> None:
        report.overrides.append(
            OverrideApplied(post.slug, item.key, name, "" if old is None else str(old), str(new))
        )

    if item.title is not None:
        record("title", post.title, item.title)
        post.title, post.title_status = item.title, "override"
    if item.date is not None:
        record("date", post.date, item.date)
        post.date, post.date_status = item.date, "exact"
    if item.series is not None:
        record("series", post.series, item.series)
        post.series = item.series.strip() or None
        if post.series is None:
            post.series_index = None
    if item.series_index is not None:
        record("series_index", post.series_index, item.series_index)
        post.series_index = item.series_index
