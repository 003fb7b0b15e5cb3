"""What an excerpt's own words say about its post: citations, papers, relative time.

Everything here reads text only and returns facts; deciding what they mean
for a date or a title is left to :mod:`.dates` and :mod:`.titles`.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kexue_archive.titles import normalize_title

_CITATION = re.compile(r"《([^《》\n]{2,80})》")
# New-style arXiv ids (since April 2007): YYMM.NNNN or YYMM.NNNNN, optional version.
_ARXIV = re.compile(r"(?<![\d.])(\d{2})(0[1-9]|1[0-2])\.\d{4,5}(?:v\d+)?(?![\d])")
_ARXIV_CONTEXT = re.compile(r"arxiv", re.IGNORECASE)
_FIVE_DIGIT_ID = re.compile(r"\d{4}\.\d{5}")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# A year in a past-tense frame: "早在2018年", "2019年的论文/博客", "2016年就已经提出".
_PAST_YEAR = re.compile(
    r"(?:早在|早于|追溯到|始于|当年\(?)\s*((?:19|20)\d{2})\s*年"
    r"|(?<!\d)((?:19|20)\d{2})\s*年(?:的(?:论文|博客|文章|博文|工作|成果)"
    r"|(?:就已经|就已|就|已经)?(?:提出|发表|出世|发布|写))"
)
_SENTENCE = re.compile(r"[^。!?;！？；\n]+")
_OPENING_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_ASCII = re.compile(r"[\x00-\x7f]")

#: Relative time words and how far back they reach, in days: a post that says
#: "上周笔者写了《X》" was written at most this long after X.
RELATIVE_WINDOWS: dict[str, int] = {
    "昨天": 3,
    "前天": 5,
    "前几天": 21,
    "前两天": 14,
    "前些天": 31,
    "几天前": 21,
    "上周": 16,
    "上一周": 16,
    "上个月": 62,
    "上月": 62,
}
_RELATIVE = re.compile("|".join(sorted(map(re.escape, RELATIVE_WINDOWS), key=len, reverse=True)))
_LAST_YEAR = re.compile(r"去年")
#: Every word ``_RELATIVE`` or ``_LAST_YEAR`` finds.
_RELATIVE_WORDS = (*RELATIVE_WINDOWS, "去年")

#: How many normalized characters of an excerpt identify it across dumps.
OPENING_CHARS = 40
#: The shortest common opening that still counts as the same excerpt.
MIN_OPENING_MATCH = 12


@dataclass(frozen=True)
class RelativeCitation:
    """``《title》`` cited in a sentence that says how long ago it was written."""

    title: str
    word: str
    max_days: int | None  # None: "去年", the calendar year before


def cited_titles(text: str) -> list[str]:
    """Titles cited in ``《…》``, in order, without repeats."""
    seen: dict[str, None] = {}
    for m in _CITATION.finditer(text):
        seen.setdefault(m.group(1).strip(), None)
    return list(seen)


def relative_citations(text: str) -> list[RelativeCitation]:
    """Citations whose sentence carries a relative time word (上周, 上个月, 去年…)."""
    found: list[RelativeCitation] = []
    if "《" not in text or not any(word in text for word in _RELATIVE_WORDS):
        return found  # no citation, or no word that could make one relative
    for sentence in _SENTENCE.findall(text):
        titles = cited_titles(sentence)
        if not titles:
            continue
        first_title = sentence.index("《")
        if (m := _RELATIVE.search(sentence)) and m.start() < first_title:
            found += [RelativeCitation(t, m.group(0), RELATIVE_WINDOWS[m.group(0)]) for t in titles]
        elif (m := _LAST_YEAR.search(sentence)) and m.start() < first_title:
            found += [RelativeCitation(t, "去年", None) for t in titles]
    return found


def arxiv_months(text: str) -> list[_dt.date]:
    """First days of the months of arXiv ids quoted in the text (a post is never older)."""
    if not _has_id_shape(text):  # most texts: no id at all
        return []
    if not _ARXIV_CONTEXT.search(text) and not _FIVE_DIGIT_ID.search(text):
        return []
    months = set()
    for m in _ARXIV.finditer(text):
        year = 2000 + int(m.group(1))
        if year >= 2007:
            months.add(_dt.date(year, int(m.group(2)), 1))
    return sorted(months)


def _has_id_shape(text: str) -> bool:
    """Whether ``text`` holds four digits, a dot and four digits (``\\d{4}\\.\\d{4}``).

    Every id ``_ARXIV`` matches has that shape.  Looking at the few dots of a
    text is much faster than a regex scan of all of it.
    """
    dot = text.find(".", 4)
    while dot != -1:
        after = text[dot + 1 : dot + 5]
        if len(after) == 4 and after.isdecimal() and text[dot - 4 : dot].isdecimal():
            return True
        dot = text.find(".", dot + 1)
    return False


def years_mentioned(text: str) -> list[int]:
    """Calendar years written out as ``2019年`` (a post mentions no year after its own, mostly)."""
    if "年" not in text:  # both year patterns need it; many excerpts have none
        return []
    return sorted({int(y) for y in _YEAR.findall(text)})


def past_years(text: str) -> list[int]:
    """Years the text puts in the past ("早在2018年", "2019年的论文", "2016年提出")."""
    if "年" not in text:
        return []
    return sorted({int(m.group(1) or m.group(2)) for m in _PAST_YEAR.finditer(text)})


def excerpt_opening(text: str) -> str:
    """The excerpt's first characters with spaces and punctuation dropped, for matching."""
    # Only the first OPENING_CHARS kept characters matter, so fold a head of
    # the text when that is enough.  The head ends right before an ASCII
    # character: NFKC never joins an ASCII character to what precedes it, so
    # folding the head alone gives a prefix of folding the whole text.
    cut = _ASCII.search(text, OPENING_CHARS * 4)
    if cut is not None:
        head = _OPENING_DROP.sub("", unicodedata.normalize("NFKC", text[: cut.start()]))
        if len(head) >= OPENING_CHARS:
            return head[:OPENING_CHARS].lower()
    folded = unicodedata.normalize("NFKC", text)
    return _OPENING_DROP.sub("", folded)[:OPENING_CHARS].lower()


