"""Group posts into series (``Series``/``Series_index`` metadata) and write series pages.

The blog numbers multi-part posts in their titles; the scraper turns that into
``Series`` and ``Series_index`` metadata.  This plugin gives every post of a
series its place (``article.series_part``: all parts, previous, next), links
every post to its neighbours by date (``article.older_article`` and
``article.newer_article``), and writes a series index, one page per series and,
when ``SERIES_FEED_ATOM`` is set, one Atom feed per series.  Series names are
Chinese, so their URLs use a deterministic ASCII slug (:func:`series_slug`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pelican import signals

from .known_parts import read_known_parts_json
from .parts import KnownPart, MissingParts, missing_runs, part_number, parts_by_series
from .titles import normalize_title

log = logging.getLogger(__name__)

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    "SERIES_URL": "series/{slug}.html",
    "SERIES_SAVE_AS": "series/{slug}.html",
    "SERIES_INDEX_URL": "series/index.html",
    "SERIES_INDEX_SAVE_AS": "series/index.html",
    # ``None`` writes no feeds; e.g. "feeds/series/{slug}.atom.xml" in publishconf.py.
    "SERIES_FEED_ATOM": None,
    # Hex digits of the name's SHA-1 in a series slug.
    "SERIES_SLUG_HASH_LENGTH": 8,
    # A file listing the blog's posts: names the parts the site lacks.
    "SERIES_ARCHIVE_INDEX": None,
    # Reads it: path -> (title, url) pairs; the default reads a JSON list of such pairs.
    "SERIES_ARCHIVE_READER": read_known_parts_json,
}

_ASCII_WORDS = re.compile(r"[a-z0-9]+")


def setting(settings: dict[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


def series_slug(name: str, hash_length: int = DEFAULTS["SERIES_SLUG_HASH_LENGTH"]) -> str:
    """An ASCII slug for a (usually Chinese) series name: ASCII words plus a short hash.

    ``Transformer升级之路`` becomes ``transformer-<hash>`` and ``生成扩散模型漫谈`` just
    ``<hash>``.  The hash is taken over the normalized name, so half- and full-width
    spellings of one name share a URL, and the same name always gives the same URL.
    """
    key = normalize_title(name)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:hash_length]
    words = _ASCII_WORDS.findall(unicodedata.normalize("NFKC", name).lower())
    prefix = "-".join(words)[:40].strip("-")
    return f"{prefix}-{digest}" if prefix else digest


@dataclass(frozen=True)
class SeriesEntry:
    """One line of a series' list of parts: an archived post or a run of missing parts."""

    number: int | None
    article: Any | None = None
    missing: MissingParts | None = None


