"""Pelican glue: guard every post's and page's HTML as soon as it is read (README.md).

``content_object_init`` fires once per article and page, after Markdown ran and before
any plugin or template reads ``content`` or ``summary``; excerpts on listing pages are cut
from the guarded body, so they are guarded too.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican import signals

from .html_guard import DEFAULT_POLICY, ENGINE_ID_PREFIXES, HtmlPolicy, guard_html
from .page_ids import theme_ids

log = logging.getLogger(__name__)

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    # URL schemes a link (``href``) in content may use; relative links are always fine.
    "SAFE_CONTENT_HREF_SCHEMES": sorted(DEFAULT_POLICY.href_schemes),
    # URL schemes an image (``src``) may use; by default only files of the site itself,
    # since an image loads without a click (the site makes no request to other hosts).
    "SAFE_CONTENT_SRC_SCHEMES": sorted(DEFAULT_POLICY.src_schemes),
    # Ids content may not take, besides those found in the theme's templates and scripts.
    "SAFE_CONTENT_RESERVED_IDS": [],
}


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


@functools.lru_cache(maxsize=8)
def _policy(
    theme: str, href: tuple[str, ...], src: tuple[str, ...], extra_ids: tuple[str, ...]
) -> HtmlPolicy:
    ids, prefixes = theme_ids(Path(theme))
    return HtmlPolicy(
        href_schemes=frozenset(href),
        src_schemes=frozenset(src),
        reserved_ids=ids | frozenset(extra_ids),
        reserved_id_prefixes=ENGINE_ID_PREFIXES + prefixes,
    )


def policy_for(settings: Mapping[str, Any]) -> HtmlPolicy:
    """The site's policy: the settings above plus the ids of the configured theme."""
    return _policy(
        str(settings["THEME"]),
        tuple(setting(settings, "SAFE_CONTENT_HREF_SCHEMES")),
        tuple(setting(settings, "SAFE_CONTENT_SRC_SCHEMES")),
        tuple(setting(settings, "SAFE_CONTENT_RESERVED_IDS")),
    )


def guard_content(instance: Any) -> list[str]:
    """Guard one article's or page's body and summary in place; return the findings."""
    policy = policy_for(instance.settings)
    findings: list[str] = []
    if isinstance(getattr(instance, "_content", None), str):
        instance._content, found = guard_html(instance._content, policy)
        findings += found
    if isinstance(getattr(instance, "_summary", None), str):
        instance._summary, found = guard_html(instance._summary, policy)
        instance.metadata["summary"] = instance._summary
        findings += [f"summary: {f}" for f in found]
    for finding in findings:
        log.warning("safe_content: %s: %s", instance.source_path, finding)
    return findings


def register() -> None:
    signals.content_object_init.connect(guard_content)
