"""What the scraper did, merged, rejected or guessed, and why.

The report is a list of typed records rather than log lines, so the JSON
report, the stderr summary and the tests all read the same facts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass

from kexue_archive.quoting import printable


@dataclass(frozen=True)
class InputRead:
    """An input file that was read, how it was decoded and what it held."""

    path: str
    encoding: str
    format: str
    entries: int


@dataclass(frozen=True)
class Rejection:
    """An input or an entry that could not become a post; ``line`` is 1-based (0: whole file)."""

    path: str
    line: int
    reason: str
    entry: int = 0


@dataclass(frozen=True)
class InputWarning:
    """Something in an input that was read but looks wrong (mojibake, say); ``line`` is 1-based.

    A warning does not change the exit status: the entries were ingested,
    and a person should look at the file.
    """

    path: str
    line: int
    reason: str


@dataclass(frozen=True)
class Merge:
    """Several occurrences that are the same post, and which one won what."""

    slug: str
    sources: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class FullPost:
    """A post whose body came from a saved post page, and what the reader left out.

    ``excerpts_replaced`` are the listing occurrences whose excerpt the whole
    text replaced; ``chrome_dropped`` counts the pieces of page chrome dropped;
    ``neutralised`` names what was escaped or dropped because it could act.
    """

    slug: str
    source: str
    format: str
    excerpts_replaced: tuple[str, ...]
    chrome_dropped: int
    comments_archived: int
    comment_count: int | None
    math_status: str
    truncated: bool
    neutralised: tuple[str, ...]


@dataclass(frozen=True)
class Guess:
    """A title or date that was not stated by the dump, with its evidence.

    ``field`` is ``"date"`` or ``"title"``; ``status`` the post's resulting
    ``Date_status``/``Title_status``.
    """

    slug: str
    field: str
    value: str
    status: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class OverrideApplied:
    """A correction from the overrides file, applied last."""

    slug: str
    key: str
    field: str
    old: str
    new: str


@dataclass
class Report:
    """Everything the scraper did, in the order it did it."""

    inputs: list[InputRead] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    full_posts: list[FullPost] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    overrides: list[OverrideApplied] = field(default_factory=list)
    entries_found: int = 0
    posts_written: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    #: Temporary files an earlier, killed run left in the output folder, removed by this one.
    temp_files_removed: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, the records in the order found."""
        data = _plain(self)
        data["summary"] = self.counts()
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def counts(self) -> dict[str, int]:
        return {
            "inputs": len(self.inputs),
            "entries": self.entries_found,
            "posts": len(self.posts_written),
            "merges": len(self.merges),
            "full_posts": len(self.full_posts),
            "rejections": len(self.rejections),
            "inferred_or_uncertain": sum(1 for g in self.guesses if g.field == "date"),
            "overrides": len(self.overrides),
            "warnings": len(self.warnings),
        }

    def summary(self) -> str:
        """The short human summary printed to stderr.

        File names and reasons come from the inputs: they are printed
        without control characters or terminal escapes.
        """
        c = self.counts()
        lines = [
            f"read {c['inputs']} input(s), {c['entries']} entries -> {c['posts']} posts "
            f"({c['full_posts']} full, {c['merges']} merges, {c['rejections']} rejections, "
            f"{c['inferred_or_uncertain']} dates not stated, {c['overrides']} overrides, "
            f"{c['warnings']} warnings)"
        ]
        for what, records in (("rejected", self.rejections), ("warning", self.warnings)):
            lines += [
                f"  {what} {printable(r.path)}:{r.line}: {printable(r.reason)}" for r in records
            ]
        return "\n".join(lines)


def _plain(report: Report) -> dict[str, object]:
    """``dataclasses.asdict(report)`` for its flat records, without the deep copy.

    Every record holds only strings, numbers and tuples of strings, which
    ``json`` writes as they are; ``asdict`` would copy each value
    recursively, a fifth of a second for a 10,000-post report.
    """
    data: dict[str, object] = {}
    for f in fields(report):
        value = getattr(report, f.name)
        if isinstance(value, list):
            value = [dict(vars(v)) if is_dataclass(v) else v for v in value]
        data[f.name] = value
    return data
