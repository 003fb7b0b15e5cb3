"""Web-clipper Markdown of a kexue.fm post page, split into the pieces a full-post corpus reuses.

The full-post benchmarks recombine the real text of the development saves
(``../shared/corpus/fullposts-dev/saves``), so they need each save's body as
blocks (paragraphs, display formulas, code, tables, lists) grouped under its
headings, and its comments, each in two forms: the clipper's own bytes (to
write synthetic saves the scraper reads) and the site's Markdown (to write
``content/*.md`` the way the scraper does).  This is not the scraper's reader
(``kexue_archive.saves``): it only has to handle the layouts with their TeX
delimiters intact, the ones the corpus generator draws from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kexue_archive.markdown_out import escape_literal, is_display_math, render_text

#: Lines that bound the parts of a saved page (desktop and mobile layouts alike).
BYLINE_END = re.compile(r"^\d+位读者 ?\\\|$")
BODY_END = "转载到请包括本文地址"
COMMENTS_START = "[发表你的看法]("
COMMENTS_END = "[取消回复]("
REPLY_LINK = re.compile(r"^\[回复评论\]\(.*replyTo=(\d+)")
BREADCRUMB = "[首页](https://kexue.fm"
TAGS_LINE = "分类："
#: First lines of a page saved while MathJax was still rendering (TeX without delimiters).
RENDERING = ("Processing math", "Loading \\[MathJax\\]")

_HEADING = re.compile(r"^(#{2,4}) (.+?)(?: \[\\#\]\([^)]*\))?$")
_FENCE = re.compile(r"^(```|~~~)")
#: A clipper display formula: its first line (TeX escaped the clipper's way).
_DISPLAY_START = re.compile(r"^(?:\$\$|\\\\begin\{|\\\\\[)")
_DISPLAY_END = re.compile(r"(?:\$\$|\\\\end\{[a-z*]+\}|\\\\\])$")
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+\\?\.) )(.*)$")
_QUOTE = re.compile(r"^(> ?)(.*)$")
_TABLE_RULE = re.compile(r"^\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")
_IMAGE = re.compile(r"\[!\[([^\]]*)\]\([^)]*\)\]\([^)]*\)|!\[([^\]]*)\]\([^)]*\)")
#: Inline math as the clipper writes it: ``$`` delimiters, Markdown escapes inside.
_INLINE_MATH = re.compile(r"\$(?!\s)(?:[^$\\\n]|\\.)+?(?<!\s)\$")
_INLINE_MARKUP = re.compile(
    r"(?P<bold>\*\*(?P<strong>[^*\n]+?)\*\*)"
    r"|(?P<link>\[(?P<text>[^\]\n]*)\]\((?P<url>https?://[^)\s]+)(?: \"[^\"]*\")?\))"
)
#: CommonMark's backslash escapes: a backslash before ASCII punctuation.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    """Undo the clipper's Markdown escapes (``g\\_t`` -> ``g_t``, ``\\\\alpha`` -> ``\\alpha``)."""
    return _ESCAPED.sub(r"\1", text)


def _site_text(clip: str) -> str:
    """Clipper text without math -> the site's Markdown: links and bold kept, the rest literal."""
    out: list[str] = []
    at = 0
    for match in _INLINE_MARKUP.finditer(clip):
        out.append(escape_literal(unescape(clip[at : match.start()])))
        if match.group("bold"):
            out.append("**" + escape_literal(unescape(match.group("strong"))) + "**")
        else:
            text = escape_literal(unescape(match.group("text"))) or escape_literal(
                match.group("url")
            )
            out.append(f"[{text}]({match.group('url')})")
        at = match.end()
    out.append(escape_literal(unescape(clip[at:])))
    return "".join(out)


def site_inline(clip: str) -> str:
    """One clipper paragraph -> the site's Markdown: inline math byte-exact TeX, text literal."""
    clip = _IMAGE.sub(lambda m: m.group(1) or m.group(2) or "", clip).strip()
    out: list[str] = []
    at = 0
    for match in _INLINE_MATH.finditer(clip):
        out.append(_site_text(clip[at : match.start()]))
        math = unescape(match.group(0))
        # Only math the site's renderer reads as math stays math; the rest is text.
        out.append(math if render_text(math) == math else escape_literal(math))
        at = match.end()
    out.append(_site_text(clip[at:]))
    return "".join(out).strip()


def site_display(clip_lines: list[str]) -> str:
    """A clipper display formula -> one ``$$…$$`` block (or literal text if it is not one)."""
    tex = unescape("\n".join(clip_lines)).strip()
    if not tex.startswith("$$") and not tex.startswith("\\["):
        tex = f"$${tex}$$"
    return tex if is_display_math(tex) else escape_literal(tex)


@dataclass(frozen=True)
class Block:
    """One block of a post body: the clipper's lines and the site's Markdown of them."""

    clip: str
    site: str


@dataclass(frozen=True)
class Section:
    """A heading (``None`` for the text before the first one) and the blocks under it."""

    level: int
    heading: str | None  # plain text, clipper escapes undone
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ClipComment:
    """A comment of a save: author, date line, body (both forms), and whether it is a reply."""

    author_line: str  # as the clipper wrote it (maybe a link, maybe `` 发表于``)
    author: str
    date: str
    clip_body: str
    site_body: str
    reply: bool


@dataclass(frozen=True)
class ParsedSave:
    """What the corpus generator reuses from one real save."""

    path: Path
    lines: tuple[str, ...]  # the whole save, for its page chrome
    body_start: int  # first line after the by-line
    body_end: int  # the licence line that follows the body
    comments_start: int
    comments_end: int
    sections: tuple[Section, ...]
    comments: tuple[ClipComment, ...]


