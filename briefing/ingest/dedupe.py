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
from collections import Counter, defaultdict
from collections.abc import Sequence

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


def _candidate_pairs(
    sets: Sequence[frozenset[tuple[str, ...]]], threshold: float
) -> set[tuple[int, int]]:
    """Pairs that can reach ``threshold``, by prefix filtering (exact, no pair is missed).

    Order each set's shingles rarest first. If J(A, B) >= t then A and B share at least
    t * max(|A|, |B|) shingles, so they share one among the first |A| - ceil(t |A|) + 1 of
    A's and of B's. Indexing only those prefixes leaves few candidates to score.
    """
    frequency = Counter(shingle for shingle_set in sets for shingle in shingle_set)
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, shingle_set in enumerate(sets):
        ordered = sorted(shingle_set, key=lambda s: (frequency[s], s))
        for shingle in ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]:
            index[shingle].append(i)
    candidates: set[tuple[int, int]] = set()
    for postings in index.values():
        for k, a in enumerate(postings):
            for b in postings[k + 1 :]:
                small, large = sorted((len(sets[a]), len(sets[b])))
                if small >= threshold * large:  # else the Jaccard bound already fails
                    candidates.add((a, b))
    return candidates


def duplicate_groups(articles: Sequence[Article], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indexes of the articles grouped by story, each group in input order, groups by first."""
    texts = [_words(a.text) for a in articles]
    short = [len(words) < SHORT_TEXT_WORDS for words in texts]
    titles = [
        _words(a.title) if is_short else [] for a, is_short in zip(articles, short, strict=True)
    ]
    sets = [_shingles(title + words) for title, words in zip(titles, texts, strict=True)]
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
        if jaccard(sets[a], sets[b]) >= threshold:
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
