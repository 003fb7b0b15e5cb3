"""The archive's search tokenizer: one specification, mirrored by ``tokenize.js``.

lunr's own tokenizer splits on white space only and its trimmer deletes every
CJK character, so a Chinese text becomes one useless token or none.  This
module replaces it.  The rules (also in ``plugins/pelican-cjk-search/README.md``) are:

1. NFKC, then lower case (full-width ``ＡＢＣ１２３`` becomes ``abc123``).
2. A run of letters or digits outside the CJK blocks is one token
   (``Transformer``, ``2023``, ``muon``).
3. A CJK run is indexed as its single characters and its overlapping
   bigrams (``扩散模型`` -> 扩, 扩散, 散, 散模, 模, 模型, 型), so one-character
   queries work; a query uses the bigrams only (a one-character run stays a
   unigram), which makes a phrase match as consecutive bigrams.  Titles and
   series names keep only the run's last unigram (:func:`title_tokens`).
4. Everything else separates tokens.

``tests/vectors/tokenizer.json`` holds the cases both implementations must
agree on; the JavaScript side runs the same file with ``node --test``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import chain

from lunr.pipeline import Pipeline
from lunr.token import Token

#: Code point ranges treated as CJK (Han, kana, Hangul, compatibility Han).
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # Han extension A
    (0x4E00, 0x9FFF),  # Han
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # Han compatibility
    (0x20000, 0x3134F),  # Han extensions B-G
)

#: The label of the pipeline function stored in every serialized index.
NORMALIZE_LABEL = "kexue-normalize"

_DATE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?")
MIN_YEAR, MAX_YEAR = 1900, 2100


#: The CJK Unified Ideographs block: the bulk of a Chinese text, and characters that
#: NFKC and lower-casing leave alone and never join to a neighbour (:func:`normalize`).
IDEOGRAPHS = ("\u4e00", "\u9fff")
_IDEOGRAPH_RUN = re.compile(f"([{IDEOGRAPHS[0]}-{IDEOGRAPHS[1]}]+)")


#: NFKC as a C-level callable, so that mapping it over the stretches runs no Python.
_NFKC = functools.partial(unicodedata.normalize, "NFKC")


def normalize(text: str) -> str:
    """NFKC then lower case: the form every token and query is compared in.

    One full-width comma sends NFKC over the whole string, and a Chinese post has
    one every few characters: the search index spent a tenth of its time here.  So
    only the stretches between runs of ideographs are folded.  An ideograph is its
    own NFKC form, has combining class 0 and takes part in no composition, so NFKC
    never joins or reorders across it; it is neither cased nor case-ignorable, so
    lower-casing (final sigma) never looks across it either.  The result is the
    same string; the tests check both claims over every code point.
    """
    parts = _IDEOGRAPH_RUN.split(text)
    parts[0::2] = map(str.lower, map(_NFKC, parts[0::2]))
    return "".join(parts)


def _class_of(ranges: tuple[tuple[int, int], ...]) -> str:
    """The body of a regex character class covering ``ranges``."""
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


_CJK_CLASS = _class_of(CJK_RANGES)
#: A CJK run, or a run of letters/digits outside the CJK blocks.  ``[^\W_]`` is
#: exactly Unicode categories L* and N* in Python's ``re`` (checked over every
#: code point by the tests), so one C-level scan replaces a per-character loop.
_RUN = re.compile(f"([{_CJK_CLASS}]+)|([^\\W_{_CJK_CLASS}]+)")
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
#: The three kinds of body token, each found by C-level scans (see
#: :func:`index_token_counts`): word runs, and the CJK runs, whose characters and
#: pairs of adjacent characters (a lookahead, so the pairs overlap) are read from
#: the runs joined by :data:`_RUN_JOINER`, a character no run holds.
_WORD_RUN = re.compile(f"[^\\W_{_CJK_CLASS}]+")
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_RUN_JOINER = " "
_PAIR_IN_RUNS = re.compile(f"(?=([^{_RUN_JOINER}]{{2}}))")


def _joined_cjk_runs(folded: str) -> str:
    """The CJK runs of normalized text, :data:`_RUN_JOINER` between them.

    Scanning this for single characters and pairs is cheaper than scanning the
    whole text with the CJK class: most of a post's characters are CJK, and the
    class test of each character is done once, here, instead of three times.
    """
    return _RUN_JOINER.join(_CJK_RUN.findall(folded))


def is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """Yield ``(is_cjk, run)`` for each word run and CJK run of normalized text."""
    for match in _RUN.finditer(normalize(text)):
        cjk = match.group(1)
        yield (True, cjk) if cjk is not None else (False, match.group(2))


def index_tokens(text: str) -> list[str]:
    """Tokens of a document field, in text order (repeats kept: they are term frequency)."""
    tokens: list[str] = []
    for cjk, run in runs(text):
        if not cjk:
            tokens.append(run)
            continue
        # char, bigram, char, bigram, ..., last char: interleaved without a Python loop.
        tokens.extend(chain.from_iterable(zip(run, map(operator.add, run, run[1:]), strict=False)))
        tokens.append(run[-1])
    return tokens


def index_token_counts(text: str) -> Counter[str]:
    """``Counter(index_tokens(text))``, computed without building the token list.

    The search index needs only how often each token occurs, and with one
    regex scan per kind of token, counted in C, the body index of 10,000
    posts tokenizes about three times faster. Two adjacent CJK characters
    always belong to the same run, so the pairs are exactly the runs' bigrams.
    """
    folded = normalize(text)
    counts: Counter[str] = Counter(_WORD_RUN.findall(folded))
    cjk = _joined_cjk_runs(folded)
    counts.update(cjk)  # each character, the joiners too (no word holds one)
    counts.pop(_RUN_JOINER, None)
    counts.update(_PAIR_IN_RUNS.findall(cjk))
    return counts


def word_and_bigram_counts(text: str) -> tuple[Counter[str], Counter[str]]:
    """The word runs and the CJK bigrams of :func:`index_token_counts`, counted apart.

    For readers that skip the CJK unigrams (the related-posts plugin): a third of
    the scanning and counting is not done, and the bigrams need no check for
    being a one-character or numeric token.
    """
    folded = normalize(text)
    pairs = _PAIR_IN_RUNS.findall(_joined_cjk_runs(folded))
    return Counter(_WORD_RUN.findall(folded)), Counter(pairs)


def title_tokens(text: str) -> list[str]:
    """Tokens of a title or series name in the eager index: like :func:`index_tokens`
    but with only the last character of each CJK run as a unigram.

    A one-character query is a prefix query there (``谱*``): every other
    occurrence of a character starts a bigram, so nothing is lost, and the
    eager index (downloaded by every reader) holds about half as many CJK terms.
    """
    tokens: list[str] = []
    for cjk, run in runs(text):
        if not cjk:
            tokens.append(run)
            continue
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return tokens


def query_tokens(text: str) -> list[str]:
    """Tokens a query must all match: words whole, CJK runs as consecutive bigrams."""
    tokens: list[str] = []
    for cjk, run in runs(text):
        if not cjk or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def date_tokens(date: _dt.date | None) -> list[str]:
    """A post's date as year, month and day tokens (``2023``, ``2023-02``, ``2023-02-28``)."""
    if date is None:
        return []
    return [f"{date.year:04d}", f"{date.year:04d}-{date.month:02d}", date.isoformat()]


