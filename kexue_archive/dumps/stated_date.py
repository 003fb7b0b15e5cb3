"""A full date a page states (by-line, HTML head, archive page): real, in the blog's life.

``0001-01-01`` or ``9999-12-31`` in a by-line is a real calendar day but no
post's date: taken as stated it would file the post under year 1 (and give
the site an ``archives/1/`` year page).  Such a date is rejected with its
file and line, as an impossible one (``2024-02-30``) is.
"""

from __future__ import annotations

import datetime as dt

#: The year the blog started (kexue.fm's first posts are from 2009).
BLOG_FIRST_YEAR = 2009
#: The latest time zone (UTC+14): a post dated today anywhere is never "in the future".
_LATEST_ZONE = dt.timezone(dt.timedelta(hours=14))


class DateError(ValueError):
    """A stated date that is not a post's date; ``str()`` says why."""


def build_date() -> dt.date:
    """Today, as late as it is anywhere: no post can be dated after it."""
    return dt.datetime.now(_LATEST_ZONE).date()


def stated_date(year: int, month: int, day: int) -> dt.date:
    """The date, if it is a real day between the blog's start and today; else :class:`DateError`.

    The messages name the date, not today's date, so a report stays the same
    from one day to the next.
    """
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise DateError(f"impossible date {year:04d}-{month:02d}-{day:02d}") from None
    if date.year < BLOG_FIRST_YEAR or date > build_date():
        raise DateError(
            f"date {date.isoformat()} is outside the blog's life ({BLOG_FIRST_YEAR}-01-01 to today)"
        )
    return date
