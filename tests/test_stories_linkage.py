"""Story clustering's average-link check: kept as group-pair sums carried through merges,
it must give the clusters the pair-by-pair check gave, and score each pair of groups
once rather than once per merge tried (which made 20,000 articles 79x the time of 1,000).
The vectors, compact numpy arrays since issue 15, must weigh and pair the articles as the
dicts of str to float did, and give the clusters that code gave."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from briefing import stories
from briefing.stories import StoryOptions

from .cases import cases

DAY = dt.date(2026, 11, 1)
# Words of no event, from a vocabulary so large that two articles rarely share one by
# chance (with a small one, chance pairs grow with the square of the pile until
# MAX_POSTINGS stops them: candidate generation's matter, not the linkage's).
NOISE = 1_000_000


def reference(
    counts: Sequence[Counter[str]],
    dates: Sequence[dt.date | None],
    options: StoryOptions,
) -> list[list[int]]:
    """The clustering as it was before the sums were kept: before each merge, the
    evidence of every pair across the two groups, computed afresh (each pair's cosine as
    ``stories`` scores the candidate pairs)."""
    vectors = stories._tfidf(counts)
    days = options.window_days

    def evidence(i: int, j: int) -> float:
        a, b = min(i, j), max(i, j)
        cosine = stories._similarities(vectors, np.array([a]), np.array([b]))[0]
        return stories._evidence(float(cosine), dates[a], dates[b], days)

    first, second = stories.candidate_pairs(vectors, dates, days)
    scored = []
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        similarity = evidence(a, b)
        if similarity >= options.threshold:
            scored.append((similarity, a, b))
    return _linked(scored, len(counts), options.threshold, evidence)


def _linked(
    scored: list[tuple[float, int, int]], n: int, threshold: float, evidence: object
) -> list[list[int]]:
    """Average linkage over the scored pairs, each merge's mean taken pair by pair."""
    assert callable(evidence)
    scored.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))
    member = list(range(n))
    groups = {i: [i] for i in range(n)}
    for _, a, b in scored:
        ga, gb = member[a], member[b]
        if ga == gb or len(groups[ga]) + len(groups[gb]) > stories.MAX_CLUSTER:
            continue
        cross = [evidence(i, j) for i in groups[ga] for j in groups[gb]]
        if sum(cross) / len(cross) < threshold:
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        groups[keep] = sorted(groups[keep] + groups.pop(gone))
        for i in groups[keep]:
            member[i] = keep
    return sorted(groups.values(), key=lambda g: g[0])


