"""Stage 5: articles about the same event, from any number of outlets, become one story.

Clustering works on content: each article is a TF-IDF vector of its content stems (the
title counted twice, as the densest statement of the event), IDF taken over the run's
articles. Candidate pairs come from an inverted index of each article's most distinctive
stems, so no all-pairs comparison is made; a candidate pair is scored exactly (cosine)
only when the articles are dated within ``WINDOW_DAYS`` of each other (undated articles
fit any window). Clusters are then grown by average linkage over the scored pairs: two
clusters merge when the mean similarity of all their cross pairs reaches the threshold,
which keeps one shared topic word from chaining unrelated events together.

A story is headed by its most informative headline, summarized by verbatim sentences
drawn across its articles (redundant ones dropped, each cited to its own article), and
ranked within its theme by coverage (outlets), recency and centrality to the theme.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from briefing import languages
from briefing import text as textlib
from briefing.errors import IngestError
from briefing.features import TextFeatures
from briefing.models import OTHER_THEME_ID, Article, Story, StorySentence, Summary, ThemeScore
from briefing.settings import DEFAULTS

# Tuned on split "tune" of tests/devsets/policy_en.jsonl: the best mean pairwise F1 over
# 0.08-0.30 in steps of 0.02, the split clustered alone and among 300 and 1,000 BBC
# distractors (IDF, and so cosine, depends on the pile). Held-out figures: README.
THRESHOLD = 0.16
# Outlets report an event over a few days; a later article on the same topic beyond this
# is a new development (a story that continues across briefs is matched separately).
WINDOW_DAYS = 4
# Each article is indexed under its this many most distinctive stems; a pair that shares
# none of them cannot reach the threshold in practice (checked on the dev sets: recall
# of candidate generation 1.0 at the tuned threshold).
INDEX_TERMS = 12
# A stem in the index lists of more articles than this names a topic, not an event; its
# postings are not paired, which keeps candidate generation near linear.
MAX_POSTINGS = 64
TITLE_WEIGHT = 2
# IDF counts this many imaginary articles that share no stem with any other, so that in a
# pile of a handful of articles (all on one event) the stems they share still weigh.
PSEUDO_DOCUMENTS = 20
MAX_CLUSTER = 40  # larger clusters stop growing: no single event fills a week's pile
# Two articles of which one is undated need this many times the threshold: set by hand
# after data/ merged an undated article on Japan's defense budget with one on Taiwan's
# (0.19); it only ever removes merges, and the dev set (all dated) is unchanged by it.
UNDATED_FACTOR = 1.5

# Ranking weights, set by hand (no ranking labels exist): one doubling of outlets is worth
# as much as full centrality to the theme; recency breaks ties between similar stories.
OUTLET_WEIGHT = 1.0
CENTRALITY_WEIGHT = 1.0
RECENCY_WEIGHT = 0.5
# A summary sentence this similar (cosine of stems) to one already chosen says the same.
REDUNDANT = 0.5
# Extra summary sentences a story told by several articles may have over a single one.
EXTRA_SENTENCES = 2
# Openings of the lede of a news article stand alone by design: prefer them as key points.
LEDE_BONUS = 0.3
# A byline may stand as a paragraph of its own before the lede; one or two at most.
LEDE_SEARCH = 3
# A "sentence" longer than this is usually text the splitter could not cut (a scraped page,
# a table); it would fill a page of the brief, so it is used only when nothing else is.
MAX_SENTENCE_WORDS = 80


@dataclass(frozen=True)
class StoryOptions:
    threshold: float = THRESHOLD
    window_days: int = WINDOW_DAYS
    sentences: int = DEFAULTS.sentences  # per story of one article; more articles add a few


def _stems(article: Article, shared: TextFeatures | None = None) -> Counter[str]:
    """The article's content stems, its title's weighing more (``shared``: its words,
    split and stemmed already; used where they are the text's own words). Words as the
    article's language cuts them (jieba, fugashi), Traditional and Simplified Chinese
    folded alike, so one event told in both scripts shares its stems."""
    if shared is not None and shared.whole:
        counts = Counter(shared.content)
    else:
        counts = Counter(textlib.content_stems(article.text, article.language))
    for stem in textlib.content_stems(article.title, article.language):
        counts[stem] += TITLE_WEIGHT
    return counts


@dataclass(frozen=True)
class _Vectors:
    """The articles' TF-IDF vectors, compact: article ``i``'s stems, as numbers in the
    stems' sorted order, increasing, are ``ids[start[i]:start[i + 1]]`` and their weights
    the same slice of ``weights`` (12 bytes a stem, where a dict of str to float took
    about 100: 2.4 million stems at 20,000 generated articles). ``index_rows`` and
    ``index_terms``: each article's INDEX_TERMS most distinctive stems, as pairs of the
    article and the stem's number, in order of the articles."""

    start: np.ndarray  # int64, one more than there are articles
    ids: np.ndarray  # int32
    weights: np.ndarray  # float64
    stems: int  # how many distinct stems there are
    index_rows: np.ndarray  # int64
    index_terms: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.start) - 1

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.start[i], self.start[i + 1]
        return self.ids[a:b], self.weights[a:b]

    def sizes(self) -> np.ndarray:
        return np.diff(self.start)


