"""Inference stays near-linear: a 4x bigger archive costs about 4x, not 16x."""

from __future__ import annotations

import datetime as dt
import random
import time

from kexue_archive.dumps.entry import Block, Entry
from kexue_archive.infer import build_posts
from kexue_archive.model import SourceRef
from kexue_archive.report import Report


def _archive(n: int, shuffled: bool) -> list[Entry]:
    """``n`` posts over 16 years, 8 a page, each citing two older posts; every 8th page dated."""
    rng = random.Random(n)
    start = dt.date(2009, 1, 1)
    dates = sorted(start + dt.timedelta(days=rng.randrange(365 * 16)) for _ in range(n))[::-1]
    titles = [f"第{i}篇:关于问题{i}的讨论" for i in range(n)]
    entries = []
    for i, (date, title) in enumerate(zip(dates, titles, strict=True)):
        older = range(i + 1, min(n, i + 200))
        cites = rng.sample(older, k=min(2, len(older)))
        text = "正文" + "".join(f"参见《{titles[j]}》。" for j in cites)
        page, dated = i // 8, (i // 8) % 8 == 0
        year = date.year if dated else None
        entries.append(
            Entry(
                SourceRef(f"page_{page + 1:05d}.txt", i % 8 + 1, 1),
                "B" if dated else "A",
                date.day,
                date.month,
                year,
                title,
                [Block("text", text)],
            )
        )
    if shuffled:
        rng.shuffle(entries)
        entries = [
            Entry(SourceRef(f"{k // 8:x}.txt", k % 8 + 1, 1), *_fields(e))
            for k, e in enumerate(entries)
        ]
    return entries


def _fields(e: Entry) -> tuple:
    return (e.format, e.day, e.month, e.year, e.title, e.blocks)


def _cpu_seconds(entries: list[Entry]) -> float:
    start = time.process_time()
    build_posts(entries, None, None, Report())
    return time.process_time() - start


def test_build_posts_scales_near_linearly_on_ordered_and_shuffled_pages():
    for shuffled in (False, True):
        small = _cpu_seconds(_archive(1000, shuffled))
        large = _cpu_seconds(_archive(4000, shuffled))
        assert large < 8 * small + 0.5, (shuffled, small, large)
        assert 4000 / large > 1000, f"{4000 / large:.0f} posts/s"
