"""Time the related-posts computation (plugins/related) on synthetic archives.

``python -m bench.related_posts 1000 10000`` generates each archive with
:mod:`bench.corpus` (the blog's real paragraphs, deterministic), turns every post into its
terms as the plugin does (title, the opening of the body; no tags: the corpus has none),
and times, in CPU seconds (the machine is shared), the tokenizing, the vectors and index,
and the whole similarity.  ``--paragraphs N`` pads every post to N paragraphs drawn
(seeded) from the corpus, for full-post sizes.  One run each: the figures are for orders
of magnitude (is it linear?), not for fine comparisons.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from related.related import DEFAULTS, text_terms  # noqa: E402
from related.similarity import (  # noqa: E402
    Limits,
    document_terms,
    inverted_index,
    related,
    tfidf_vectors,
)

from bench.corpus import generate_posts, load_source  # noqa: E402


def measure(n: int, paragraphs: int) -> dict[str, float]:
    """Seconds to tokenize and to relate ``n`` posts, and the characters per post."""
    source = load_source()
    posts = generate_posts(n, source)
    rng = random.Random(n)
    bodies = {}
    for post in posts:
        extra = [
            rng.choice(source.paragraphs) for _ in range(max(0, paragraphs - len(post.paragraphs)))
        ]
        bodies[str(post.archive_id)] = (post.title, "\n".join([*post.paragraphs, *extra]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.process_time()
    chars = DEFAULTS["RELATED_TEXT_CHARS"] or None
    terms = {
        key: document_terms(t, b[:chars], (), text_terms, (3, 5)) for key, (t, b) in bodies.items()
    }
    tokenized = time.process_time()
    vectors = tfidf_vectors(terms, Limits())
    inverted_index(vectors, Limits())
    indexed = time.process_time()
    found = related(terms, Limits())
    done = time.process_time()
    return {
        "posts": n,
        "chars_per_post": sum(len(b) for _, b in bodies.values()) / n,
        "tokenize_cpu_s": tokenized - start,
        "vectors_and_index_cpu_s": indexed - tokenized,
        "relate_all_cpu_s": done - indexed,
        "with_related": sum(1 for v in found.values() if v) / n,
        "rss_before_mb": before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--paragraphs", type=int, default=0)
    args = parser.parse_args()
    for n in args.sizes:
        print(measure(n, args.paragraphs), flush=True)


if __name__ == "__main__":
    main()
