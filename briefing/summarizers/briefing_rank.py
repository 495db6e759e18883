"""The default summarizer: centrality with a position prior, read-alone checks and MMR.

Each sentence gets
    score = centrality + COVERAGE_WEIGHT * coverage + POSITION_WEIGHT * position prior
            + FOCUS_WEIGHT * theme-term share - penalties,
where centrality is the cosine between the sentence's content-stem counts and those of
the rest of the article (a one-vector LexRank: linear in the article's length), coverage
is how many other sentences share each of its distinct stems (per sentence of the
article, damped by the number of stems so long sentences do not win by length), the
position prior decays with the sentence's rank in the article (news puts the point
first), and penalties mark sentences that do not read well alone: an opening connective
or pronoun without its antecedent, an unbalanced quotation, a fragment or a run-on.
Among the best few, a sentence that nearly repeats a better one (cosine at least
DUPLICATE_COSINE) moves behind them, so a summary does not say the same thing twice.
Weights were set on one half of the BBC dev set and checked on the other half (README,
"Quality and speed"); there a title-overlap bonus, a stronger position prior and a soft
MMR trade-off all lowered ROUGE, so they are not used.

Chinese and Japanese articles (see the *_CJK constants) also weigh the headline, keep the
lead sentence first and rank the rest by what they add to it; tuned on the CJK dev set
(docs/quality.md, "Chinese and Japanese").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from briefing import languages
from briefing import text as textlib
from briefing.models import ScoredSentence
from briefing.registry import Configured
from briefing.summarizers.base import RankingInput, SummarizerOptions, register

COVERAGE_WEIGHT = 1.0
COVERAGE_LENGTH_EXPONENT = 0.3
POSITION_WEIGHT = 0.05  # prior = POSITION_WEIGHT / sqrt(1 + index)
FOCUS_WEIGHT = 0.05
DANGLING_PENALTY = 0.05
LENGTH_PENALTY = 0.05
DUPLICATE_COSINE = 0.8
DEDUP_POOL = 12  # only the best few are checked; the tail keeps its score order
MIN_WORDS = 6
MAX_WORDS = 50
# Chinese and Japanese news: headlines are dense strings of the story's key nouns and the
# first sentence is the lead, so both count more. Position set on the "tune" half of
# tests/devsets/cjk.jsonl (0.05/0.2) and checked on its "holdout" half (README). The title
# weight was 0.3 from the same grid (0/0.3/0.6/1.0); with 12 more Japanese tune articles
# in longer, more varied forms (issue 16, second round) the grid below chose 0.45.
# English keeps the weights above: on the BBC dev set a title bonus lowered ROUGE.
POSITION_WEIGHT_CJK = 0.2
TITLE_WEIGHT_CJK = 0.45
# Chinese and Japanese news is written as an inverted pyramid: the first sentence (after a
# byline paragraph such as 本报北京12月1日电（记者…）) says what happened, so it is kept
# first, and the rest are chosen for what they add to it: a sentence that repeats the lead
# (cosine of content words) loses LEAD_REDUNDANCY_CJK times that cosine, one that carries
# an amount with its unit (500萬元, 71架次, 8000億円, 15%) gains QUANTITY_WEIGHT_CJK, one
# that gives a figure the headline gives (the headline carries the story's key number:
# "利益率、最大15%に", "中小は6%以上") gains TITLE_NUMBER_WEIGHT_CJK, and the closing
# sentence, which such articles give to reactions and next steps, loses
# CLOSING_PENALTY_CJK. A paragraph without a sentence mark (byline, 編輯 trailer) is
# never a summary sentence while a sentence is left.
# Weights: chosen by grid on the "tune" half of tests/devsets/cjk.jsonl (18 Chinese, 24
# Japanese articles; redundancy 0-1.5, amount 0.4-0.8, headline figure 0-0.5, title
# 0.3-1.0; the best mean × Lead over both languages at 2 and 3 sentences), then measured
# once on "holdout" and "holdout2" (docs/quality.md "Chinese and Japanese"). The first
# round (1.0 / 0.4 / none / 0.3) had been tuned on 12 short Japanese articles whose key
# sentence was never right after the lead, so its full lead-repeat weight skipped that
# sentence; halved, it still demotes restatements of the lead. Measured on tune and left
# out (no gain or a loss): character-bigram overlap with the whole headline or with what
# the headline says beyond the lead, a penalty for a sentence that is only a quotation,
# and a linear decay with distance from the lead.
KEEP_LEAD_CJK = True  # off only to measure the method without it (benchmarks/)
LEAD_REDUNDANCY_CJK = 0.5
QUANTITY_WEIGHT_CJK = 0.6
TITLE_NUMBER_WEIGHT_CJK = 0.5
CLOSING_PENALTY_CJK = 0.2
_QUANTITY = re.compile(
    r"[0-9０-９][0-9０-９,，.．]*\s*(?:[億亿萬万兆千百]\s*)?"
    r"(?:元|円|ドル|美元|%|％|架|艘|人|名|件|倍|公里|キロ|トン|吨|噸|輛|辆|枚|基|項|项|家|隻|只|"
    r"カ国|か国|億|亿|萬|万|兆)"
)
_NUMBER = re.compile(r"[0-9][0-9,.]*[0-9]|[0-9]")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


def _figures(text: str) -> set[str]:
    """The numbers written in ``text`` (full-width digits read as ASCII)."""
    return set(_NUMBER.findall(text.translate(_FULL_WIDTH_DIGITS)))


def _length_in_words(sentence: str, language: str | None) -> int:
    """Words, or for Chinese and Japanese the segmenter's words, so that the fragment and
    run-on limits mean the same in every language."""
    if languages.is_cjk(language):
        return len(textlib.words(sentence, language))
    return len(sentence.split())


def _penalty(sentence: str, length: int) -> float:
    penalty = DANGLING_PENALTY if textlib.leans_on_context(sentence) else 0.0
    if length < MIN_WORDS or length > MAX_WORDS:
        penalty += LENGTH_PENALTY
    return penalty


@register
class BriefingSummarizer(Configured[SummarizerOptions]):
    name: ClassVar[str] = "briefing"
    description: ClassVar[str] = (
        "default: centrality + position prior + read-alone checks, MMR against repetition"
    )

    def rank(self, doc: RankingInput) -> list[ScoredSentence]:
        if doc.stems is not None:
            vectors = [Counter(stems) for stems in doc.stems]
        else:
            vectors = [Counter(textlib.content_stems(s, doc.language)) for s in doc.sentences]
        centrality = textlib.centrality(vectors)
        # In how many sentences each stem occurs, counted in one pass (Counter.update per
        # sentence was a tenth of the ranking's time).
        spread = Counter(itertools.chain.from_iterable(vectors))
        count = len(vectors)
        focus = {s for term in doc.focus_terms for s in textlib.content_stems(term, doc.language)}
        cjk = languages.is_cjk(doc.language)
        position_weight = POSITION_WEIGHT_CJK if cjk else POSITION_WEIGHT
        title = Counter(textlib.content_stems(doc.title, doc.language)) if cjk else Counter()
        scores = []
        for index, (sentence, vector) in enumerate(zip(doc.sentences, vectors, strict=True)):
            score = centrality[index]
            if vector:
                shared = sum(spread[stem] - 1 for stem in vector)
                score += COVERAGE_WEIGHT * shared / len(vector) ** COVERAGE_LENGTH_EXPONENT / count
            score += position_weight / math.sqrt(1 + index)
            if title:
                score += TITLE_WEIGHT_CJK * textlib.cosine(vector, title)
            if vector and focus:
                score += FOCUS_WEIGHT * min(1.0, len(focus & vector.keys()) / 3)
            score -= _penalty(sentence, _length_in_words(sentence, doc.language))
            scores.append(score)
        lead = None
        if cjk and KEEP_LEAD_CJK:
            lead = _news_lead(doc.sentences, vectors, scores, _figures(doc.title))
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        ranked = _demote_repeats(order[:DEDUP_POOL], vectors) + order[DEDUP_POOL:]
        if lead is not None:
            rest = [i for i in ranked if i != lead]
            whole = [textlib.ends_complete(doc.sentences[i]) for i in rest]
            ranked = [lead, *(i for i, w in zip(rest, whole, strict=True) if w)]
            ranked += [i for i, w in zip(rest, whole, strict=True) if not w]
        return [
            ScoredSentence(text=doc.sentences[i], index=i, score=round(scores[i], 6))
            for i in ranked
        ]


def _news_lead(
    sentences: Sequence[str],
    vectors: list[Counter[str]],
    scores: list[float],
    headline_figures: set[str],
) -> int | None:
    """The lead of a Chinese or Japanese news article (its first complete sentence), with
    ``scores`` of the others changed for what they add to it (see LEAD_REDUNDANCY_CJK)."""
    lead = next((i for i, s in enumerate(sentences) if textlib.ends_complete(s)), None)
    if lead is None:
        return None
    for i, sentence in enumerate(sentences):
        if i == lead:
            continue
        scores[i] -= LEAD_REDUNDANCY_CJK * textlib.cosine(vectors[i], vectors[lead])
        if _QUANTITY.search(sentence):
            scores[i] += QUANTITY_WEIGHT_CJK
        if headline_figures and headline_figures & _figures(sentence):
            scores[i] += TITLE_NUMBER_WEIGHT_CJK
        if i == len(sentences) - 1:
            scores[i] -= CLOSING_PENALTY_CJK
    return lead


def _demote_repeats(pool: list[int], vectors: list[Counter[str]]) -> list[int]:
    """``pool`` in order, except near-repeats of an earlier sentence go last."""
    kept: list[int] = []
    repeats: list[int] = []
    # textlib.cosine with each vector's squared norm found once (counts are integers, so
    # every cosine is the same number): it took a third of the ranking's time.
    squares = {i: sum(n * n for n in vectors[i].values()) for i in pool}

    def cosine(i: int, j: int) -> float:
        a, b = vectors[i], vectors[j]
        if len(a) > len(b):
            a, b = b, a
        dot = sum(v * b.get(k, 0) for k, v in a.items())
        return dot / math.sqrt(squares[i] * squares[j]) if dot else 0.0

    for i in pool:
        if any(cosine(i, j) >= DUPLICATE_COSINE for j in kept):
            repeats.append(i)
        else:
            kept.append(i)
    return kept + repeats