def _chunks(lines: list[str]) -> list[list[str]]:
    """Blank-line separated chunks, a fenced code block (blank lines and all) being one."""
    chunks: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence:
            current.append(line)
            if line.startswith(fence):
                chunks.append(current)
                current, fence = [], None
            continue
        match = _FENCE.match(line)
        if match:
            if current:
                chunks.append(current)
            current, fence = [line], match.group(1)
        elif line.strip():
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _site_lines(lines: list[str]) -> list[str]:
    """The site blocks of one clipper chunk: display formulas split out, lines kept as lines."""
    blocks: list[str] = []
    text: list[str] = []
    math: list[str] | None = None

    def flush_text() -> None:
        if text:
            rendered = "\n".join(_site_line(line) for line in text)
            if rendered.strip():
                blocks.append(rendered)
            text.clear()

    for line in lines:
        if math is not None:
            math.append(line)
            if _DISPLAY_END.search(line.rstrip()):
                blocks.append(site_display(math))
                math = None
            continue
        if _DISPLAY_START.match(line):
            flush_text()
            if _DISPLAY_END.search(line.rstrip()) and len(line.strip()) > 2:
                blocks.append(site_display([line]))
            else:
                math = [line]
            continue
        text.append(line)
    if math:
        blocks.append(site_display(math))
    flush_text()
    return blocks


def _site_line(line: str) -> str:
    if _TABLE_RULE.match(line) and "-" in line:
        return line.strip()
    if line.startswith("|"):
        cells = line.strip().strip("|").split(" | ")
        return "| " + " | ".join(site_inline(c) for c in cells) + " |"
    if match := _LIST_ITEM.match(line):
        marker = match.group(1).replace("\\.", ".")
        return marker + site_inline(match.group(2))
    if match := _QUOTE.match(line):
        return "> " + site_inline(match.group(2))
    return site_inline(line)


def _blocks(lines: list[str]) -> list[Block]:
    out = []
    for chunk in _chunks(lines):
        clip = "\n".join(chunk)
        if _FENCE.match(chunk[0]):
            out.append(Block(clip, clip))  # code: the same bytes on both sides
            continue
        site = "\n\n".join(_site_lines(chunk))
        if site.strip():
            out.append(Block(clip, site))
    return out


def _sections(lines: list[str]) -> list[Section]:
    sections: list[Section] = []
    level, heading, start = 0, None, 0
    for i, line in enumerate(lines):
        match = _HEADING.match(line)
        if match is None:
            continue
        blocks = _blocks(lines[start:i])
        if heading is not None or blocks:
            sections.append(Section(level, heading, tuple(blocks)))
        level, heading, start = len(match.group(1)), unescape(match.group(2)).strip(), i + 1
    blocks = _blocks(lines[start:])
    if heading is not None or blocks:
        sections.append(Section(level, heading, tuple(blocks)))
    return sections


def _author(line: str) -> str:
    name = line.removesuffix(" 发表于").strip()
    link = re.match(r"^\[(.*)\]\([^)]*\)$", name)
    return unescape(link.group(1) if link else name)


def _comments(lines: list[str]) -> list[ClipComment]:
    """Comments: author line, date line, body paragraphs, then the ``回复评论`` link."""
    out: list[ClipComment] = []
    chunk_start = 0
    for i, line in enumerate(lines):
        if not REPLY_LINK.match(line):
            continue
        block = [x for x in lines[chunk_start:i]]
        chunk_start = i + 1
        while block and not block[0].strip():
            block.pop(0)
        if len(block) < 2:
            continue
        author_line = block[0]
        # The date is on the author's line's next line (after 发表于) or after a blank line.
        rest = block[1:]
        while rest and not rest[0].strip():
            rest.pop(0)
        if not rest:
            continue
        date, body_lines = rest[0].strip(), rest[1:]
        clip_body = "\n".join(body_lines).strip()
        site = "\n\n".join(b.site for b in _blocks(body_lines))
        out.append(
            ClipComment(
                author_line=author_line,
                author=_author(author_line),
                date=date,
                clip_body=clip_body,
                site_body=site,
                reply=author_line.endswith(" 发表于"),
            )
        )
    return out


def parse_save(path: Path, rendering: bool = False) -> ParsedSave | None:
    """The parts of one save, or ``None`` when it is not in a layout the generator reuses.

    A save made while MathJax was rendering has its TeX without delimiters, so
    it has no byte-exact formulas to reuse: refused unless ``rendering`` (the
    search evaluation wants every post's text, formulas or not).
    """
    text = path.read_text(encoding="utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].startswith(RENDERING) and not rendering:
        return None
    try:
        start = next(i for i, line in enumerate(lines) if BYLINE_END.match(line)) + 1
        end = next(i for i in range(start, len(lines)) if BODY_END in lines[i])
        c_start = next(i for i in range(end, len(lines)) if lines[i].startswith(COMMENTS_START))
        c_end = next(i for i in range(c_start, len(lines)) if lines[i].startswith(COMMENTS_END))
    except StopIteration:
        return None
    return ParsedSave(
        path=path,
        lines=tuple(lines),
        body_start=start,
        body_end=end,
        comments_start=c_start,
        comments_end=c_end,
        sections=tuple(_sections(lines[start:end])),
        comments=tuple(_comments(lines[c_start + 1 : c_end])),
    )
