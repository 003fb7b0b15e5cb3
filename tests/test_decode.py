"""Decoding dumps: every encoding users save in, and a clear refusal for non-text."""

from __future__ import annotations

import codecs

import pytest

from kexue_archive.dumps.decode import NotTextError, decode_dump

TEXT = "28 Mar\n\n标题:一个测试\n\n正文$x$。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_dump(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_line_ends_become_newlines(newline: str) -> None:
    assert decode_dump(TEXT.replace("\n", newline).encode()).text == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\r\n\t", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (NUL byte at offset 8)"),
        (bytes(range(1, 32)) * 10, "binary data"),
        (b"\xfd\xff\x80\x81 ok", "not UTF-8 (bad byte at offset 0) and not GB18030"),
    ],
)
def test_non_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotTextError) as info:
        decode_dump(data)
    assert reason in str(info.value)


def test_random_high_bytes_are_not_taken_for_gb18030() -> None:
    # valid GB18030 four-byte sequences, but what they spell is no text anyone saved
    soup = ("ᚠᚡᚢ" * 50).encode("gb18030")
    with pytest.raises(NotTextError, match="does not look like text"):
        decode_dump(soup)


def test_stray_control_characters_are_dropped() -> None:
    assert decode_dump(("a\x02b\x0bc" + "x" * 500).encode()).text == "abc" + "x" * 500