# The code the compact vectors replaced (issue 15), as it was: dicts of str to float.
def dict_tfidf(counts: Sequence[Counter[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    vectors = []
    for c in counts:
        weights = {
            t: (1 + math.log(k)) * math.log((1 + n + stories.PSEUDO_DOCUMENTS) / (1 + df[t]))
            for t, k in c.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items() if w > 0})
    return vectors


def dict_dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def dict_candidate_pairs(
    vectors: Sequence[dict[str, float]], dates: Sequence[dt.date | None], window_days: int
) -> set[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term in sorted(vector, key=lambda t: (-vector[t], t))[: stories.INDEX_TERMS]:
            index[term].append(i)
    pairs: set[tuple[int, int]] = set()
    for postings in index.values():
        if len(postings) > stories.MAX_POSTINGS:
            continue
        for k, a in enumerate(postings):
            for b in postings[k + 1 :]:
                if stories._within(dates[a], dates[b], window_days):
                    pairs.add((a, b))
    return pairs


def dict_clusters(
    counts: Sequence[Counter[str]], dates: Sequence[dt.date | None], options: StoryOptions
) -> list[list[int]]:
    """The clusters of the dict code, pair by pair."""
    vectors = dict_tfidf(counts)
    days = options.window_days

    def evidence(i: int, j: int) -> float:
        cosine = dict_dot(vectors[i], vectors[j])
        return stories._evidence(cosine, dates[i], dates[j], days)

    scored = []
    for a, b in dict_candidate_pairs(vectors, dates, days):
        similarity = evidence(a, b)
        if similarity >= options.threshold:
            scored.append((similarity, a, b))
    return _linked(scored, len(counts), options.threshold, evidence)


def pile(
    seed: int, events: int, per_event: int, undated: float = 0.1
) -> tuple[list[Counter[str]], list[dt.date | None]]:
    """Articles on ``events`` events: each tells its event's words (a random share of
    them, so that pairs within an event straddle the threshold) among words of a common
    topic and noise, dated over four weeks, some undated."""
    rng = random.Random(seed)
    topic = [f"topic{k}" for k in range(30)]
    counts, dates = [], []
    for event in range(events):
        words = [f"e{event}w{k}" for k in range(12)]
        day = rng.randrange(28)
        for _ in range(per_event):
            c: Counter[str] = Counter()
            for w in rng.sample(words, rng.randint(3, 9)):
                c[w] += rng.randint(1, 3)
            for w in rng.sample(topic, 6):
                c[w] += 1
            for _ in range(8):
                c[f"noise{rng.randrange(NOISE)}"] += 1
            counts.append(c)
            undated_here = rng.random() < undated
            dates.append(None if undated_here else DAY + dt.timedelta(days=day + rng.randint(0, 5)))
    order = list(range(len(counts)))
    rng.shuffle(order)
    return [counts[i] for i in order], [dates[i] for i in order]


@contextmanager
def counting_sums() -> Iterator[tuple[Counter[frozenset[frozenset[int]]], Counter[str]]]:
    """How often each pair of groups (by their articles) is summed afresh, and how many
    dot products (of groups' vectors summed per date) that took in all."""
    summed: Counter[frozenset[frozenset[int]]] = Counter()
    calls: Counter[str] = Counter()
    fresh = stories._Links._fresh

    def counted(self: stories._Links, g: int, h: int) -> float:
        summed[frozenset((frozenset(self.groups[g]), frozenset(self.groups[h])))] += 1
        calls["dots"] += len(self._parts(g)) * len(self._parts(h))  # at most
        return fresh(self, g, h)

    with mock.patch.object(stories._Links, "_fresh", counted):
        yield summed, calls


@contextmanager
def counting_pairs() -> Iterator[Counter[str]]:
    """How many pairs of articles the pair-by-pair reference scores in all."""
    calls: Counter[str] = Counter()
    similarities = stories._similarities

    def counted(vectors: stories._Vectors, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        calls["pairs"] += len(first)
        return similarities(vectors, first, second)

    with mock.patch.object(stories, "_similarities", counted):
        yield calls


@cases(200)
@given(
    seed=st.integers(0, 2**32 - 1),
    events=st.integers(1, 8),
    per_event=st.integers(1, 9),
    cap=st.sampled_from([3, 5, stories.MAX_CLUSTER]),
    threshold=st.sampled_from([0.05, 0.1, stories.THRESHOLD, 0.3]),
)
def test_kept_sums_give_the_clusters_of_the_pair_by_pair_check(
    seed: int, events: int, per_event: int, cap: int, threshold: float
) -> None:
    counts, dates = pile(seed, events, per_event, undated=0.2)
    options = StoryOptions(threshold=threshold)
    # A small cap makes the sums of groups that can no longer merge be dropped often.
    with mock.patch.object(stories, "MAX_CLUSTER", cap):
        assert stories._cluster(counts, dates, options) == reference(counts, dates, options)


def test_each_pair_of_groups_is_summed_once() -> None:
    """However many merges between two groups are tried, their sum is taken once (the
    pair-by-pair check scored every pair across two large groups again for each scored
    pair between them), and from vectors summed per date, far fewer dot products."""
    counts, dates = pile(7, events=40, per_event=25, undated=0.1)
    with counting_sums() as (summed, calls):
        groups = stories._cluster(counts, dates, StoryOptions())
    assert max(len(g) for g in groups) >= 10  # large groups: where repeats used to come from
    assert max(summed.values()) == 1
    with counting_pairs() as before:
        assert reference(counts, dates, StoryOptions()) == groups
    assert calls["dots"] < before["pairs"] / 4


def test_dot_products_grow_linearly_with_the_pile() -> None:
    """Four times the events, about four times the dot products (not sixteen)."""
    made = []
    for events in (60, 240):
        counts, dates = pile(11, events=events, per_event=12)
        with counting_sums() as (_, calls):
            stories._cluster(counts, dates, StoryOptions())
        made.append(calls["dots"])
    assert made[1] <= 5 * made[0], made


@cases(200)
@given(
    seed=st.integers(0, 2**32 - 1),
    events=st.integers(1, 8),
    per_event=st.integers(1, 9),
    threshold=st.sampled_from([0.05, 0.1, stories.THRESHOLD, 0.3]),
)
def test_compact_vectors_weigh_and_pair_as_the_dicts_did(
    seed: int, events: int, per_event: int, threshold: float
) -> None:
    """The same weights to the last bit, the same candidate pairs, cosines equal but for
    the order their products are added in, and so the same clusters."""
    counts, dates = pile(seed, events, per_event, undated=0.2)
    vectors = stories._tfidf(counts)
    before = dict_tfidf(counts)
    stems = sorted({t for c in counts for t in c})
    for i, vector in enumerate(before):
        ids, weights = vectors.row(i)
        assert dict(zip([stems[k] for k in ids.tolist()], weights.tolist(), strict=True)) == vector
    first, second = stories.candidate_pairs(vectors, dates, stories.WINDOW_DAYS)
    pairs = list(zip(first.tolist(), second.tolist(), strict=True))
    assert pairs == sorted(dict_candidate_pairs(before, dates, stories.WINDOW_DAYS))
    cosines = stories._similarities(vectors, first, second).tolist()
    for (a, b), cosine in zip(pairs, cosines, strict=True):
        assert math.isclose(cosine, dict_dot(before[a], before[b]), rel_tol=1e-12, abs_tol=1e-15)
    options = StoryOptions(threshold=threshold)
    assert stories._cluster(counts, dates, options) == dict_clusters(counts, dates, options)
