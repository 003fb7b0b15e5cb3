"""Split HTML into tokens that keep their exact source text.

The guard must leave harmless HTML byte-for-byte as it was, so every token carries the
slice of the input it came from; :class:`html.parser.HTMLParser` does the tokenizing
(attribute values arrive entity-decoded, as a browser decodes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Token:
    """One piece of HTML: ``kind`` is text, start, end, or other (comment, doctype, ...)."""

    kind: str
    raw: str
    name: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    self_closing: bool = False


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
    """
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
            tokens.append(Token(kind, raw, name, list(attrs), closing))
    if covered < len(source):
        _append_text(tokens, source[covered:])
    return tokens


def _append_text(tokens: list[Token], raw: str) -> None:
    if tokens and tokens[-1].kind == "text":
        tokens[-1].raw += raw
    else:
        tokens.append(Token("text", raw))


__all__ = ["Token", "tokenize"]
