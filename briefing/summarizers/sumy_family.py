"""Every sumy algorithm behind our Protocol, on our Punkt sentences and word tokens.

sumy picks its best sentences through ``_get_best_sentences(sentences, count, rating)``,
which accepts a callable ``count`` receiving all sentences sorted by rating. Passing a
recorder there gives the full ranking of any sumy algorithm with one code path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing import text as textlib
from briefing.models import ScoredSentence
from briefing.summarizers.base import RankingInput, SummarizerOptions, register


class _Tokenizer:
    """sumy's tokenizer interface over our offline Punkt splitter."""

    language = "english"

    @staticmethod
    def to_sentences(paragraph: str) -> tuple[str, ...]:
        return tuple(textlib.split_sentences(paragraph))

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(textlib.words(sentence))


_TOKENIZER = _Tokenizer()


class _RankingRecorder:
    """Used as sumy's ``count``: keeps the full rating-sorted list, returns all of it."""

    def __init__(self) -> None:
        self.ranked: list[Any] = []

    def __call__(self, infos: Sequence[Any]) -> Sequence[Any]:
        self.ranked = list(infos)
        return infos


class SumyAlgorithm:
    """Base for the sumy wrappers: subclasses name the sumy class and may configure it."""

    name: ClassVar[str]
    description: ClassVar[str]
    sumy_class: ClassVar[type]

    def __init__(self, options: SummarizerOptions) -> None:
        self.options = options
        self.stemmer = Stemmer(options.language)

    def configure(self, summarizer: Any, doc: RankingInput) -> None:
        summarizer.stop_words = textlib.stop_words()

    def rank(self, doc: RankingInput) -> list[ScoredSentence]:
        sentences = [Sentence(s, _TOKENIZER) for s in doc.sentences]
        document = ObjectDocumentModel([Paragraph(sentences)])
        summarizer = self.sumy_class(self.stemmer)
        self.configure(summarizer, doc)
        recorder = _RankingRecorder()
        summarizer(document, recorder)
        return [
            ScoredSentence(
                text=doc.sentences[info.order], index=info.order, score=float(info.rating)
            )
            for info in recorder.ranked
        ]


@register
class Luhn(SumyAlgorithm):
    name = "luhn"
    description = "sumy Luhn: sentences dense in significant words"
    sumy_class = LuhnSummarizer


@register
class Lsa(SumyAlgorithm):
    name = "lsa"
    description = "sumy LSA: latent semantic analysis (SVD)"
    sumy_class = LsaSummarizer


@register
class LexRank(SumyAlgorithm):
    name = "lexrank"
    description = "sumy LexRank: eigenvector centrality of TF-IDF cosine graph"
    sumy_class = LexRankSummarizer


@register
class TextRank(SumyAlgorithm):
    name = "textrank"
    description = "sumy TextRank: PageRank over word-overlap graph"
    sumy_class = TextRankSummarizer


@register
class SumBasic(SumyAlgorithm):
    name = "sumbasic"
    description = "sumy SumBasic: word probability, redundancy-aware"
    sumy_class = SumBasicSummarizer


@register
class KL(SumyAlgorithm):
    name = "kl"
    description = "sumy KL-Sum: greedy KL-divergence to the article's word distribution"
    sumy_class = KLSummarizer


@register
class Reduction(SumyAlgorithm):
    name = "reduction"
    description = "sumy Reduction: graph of sentence similarity"
    sumy_class = ReductionSummarizer


@register
class Edmundson(SumyAlgorithm):
    name = "edmundson"
    description = "sumy Edmundson: cue, key, title and location, bonus words from themes"
    sumy_class = EdmundsonSummarizer

    def configure(self, summarizer: Any, doc: RankingInput) -> None:
        stops = textlib.stop_words()
        title_words = [w for w in textlib.words(doc.title) if w.lower() not in stops]
        focus = [w for term in doc.focus_terms for w in textlib.words(term)]
        # sumy refuses empty word sets; an unlikely token keeps each method defined.
        summarizer.bonus_words = focus or title_words or ["\u2063"]
        summarizer.stigma_words = ["\u2063"]
        summarizer.null_words = stops
