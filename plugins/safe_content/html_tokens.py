"""Split HTML into tokens that keep their exact source text.

The guard must leave harmless HTML byte-for-byte as it was, so every token carries the
slice of the input it came from; :class:`html.parser.HTMLParser` does the tokenizing
(attribute values arrive entity-decoded, as a browser decodes them).

Python-Markdown writes its markup in one plain form, and html.parser's pure-Python loop
costs far more than the rest of the guard, so :func:`plain_split` (which the guard and
:func:`tokenize` try first) splits at that form with a single regular expression
(:data:`PLAIN_MARKUP`): when every ``<`` of the input starts a plain tag of an ordinary
element, the split gives the very tokens the parser gives (tests/test_plain_tokens.py
checks it against the parser on generated HTML).  Any other ``<`` (a comment, a
``<script>``, single quotes, a stray ``<`` in text) sends the whole input to the parser,
as before; so does a ``&#`` the parser would not read as a character reference (after
one, it reads no more markup) or a reference cut off by the end of the input.
"""

from __future__ import annotations

import functools
import html
import html.parser
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple


class Token(NamedTuple):
    """One piece of HTML: ``kind`` is text, start, end, or other (comment, doctype, ...).

    A tuple, because a post has tens of thousands and the guard reads each once."""

    kind: str
    raw: str
    name: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()
    self_closing: bool = False


#: The plain form of markup, in pieces (html_guard.PLAIN_START is built from them too):
#: a lower-case element name; an attribute, lower-case, maybe with a double-quoted value
#: holding no ``<``, ``>`` or backtick; whitespace as HTML defines it (no Unicode spaces).
PLAIN_NAME = r"[a-z][a-z0-9]*"
PLAIN_ATTRIBUTE_NAME = r"[a-z][a-z0-9-]*"
PLAIN_ATTRIBUTE_VALUE = r'"[^"<>`]*"'
PLAIN_ATTRIBUTE = rf"{PLAIN_ATTRIBUTE_NAME}(?:={PLAIN_ATTRIBUTE_VALUE})?"
_SPACE = r"[\t\n\f\r ]"
#: Every ``<`` of the input, to split it at: group 1 is the tag, group 2 the name of a
#: plain start tag (3: its attributes, 4: ``/`` when it closes itself), group 5 the name
#: of a plain end tag; neither when the ``<`` starts anything else (then the parser reads
#: the input).
PLAIN_MARKUP = re.compile(
    rf"(<(?:({PLAIN_NAME})((?:{_SPACE}+{PLAIN_ATTRIBUTE})*){_SPACE}*(/)?>|/({PLAIN_NAME})>)?)"
)
#: How many pieces :data:`PLAIN_MARKUP` splits off at each ``<``: the text before, groups.
_PIECES = 1 + PLAIN_MARKUP.groups
#: One attribute of a plain tag: its name and, when it has one, its value with quotes.
_ATTRIBUTE_PARTS = re.compile(rf"({PLAIN_ATTRIBUTE_NAME})(?:=({PLAIN_ATTRIBUTE_VALUE}))?")
#: A character reference as the parser reads one in text.  Where its pattern does not match
#: a ``&#`` (``&#<p>``, ``&#12a``), the parser stops reading markup and takes the rest of
#: the input as text, so the plain split must not be used there.
PARSER_CHARREF: re.Pattern[str] = html.parser.charref  # type: ignore[attr-defined]
#: A reference cut off by the end of the input (``&a``, ``&#12``): the parser's offsets
#: for it are off by one (its ``&`` joins the token before), so the parser has it.
UNFINISHED_REFERENCE = re.compile(r"&#?[A-Za-z0-9]*\Z")
#: Elements whose content a parser does not read as markup (script, style: raw text;
#: textarea, title: text; plaintext: to the end; the rest with scripting or frames on).
#: The plain split never takes a start tag of these: the parser decides what follows.
RAW_TEXT_ELEMENTS = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
    | {"noscript", "plaintext", *HTMLParser.CDATA_CONTENT_ELEMENTS}
)


