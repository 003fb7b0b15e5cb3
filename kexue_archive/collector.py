"""Pausing Python's cycle collector around a batch job.

The scraper and the search index build each allocate hundreds of thousands
to millions of long-lived objects (entries and blocks; postings and tokens)
and build no reference cycles worth collecting, so the collector would only
re-walk them again and again: a fifth to a quarter of their CPU time at
10,000 posts.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block, then restore it as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