def same_opening(a: str, b: str) -> bool:
    """Whether two openings come from the same excerpt (one is a prefix of the other)."""
    shorter = min(len(a), len(b))
    return shorter >= MIN_OPENING_MATCH and a[:shorter] == b[:shorter]


def title_terms(title: str) -> frozenset[str]:
    """A title's matching terms: CJK character pairs and Latin words of two letters or more."""
    key = normalize_title(title)
    terms = {w for w in re.findall(r"[a-z0-9][a-z0-9\-]+", key)}
    cjk = re.findall(r"[\u4e00-\u9fff]+", key)
    for run in cjk:
        terms |= {run[i : i + 2] for i in range(len(run) - 1)}
    return frozenset(terms)


@lru_cache(maxsize=1 << 14)  # every title-less post is scored against the same candidates
def _terms_by_length(title: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """:func:`title_terms` cut into two-character terms and longer ones."""
    terms = title_terms(title)
    return (
        frozenset(t for t in terms if len(t) == 2),
        tuple(sorted(t for t in terms if len(t) != 2)),
    )


#: Above this many two-character terms to look for in one excerpt, the
#: excerpt's adjacent character pairs are put in a set first (see
#: :func:`title_shares`).  Scanning for a term and making the set both cost
#: time in proportion to the excerpt's length, so the crossover is a number
#: of terms, whatever the length.
PAIRS_ABOVE_LOOKUPS = 100


def title_shares(titles: Sequence[str], folded: str) -> list[float]:
    """For each title, the share of its terms the excerpt contains (0 when it has none).

    ``folded`` is the excerpt already folded by :func:`normalize_title` (by
    the reader, for a post read from one entry).  A title-less post is scored
    against every unclaimed index post of its day, a list that grows with the
    archive, and scanning the excerpt once per term made that grow with the
    square of the archive's size (50,000 posts: half of all inference).  With
    many terms, each two-character one (every CJK term) is looked up in a set
    of the excerpt's character pairs instead; the set is made for this call
    only (kept for every title-less post, the sets would outweigh the posts).
    """
    split = [_terms_by_length(title) for title in titles]
    lookups = sum(len(pairs) for pairs, _ in split)
    text_pairs = None
    if lookups > PAIRS_ABOVE_LOOKUPS:
        text_pairs = set(map(operator.add, folded, folded[1:]))
    shares = []
    for pairs, longer in split:
        total = len(pairs) + len(longer)
        found = sum(1 for term in longer if term in folded)
        if text_pairs is not None:
            found += len(pairs & text_pairs)
        else:
            found += sum(1 for term in pairs if term in folded)
        shares.append(found / total if total else 0.0)
    return shares


#: What inference reads from every excerpt; the reader computes these per
#: entry (:meth:`~kexue_archive.dumps.entry.Entry.read`), in parallel when it can.
ENTRY_FACTS: tuple[Callable[[str], object], ...] = (
    excerpt_opening,
    cited_titles,
    relative_citations,
    arxiv_months,
    past_years,
    years_mentioned,
)
#: A title-less entry is also matched against index titles by its folded text.
TITLE_LESS_FACTS = (*ENTRY_FACTS, normalize_title)
