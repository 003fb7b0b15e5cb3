"""Table of contents (内容速览) and visible ``#`` links for the headings of a post.

Markdown's ``toc`` extension already gives every heading its id
(:func:`kexue_archive.headings.heading_id`, the blog's own anchors) and safe_content has
already dropped ids that would clash with the theme's own or repeat.  This plugin only
reads those ids back: :func:`post_headings` lists the headings for the table of
contents, :func:`anchor_headings` adds a ``#`` link to each heading.  Both are Jinja
filters applied to ``article.content`` in the template, so the stored content (what the
search index and the feeds read) keeps the headings' own text.  Links are bare
fragments (``href="#动量的定义"``), so they work under any sub-path and from disk.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from pelican import signals

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    # A table of contents is shown for posts with at least this many headings.
    "POST_TOC_MIN_HEADINGS": 2,
    # The deepest heading level listed in it (h2 .. h4: h5/h6 are rare and small).
    "POST_TOC_MAX_LEVEL": 4,
}

#: A heading with an id, as Markdown and safe_content write it: ``<h2 id="x">…</h2>``.
HEADING = re.compile(
    r"<h(?P<level>[2-6])(?P<before>[^>]*?)\sid=\"(?P<id>[^\"]+)\"(?P<after>[^>]*)>"
    r"(?P<inner>.*?)</h(?P=level)>",
    re.DOTALL,
)
#: What a heading's copy in the table of contents leaves out: links and footnote marks
#: (a link inside a link is invalid) and every id (it would repeat the heading's).
_DROPPED_MARKUP = (
    re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL),
    re.compile(r"</?a\b[^>]*>"),
    re.compile(r"\sid=\"[^\"]*\""),
)
_TAG = re.compile(r"<[^>]+>")
#: ASCII characters a URL fragment must not carry raw (``%`` would start an escape).
_FRAGMENT_UNSAFE = re.compile(r"[\x00-\x20\"#%<>`\x7f]")


@dataclass(frozen=True)
class Heading:
    """One entry of a table of contents."""

    level: int
    id: str  # the element id, as the page's HTML writes it (escaped)
    html: Markup  # the heading's inline markup (math kept for MathJax), without links

    @property
    def href(self) -> str:
        """``#id`` as a URL (not yet escaped for HTML: Jinja does that), percent-encoding
        only what a fragment cannot hold raw, so ``#动量的定义`` stays readable."""
        raw = html.unescape(self.id)
        return "#" + _FRAGMENT_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", raw)

    @property
    def text(self) -> str:
        """The heading's plain text (for labels)."""
        return html.unescape(_TAG.sub("", str(self.html))).strip()


def _heading(match: re.Match[str]) -> Heading:
    inner = match.group("inner")
    for pattern in _DROPPED_MARKUP:
        inner = pattern.sub("", inner)
    return Heading(int(match.group("level")), match.group("id"), Markup(inner.strip()))


def post_headings(content: str, max_level: int = DEFAULTS["POST_TOC_MAX_LEVEL"]) -> list[Heading]:
    """The headings of a post body that have an id, in page order, down to ``max_level``."""
    headings = (_heading(match) for match in HEADING.finditer(str(content)))
    return [heading for heading in headings if heading.level <= max_level]


def anchor_headings(content: str) -> Markup:
    """``content`` with a ``#`` link at the end of every heading that has an id."""

    def add_link(match: re.Match[str]) -> str:
        heading = _heading(match)
        label = html.escape("本节链接：" + heading.text, quote=True)
        href = html.escape(heading.href, quote=True)
        link = f' <a class="heading-anchor" href="{href}" aria-label="{label}">#</a>'
        end = f"</h{heading.level}>"
        return match.group(0)[: -len(end)] + link + end

    return Markup(HEADING.sub(add_link, str(content)))


def _add_filters(generator: Any) -> None:
    """Give the templates the two filters and the settings' values."""
    settings = generator.settings
    max_level = int(settings.get("POST_TOC_MAX_LEVEL", DEFAULTS["POST_TOC_MAX_LEVEL"]))
    generator.env.filters["post_headings"] = lambda c: post_headings(c, max_level)
    generator.env.filters["anchor_headings"] = anchor_headings
    generator.context.setdefault(
        "POST_TOC_MIN_HEADINGS",
        int(settings.get("POST_TOC_MIN_HEADINGS", DEFAULTS["POST_TOC_MIN_HEADINGS"])),
    )


def register() -> None:
    signals.generator_init.connect(_add_filters)
