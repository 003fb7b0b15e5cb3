"""Which parser reads which part of a file; one file can mix format A and B entries.

A text dump is cut into entries at *anchors*: a format-A date badge on a line
of its own (at the start of the file, after a blank line or a read-more
marker, or followed by a blank line, as after a format-B entry), or a
format-B by-line (whose title is the line before it, or the text glued after
the previous by-line's ``引用``).  Each entry then goes to
its format's parser.  Saved HTML goes to :mod:`kexue_archive.dumps.html`; a
web clipper's Markdown save of a post page (recognised by content, whatever
the file's name) to :mod:`kexue_archive.saves`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kexue_archive.dumps import format_a, format_b
from kexue_archive.dumps.decode import NotTextError, decode_dump
from kexue_archive.dumps.entry import Entry
from kexue_archive.dumps.excerpt import is_read_more
from kexue_archive.dumps.mojibake import mojibake_warning
from kexue_archive.model import SourceRef
from kexue_archive.quoting import quote_excerpt
from kexue_archive.report import InputWarning, Rejection
from kexue_archive.saves import looks_like_save, read_save

HTML_SUFFIXES = (".html", ".htm")


@dataclass
class DumpResult:
    """What one input file gave: its entries, what was rejected, how it was read."""

    path: str
    encoding: str = ""
    format: str = ""
    entries: list[Entry] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)


@dataclass(frozen=True)
class _Anchor:
    start: int  # 0-based line the entry starts on (badge or title line)
    kind: str  # "A" or "B"
    byline: int = -1  # 0-based line of the by-line (format B)


def looks_like_html(path: str, text: str) -> bool:
    """HTML by file name, or by a document start for files saved without one."""
    if path.lower().endswith(HTML_SUFFIXES):
        return True
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def read_dump(data: bytes, path: str) -> DumpResult:
    """Decode and parse one input file; never raises for bad content."""
    result = DumpResult(path=path)
    try:
        decoded = decode_dump(data)
    except NotTextError as error:
        result.rejections.append(Rejection(path, 0, f"cannot read: {error}"))
        return result
    result.encoding = decoded.encoding
    warning = mojibake_warning(decoded.text, path)
    if warning is not None:
        result.warnings.append(warning)
    if looks_like_html(path, decoded.text):
        from kexue_archive.dumps import html  # bs4 is only needed for HTML

        result.format = "html"
        try:
            result.entries, result.rejections = html.parse_html(decoded.text, path)
        except RecursionError:
            result.rejections.append(Rejection(path, 0, "HTML nested too deeply to read"))
    elif looks_like_save(decoded.text):
        result.format = "save-md"
        result.entries, result.rejections = read_save(decoded.text, path)
    else:
        result.entries, result.rejections, result.format = parse_text_dump(decoded.text, path)
    if not result.entries and not result.rejections:
        result.rejections.append(Rejection(path, 0, "no entries found"))
    return result


def _anchors(lines: list[str]) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    # Only a line holding "By" or starting with a digit or a space can be an
    # anchor (format_a.badge makes the same first check): one quick pass
    # picks them, and only those are looked at closely.
    candidates = [
        i
        for i, line in enumerate(lines)
        if "By" in line or line[:1].isdigit() or line[:1].isspace()
    ]
    for i in candidates:
        line = lines[i]
        if "By" in line and format_b.byline(line) is not None:
            previous = anchors[-1] if anchors else None
            if i == 0 or (
                previous is not None and previous.kind == "A" and previous.start == i - 1
            ):
                # no line before it that is free to be its title
                anchors.append(_Anchor(start=i, kind="B", byline=i))
            else:  # the title is the line before, or glued after the previous 引用
                anchors.append(_Anchor(start=i - 1, kind="B", byline=i))
        elif format_a.badge(line) is not None and (
            i == 0
            or not lines[i - 1].strip()
            or is_read_more(lines[i - 1])
            or (i + 1 < len(lines) and not lines[i + 1].strip())
        ):
            anchors.append(_Anchor(start=i, kind="A"))
    return anchors


def parse_text_dump(text: str, path: str) -> tuple[list[Entry], list[Rejection], str]:
    """Entries of a text dump, the rejections, and the formats seen (``A``, ``B``, ``A+B``)."""
    lines = text.split("\n")
    if format_b.SIDEBAR in text:  # (no line is the sidebar heading otherwise)
        for i, line in enumerate(lines):
            if format_b.is_sidebar(line):
                lines = lines[:i]  # the sidebar and everything after it is page chrome
                break
    anchors = _anchors(lines)
    entries: list[Entry] = []
    rejections: list[Rejection] = []
    first = anchors[0].start if anchors else len(lines)
    leading = next((i for i in range(first) if lines[i].strip()), None)
    if leading is not None:
        what = "text before the first entry" if anchors else "no entry found in"
        rejections.append(
            Rejection(path, leading + 1, f"{what}: {quote_excerpt(lines[leading])} (not parsed)")
        )
    for number, anchor in enumerate(anchors, start=1):
        end = anchors[number].start if number < len(anchors) else len(lines)
        source = SourceRef(path=path, entry=number, line=anchor.start + 1)
        try:
            if anchor.kind == "A":
                entries.append(format_a.parse_entry(lines[anchor.start : end], source))
            else:
                entries.append(_parse_b(lines, anchor, end, source))
        except format_a.EntryError as error:
            rejections.append(Rejection(path, error.line, error.reason, entry=number))
    kinds = sorted({a.kind for a in anchors})
    return entries, rejections, "+".join(kinds)


def _parse_b(lines: list[str], anchor: _Anchor, end: int, source: SourceRef) -> Entry:
    by = format_b.byline(lines[anchor.byline])
    assert by is not None
    previous = format_b.byline(lines[anchor.start]) if anchor.start != anchor.byline else None
    if previous is not None:
        title = previous.rest
    elif anchor.start < anchor.byline:
        title = lines[anchor.start]
    else:
        title = ""
    # the next entry's title sits after this by-line's 引用: this excerpt is empty
    glued = end == anchor.byline
    return format_b.parse_entry(
        title, by, lines[anchor.byline + 1 : end], source, glued_next_title=glued
    )
