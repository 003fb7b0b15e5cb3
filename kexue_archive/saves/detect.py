"""Which layout a clipper save is, and where its post starts (title line and by-line).

Three layouts occur: the desktop page (sidebar menus before the post), the
mobile page (first a ``![MobileSideBar](…)`` button) and a page saved while
MathJax was rendering (first line ``Processing math: 42%`` or
``Loading [MathJax]/…``), whose formulas lost their ``$``/``$$``.  A clipper
may put a front-matter block first; its ``created:`` is the clipping time,
never the post's date, so it is skipped, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kexue_archive.saves.chrome import (
    MOBILE_BUTTON,
    RENDERING_NOTICE,
    REPRINT_NOTE,
    is_site_page,
)

Layout = Literal["desktop", "mobile", "rendering"]

#: ``# [标题](https://kexue.fm/archives/3188)``: the post's own title, linking to itself.
TITLE_LINE = re.compile(
    r"^#\s+\[(?P<title>.+)\]\((?P<url>https?://(?:www\.)?(?:kexue\.fm|spaces\.ac\.cn)"
    r"/archives/(?P<id>\d+)/?)(?:\s+\"[^\"]*\")?\)\s*$"
)
#: A title line without its link (another clipper, or a hand-made save): a title only
#: when a by-line follows it; the post's id then comes from :data:`ORIGINAL_URL`.
TITLE_PLAIN = re.compile(r"^#\s+(?P<title>\S.*?)\s*$")
#: The post's own address, as the front matter (``source:``), the reprint note or the
#: citation block gives it.
ORIGINAL_URL = re.compile(
    r"(?:^(?:source|url|original|link)\s*:\s*|" + REPRINT_NOTE + r"：\*\*\s*\[|Retrieved from \[)"
    r"https?://(?:www\.)?(?:kexue\.fm|spaces\.ac\.cn)/archives/(?P<id>\d+)",
    re.MULTILINE,
)
#: ``By 苏剑林 \| 2015-01-13 \| 27308位读者\|``, on one line or several.
BYLINE = re.compile(
    r"^By\s+(?P<author>[^|\\\n]+?)\s*\\?\|\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:\s*\\?\|\s*(?:\d+\s*位读者\s*\\?\|?)?)?"
)
_RENDERING = re.compile(RENDERING_NOTICE)
_MOBILE = re.compile(MOBILE_BUTTON)
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
#: How many lines after the title the by-line may start.
_BYLINE_REACH = 6


@dataclass(frozen=True)
class PostHead:
    """Where a save's post starts: title line, by-line, first line of the body (0-based)."""

    title_line: int
    title_markdown: str
    archive_id: int | None
    byline: re.Match[str]
    byline_line: int
    body_start: int


def front_matter_end(lines: list[str]) -> int:
    """Index of the first line after a clipper's ``---`` front-matter block (0 when none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 200)):
        line = lines[index]
        if line.strip() == "---":
            return index + 1
        if line.strip() and not _FRONT_MATTER_KEY.match(line) and not line.startswith(" "):
            return 0
    return 0


def layout(lines: list[str]) -> Layout:
    """The save's layout, from its first lines (after any front matter)."""
    start = front_matter_end(lines)
    head = [line for line in lines[start : start + 6] if line.strip()][:3]
    if any(_RENDERING.match(line) for line in head):
        return "rendering"
    if any(_MOBILE.match(line) for line in head):
        return "mobile"
    return "desktop"


def post_head(lines: list[str]) -> PostHead | None:
    """The post's title line and by-line, or ``None`` when the page shows no single post."""
    heads = post_heads(lines, limit=2)
    return heads[0] if len(heads) == 1 else None


def post_heads(lines: list[str], limit: int) -> list[PostHead]:
    """Up to ``limit`` title lines followed by a by-line: one on a post page, many on a listing."""
    heads: list[PostHead] = []
    text: str | None = None
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            continue
        title = TITLE_LINE.match(line) or TITLE_PLAIN.match(line)
        if title is None:
            continue
        byline = _byline(lines, index)
        if byline is None:
            continue
        if title.re is TITLE_LINE:
            archive_id: int | None = int(title["id"])
        else:
            text = "\n".join(lines) if text is None else text
            archive_id = original_id(text)
            if archive_id is None and not is_site_page(text):
                continue  # a title and a by-line alone do not make a page of this blog
        match, at = byline
        heads.append(
            PostHead(
                title_line=index,
                title_markdown=title["title"],
                archive_id=archive_id,
                byline=match,
                byline_line=at,
                body_start=_after_byline(lines, at),
            )
        )
        if len(heads) >= limit:
            break
    return heads


def _byline(lines: list[str], title: int) -> tuple[re.Match[str], int] | None:
    """The by-line starting within a few lines after a title line, and its line."""
    reach = title + 1 + _BYLINE_REACH
    following = [(i, lines[i].strip()) for i in range(title + 1, min(reach, len(lines)))]
    for offset, (i, text) in enumerate(following):
        if not text.startswith("By"):
            continue
        # the by-line may be broken over lines: join what follows it
        match = BYLINE.match(" ".join(t for _, t in following[offset:]))
        return (match, i) if match is not None else None
    return None


def original_id(text: str) -> int | None:
    """The post's id from its address in the front matter, reprint note or citation."""
    found = ORIGINAL_URL.search(text)
    return int(found["id"]) if found else None


def _after_byline(lines: list[str], start: int) -> int:
    """First line after the by-line, which ends with the reader count (``N位读者 \\|``)."""
    for i in range(start, min(start + _BYLINE_REACH, len(lines))):
        if "位读者" in lines[i]:
            return i + 1
    # no reader count: the by-line ends at its first blank line
    i = start
    while i < len(lines) and lines[i].strip():
        i += 1
    return i


def looks_like_save(text: str) -> bool:
    """Whether ``text`` is a web-clipper Markdown save of a kexue.fm page.

    True for a post page in any layout and also for a save of another page of
    the blog (home, category, search): :func:`kexue_archive.saves.read_save`
    then rejects it by name instead of a listing parser misreading its menus.
    """
    head = text[:200_000]
    if "](http" not in head:
        return False
    lines = head.split("\n")
    return post_head(lines) is not None or is_site_page(head)
