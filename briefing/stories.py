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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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


def _tfidf(counts: Sequence[Counter[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    vectors = []
    for c in counts:
        weights = {
            t: (1 + math.log(k)) * math.log((1 + n + PSEUDO_DOCUMENTS) / (1 + df[t]))
            for t, k in c.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items() if w > 0})
    return vectors


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # The key intersection runs in C; only the few shared stems are multiplied in Python.
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def _within(a: dt.date | None, b: dt.date | None, days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= days


def _evidence(similarity: float, a: dt.date | None, b: dt.date | None, days: int) -> float:
    """The similarity as evidence of one event: none outside the window, and discounted
    when a date is missing, since then the window cannot rule out a later development."""
    if not _within(a, b, days):
        return 0.0
    return similarity if a is not None and b is not None else similarity / UNDATED_FACTOR


def candidate_pairs(
    vectors: Sequence[dict[str, float]],
    dates: Sequence[dt.date | None],
    window_days: int = WINDOW_DAYS,
) -> set[tuple[int, int]]:
    """Pairs of articles sharing a distinctive stem and dated within the window."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term in sorted(vector, key=lambda t: (-vector[t], t))[:INDEX_TERMS]:
            index[term].append(i)
    pairs: set[tuple[int, int]] = set()
    for postings in index.values():
        if len(postings) > MAX_POSTINGS:
            continue
        for k, a in enumerate(postings):
            for b in postings[k + 1 :]:
                if _within(dates[a], dates[b], window_days):
                    pairs.add((a, b))
    return pairs


def cluster_articles(
    articles: Sequence[Article], options: StoryOptions | None = None
) -> list[list[int]]:
    """Indexes of the articles grouped by event; groups in order of their first article."""
    return _cluster([_stems(a) for a in articles], [a.date for a in articles], options)


def _cluster(
    counts: Sequence[Counter[str]],
    dates: Sequence[dt.date | None],
    options: StoryOptions | None = None,
) -> list[list[int]]:
    options = options or StoryOptions()
    vectors = _tfidf(counts)
    days = options.window_days

    def evidence(i: int, j: int) -> float:
        if not _within(dates[i], dates[j], days):
            return 0.0  # what _evidence gives, without the dot product
        return _evidence(_dot(vectors[i], vectors[j]), dates[i], dates[j], days)

    scored = []
    for a, b in candidate_pairs(vectors, dates, options.window_days):
        similarity = _evidence(_dot(vectors[a], vectors[b]), dates[a], dates[b], days)
        if similarity >= options.threshold:
            scored.append((similarity, a, b))
    scored.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))
    member: list[int] = list(range(len(counts)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(counts))}
    links = _Links(vectors, dates, days, groups)
    for _, a, b in scored:
        ga, gb = member[a], member[b]
        if ga == gb or len(groups[ga]) + len(groups[gb]) > MAX_CLUSTER:
            continue
        pairs = len(groups[ga]) * len(groups[gb])
        mean = links.total(ga, gb) / pairs
        if abs(mean - options.threshold) <= ROUNDING:
            # Summed by dates and carried through merges, the sum is added up in another
            # order than pair by pair, which can move its last bits: this close to the
            # threshold the mean is taken as it always was, so no decision can differ.
            mean = sum(evidence(i, j) for i in groups[ga] for j in groups[gb]) / pairs
        if mean < options.threshold:
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        links.merge(keep, gone)
        groups[keep] = sorted(groups[keep] + groups.pop(gone))
        for i in groups[keep]:
            member[i] = keep
    return sorted(groups.values(), key=lambda g: g[0])


# Far above what adding up the same evidence in another order can move the mean by. All
# terms are non-negative (weights, products, their sums), and n such terms added in any
# order are within (n - 1) * 2**-53 of their exact sum, relatively; along any path here
# (a vector sum of at most MAX_CLUSTER weights, a product, a dot product over at most a
# few thousand stems, at most 400 pairs or pairs of dates) n stays under 10,000, and the
# mean is at most 1 (cosines): each mean is within 1.2e-12 of the exact one. Far below any
# real gap to the threshold (the closest on the 5,000-article benchmark: 6e-5), so the
# fallback costs nothing in practice.
ROUNDING = 1e-9
# Groups whose summed vectors are kept at a time (a merge sums one group against each of
# the groups it was tried with: the two merged are used again and again). A time/memory
# trade measured on bench_scale's 20,000 generated articles (clustering alone, one
# process; then the whole build): 32 groups 45 s, build peak 790 MB; 1,024 groups 30 s,
# 825 MB; 4,096 groups 26 s, 846 MB (20k build 19.3x the 1k one, but over issue 15's
# 800 MB). Kept at 32 so the peak stays under 800 MB.
RECENT_GROUPS = 32


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
    """

    def __init__(
        self,
        vectors: Sequence[dict[str, float]],
        dates: Sequence[dt.date | None],
        days: int,
        groups: Mapping[int, list[int]],
    ):
        self.vectors, self.dates, self.days, self.groups = vectors, dates, days, groups
        self.sums: dict[int, dict[int, float]] = {}
        # The summed vectors of the groups used last. Kept for every group they took
        # ~50 MB at 20,000 articles (700,000 entries), which the build's peak memory
        # cannot spare; summed again when needed, they cost a few seconds.
        self.recent: dict[int, dict[dt.date | None, dict[str, float]]] = {}

    def _parts(self, g: int) -> dict[dt.date | None, dict[str, float]]:
        """Per date (None: undated), the sum of the group's vectors (a lone article's own
        vector, never written to)."""
        found = self.recent.pop(g, None)
        if found is None:
            members = self.groups[g]
            if len(members) == 1:
                found = {self.dates[members[0]]: self.vectors[members[0]]}
            else:
                found = {}
                for i in members:
                    _add(found, self.dates[i], self.vectors[i])
            if len(self.recent) >= RECENT_GROUPS:
                del self.recent[next(iter(self.recent))]
        self.recent[g] = found
        return found

    def _fresh(self, g: int, h: int) -> float:
        total = 0.0
        ours, theirs = self._parts(g), self._parts(h)
        for p, u in ours.items():
            for q, w in theirs.items():
                if _within(p, q, self.days):
                    total += _evidence(_dot(u, w), p, q, self.days)
        return total

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
        ours, theirs = self.recent.pop(keep, None), self.recent.pop(gone, None)
        if ours is not None and theirs is not None:
            if len(self.groups[keep]) == 1:  # a lone article's own vector: not ours to change
                ours = {date: dict(vector) for date, vector in ours.items()}
            for date, vector in theirs.items():
                _add(ours, date, vector)
            self.recent[keep] = ours


def _add(
    parts: dict[dt.date | None, dict[str, float]], date: dt.date | None, vector: dict[str, float]
) -> None:
    """Add ``vector`` into the sum ``parts`` keeps for ``date``."""
    added = parts.setdefault(date, {})
    for term, weight in vector.items():
        added[term] = added.get(term, 0.0) + weight


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
