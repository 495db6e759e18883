"""Merge copies of one story: exact or near duplicates by the Jaccard similarity of the text.

Texts are compared as sets of word shingles (runs of ``SHINGLE_WORDS`` lower-cased words),
so the same wire story under two headlines or with a changed sentence still matches,
while two stories that merely share a headline do not. A short text (under
``SHORT_TEXT_WORDS``) says too little to tell two items apart ("Hello", "TEST", a teaser):
it is compared with its title included, and merges only with a copy of the same title;
so two feeds' headline items for one story merge, two one-line e-mails do not. Candidate
pairs come from an index of each text's rarest shingles (prefix filtering) and are then
scored exactly, so the cost stays near linear for news text.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from briefing import text as textlib
from briefing.models import Article, SourceRef

# Three-word shingles: long enough that unrelated stories share few, short enough that a
# copy edited in a few places (house style, one changed figure) stays above THRESHOLD.
SHINGLE_WORDS = 3
THRESHOLD = 0.8
# Copies within this share of the longest copy's length count as equally complete.
LENGTH_TOLERANCE = 0.9
# Below this many words a text needs its title to match too. Chosen between two measured
# bounds: on mikel/mail's fixtures, the messages the text alone merges although their
# subjects differ have bodies of 1 to 26 words ("TEST", one reused 26-word body); the
# shortest article of the BBC dev set has 84 words. 40 sits between with a margin on
# both sides, so real articles are still matched on their text alone.
SHORT_TEXT_WORDS = 40
# A headline this long names one story; shorter ones ("Letters", "In brief", "Markets")
# are section names that many stories share.
HEADLINE_MATCH_MIN_WORDS = 4
PAIRS_AT_ONCE = 250_000  # candidate pairs built per numpy step (bounds the memory)
WORD_BITS = 21  # bits of a word's number in a shingle's code: 3 x 21 fit in 64


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """Every run of ``size`` consecutive words, lower-cased; a shorter text is one shingle."""
    return _shingles(_words(text), size)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in textlib.words(text)]


def _shingles(words: list[str], size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    if len(words) <= size:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _shingle_codes(word_lists: Iterable[list[str]], size: int = SHINGLE_WORDS) -> list[np.ndarray]:
    """``_shingles`` of each word list as a sorted array of integer codes, same sets exactly.

    Words get numbers from one vocabulary for the run, and a shingle is its words'
    numbers in base 2**21 (the number 0 pads a text shorter than a shingle). Eight bytes a
    shingle instead of a tuple of strings: 20,000 articles' sets take tens of MB, not a
    GB. (Past 2 million distinct words in one run codes could coincide: a near miss.)
    """
    # A new word gets the next number in C, with no Python loop; 0 is the padding.
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = lambda: len(vocabulary) + 1
    codes = []
    with np.errstate(over="ignore"):
        for word_list in word_lists:
            words = np.fromiter(map(vocabulary.__getitem__, word_list), np.uint64)
            if not len(words):
                codes.append(np.empty(0, dtype=np.uint64))
                continue
            if len(words) < size:
                words = np.concatenate((words, np.zeros(size - len(words), dtype=np.uint64)))
            count = len(words) - size + 1
            code = np.zeros(count, dtype=np.uint64)
            for k in range(size):
                code = (code << np.uint64(WORD_BITS)) + words[k : k + count]
            codes.append(np.unique(code))
    return codes


def _candidate_pairs(sets: Sequence[np.ndarray], threshold: float) -> set[tuple[int, int]]:
    """Pairs that can reach ``threshold``, by prefix filtering (exact, no pair is missed).

    Order each set's shingles rarest first. If J(A, B) >= t then A and B share at least
    t * max(|A|, |B|) shingles, so they share one among the first |A| - ceil(t |A|) + 1 of
    A's and of B's. Indexing only those prefixes leaves few candidates to score.
    """
    lengths = np.array([len(codes) for codes in sets], dtype=np.int64)
    if not lengths.sum():
        return set()
    every, frequency = np.unique(np.concatenate(sets), return_counts=True)
    prefixes, owners = [], []
    for i, codes in enumerate(sets):
        if len(codes):
            rarest_first = np.lexsort((codes, frequency[np.searchsorted(every, codes)]))
            keep = len(codes) - math.ceil(threshold * len(codes)) + 1
            prefixes.append(codes[rarest_first[:keep]])
            owners.append(np.full(keep, i, dtype=np.int64))
    del every, frequency
    prefix, owner = np.concatenate(prefixes), np.concatenate(owners)
    by_code = np.argsort(prefix, kind="stable")  # owners stay in input order within a code
    prefix, owner = prefix[by_code], owner[by_code]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(prefix)) + 1))
    sizes = np.diff(np.concatenate((starts, [len(prefix)])))
    pairs = np.empty(0, dtype=np.int64)
    # Every pair within each run of one code, run length by run length, a bounded number
    # of pairs at a time, as a * n + b; numpy, as a Python loop over pairs was half the
    # time at 20,000 articles.
    for size in np.unique(sizes[sizes > 1]).tolist():
        first, second = np.triu_indices(size, 1)
        runs = starts[sizes == size]
        step = max(1, PAIRS_AT_ONCE // len(first))
        for at in range(0, len(runs), step):
            base = runs[at : at + step, None]
            a, b = owner[base + first].ravel(), owner[base + second].ravel()
            small, large = np.minimum(lengths[a], lengths[b]), np.maximum(lengths[a], lengths[b])
            fits = small >= threshold * large  # else the Jaccard bound already fails
            pairs = np.union1d(pairs, a[fits] * len(sets) + b[fits])
    return set(zip((pairs // len(sets)).tolist(), (pairs % len(sets)).tolist(), strict=True))


def _code_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared) if len(a) and len(b) else 0.0


def duplicate_groups(articles: Sequence[Article], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indexes of the articles grouped by story, each group in input order, groups by first."""
    if len(articles) < 2:  # one (perhaps huge) article: nothing to compare it with
        return [[0]] if articles else []
    short: list[bool] = []

    def compared(article: Article) -> list[str]:
        words = _words(article.text)
        short.append(len(words) < SHORT_TEXT_WORDS)
        return _words(article.title) + words if short[-1] else words

    sets = _shingle_codes(compared(a) for a in articles)
    candidates = _candidate_pairs(sets, threshold)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)

    for a, b in sorted(candidates):
        if (short[a] or short[b]) and _words(articles[a].title) != _words(articles[b].title):
            continue
        if _code_jaccard(sets[a], sets[b]) >= threshold:
            join(a, b)
    # A headline item under an article's exact headline is that story, told in full there.
    stories: dict[tuple[str, ...], int] = {}
    for i, article in enumerate(articles):
        if not article.headline_only:
            stories.setdefault(tuple(_words(article.title)), i)
    for i, article in enumerate(articles):
        headline = tuple(_words(article.title))
        if article.headline_only and len(headline) >= HEADLINE_MATCH_MIN_WORDS:
            story = stories.get(headline)
            if story is not None:
                join(i, story)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _most_complete(copies: Sequence[Article]) -> Article:
    """The first copy not cut off whose text is about as long as the longest such copy."""
    whole = [c for c in copies if not c.truncated] or list(copies)
    longest = max(c.word_count for c in whole)
    return next(c for c in whole if c.word_count >= LENGTH_TOLERANCE * longest)


def _ref(article: Article) -> SourceRef:
    return SourceRef(source=article.source, url=article.url, path=article.path, title=article.title)


def merge_duplicates(
    articles: Sequence[Article], threshold: float = THRESHOLD
) -> tuple[list[Article], int]:
    """One article per story and how many copies were merged away.

    The most complete copy (not cut off, not clearly shorter than another; else the first)
    is kept, at the place of the first copy; every other copy becomes an ``also_in``
    entry, and lends the kept copy a date when that has none.
    """
    kept: list[Article] = []
    merged = 0
    for group in duplicate_groups(articles, threshold):
        copies = [articles[i] for i in group]
        best = _most_complete(copies)
        others = [c for c in copies if c is not best]
        if not others:
            kept.append(best)
            continue
        merged += len(others)
        date = best.date or next((c.date for c in others if c.date), None)
        also_in = (
            *best.also_in,
            *(_ref(c) for c in others),
            *(r for c in others for r in c.also_in),
        )
        kept.append(dataclasses.replace(best, date=date, also_in=also_in))
    return kept, merged