@dataclass(eq=False)
class Series:
    """One series: its name, where its page lives, and its posts in part order.

    ``total`` is the highest part number known (archived or on the archive page), never
    less than the number of archived posts; ``entries`` lists the archived posts and the
    missing parts together in the blog's order, for the series box and the series page.
    """

    name: str
    slug: str
    url: str
    save_as: str
    articles: list[Any] = field(default_factory=list)
    feed_url: str | None = None
    feed_save_as: str | None = None
    total: int = 0
    missing: list[MissingParts] = field(default_factory=list)

    @property
    def held(self) -> int:
        """How many parts the archive holds."""
        return len(self.articles)

    @property
    def complete(self) -> bool:
        return not self.missing and self.held >= self.total

    @property
    def coverage(self) -> str:
        """``共14篇`` or, when parts are missing, ``共14篇，本存档收录其中2篇``."""
        if self.complete:
            return f"共{self.total}篇"
        return f"共{self.total}篇，本存档收录其中{self.held}篇"

    @property
    def entries(self) -> list[SeriesEntry]:
        numbered = [SeriesEntry(part_number(a), article=a) for a in self.articles]
        numbered += [SeriesEntry(run.first, missing=run) for run in self.missing]
        # Archived parts keep their own order (number, date, slug); a missing run goes
        # before the archived part with the next number.  Unnumbered parts stay last.
        order = {id(e): i for i, e in enumerate(numbered)}
        return sorted(
            numbered,
            key=lambda e: (e.number is None, e.number or 0, e.article is not None, order[id(e)]),
        )

    @property
    def first_date(self) -> Any:
        return min(a.date for a in self.articles)

    @property
    def last_date(self) -> Any:
        return max(a.date for a in self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def __str__(self) -> str:
        return self.name


@dataclass(eq=False)
class SeriesPart:
    """A post's place in its series, for the series box and the in-series links."""

    series: Series
    position: int  # 1-based place in ``series.articles``
    previous: Any | None
    next: Any | None
    #: the blog's part number (``第11篇``), ``None`` when neither metadata nor title has one
    number: int | None = None

    @property
    def label(self) -> str:
        """``第11篇``, or the place among the archived parts when the number is unknown."""
        return f"第{self.number}篇" if self.number else f"本存档第{self.position}篇"

    @property
    def summary(self) -> str:
        """``第11篇，共14篇，本存档收录其中2篇``: one wording for post page and series box."""
        return f"{self.label}，{self.series.coverage}"


def _part_key(article: Any) -> tuple:
    """Part order: the blog's part number, then date, then slug for ties."""
    number = part_number(article)
    return (number is None, number or 0, article.date, article.slug)


def build_series(
    articles: Iterable[Any],
    settings: dict[str, Any],
    known: dict[str, dict[int, KnownPart]] | None = None,
) -> list[Series]:
    """Group articles by normalized series name; series sorted newest first, then by slug.

    ``known`` (from :func:`load_known_parts`) names the parts of each series on the
    blog's archive page, by normalized series name; it fixes ``total`` and ``missing``.
    """
    known = known or {}
    groups: dict[str, list[Any]] = {}
    for article in articles:
        name = getattr(article, "series", None)
        if name:
            groups.setdefault(normalize_title(str(name)), []).append(article)
    hash_length = int(setting(settings, "SERIES_SLUG_HASH_LENGTH"))
    feed_pattern = setting(settings, "SERIES_FEED_ATOM")
    result: list[Series] = []
    for key, members in groups.items():
        members.sort(key=_part_key)
        numbers = {n for n in map(part_number, members) if n}
        listed = known.get(key, {})
        total = max([len(members), *numbers, *listed])
        # The name as most posts spell it (ties: the first part's spelling).
        spellings = [str(a.series) for a in members]
        name = max(spellings, key=lambda s: (spellings.count(s), -spellings.index(s)))
        slug = series_slug(name, hash_length)
        feed = feed_pattern.format(slug=slug) if feed_pattern else None
        result.append(
            Series(
                name=name,
                slug=slug,
                url=setting(settings, "SERIES_URL").format(slug=slug),
                save_as=setting(settings, "SERIES_SAVE_AS").format(slug=slug),
                articles=members,
                feed_url=feed,
                feed_save_as=feed,
                total=total,
                missing=missing_runs(numbers, total, listed) if numbers else [],
            )
        )
    result.sort(key=lambda s: (-s.last_date.timestamp(), s.slug))
    return result


def attach_parts(series_list: Sequence[Series]) -> None:
    """Give every post of a series its ``series_part`` (the data of the series box)."""
    for series in series_list:
        items = series.articles
        for i, article in enumerate(items):
            article.series_part = SeriesPart(
                series=series,
                position=i + 1,
                previous=items[i - 1] if i > 0 else None,
                next=items[i + 1] if i + 1 < len(items) else None,
                number=part_number(article),
            )


def attach_date_neighbours(articles: Sequence[Any]) -> None:
    """Link each post to the next older and newer post (``articles`` is newest first)."""
    for i, article in enumerate(articles):
        article.newer_article = articles[i - 1] if i > 0 else None
        article.older_article = articles[i + 1] if i + 1 < len(articles) else None


def load_known_parts(settings: dict[str, Any]) -> dict[str, dict[int, KnownPart]]:
    """The series parts named in the list of posts ``SERIES_ARCHIVE_INDEX`` (if set)."""
    path = setting(settings, "SERIES_ARCHIVE_INDEX")
    if not path:
        return {}
    read = setting(settings, "SERIES_ARCHIVE_READER")
    try:
        pairs = list(read(path))
    except (OSError, ValueError) as error:
        raise ValueError(f"SERIES_ARCHIVE_INDEX {path}: {error}") from error
    return parts_by_series(pairs)


def _on_articles_ready(generator: Any) -> None:
    for article in generator.articles:
        article.series_part = None
    known = load_known_parts(generator.settings)
    series_list = build_series(generator.articles, generator.settings, known)
    attach_parts(series_list)
    attach_date_neighbours(generator.articles)
    generator.context["series_list"] = series_list
    generator.context["SERIES_INDEX_URL"] = setting(generator.settings, "SERIES_INDEX_URL")
    generator.series_list = series_list
    log.debug("series: %d series", len(series_list))


def _on_articles_written(generator: Any, writer: Any) -> None:
    """Write the series index, one page per series and (optionally) per-series feeds."""
    settings = generator.settings
    series_list: list[Series] = getattr(generator, "series_list", [])
    write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])
    index_save_as = setting(settings, "SERIES_INDEX_SAVE_AS")
    if index_save_as:
        write(
            index_save_as,
            generator.get_template("series_index"),
            generator.context,
            template_name="series_index",
            url=setting(settings, "SERIES_INDEX_URL"),
            page_name=index_save_as.rsplit(".", 1)[0],
        )
    template = generator.get_template("series")
    for series in series_list:
        write(
            series.save_as,
            template,
            generator.context,
            series=series,
            articles=series.articles,
            template_name="series",
            url=series.url,
            page_name=series.save_as.rsplit(".", 1)[0],
        )
        if series.feed_save_as:
            newest_first = sorted(series.articles, key=lambda a: (a.date, a.slug), reverse=True)
            writer.write_feed(
                newest_first,
                generator.context,
                path=series.feed_save_as,
                url=series.feed_url,
                feed_title=series.name,
            )


def register() -> None:
    signals.article_generator_finalized.connect(_on_articles_ready)
    signals.article_writer_finalized.connect(_on_articles_written)