# Articles weighed at once: the temporaries of a step are a few arrays as long as their
# stems (and their squared weights as Python floats, 24 bytes each), about 2 MB at 200
# stems an article; all 20,000 generated articles at once took 120 MB more at the peak.
ARTICLES_AT_ONCE = 256


def _tfidf(counts: Sequence[Mapping[str, int]]) -> _Vectors:
    """Each article's stems weighed by (1 + log count) * log(documents / document
    frequency), scaled to length 1. The weights are those the same formula gives in Python
    float by float, to the last bit (the logs and each vector's norm are taken in Python,
    in the same order; numpy only multiplies and divides, which round alike), so which
    stems are an article's most distinctive, ties and all, does not depend on numpy."""
    n = len(counts)
    stems = sorted(set().union(*counts))
    number = {t: k for k, t in enumerate(stems)}
    start = np.zeros(n + 1, np.int64)
    np.cumsum(np.fromiter(map(len, counts), np.int64, n), out=start[1:])
    found = chain.from_iterable(map(number.__getitem__, c) for c in counts)
    ids = np.fromiter(found, np.int32, int(start[-1]))
    del number
    df = np.bincount(ids, minlength=len(stems)).tolist()
    idf = np.array([math.log((1 + n + PSEUDO_DOCUMENTS) / (1 + d)) for d in df])
    weights = np.empty(len(ids))
    kept = np.ones(len(ids), bool)
    index_rows, index_terms = [], []
    for low in range(0, n, ARTICLES_AT_ONCE):
        high = min(n, low + ARTICLES_AT_ONCE)
        s, e = int(start[low]), int(start[high])
        some = ids[s:e]
        tf = np.fromiter(chain.from_iterable(c.values() for c in counts[low:high]), float, e - s)
        distinct, which = np.unique(tf, return_inverse=True)
        raw = np.array([1 + math.log(k) for k in distinct.tolist()])[which] * idf[some]
        squares = (raw * raw).tolist()
        at = (start[low : high + 1] - s).tolist()
        norms = [math.sqrt(sum(squares[a:b])) or 1.0 for a, b in pairwise(at)]
        raw /= np.repeat(np.array(norms), np.diff(at))
        rows = np.repeat(np.arange(low, high), np.diff(at))
        # Increasing stem numbers within each article, for the dot products.
        order = np.lexsort((some, rows))
        some[:] = some[order]
        weights[s:e] = raw[order]
        kept[s:e] = weights[s:e] > 0  # a count under 1 (none in a Counter of stems)
        # The most distinctive: by decreasing weight, ties by the stem (its number:
        # stems are numbered in sorted order).
        order = np.lexsort((some, -weights[s:e], rows))
        rank = np.arange(e - s) - np.repeat(np.array(at[:-1]), np.diff(at))
        top = order[(rank < INDEX_TERMS) & kept[s:e][order]]
        top.sort()  # each article's in order of its stems' numbers
        index_rows.append(rows[top])
        index_terms.append(some[top])
    if not kept.all():
        rows = np.repeat(np.arange(n), np.diff(start))[kept]
        start[1:] = np.cumsum(np.bincount(rows, minlength=n))
        ids, weights = ids[kept], weights[kept]
    return _Vectors(
        start,
        ids,
        weights,
        len(stems),
        np.concatenate(index_rows) if index_rows else np.empty(0, np.int64),
        np.concatenate(index_terms) if index_terms else np.empty(0, np.int32),
    )


def _day_numbers(dates: Sequence[dt.date | None]) -> tuple[np.ndarray, np.ndarray]:
    """Each date as a day number (0 when undated), and which are dated."""
    dated = np.fromiter((d is not None for d in dates), bool, len(dates))
    days = np.fromiter((d.toordinal() if d is not None else 0 for d in dates), np.int64)
    return days, dated


