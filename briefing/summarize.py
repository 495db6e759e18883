"""Stage 3: condense each article into verbatim sentences, in source order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefing import languages
from briefing import text as textlib
from briefing.errors import SummarizeError
from briefing.features import TextFeatures
from briefing.models import Article, ScoredSentence, Summary
from briefing.settings import DEFAULTS, broken_rule
from briefing.summarizers import RankingInput, SummarizerOptions, get_summarizer

DEFAULT_ALGORITHM = DEFAULTS.algorithm


@dataclass(frozen=True)
class SummaryOptions:
    """The budget: ``words`` wins over ``ratio``, which wins over ``sentences``; for a
    Chinese or Japanese article ``words`` counts characters.

    ``focus``: favour sentences that carry the article's theme terms (Edmundson's bonus
    words). On by default: on the BBC dev set it costs no ROUGE (README).
    """

    algorithm: str = DEFAULTS.algorithm
    sentences: int = DEFAULTS.sentences
    ratio: float | None = None
    words: int | None = None
    focus: bool = True

    def __post_init__(self) -> None:
        # The same rules as the settings (declared once there), for callers from Python.
        for key in ("sentences", "ratio", "words"):
            rule = broken_rule(key, getattr(self, key))
            if rule is not None:
                raise SummarizeError(f"--{key} {rule}, got {getattr(self, key)!r}")


def candidate_sentences(article: Article, sentences: Sequence[str] | None = None) -> list[str]:
    """The article's sentences a summary may use: a cut-off last sentence is not one.

    ``sentences``: the article's text already split (by an earlier stage), else split here.
    """
    sentences = list(sentences) if sentences is not None else textlib.split_sentences(article.text)
    if sentences and article.truncated and not textlib.ends_complete(sentences[-1]):
        sentences.pop()
    return sentences


def _choose(
    ranked: Sequence[ScoredSentence],
    total: int,
    options: SummaryOptions,
    language: str | None = None,
) -> list[ScoredSentence]:
    if options.words is not None:
        chosen: list[ScoredSentence] = []
        used = 0
        for sentence in ranked:
            # Chinese and Japanese are measured in characters, as their readers count.
            length = textlib.length(sentence.text, language)[0]
            if used + length <= options.words or not chosen:
                chosen.append(sentence)
                used += length
            if used >= options.words:
                break
        return chosen
    count = options.sentences
    if options.ratio is not None:
        count = max(1, round(options.ratio * total))
    return list(ranked[:count])


def _without_bylines(candidates: Sequence[str], language: str | None) -> list[int]:
    """Indexes of ``candidates`` an article kept whole shows: for Chinese and Japanese, not
    the paragraphs without a sentence mark (a byline such as 本报北京11月9日电（记者…）, an
    editor's trailer （編輯：…）) while a sentence is left."""
    every = list(range(len(candidates)))
    if not languages.is_cjk(language):
        return every
    sentences = [i for i in every if textlib.ends_complete(candidates[i])]
    return sentences or every


def summarize(
    article: Article,
    options: SummaryOptions | None = None,
    focus_terms: Sequence[str] = (),
    sentences: Sequence[str] | None = None,
    features: TextFeatures | None = None,
) -> Summary:
    """A summary of ``article`` within the budget of ``options`` (``sentences``: its text
    already split, as ``text.split_sentences`` splits it; ``features``: its words already
    split and stemmed, which gives both the sentences and their stems)."""
    options = options or SummaryOptions()
    if features is not None:
        sentences = features.sentences
    summarizer = get_summarizer(options.algorithm, SummarizerOptions())
    if article.headline_only:  # a title and a link (maybe a teaser): nothing to condense
        return Summary(article_id=article.id, algorithm=options.algorithm, sentences=())
    candidates = candidate_sentences(article, sentences)
    keep_whole = (
        options.words is None and options.ratio is None and len(candidates) <= options.sentences
    )
    if keep_whole or len(candidates) <= 1:
        kept = _without_bylines(candidates, article.language)
        chosen = [
            ScoredSentence(text=candidates[i], index=i, score=1.0, rank=rank)
            for rank, i in enumerate(kept, 1)
        ]
    else:
        ranked = [
            replace(sentence, rank=rank)
            for rank, sentence in enumerate(
                summarizer.rank(
                    RankingInput(
                        candidates,
                        article.title,
                        tuple(focus_terms),
                        article.language,
                        None
                        if features is None
                        else [features.content_stems(i) for i in range(len(candidates))],
                    )
                ),
                1,
            )
        ]
        chosen = _choose(ranked, len(candidates), options, article.language)
    return Summary(
        article_id=article.id,
        algorithm=options.algorithm,
        sentences=tuple(sorted(chosen, key=lambda s: s.index)),
    )