class _Splitter(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.events: list[tuple[int, str, str, list, bool]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add(self, kind: str, name: str = "", attrs: list | None = None, closing=False) -> None:
        self.events.append((self._offset(), kind, name, attrs or [], closing))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._add("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._add("start", tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("text")

    def handle_entityref(self, name: str) -> None:
        self._add("text")

    def handle_charref(self, name: str) -> None:
        self._add("text")

    def handle_comment(self, data: str) -> None:
        self._add("other", "comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other", "declaration")

    def handle_pi(self, data: str) -> None:
        self._add("other", "processing instruction")

    def unknown_decl(self, data: str) -> None:
        self._add("other", "declaration")


def tokenize(source: str) -> list[Token]:
    """The tokens of ``source``; their ``raw`` texts joined give ``source`` back.

    Adjacent text pieces (data and character references) are merged into one token.
    Markup all in Markdown's plain form is split by one regular expression; anything
    else is read by html.parser (both give the same tokens where both apply).
    """
    tokens = plain_tokens(source)
    return list(tokens) if tokens is not None else parsed_tokens(source)


class PlainSplit(NamedTuple):
    """HTML whose every ``<`` starts a plain tag, split at its tags.

    ``steps`` gives, for each tag in order, the text before it (maybe empty), the tag,
    and :data:`PLAIN_MARKUP`'s groups: the start tag's name, attributes and closing ``/``
    (``None`` for an end tag), the end tag's name (``None`` for a start tag).  ``tail``
    is the text after the last tag.
    """

    steps: Iterator[tuple[str, str, str | None, str | None, str | None, str | None]]
    tail: str


def plain_split(source: str) -> PlainSplit | None:
    """``source`` split at its tags when every ``<`` in it starts a plain tag, else ``None``."""
    if "&" in source and (
        UNFINISHED_REFERENCE.search(source, source.rfind("&"))
        or not all(PARSER_CHARREF.match(source, at.start()) for at in re.finditer("&#", source))
    ):
        return None
    pieces = PLAIN_MARKUP.split(source)
    # A "<" that starts no plain tag is split off alone; a raw-text element's content
    # is not markup to a parser.
    if "<" in pieces[1::_PIECES] or not RAW_TEXT_ELEMENTS.isdisjoint(pieces[2::_PIECES]):
        return None
    each = iter(pieces[:-1])
    return PlainSplit(zip(*[each] * _PIECES, strict=True), pieces[-1])


def plain_start_token(raw: str, name: str, attributes: str, closing: str | None) -> Token:
    """The start tag token of one step of a :class:`PlainSplit`."""
    attrs = _plain_attributes(attributes) if attributes else ()
    return _token(("start", raw, name, attrs, closing is not None))


def plain_tokens(source: str) -> Iterator[Token] | None:
    """The tokens of ``source`` when every ``<`` in it starts a plain tag, else ``None``."""
    split = plain_split(source)
    return None if split is None else _plain_token_stream(split)


def _plain_token_stream(split: PlainSplit) -> Iterator[Token]:
    for text, raw, name, attributes, closing, end_name in split.steps:
        if text:
            yield _token(("text", text, "", (), False))
        if end_name is not None:
            yield _token(("end", raw, end_name, (), False))
        else:
            yield plain_start_token(raw, name, attributes, closing)
    if split.tail:
        yield _token(("text", split.tail, "", (), False))


#: A :class:`Token` from all five fields at once, without ``Token()``'s keyword handling.
_token = functools.partial(tuple.__new__, Token)


@functools.lru_cache(maxsize=4096)
def _plain_attributes(text: str) -> tuple[tuple[str, str | None], ...]:
    """The attributes of a plain tag as the parser gives them (values entity-decoded)."""
    return tuple(
        (part[1], None if part[2] is None else html.unescape(part[2][1:-1]))
        for part in _ATTRIBUTE_PARTS.finditer(text)
    )


def parsed_tokens(source: str) -> list[Token]:
    """The tokens of any ``source``, as :class:`html.parser.HTMLParser` reads it."""
    splitter = _Splitter(source)
    splitter.feed(source)
    splitter.close()
    events = sorted(splitter.events, key=lambda e: e[0])  # stable: one event per offset
    tokens: list[Token] = []
    covered = 0
    for index, (start, kind, name, attrs, closing) in enumerate(events):
        if start < covered:
            continue  # defensive: an event inside one already taken
        end = events[index + 1][0] if index + 1 < len(events) else len(source)
        raw = source[start:end]
        if start > covered:  # a gap the parser reported nothing for: keep it as text
            _append_text(tokens, source[covered:start])
        covered = end
        if kind == "text":
            _append_text(tokens, raw)
        else:
            tokens.append(Token(kind, raw, name, tuple(attrs), closing))
    if covered < len(source):
        _append_text(tokens, source[covered:])
    return tokens


def _append_text(tokens: list[Token], raw: str) -> None:
    if tokens and tokens[-1].kind == "text":
        tokens[-1] = Token("text", tokens[-1].raw + raw)
    else:
        tokens.append(Token("text", raw))


__all__ = [
    "PlainSplit",
    "Token",
    "parsed_tokens",
    "plain_split",
    "plain_start_token",
    "plain_tokens",
    "tokenize",
]
