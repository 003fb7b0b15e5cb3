"""Bytes of a saved page -> text, or a clear reason why the file is not text.

Users save pages with whatever their browser or editor chose: UTF-8 with or
without a BOM, UTF-16 (Notepad), Windows line ends, or GBK/GB18030 on a
Chinese Windows.  GB18030 accepts most byte soups, so a fallback decode is
only trusted when the result looks like text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: C0/C1 controls that never occur in a saved page's text (tab, LF, CR and FF do).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0c]")
#: Every character ``_NEWLINES`` rewrites (``in`` finds one faster than a regex).
_NEWLINE_CHARS = ("\r", "\u2028", "\u2029", "\x85", "\x0c")
#: Share of control characters above which a file is called binary.
_MAX_CONTROL_SHARE = 0.01
#: Characters a GB18030 fallback decode must be mostly made of (ASCII,
#: Latin/Greek, general and CJK punctuation, CJK ideographs, full-width forms).
_NOT_TEXTLIKE = re.compile(
    r"[^\t\n\r\x20-\x7e\u00a0-\u03ff\u2000-\u206f\u2100-\u22ff\u3000-\u303f"
    r"\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
_MIN_TEXTLIKE_SHARE = 0.95


class NotTextError(ValueError):
    """The file is binary or in no encoding we can trust; ``str()`` says why."""


@dataclass(frozen=True)
class DecodedText:
    """A file's text with ``\\n`` line ends, and the encoding it was read with."""

    text: str
    encoding: str


def decode_dump(data: bytes) -> DecodedText:
    """Decode a dump's bytes; raise :class:`NotTextError` with a reason a user can act on."""
    if not data.strip():
        raise NotTextError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    elif b"\x00" in data:
        raise NotTextError(f"binary data (NUL byte at offset {data.index(0)})")
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError as utf8_error:
            text, encoding = _fallback(data, utf8_error.start), "gb18030"
    # Most files hold no control character and only ``\n`` line ends: one
    # search each instead of rewriting the whole text twice.
    controls = 0 if _CONTROLS.search(text) is None else _CONTROLS.subn("", text)[1]
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise NotTextError(f"binary data ({controls} control characters)")
    if any(char in text for char in _NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
    if controls:  # the new line ends are no control characters
        text = _CONTROLS.sub("", text)
    text = text.replace("\ufeff", "")
    if not text.strip():
        raise NotTextError("empty file")
    return DecodedText(text=text, encoding=encoding)


def _fallback(data: bytes, bad_offset: int) -> str:
    """GB18030, trusted only when the result reads as text."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise NotTextError(f"not UTF-8 (bad byte at offset {bad_offset}) and not GB18030") from None
    if _textlike_share(text) < _MIN_TEXTLIKE_SHARE:
        raise NotTextError(
            f"not UTF-8 (bad byte at offset {bad_offset}); "
            "GB18030 decodes it but the result does not look like text"
        )
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotTextError(f"not valid {encoding} (bad byte at offset {error.start})") from None


def _textlike_share(text: str) -> float:
    if not text:
        return 0.0
    return 1 - _NOT_TEXTLIKE.subn("", text)[1] / len(text)
