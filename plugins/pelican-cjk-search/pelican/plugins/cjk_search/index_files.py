"""Turn search documents into the index files a browser downloads.

Layout under the output folder (all JSON, keys sorted, compact, so two builds
of the same content give the same bytes; names, field orders and parameters
are defined once in :mod:`index_format`):

``index.json``
    Loaded first and small: post count, shard count, one character per post
    for its body length (:meth:`index_format.LengthCode.encode`), the series and year lists and
    the id range of each year, and lunr's field list.
``series.json``
    The ids of each series' posts, fetched only when a series filter is used:
    the only other list of every post, and no query without the filter needs it.
``title/<n>.json``
    The title, series, part and date fields scored as lunr.py would, cut by each
    term's title shard key (see :func:`title_shards`); a query fetches only
    the shards of its own tokens and lunr.js builds a small index from them.
``body/<n>.json``
    Body postings for the terms whose shard key hashes to ``n``
    (``term -> [doc delta, tf, doc delta, tf, ...]``); a query fetches only
    the shards of its own tokens.
``doc/<n>.json``
    URL, title, date, series, part and excerpt text of ``doc_chunk``
    consecutive posts (newest first; one post per file by default), fetched
    only for the results shown. One file per result, not one per kind of data:
    the results of a query are scattered over the archive, so a chunk of
    neighbours costs bytes nobody reads, and every extra file is a request.
``<file>.js`` (with ``IndexOptions.from_disk``)
    Each file again as a script that registers its data, for pages opened
    from disk, where ``fetch`` is refused (:func:`index_format.script_twin`).
"""

from __future__ import annotations

import gc
import json
import math
import operator
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from json.encoder import encode_basestring

from lunr import __TARGET_JS_VERSION__ as LUNR_VERSION
from lunr import builder as lunr_builder
from lunr.builder import Builder
from lunr.index import Index
from lunr.token import Token

from . import index_format
from .documents import SearchDocument
from .index_format import (
    FORMAT_VERSION,
    LENGTHS,
    LengthCode,
    file_name,
    format_record,
    manifest,
    script_twin,
)
from .tokenizer import (
    date_tokens_of,
    index_token_counts,
    normalize,
    pipeline_function,
    shard_of,
    title_shard_of,
    title_tokens,
)


@dataclass(frozen=True)
class IndexOptions:
    """The knobs of the index, filled from the plugin's settings."""

    shards: int
    doc_chunk: int
    title_boost: int
    series_boost: int
    part_boost: int
    date_boost: int
    lengths: LengthCode = LENGTHS
    #: Also write each file as a script (:func:`index_format.script_twin`), for file:// pages.
    from_disk: bool = False
    #: Fields of :data:`index_format.OPTIONAL_DOC_FIELDS` the doc rows also carry.
    extra_fields: tuple[str, ...] = ()