def date_tokens_of(iso: str) -> list[str]:
    """:func:`date_tokens` of an ISO date string (empty for an undated post)."""
    return date_tokens(_dt.date.fromisoformat(iso[:10])) if iso else []


def parse_date(text: str) -> str | None:
    """The date token a query word stands for (``2023-2`` -> ``2023-02``), else None.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (``-``, ``/``, ``.`` or
    ``年月日``); a year outside 1900-2100 or an impossible month/day is
    not a date, so ``12345`` and ``2023-13`` stay ordinary words.
    """
    match = _DATE.fullmatch(normalize(text).strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def shard_key(token: str) -> str:
    """The part of a token that picks its body shard: its first two characters.

    Tokens that share a two-character prefix land in one shard, so an English
    prefix query (``trans*``) needs a single shard.
    """
    return token[:2]


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: a hash JavaScript computes identically."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def shard_of(token: str, shards: int) -> int:
    return fnv1a(shard_key(token)) % shards


_NUMERIC = re.compile(r"^[0-9-]+$")


def title_shard_key(token: str) -> str:
    """The part of a token that picks its title shard.

    A CJK token keys on its first character, so a one-character query
    (``谱*``, a prefix query in the title fields) finds every title bigram
    starting with it in one shard. A number or date is never a prefix query, so
    it keys on the whole token: the many dates of one year do not pile into one
    shard. Anything else keys on its first two characters, like the body.
    """
    if token and is_cjk(token[0]):
        return token[:1]
    if _NUMERIC.match(token):
        return token
    return token[:2]


def title_shard_of(token: str, shards: int) -> int:
    return fnv1a(title_shard_key(token)) % shards


def _normalize_token(token: Token, i: int, tokens: list[Token]) -> Token:
    """lunr pipeline step: tokens arrive already split, so only normalize them."""
    return token.update(lambda text, metadata: normalize(text))


def register_pipeline() -> None:
    """Register the pipeline step under the label ``tokenize.js`` also registers."""
    if Pipeline.registered_functions.get(NORMALIZE_LABEL) is not _normalize_token:
        Pipeline.register_function(_normalize_token, NORMALIZE_LABEL)


def pipeline_function():
    register_pipeline()
    return _normalize_token
