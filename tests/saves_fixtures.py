"""Shared helpers of the clipper-save tests: read a fixture, render Markdown as the site does."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown

from kexue_archive.dumps.entry import Entry
from kexue_archive.saves import read_save

FIXTURES = Path(__file__).parent / "fixtures" / "saves"
_MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read_fixture(name: str) -> Entry:
    """The one entry a fixture save gives (the test fails if it is rejected)."""
    entries, rejections = read_save(fixture_text(name), name)
    assert rejections == []
    assert len(entries) == 1
    return entries[0]


def to_html(body: str) -> str:
    """The body as the site's Markdown renders it (arithmatex, escapeall, tables, code)."""
    md = markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "footnotes",
            "sane_lists",
            "pymdownx.arithmatex",
            "pymdownx.escapeall",
        ],
        extension_configs={
            "pymdownx.arithmatex": {"generic": True, "smart_dollar": True},
            "pymdownx.escapeall": {"hardbreak": False, "nbsp": False},
        },
    )
    return md.convert(body)


def math_in(page: str) -> list[str]:
    """The TeX arithmatex hands to MathJax, without its ``\\(…\\)``/``\\[…\\]`` wrap."""
    return [html.unescape(m.group(2)).strip()[2:-2] for m in _MATH.finditer(page)]


def outside_math(page: str) -> str:
    """The page without its math elements."""
    return _MATH.sub("", page)
