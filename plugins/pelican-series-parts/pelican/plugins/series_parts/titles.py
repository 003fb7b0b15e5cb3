"""Series name and part number from a post title, and when two titles are the same.

These are the one copy of the blog's title rules: the plugin groups and numbers parts
with them, and the archive's ingest (``kexue_archive.series``, ``kexue_archive.titles``)
imports them from here, so a series URL and the scraper's merging never disagree.

The blog numbers the parts of a series inside the title, in several styles
that all occur in the archive:

* ``生成扩散模型漫谈（十三）：…`` — Chinese numeral in brackets, then a subtitle
  (numerals go past twenty: ``二十三``, ``三十一``);
* ``求解微分方程的李对称方法（二）`` — the same without a subtitle; the name may
  itself hold a colon (``“熵”不起：从熵…到最大熵模型（一）``);
* ``Transformer升级之路：5、…``, ``MuP之上：4. …``, ``路径积分系列：3.路径积分`` —
  a digit after the colon, then ``、`` or ``.``;
* ``【中文分词系列】 5. …`` and ``【外微分浅谈】1. …`` — the name in 【】.

Dumps fold the full-width punctuation to half-width, so every pattern accepts
both.  The name is returned without the brackets and trimmed, so the parts of
one series share one name whichever punctuation their dump used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"[零〇一二两三四五六七八九十百]+"

# 生成扩散模型漫谈（十三）：subtitle   /   李对称方法（二）
_BRACKET = re.compile(rf"^(?P<name>.+?)\s*[(（](?P<num>{_NUMERAL}|\d{{1,3}})[)）]\s*(?P<rest>.*)$")
# 【中文分词系列】 5. subtitle
_LENTICULAR = re.compile(r"^【(?P<name>[^】]+)】\s*(?P<num>\d{1,3})\s*[.．、]\s*\S")
# Transformer升级之路：5、subtitle   /   MuP之上：4. subtitle
_COLON = re.compile(r"^(?P<name>.+?)\s*[:：]\s*(?P<num>\d{1,3})\s*[.．、]\s*\S")


_SPACES = re.compile(r"\s+")


# The scraper asks for the same few thousand titles over and over (merging,
# index lookups, citations in every excerpt): the cache makes that a lookup.
@lru_cache(maxsize=1 << 16)
def normalize_title(title: str) -> str:
    """A comparison key for a title: NFKC, half-width punctuation, no spaces, lower case.

    Half- and full-width spellings of one name (``SVD分解``, ``ＳＶＤ分解``) and Markdown
    escapes from saved pages (``5\\.``) give one key, so one series and one URL.
    """
    folded = unicodedata.normalize("NFKC", title)
    folded = folded.replace("\\", "")  # Markdown escapes in saved archive pages (``5\.``)
    return _SPACES.sub("", folded).lower()


@dataclass(frozen=True)
class TitlePart:
    """A title's series: the shared name and the part number (1-based)."""

    name: str
    index: int


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral up to 999 (``十三`` 13, ``二十三`` 23), or ``None``."""
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current or None


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_numeral(text)


# Inference asks about the same titles again and again (every date pass, every
# title-less post's candidates); the answer is immutable, so it is kept.
@lru_cache(maxsize=1 << 16)
def parse_series(title: str) -> TitlePart | None:
    """The series a title belongs to, or ``None`` for a stand-alone post.

    A bracketed numeral counts only at the end of the title or before a
    colon, so ``（上）``/``（下）`` halves and numbers inside a subtitle
    (``特征提取(2)``) are not mistaken for parts.
    """
    title = title.strip()
    if m := _LENTICULAR.match(title):
        return _part(m.group("name"), m.group("num"))
    if m := _COLON.match(title):
        return _part(m.group("name"), m.group("num"))
    if (m := _BRACKET.match(title)) and (not m.group("rest") or m.group("rest")[0] in ":："):
        name = m.group("name")
        if "【" not in name:
            return _part(name, m.group("num"))
    return None


def _part(name: str, num: str) -> TitlePart | None:
    name = name.strip().strip("【】").strip()
    index = _number(num)
    if not name or not index:
        return None
    return TitlePart(name=name, index=index)