def _within(a: dt.date | None, b: dt.date | None, days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= days


def _evidence(similarity: float, a: dt.date | None, b: dt.date | None, days: int) -> float:
    """The similarity as evidence of one event: none outside the window, and discounted
    when a date is missing, since then the window cannot rule out a later development."""
    if not _within(a, b, days):
        return 0.0
    return similarity if a is not None and b is not None else similarity / UNDATED_FACTOR


def candidate_pairs(
    vectors: _Vectors,
    dates: Sequence[dt.date | None],
    window_days: int = WINDOW_DAYS,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of articles sharing a distinctive stem and dated within the window: the first
    and second articles (a < b), in increasing order of (a, b)."""
    n = len(vectors)
    terms, rows = vectors.index_terms, vectors.index_rows
    postings = np.bincount(terms, minlength=vectors.stems)
    paired = postings[terms] <= MAX_POSTINGS
    terms, rows = terms[paired], rows[paired]
    by_term = np.lexsort((rows, terms))
    terms, rows = terms[by_term], rows[by_term]
    days, dated = _day_numbers(dates)
    found = []
    # Each posting with the one ``step`` places on in its stem's list, for every step a
    # list of MAX_POSTINGS has: all pairs of each list, every list at once.
    for step in range(1, MAX_POSTINGS):
        same = terms[:-step] == terms[step:]
        if not same.any():
            break
        a, b = rows[:-step][same], rows[step:][same]
        near = ~dated[a] | ~dated[b] | (np.abs(days[a] - days[b]) <= window_days)
        found.append(a[near] * n + b[near])
    keys = np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
    return keys // n, keys % n


# Pair scoring: the first articles' vectors of a block of pairs are written out dense,
# this many floats at most (2 MB), and at most PAIR_STEMS stems of the second articles
# looked up in them per numpy step (about 4 MB of temporaries). Measured on the 20,000
# generated articles (428,000 candidate pairs, 17,000 stems; 2-core VM, loaded): 1.7 s
# at 1 MB and 64k stems, no faster with blocks of 4 or 16 MB or with steps of 256k or 1M
# stems (2.2-3.7 s, the same cosines); 16 MB blocks took 18 MB more at 1,000 articles.
DENSE_FLOATS = 1 << 18
PAIR_STEMS = 1 << 16


def _similarities(vectors: _Vectors, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The cosine of each pair (``first`` ascending): the products over the stems the two
    share added up one by one in increasing order of the stems' numbers (``np.bincount``
    adds in order; other products are zeros, which leave a sum as it is), so a pair's
    cosine is the same whichever pairs it is computed with, and in every run (dicts of
    str to float added them in the order of a set of strings, which moves with the
    process's hash seed: their last bits differed from run to run)."""
    found = np.zeros(len(first))
    if not len(first):
        return found
    sizes = vectors.sizes()
    block = max(1, DENSE_FLOATS // max(1, vectors.stems))
    dense = np.zeros((block, max(1, vectors.stems)))
    for low in range(int(first[0]), int(first[-1]) + 1, block):
        high = min(low + block, len(vectors))
        p0, p1 = np.searchsorted(first, [low, high])
        if p0 == p1:
            continue
        s, e = vectors.start[low], vectors.start[high]
        local = np.repeat(np.arange(high - low), sizes[low:high])
        dense[local, vectors.ids[s:e]] = vectors.weights[s:e]
        lengths = sizes[second[p0:p1]]
        ends = np.cumsum(lengths)
        cuts = [0, *np.searchsorted(ends, np.arange(PAIR_STEMS, ends[-1], PAIR_STEMS)), p1 - p0]
        for c0, c1 in pairwise(cuts):
            if c0 == c1:
                continue
            pairs = np.arange(p0 + c0, p0 + c1)
            count = lengths[c0:c1]
            within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
            at = np.repeat(vectors.start[second[pairs]], count) + within
            products = dense[np.repeat(first[pairs] - low, count), vectors.ids[at]]
            products *= vectors.weights[at]
            found[pairs] = np.bincount(np.repeat(np.arange(c1 - c0), count), products, c1 - c0)
        dense[local, vectors.ids[s:e]] = 0.0
    return found


def cluster_articles(
    articles: Sequence[Article], options: StoryOptions | None = None
) -> list[list[int]]:
    """Indexes of the articles grouped by event; groups in order of their first article."""
    return _cluster([_stems(a) for a in articles], [a.date for a in articles], options)


def _cluster(
    counts: Sequence[Mapping[str, int]],
    dates: Sequence[dt.date | None],
    options: StoryOptions | None = None,
) -> list[list[int]]:
    options = options or StoryOptions()
    vectors = _tfidf(counts)
    days = options.window_days
    first, second = candidate_pairs(vectors, dates, days)
    similarity = _similarities(vectors, first, second)
    _, dated = _day_numbers(dates)
    similarity[~(dated[first] & dated[second])] /= UNDATED_FACTOR  # what _evidence does
    strong = similarity >= options.threshold
    first, second, similarity = first[strong], second[strong], similarity[strong]
    order = np.lexsort((second, first, -similarity))
    first, second = first[order], second[order]
    del similarity, strong, order
    member: list[int] = list(range(len(counts)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(counts))}
    links = _Links(vectors, dates, days, groups)
    for a, b in _pairs(first, second):
        ga, gb = member[a], member[b]
        if ga == gb or len(groups[ga]) + len(groups[gb]) > MAX_CLUSTER:
            continue
        pairs = len(groups[ga]) * len(groups[gb])
        mean = links.total(ga, gb) / pairs
        if abs(mean - options.threshold) <= ROUNDING:
            # Summed by dates and carried through merges, the sum is added up in another
            # order than pair by pair, which can move its last bits: this close to the
            # threshold the mean is taken pair by pair, so no decision can differ.
            mean = links.pair_by_pair(ga, gb) / pairs
        if mean < options.threshold:
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        links.merge(keep, gone)
        groups[keep] = sorted(groups[keep] + groups.pop(gone))
        for i in groups[keep]:
            member[i] = keep
    return sorted(groups.values(), key=lambda g: g[0])


def _pairs(first: np.ndarray, second: np.ndarray) -> Iterator[tuple[int, int]]:
    """The pairs as Python ints, a block at a time (all at once: 20 MB at 20,000 articles)."""
    for low in range(0, len(first), 1 << 14):
        high = low + (1 << 14)
        yield from zip(first[low:high].tolist(), second[low:high].tolist(), strict=True)


# Far above what adding up the same evidence in another order can move the mean by. All
# terms are non-negative (weights, products, their sums), and n such terms added in any
# order are within (n - 1) * 2**-53 of their exact sum, relatively; along any path here
# (a vector sum of at most MAX_CLUSTER weights, a product, a dot product over at most a
# few thousand stems, at most 400 pairs or pairs of dates) n stays under 10,000, and the
# mean is at most 1 (cosines): each mean is within 1.2e-12 of the exact one. Far below any
# real gap to the threshold (the closest on the 5,000-article benchmark: 6e-5), so the
# fallback costs nothing in practice.
ROUNDING = 1e-9

Part = tuple[np.ndarray, np.ndarray]  # a sparse vector: stem numbers (increasing), weights


class _Links:
    """Sums of evidence over all pairs across two groups, for the pairs of groups a merge
    has been tried between, kept up to date as groups merge.

    Average linkage asks, before each merge, for the mean evidence over every pair across
    the two groups. Computed afresh each time, that was quadratic in practice (two large
    groups tried again for each of their many scored pairs; 2.2 million dot products at
    5,000 articles). Here a pair of groups is summed once, and a merge adds up what its
    two groups had: S(A+B, C) = S(A, C) + S(B, C), summing only the part never summed
    when one side is missing; pairs of groups that could no longer merge (MAX_CLUSTER) are
    forgotten.

    A sum is not taken pair by pair either. Evidence is the dot product, zero outside the
    window and divided by UNDATED_FACTOR when a date is missing: all of which depends on
    the two dates alone, so the articles of a group dated alike can be added up into one
    vector, and the sum over all pairs across two groups is the evidence of each pair of
    such vectors (one dot product per pair of dates instead of one per pair of articles).
    Every group's summed vectors are kept (as numpy arrays: about 30 MB at most at 20,000
    generated articles, as they never hold more stems than the articles do); kept as
    dicts of str to float they did not fit the build's memory, and summing them again for
    the groups that fell out of a cache was half the clustering time.
    """

    def __init__(
        self,
        vectors: _Vectors,
        dates: Sequence[dt.date | None],
        days: int,
        groups: Mapping[int, list[int]],
    ):
        self.vectors, self.dates, self.days, self.groups = vectors, dates, days, groups
        self.day = [d.toordinal() if d is not None else None for d in dates]
        self.sums: dict[int, dict[int, float]] = {}
        # Per group of more than one article, per day number (None: undated), the sum of its
        # vectors; a lone article's is its own vector.
        self.parts: dict[int, dict[int | None, Part]] = {}
        self.dense = np.zeros(max(1, vectors.stems))  # zeros between uses

    def _parts(self, g: int) -> dict[int | None, Part]:
        found = self.parts.get(g)
        if found is None:
            (i,) = self.groups[g]
            found = {self.day[i]: self.vectors.row(i)}
        return found

    def _fresh(self, g: int, h: int) -> float:
        total = 0.0
        ours, theirs = self._parts(g), self._parts(h)
        dense = self.dense
        days = self.days
        for p, (ids, weights) in ours.items():
            # What _within and _evidence do, on day numbers.
            near = [
                (q is None, w)
                for q, w in theirs.items()
                if p is None or q is None or -days <= p - q <= days
            ]
            if not near:
                continue
            dense[ids] = weights
            for undated, (other, by) in near:
                dot = float(np.dot(dense[other], by))
                total += dot / UNDATED_FACTOR if p is None or undated else dot
            dense[ids] = 0.0
        return total

    def pair_by_pair(self, g: int, h: int) -> float:
        """The sum over every pair across the two groups, each pair's evidence from its own
        cosine (as the candidate pairs were scored), added up pair by pair."""
        ours, theirs = self.groups[g], self.groups[h]
        first = np.repeat(np.array(ours, np.int64), len(theirs))
        second = np.tile(np.array(theirs, np.int64), len(ours))
        flip = first > second
        first[flip], second[flip] = second[flip], first[flip]
        order = np.argsort(first, kind="stable")
        cosine = np.empty(len(first))
        cosine[order] = _similarities(self.vectors, first[order], second[order])
        dates, days = self.dates, self.days
        return sum(
            _evidence(c, dates[i], dates[j], days)
            for c, i, j in zip(cosine.tolist(), first.tolist(), second.tolist(), strict=True)
        )

    def total(self, g: int, h: int) -> float:
        known = self.sums.setdefault(g, {}).get(h)
        if known is None:
            known = self.sums[g][h] = self.sums.setdefault(h, {})[g] = self._fresh(g, h)
        return known

    def merge(self, keep: int, gone: int) -> None:
        """Carry the sums of ``keep`` and ``gone`` over to their union, kept as ``keep``;
        call before the groups change."""
        kept, lost = self.sums.pop(keep, {}), self.sums.pop(gone, {})
        kept.pop(gone, None)
        lost.pop(keep, None)
        size = len(self.groups[keep]) + len(self.groups[gone])
        merged: dict[int, float] = {}
        for other in sorted(kept.keys() | lost.keys()):
            near = self.sums.setdefault(other, {})
            near.pop(keep, None)
            near.pop(gone, None)
            if size + len(self.groups[other]) > MAX_CLUSTER:
                continue  # the union and ``other`` can never merge now
            a = kept.get(other)
            b = lost.get(other)
            total = (a if a is not None else self._fresh(keep, other)) + (
                b if b is not None else self._fresh(gone, other)
            )
            merged[other] = near[keep] = total
        self.sums[keep] = merged
        # The union's summed vectors are the two groups' added up: summing its members
        # afresh after every merge made a growing group cost its whole size each time.
        ours = dict(self._parts(keep))
        for date, (ids, weights) in self._parts(gone).items():
            ours[date] = self._add(ours[date], (ids, weights)) if date in ours else (ids, weights)
        self.parts.pop(gone, None)
        self.parts[keep] = ours

    def _add(self, one: Part, other: Part) -> Part:
        """The sum of two sparse vectors (new arrays; neither is written to)."""
        dense = self.dense
        dense[one[0]] = one[1]
        dense[other[0]] += other[1]
        ids = np.concatenate((one[0], other[0]))
        ids.sort()
        ids = ids[np.concatenate(([True], ids[1:] != ids[:-1]))]  # np.union1d, faster
        weights = dense[ids]
        dense[ids] = 0.0
        return ids, weights


@dataclass(frozen=True)
class _Candidate:
    text: str
    article_id: str
    position: int  # the article's place in the story
    index: int  # the sentence's place in its article
    rank: int  # the summarizer's rank (1 best), 0 for a lede added as a candidate
    vector: Counter[str]
    lede: bool = False  # the article's first sentence (after a byline paragraph)


def story_stems(article: Article, shared: TextFeatures | None = None) -> Counter[str]:
    """What ``group_stories`` clusters an article by: work for the per-article map."""
    return _stems(article, shared)


Stems = tuple[str, ...]


def candidate_stems(article: Article, summary: Summary, shared: TextFeatures) -> dict[int, Stems]:
    """The content stems of the sentences ``group_stories`` may take from the article
    (its summary's and its lede), by index: work for the per-article map. Only where
    they are the sentence's own words (``shared.whole``, no dateline to cut)."""
    if not shared.whole:
        return {}
    found = {s.index: shared.content_stems(s.index) for s in summary.sentences}
    if not shared.sentences:
        return found
    lede = _lede_index(shared.sentences)
    if textlib.without_dateline(shared.sentences[lede]) is shared.sentences[lede]:
        found[lede] = shared.content_stems(lede)
    else:
        found.pop(lede, None)  # the story takes it without its dateline: other words
    return found


def _candidates(
    members: Sequence[Article],
    summaries: Mapping[str, Summary],
    ledes: Mapping[str, Lede | None] | None = None,
    stems: Mapping[str, Mapping[int, Stems]] | None = None,
) -> list[_Candidate]:
    found = _all_candidates(members, summaries, ledes, stems)
    short = [c for c in found if len(c.text.split()) <= MAX_SENTENCE_WORDS]
    return short or found


def _all_candidates(
    members: Sequence[Article],
    summaries: Mapping[str, Summary],
    ledes: Mapping[str, Lede | None] | None = None,
    stems: Mapping[str, Mapping[int, Stems]] | None = None,
) -> list[_Candidate]:
    found: dict[str, _Candidate] = {}
    for position, article in enumerate(members):
        summary = summaries.get(article.id)
        chosen = list(summary.sentences) if summary else []
        known = ledes is not None and article.id in ledes
        lede = ledes[article.id] if ledes is not None and known else _lede(article)
        lede_index = lede[0] if lede is not None else -1
        pairs = [(s.text, s.index, s.rank) for s in chosen]
        if lede is not None and all(s.index != lede[0] for s in chosen):
            pairs.append((lede[1], lede[0], 0))  # the lede, as a key-point candidate
        for text, index, rank in pairs:
            # A dateline says where the article was filed, not what happened: a story's
            # sentences start after it.
            text = textlib.without_dateline(text) if index == lede_index else text
            key = " ".join(text.split()).casefold()
            if key not in found:
                found_stems = stems.get(article.id, {}).get(index) if stems is not None else None
                vector = Counter(
                    found_stems
                    if found_stems is not None
                    else textlib.content_stems(text, article.language)
                )
                found[key] = _Candidate(
                    text, article.id, position, index, rank, vector, lede=lede_index == index
                )
    return list(found.values())


def _lede_index(sentences: Sequence[str]) -> int:
    """The index of an article's lede: its first sentence, or the first one after a
    byline paragraph without a sentence mark (本报北京11月9日电（记者…）, 記者…／台北即時報導)."""
    for index, sentence in enumerate(sentences[:LEDE_SEARCH]):
        if textlib.ends_complete(sentence):
            return index
    return 0


Lede = tuple[int, str]  # the lede's index in its article, and its text


def _lede(article: Article, shared: TextFeatures | None = None) -> Lede | None:
    """The article's lede (``shared``: its text split already), None for a headline item."""
    if article.headline_only:
        return None
    sentences = shared.sentences if shared is not None else textlib.split_sentences(article.text)
    if not sentences:
        return None
    index = _lede_index(sentences)
    return index, sentences[index]


def story_lede(article: Article, shared: TextFeatures | None = None) -> Lede | None:
    """The lede ``group_stories`` may take as a key point: work for the per-article map."""
    return _lede(article, shared)


def _byline(sentence: str) -> bool:
    """A Chinese or Japanese paragraph without a sentence mark: a byline or an editor's
    trailer (（編輯：…）), kept by a summary of a short article, but no sentence of a story."""
    return languages.has_cjk(sentence) and not textlib.ends_complete(sentence)


def _repeats(sentence: str, headline: str) -> bool:
    """True when a sentence is the headline again (a derived title, a repeated dek)."""
    words_s = [w.casefold() for w in textlib.words(sentence)]
    words_h = [w.casefold() for w in textlib.words(headline.rstrip("…"))]
    if not words_h:
        return False
    if words_s[: len(words_h)] == words_h:
        return True
    a, b = set(words_s), set(words_h)
    return len(a & b) / len(a | b) >= 0.8


def _headline(members: Sequence[Article], vectors: Sequence[Counter[str]]) -> Article:
    """The article whose title says most of what the story's articles share."""
    if len(members) == 1:
        return members[0]
    shared: Counter[str] = Counter()
    for vector in vectors:
        shared.update(vector.keys())

    def informative(article: Article) -> tuple[bool, float]:
        stems = set(textlib.content_stems(article.title, article.language))
        covered = sum(shared[s] - 1 for s in stems)
        return (not article.title_derived, covered / math.sqrt(len(stems) + 1))

    return max(members, key=informative)


def _summary(
    candidates: Sequence[_Candidate],
    key: _Candidate | None,
    headline: str,
    budget: int,
) -> tuple[StorySentence, ...]:
    """Up to ``budget`` sentences: the key sentence, then the most central others that add
    something, in story order (lead article first, each article's sentences in order)."""
    central = _centrality(candidates)
    chosen: list[_Candidate] = [key] if key else []
    pool = [
        c
        for c in candidates
        if c.rank and c is not key and not _repeats(c.text, headline) and not _byline(c.text)
    ]

    def worth(c: _Candidate) -> float:
        return central[id(c)] + 1 / (c.rank + 1)

    for c in sorted(pool, key=lambda c: (-worth(c), c.position, c.index)):
        if len(chosen) >= budget:
            break
        if any(textlib.cosine(c.vector, d.vector) >= REDUNDANT for d in chosen):
            continue
        chosen.append(c)
    rest = sorted(chosen[1:] if key else chosen, key=lambda c: (c.position, c.index))
    ordered = ([key] if key else []) + rest
    return tuple(StorySentence(c.text, c.article_id) for c in ordered)


def _key_sentence(candidates: Sequence[_Candidate], headline: str) -> _Candidate | None:
    """The sentence that best sums the story up and reads alone."""
    alone = [c for c in candidates if textlib.stands_alone(c.text)]
    if not alone:
        return None
    central = _centrality(candidates)  # one candidate alone: 0, the rest being empty

    def worth(c: _Candidate) -> tuple[float, int, int]:
        lede = LEDE_BONUS if c.lede and not _repeats(c.text, headline) else 0.0
        return (central[id(c)] + lede, -c.position, -c.index)

    return max(alone, key=worth)


def _centrality(candidates: Sequence[_Candidate]) -> dict[int, float]:
    """Each candidate's centrality to the story's sentences, by the candidate's id()."""
    scores = textlib.centrality([c.vector for c in candidates])
    return {id(c): score for c, score in zip(candidates, scores, strict=True)}


def _scale_of(article: Article) -> str | None:
    """Which theme-score scale the article is on: its language for Chinese and Japanese
    (their own term lists and segmenters), one for all word-spaced text."""
    return languages.primary(article.language) if languages.is_cjk(article.language) else None


def _relative(value: float, best: float) -> float:
    return value / best if best else 0.0


def _outlets(members: Sequence[Article]) -> int:
    named = {a.source.casefold() for a in members if a.source}
    named |= {r.source.casefold() for a in members for r in a.also_in if r.source}
    return len(named) + sum(1 for a in members if not a.source)


def _story_id(members: Sequence[Article]) -> str:
    digest = hashlib.sha1("\n".join(sorted(a.id for a in members)).encode()).hexdigest()
    return f"s{digest[:10]}"


def _theme_of(members: Sequence[Article], scores: Mapping[str, ThemeScore]) -> str:
    """The theme most of the story's evidence points to (each article's own placement,
    weighted by its score there); "other" only when no article has a theme."""
    votes: defaultdict[str, float] = defaultdict(float)
    for article in members:
        score = scores[article.id]
        votes[score.theme] += score.scores.get(score.theme, 0.0) + 1e-6
    placed = [(v, t) for t, v in votes.items() if t != OTHER_THEME_ID]
    if not placed:
        return OTHER_THEME_ID
    return max(placed)[1]


def group_stories(
    articles: Sequence[Article],
    summaries: Mapping[str, Summary],
    theme_scores: Mapping[str, ThemeScore],
    options: StoryOptions | None = None,
    stems: Sequence[Counter[str]] | None = None,
    ledes: Mapping[str, Lede | None] | None = None,
    sentence_stems: Mapping[str, Mapping[int, Stems]] | None = None,
) -> list[Story]:
    """One story per event, ranked within its theme (best first), themes in any order.

    ``stems`` (``story_stems`` of each article), ``ledes`` (``story_lede`` by article
    id) and ``sentence_stems`` (``candidate_stems`` by article id) may come from the
    per-article map; else they are found here."""
    options = options or StoryOptions()
    counts = list(stems) if stems is not None else [_stems(a) for a in articles]
    groups = _cluster(counts, [a.date for a in articles], options)
    dates = [a.date for a in articles if a.date]
    start, end = (min(dates), max(dates)) if dates else (None, None)
    # Theme scores of Chinese, Japanese and word-spaced articles come from different term
    # lists and tokenizers and are not on one scale (in a mixed pile every Chinese story
    # outranked every English one), so centrality is relative to the best article of the
    # same theme *and* language.
    best_in_theme: dict[tuple[str, str | None], float] = defaultdict(float)
    by_id = {a.id: a for a in articles}
    for article_id, score in theme_scores.items():
        value = score.scores.get(score.theme, 0.0)
        scale = (score.theme, _scale_of(by_id[article_id]) if article_id in by_id else None)
        best_in_theme[scale] = max(best_in_theme[scale], value)
    stories = []
    for group in groups:
        members = [articles[i] for i in group]
        lead = _headline(members, [counts[i] for i in group])
        members = [lead, *(a for a in members if a is not lead)]
        theme = _theme_of(members, theme_scores)
        candidates = _candidates(members, summaries, ledes, sentence_stems)
        key = _key_sentence(candidates, lead.title)
        budget = options.sentences + min(EXTRA_SENTENCES, len(members) - 1)
        summary = _summary(candidates, key, lead.title, budget)
        centrality = max(
            _relative(theme_scores[a.id].scores.get(theme, 0.0), best_in_theme[theme, _scale_of(a)])
            for a in members
        )
        latest = max((a.date for a in members if a.date), default=None)
        recency = 0.0
        if latest and start and end:
            recency = (latest - start).days / max(1, (end - start).days)
        rank = (
            OUTLET_WEIGHT * math.log2(1 + _outlets(members))
            + CENTRALITY_WEIGHT * centrality
            + RECENCY_WEIGHT * recency
        )
        stories.append(
            Story(
                id=_story_id(members),
                theme=theme,
                article_ids=tuple(a.id for a in members),
                headline=lead.title,
                summary=summary,
                score=round(rank, 6),
                key_sentence=StorySentence(key.text, key.article_id) if key else None,
            )
        )
    order = {a.id: i for i, a in enumerate(articles)}
    stories.sort(key=lambda s: (-s.score, order[s.article_ids[0]]))
    return stories


# Cosine (content stems of headline, summary and titles) from which a story continues one
# of the previous brief. Tuned on tests/devsets/policy_en.jsonl split "tune" (each event's
# first report as last week's brief, the rest as this week's; 0.1-0.5: best 0.3, 28 of
# 31 stories marked right) and checked on "holdout" (31 of 32): tests/test_stories.py.
CONTINUES = 0.3


@dataclass(frozen=True)
class PreviousBrief:
    """What ``--previous`` needs of an earlier brief's JSON: its stories and their count
    per theme."""

    stories: tuple[tuple[str, Counter[str], frozenset[str]], ...]  # theme, stems, URLs

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(theme for theme, _, _ in self.stories))


def _profile(texts: Sequence[str]) -> Counter[str]:
    return Counter(stem for text in texts for stem in textlib.content_stems(text))


def load_previous(path: Path) -> PreviousBrief:
    """The stories of the brief whose JSON export is at ``path``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return read_previous(data)
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file; pass the JSON of an earlier brief") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(f"{path}: not JSON ({exc}); pass a brief's --json export") from None
    except (KeyError, TypeError, AttributeError, ValueError):
        raise IngestError(
            f"{path}: not a brief's JSON export (no articles with ids); pass one written by "
            "briefing build --json"
        ) from None


def read_previous(data: Mapping[str, Any]) -> PreviousBrief:
    """The stories of a brief's JSON export; one per article for exports made before
    stories existed. Raises ``ValueError`` or ``KeyError``/``TypeError`` on other data."""
    # Any: parsed JSON whose shape is checked by use; a wrong shape raises as documented.
    articles = {a["id"]: a for a in data["articles"]}
    raw = data.get("stories")
    if not raw:
        raw = [
            {"theme": a["theme"], "article_ids": [a["id"]], "summary": []}
            for a in articles.values()
        ]
    stories = []
    for story in raw:
        members = [articles[i] for i in story["article_ids"] if i in articles]
        texts = [story.get("headline") or ""]
        texts += [s["text"] for s in story.get("summary", [])]
        texts += [a.get("title") or "" for a in members]
        texts += [t for a in members for t in a.get("summary", [])]
        urls = frozenset(a["url"] for a in members if a.get("url"))
        stories.append((str(story["theme"]), _profile(texts), urls))
    return PreviousBrief(tuple(stories))


def mark_continuing(
    stories: Sequence[Story], articles: Mapping[str, Article], previous: PreviousBrief
) -> list[Story]:
    """Each story marked "continuing" when it matches a story of the previous brief (a
    shared article URL, or similar content), else "new"."""
    index: dict[str, list[int]] = defaultdict(list)
    for k, (_, profile, _) in enumerate(previous.stories):
        for stem in profile:
            index[stem].append(k)
    # A stem in many stories (a topic word) cannot be what two tellings of one event share
    # alone; leaving it out of the index keeps matching near linear.
    index = {stem: ks for stem, ks in index.items() if len(ks) <= MAX_POSTINGS}
    marked = []
    for story in stories:
        members = [articles[i] for i in story.article_ids]
        urls = {a.url for a in members if a.url}
        texts = [story.headline, *(s.text for s in story.summary), *(a.title for a in members)]
        profile = _profile(texts)
        near = {k for stem in profile for k in index.get(stem, ())}
        continues = any(
            urls & previous.stories[k][2]
            or textlib.cosine(profile, previous.stories[k][1]) >= CONTINUES
            for k in near
        )
        marked.append(replace(story, status="continuing" if continues else "new"))
    return marked
