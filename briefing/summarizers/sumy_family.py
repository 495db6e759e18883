"""Every sumy algorithm behind our Protocol, on our Punkt sentences and word tokens.

sumy picks its best sentences through ``_get_best_sentences(sentences, count, rating)``,
which accepts a callable ``count`` receiving all sentences sorted by rating. Passing a
recorder there gives the full ranking of any sumy algorithm with one code path.

Several sumy algorithms grow with the square (LexRank, TextRank, Reduction) or worse
(KL, LSA) of the sentence count. On a long document each sees only the
``max_sentences`` most central sentences (cosine to the rest of the document, linear
time); the others follow, in that order, after the ones it ranked.
"""

from __future__ import annotations

from collections import Counter
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

from briefing import languages
from briefing import text as textlib
from briefing.models import ScoredSentence
from briefing.summarizers.base import RankingInput, SummarizerOptions, register


class _Tokenizer:
    """sumy's tokenizer interface over our offline sentence splitter and word tokens."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language or "english"
        self._tag = language

    @staticmethod
    def to_sentences(paragraph: str) -> tuple[str, ...]:
        return tuple(textlib.split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(textlib.words(sentence, self._tag))


_TOKENIZER = _Tokenizer()


def _tokenizer(language: str | None) -> _Tokenizer:
    return _Tokenizer(language) if languages.is_cjk(language) else _TOKENIZER


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
    max_sentences: ClassVar[int] = 300

    def __init__(self, options: SummarizerOptions) -> None:
        self.options = options
        self.stemmer = Stemmer(options.language)

    def configure(self, summarizer: Any, doc: RankingInput) -> None:
        summarizer.stop_words = textlib.stop_words(doc.language)

    def rank(self, doc: RankingInput) -> list[ScoredSentence]:
        keep, rest = _preselect(doc.sentences, self.max_sentences, doc.language)
        tokenizer = _tokenizer(doc.language)
        sentences = [Sentence(doc.sentences[i], tokenizer) for i in keep]
        document = ObjectDocumentModel([Paragraph(sentences)])
        # sumy's stemmers are for European languages; Chinese and Japanese words are
        # matched in our folded form instead.
        stemmer = textlib.stem if languages.is_cjk(doc.language) else self.stemmer
        summarizer = self.sumy_class(stemmer)
        self.configure(summarizer, doc)
        recorder = _RankingRecorder()
        summarizer(document, recorder)
        ranked = [
            ScoredSentence(
                text=doc.sentences[keep[info.order]],
                index=keep[info.order],
                score=float(info.rating),
            )
            for info in recorder.ranked
        ]
        floor = min((s.score for s in ranked), default=0.0)
        return ranked + [ScoredSentence(text=doc.sentences[i], index=i, score=floor) for i in rest]


def _preselect(
    sentences: Sequence[str], limit: int, language: str | None = None
) -> tuple[list[int], list[int]]:
    """Indexes to rank (document order) and the rest (most central first)."""
    if len(sentences) <= limit:
        return list(range(len(sentences))), []
    vectors = [Counter(textlib.content_stems(s, language)) for s in sentences]
    centrality = textlib.centrality(vectors)
    order = sorted(range(len(sentences)), key=lambda i: (-centrality[i], i))
    return sorted(order[:limit]), order[limit:]


@register
class Luhn(SumyAlgorithm):
    name = "luhn"
    description = "sumy Luhn: sentences dense in significant words"
    sumy_class = LuhnSummarizer


class _OrderedLsaSummarizer(LsaSummarizer):
    """sumy's LSA with its terms in sorted order. sumy numbers the matrix rows in the
    order of a frozenset of strings, which changes with each process's string hash
    seed; the SVD of the permuted matrix differs in its last bits, enough to reorder
    sentences of near-equal rating: the same command chose other sentences on a third
    of BBC dev articles from one run to the next."""

    def _create_dictionary(self, document: Any) -> dict[str, int]:
        return {word: row for row, word in enumerate(sorted(super()._create_dictionary(document)))}


@register
class Lsa(SumyAlgorithm):
    name = "lsa"
    description = "sumy LSA: latent semantic analysis (SVD)"
    sumy_class = _OrderedLsaSummarizer


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
    max_sentences = 100  # cubic in sentences: 100 take 0.8 s, 150 take 2.3 s


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
        stops = textlib.stop_words(doc.language)
        title_words = [w for w in textlib.words(doc.title, doc.language) if w.lower() not in stops]
        focus = [w for term in doc.focus_terms for w in textlib.words(term, doc.language)]
        # sumy refuses empty word sets; an unlikely token keeps each method defined.
        summarizer.bonus_words = focus or title_words or ["\u2063"]
        summarizer.stigma_words = ["\u2063"]
        summarizer.null_words = stops
