"""The comments a save shows after the post, as data: never body text.

The blog lists each comment as its author (a link when the author gave a
site), its date, its text and a ``[回复评论](…?replyTo=N…)`` link that
carries the comment's number.  A reply shows ``发表于`` after its author and
sits under the comment that opened its thread.  The blog paginates
comments, so a save holds one page of them; the pager links are chrome.
"""

from __future__ import annotations

import calendar
import re

from kexue_archive.model import Comment
from kexue_archive.saves import inline
from kexue_archive.saves.body import convert
from kexue_archive.saves.chrome import COMMENT_PAGER
from kexue_archive.saves.inline import Notes

#: The line that closes a comment, with the comment's own number.
REPLY_LINK = re.compile(r"^\[回复评论\]\([^)]*?replyTo=(?P<id>\d+)[^)]*\)\s*\\?\s*$")
_REPLY_MARK = "发表于"
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_DATE = re.compile(
    r"^(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<year>\d{4})"
    r"(?:\s*(?:at\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<half>[ap]m)?)?\s*$",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ T](?P<time>\d{2}:\d{2}))?"
)
_AUTHOR_LINK = re.compile(r"^\[(?P<name>.*)\]\([^)]*\)$")


def comment_date(line: str) -> str | None:
    """``June 30th, 2024`` -> ``2024-06-30`` (``YYYY-MM-DD HH:MM`` when a time is shown)."""
    line = line.strip()
    if (iso := _ISO_DATE.match(line)) is not None:
        day = f"{iso['year']}-{iso['month']}-{iso['day']}"
        return f"{day} {iso['time']}" if iso["time"] else day
    match = _DATE.match(line)
    if match is None or match["month"].capitalize() not in _MONTHS:
        return None
    day = f"{match['year']}-{_MONTHS[match['month'].capitalize()]:02d}-{int(match['day']):02d}"
    if match["hour"] is None:
        return day
    hour = int(match["hour"]) % 12 + (12 if (match["half"] or "").lower() == "pm" else 0)
    if not match["half"]:
        hour = int(match["hour"])
    return f"{day} {hour:02d}:{match['minute']}"


def parse_comments(lines: list[str], recover: bool, notes: Notes) -> list[Comment]:
    """The comments in ``lines`` (the part of the page between the post and the form)."""
    comments: list[Comment] = []
    # anyone could have written a comment: its TeX may not act (the notes are the save's)
    notes = Notes(items=notes.items, strict_tex=True)
    thread: int | None = None
    pending: list[str] = []
    for line in lines:
        reply_link = REPLY_LINK.match(line.strip())
        if reply_link is None and COMMENT_PAGER.match(line):
            continue
        if reply_link is None:
            pending.append(line)
            continue
        comment = _comment(pending, int(reply_link["id"]), recover, notes)
        pending = []
        if comment is None:
            continue
        is_reply, comment = comment
        if is_reply and thread is not None:
            comment = Comment(comment.author, comment.date, comment.body, comment.id, thread)
        else:
            thread = comment.id
        comments.append(comment)
    return comments


def _comment(
    lines: list[str], number: int, recover: bool, notes: Notes
) -> tuple[bool, Comment] | None:
    """One comment from its lines (author, date, text); ``None`` when it shows no date."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return None
    for position, index in enumerate(filled[:4]):
        line = lines[index].strip()
        date = comment_date(line)
        if date is None:
            continue
        head = " ".join(lines[i].strip() for i in filled[:position])
        is_reply = head.endswith(_REPLY_MARK)
        if is_reply:
            head = head[: -len(_REPLY_MARK)].strip()
        author = _author(head)
        body = convert(lines[index + 1 :], recover, notes)
        return is_reply, Comment(author=author, date=date, body=body.joined, id=number)
    return None


def _author(head: str) -> str:
    """The author's name as shown (a link to the author's site keeps only the name)."""
    linked = _AUTHOR_LINK.match(head)
    name = linked["name"] if linked else head
    return inline.plain_text(inline.parse(name, False, bare_tex=False)).strip()