def dump_json(data: object) -> bytes:
    """The one serialization of every index file: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


class _IntText(dict):
    """``str`` of each int asked for, made once: postings repeat a few small numbers."""

    def __missing__(self, number: int) -> str:
        text = self[number] = str(number)
        return text


def dump_postings(terms: dict[str, list[int]]) -> bytes:
    """``dump_json({"terms": terms})`` for a shard of postings, the same bytes, faster.

    The body shards hold two numbers per (post, term) pair, millions of them, and
    the json module formats each anew; here each distinct number is formatted once
    and the lists are joined as they are.  Keys go through json's own string encoder.
    """
    number = _IntText().__getitem__
    entries = [
        f"{encode_basestring(term)}:[{','.join(map(number, terms[term]))}]"
        for term in sorted(terms)
    ]
    return ('{"terms":{' + ",".join(entries) + "}}").encode("utf-8")


def auto_shard_count(documents: int, docs_per_shard: int) -> int:
    """A power of two near ``documents / docs_per_shard`` (1 to 1024)."""
    wanted = max(1, math.ceil(documents / max(1, docs_per_shard)))
    return min(1024, 1 << (wanted - 1).bit_length())


def order_documents(documents: Sequence[SearchDocument]) -> list[SearchDocument]:
    """Newest first, then by URL: document ids follow this order, so ids break ties by recency."""
    by_url = sorted(documents, key=lambda d: d.url)
    return sorted(by_url, key=lambda d: d.date, reverse=True)


def _utf16_key(term: str) -> bytes:
    return term.encode("utf-16-be")


#: Fields of the eager index, in lunr's field order.
TITLE_FIELDS = ("title", "series", "part", "date")


def title_builder(documents: Sequence[SearchDocument], options: IndexOptions) -> Builder:
    """A lunr.py builder holding the title, series, part number and date fields.

    The part number has a field of its own so that ``SVD分解 2`` ranks part 2
    first: a number in the title or body of another part must not outweigh it.
    Document refs are positions in ``documents``.

    Each token is put in its final form here, the way lunr.py's list
    tokenizer (lower case) and our pipeline step (:func:`normalize`) would,
    once per distinct token instead of once per occurrence, and handed to
    lunr.py as it is (:func:`_ready_made_tokens`): the index is the same, built
    in a fraction of the time.
    """
    builder = Builder()
    builder.search_pipeline.add(pipeline_function())
    builder.ref("id")
    boosts = {
        "title": options.title_boost,
        "series": options.series_boost,
        "part": options.part_boost,
        "date": options.date_boost,
    }
    for field in TITLE_FIELDS:
        builder.field(field, boost=boosts[field])
    final: dict[str, str] = {}

    def ready(tokens: list[str]) -> list[str]:
        out = []
        for token in tokens:
            form = final.get(token)
            if form is None:
                form = final[token] = normalize(token.lower())
            if form:  # lunr's pipeline drops a token that became empty
                out.append(form)
        return out

    with _ready_made_tokens():
        for number, doc in enumerate(documents):
            part = [str(doc.part)] if doc.series and doc.part is not None else []
            builder.add(
                {
                    "id": str(number),
                    "title": ready(title_tokens(doc.title)),
                    "series": ready(title_tokens(doc.series or "")),
                    "part": ready(part),
                    "date": ready(date_tokens_of(doc.date)),
                }
            )
    return builder


@contextmanager
def _ready_made_tokens() -> Iterator[None]:
    """While documents are added, lunr.py takes each field's token list as it is.

    Its own list tokenizer lower-cases every token and deep-copies an empty
    metadata dict for each: a third of the title index's build time at 10,000
    posts. :func:`title_builder` hands it tokens already in final form, so
    the builder only needs them wrapped; the indexing pipeline stays empty.
    """
    original = lunr_builder.Tokenizer
    lunr_builder.Tokenizer = lambda tokens, metadata=None: [Token(t, {}) for t in tokens]
    try:
        yield
    finally:
        lunr_builder.Tokenizer = original


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector while the index's many small objects are made.

    They hold no cycles, yet each allocation burst sets off a full collection
    over everything Pelican holds; the package keeps its own copy of this
    guard (the archive's ingest has one too) so that it needs nothing but
    Pelican and lunr.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def serialize_title_index(builder: Builder) -> dict:
    """lunr's own serialization of the index, ordered the way lunr.js needs.

    lunr.py sorts the inverted index by code point, lunr.js requires UTF-16
    code unit order (lunr.py issue #144: characters beyond the BMP, such as
    CJK extension B, sort differently); re-sorting keeps ``lunr.Index.load``
    from failing with "Out of order word insertion".
    """
    serialized = builder.build().serialize()
    serialized["invertedIndex"].sort(key=lambda entry: _utf16_key(entry[0]))
    return serialized


def title_postings(
    documents: Sequence[SearchDocument], options: IndexOptions
) -> dict[str, list[list[tuple[int, int]]]]:
    """``term -> one [(doc, score), ...] per field`` of the title index, docs ascending.

    lunr.py builds the index: the scores are the field vectors of
    :func:`title_builder` (BM25 with the field's boost, over the whole
    archive), times 1000 as integers.  Only the two build steps that make the
    vectors run; lunr.py's token set (``Builder._create_token_set``) is never
    shipped, because lunr.js rebuilds it from the shards a query fetches, and
    it cost as much as the rest of the search index at 10k posts.
    """
    postings: dict[str, list[list[tuple[int, int]]]] = {}
    if not documents:
        return postings  # lunr.py divides by the document count
    builder = title_builder(documents, options)
    builder._calculate_average_field_lengths()
    builder._create_field_vectors()
    term_of = {entry["_index"]: term for term, entry in builder.inverted_index.items()}
    fields = {field: n for n, field in enumerate(TITLE_FIELDS)}
    for term in term_of.values():
        postings[term] = [[] for _ in TITLE_FIELDS]
    for ref, vector in builder.field_vectors.items():
        field, _, doc = ref.partition("/")
        elements = vector.elements
        for i in range(0, len(elements), 2):
            # lunr.py rounds when building the vector and again when serializing it.
            score = round(round(elements[i + 1], 3) * 1000)
            postings[term_of[elements[i]]][fields[field]].append((int(doc), score))
    for lists in postings.values():
        for field_list in lists:
            field_list.sort()
    return postings


def title_shards(
    documents: Sequence[SearchDocument], options: IndexOptions
) -> list[dict[str, list[list[int]]]]:
    """The title index, cut into shards by each term's title shard key.

    Each shard maps a term to one posting list per field of
    :data:`TITLE_FIELDS`: ``[doc delta, score, doc delta, score, ...]`` with
    the scores of :func:`title_postings`. lunr's JSON repeats every posting
    twice (inverted index and field vectors); here it appears once.
    ``titleIndexFrom`` in search-engine.js turns the shards a query needs back
    into lunr's serialization for exactly those terms, and a lunr query only
    ever looks at the vectors of its own terms, so lunr.js scores as it would
    on the whole index.
    """
    out: list[dict[str, list[list[int]]]] = [{} for _ in range(options.shards)]
    postings = title_postings(documents, options)
    for term in sorted(postings, key=_utf16_key):
        lists = [_delta_encode([x for pair in p for x in pair]) for p in postings[term]]
        out[title_shard_of(term, options.shards)][term] = lists
    return out


def body_postings(
    documents: Sequence[SearchDocument], text_of=lambda doc: doc.text
) -> tuple[list[int], dict[str, list[int]]]:
    """Body token counts per document and ``term -> [doc, tf, doc, tf...]`` (ids ascending).

    A document's number goes onto each of its terms' lists, then each term's
    count does, so every list reads doc, tf, doc, tf.  Both steps are
    ``map`` calls that run in C: 10,000 posts have four million (doc, term)
    pairs, and a Python loop over them was a quarter of the search index build.
    """
    lengths: list[int] = []
    postings: dict[str, list[int]] = defaultdict(list)
    list_of = postings.__getitem__
    for number, doc in enumerate(documents):
        counts = index_token_counts(text_of(doc))
        lengths.append(sum(counts.values()))
        lists = list(map(list_of, counts))
        deque(map(list.append, lists, repeat(number)), maxlen=0)
        deque(map(list.append, lists, counts.values()), maxlen=0)
    return lengths, postings


def _delta_encode(flat: list[int]) -> list[int]:
    """``[doc, x, doc, x, ...]`` with each doc replaced by its distance to the previous one.

    In place (the list is returned): the body postings of 10,000 posts are
    eight million list slots, and a copy doubled the build's peak memory.
    """
    docs = flat[0::2]
    flat[2::2] = list(map(operator.sub, docs[1:], docs))
    return flat


def _year_ranges(ordered: Sequence[SearchDocument]) -> dict[str, list[int]]:
    """``year -> [first id, count]``: ids are newest first, so a year is one run of ids."""
    ranges: dict[str, list[int]] = {}
    for number, doc in enumerate(ordered):
        year = doc.date[:4]
        if not year:
            continue
        if year in ranges:
            ranges[year][1] += 1
        else:
            ranges[year] = [number, 1]
    return ranges


def _series_members(ordered: Sequence[SearchDocument]) -> dict[str, list[int]]:
    """``series -> delta-encoded ids`` of its posts (newest first, like the ids)."""
    members: dict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(ordered):
        if doc.series:
            members[doc.series].append(number)
    return {
        name: [b - a for a, b in zip([0, *ids], ids, strict=False)] for name, ids in members.items()
    }


def _series_newest_first(ordered: Sequence[SearchDocument]) -> list[str]:
    """Series names, the series with the newest post first (the series page's order).

    The reader's series select lists them so: the series being written, the ones a
    reader of the blog most likely looks for, are at the top.
    """
    return list(dict.fromkeys(d.series for d in ordered if d.series))


def build_index_files(
    documents: Sequence[SearchDocument], options: IndexOptions
) -> dict[str, bytes]:
    """Every index file, as ``relative path -> bytes``, for documents in any order."""
    with _cycle_collector_paused():
        files = _index_files(documents, options)
    if options.from_disk:
        files.update(script_twin(name, data) for name, data in list(files.items()))
    return files


def _add_body_files(
    files: dict[str, bytes], ordered: Sequence[SearchDocument], options: IndexOptions
) -> str:
    """Put the body shards in ``files``; return the posts' body length codes.

    Each shard's postings are freed once its JSON is made, and all of them
    before the title index is built, so the peak memory of the index build is
    that of its largest stage, not of all of them at once (10,000 posts: 268
    -> 156 MiB above the documents themselves).
    """
    lengths = _add_postings(files, "body", body_postings(ordered), options.shards)
    return options.lengths.encode(lengths)


def comment_text(doc: SearchDocument) -> str:
    """All of a post's comments as one text: their postings are a field of their own."""
    return " ".join(text for _, text in doc.comments)


def _add_postings(
    files: dict[str, bytes],
    kind: str,
    counted: tuple[list[int], dict[str, list[int]]],
    shards: int,
) -> list[int]:
    """Write ``counted`` (from :func:`body_postings`) as the ``kind`` shards; return the lengths."""
    lengths, postings = counted
    by_shard: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for term, flat in postings.items():
        by_shard[shard_of(term, shards)][term] = _delta_encode(flat)
    del postings
    for number in range(shards):
        files[file_name(kind, number)] = dump_postings(by_shard[number])
        by_shard[number].clear()
    return lengths


def doc_row(doc: SearchDocument, extra_fields: tuple[str, ...] = ()) -> list[object]:
    """One post's row of a doc file: :data:`index_format.DOC_FIELDS`, then ``extra_fields``."""
    values = {
        "url": doc.url,
        "title": doc.title,
        "date": doc.date,
        "series": doc.series,
        "part": doc.part,
        "truncated": int(doc.truncated),
        "tags": list(doc.tags),
        "category": doc.category,
    }
    return [values[field] for field in (*index_format.DOC_FIELDS, *extra_fields)]


def _index_files(documents: Sequence[SearchDocument], options: IndexOptions) -> dict[str, bytes]:
    ordered = order_documents(documents)
    files: dict[str, bytes] = {}
    body_lengths = _add_body_files(files, ordered, options)
    for number, shard in enumerate(title_shards(ordered, options)):
        files[file_name("title", number)] = dump_json({"terms": shard})
    doc_rows = [doc_row(d, options.extra_fields) for d in ordered]
    for start in range(0, len(ordered), options.doc_chunk):
        chunk = doc_rows[start : start + options.doc_chunk]
        files[file_name("doc", start // options.doc_chunk)] = dump_json({"docs": chunk})
    # A result's snippet reads its post's sections, and its doc row from the same file;
    # comments only when they are searched.
    for number, doc in enumerate(ordered):
        text = {"doc": doc_rows[number], "sections": doc.section_rows()}
        files[file_name("text", number)] = dump_json(text)
        if doc.comments:
            rows = [list(c) for c in doc.comments]
            files[file_name("comments", number)] = dump_json({"comments": rows})
    _add_postings(files, "commentBody", body_postings(ordered, comment_text), options.shards)
    files[file_name("series")] = dump_json({"docs": _series_members(ordered)})
    files[index_format.MANIFEST_FILE] = dump_json(
        manifest(
            version=FORMAT_VERSION,
            format=format_record(options.lengths, options.extra_fields),
            count=len(ordered),
            bodyLengths=body_lengths,
            shards=options.shards,
            docChunk=options.doc_chunk,
            series=_series_newest_first(ordered),
            years=sorted({d.date[:4] for d in ordered if d.date}, reverse=True),
            yearDocs=_year_ranges(ordered),
            lunr={
                "version": LUNR_VERSION,
                "fields": list(TITLE_FIELDS),
                "pipeline": title_builder([], options).search_pipeline.serialize(),
            },
        )
    )
    return files


def load_title_index(serialized: dict) -> Index:
    """Load a serialized eager index in lunr.py (which expects code point order)."""
    pipeline_function()  # the index names the step; lunr.py must know it first
    ordered = dict(serialized, invertedIndex=sorted(serialized["invertedIndex"]))
    return Index.load(ordered)
