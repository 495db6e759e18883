"""The summarizer Protocol and registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from briefing.errors import SummarizeError
from briefing.models import ScoredSentence
from briefing.registry import Registry


@dataclass(frozen=True)
class SummarizerOptions:
    """Options every summarizer is constructed with."""

    language: str = "english"


@dataclass(frozen=True)
class RankingInput:
    """What a summarizer sees: the candidate sentences of one article, in order."""

    sentences: Sequence[str]
    title: str = ""
    focus_terms: Sequence[str] = ()
    language: str | None = None  # the article's BCP 47 tag; tokens follow it
    # Per sentence, ``text.content_stems`` of it when an earlier stage found them already
    # (``features.TextFeatures``); None: a summarizer that wants them finds them itself.
    stems: Sequence[Sequence[str]] | None = None


class Summarizer(Protocol):
    """Ranks every candidate sentence, best first; the stage applies the budget."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, options: SummarizerOptions) -> None: ...

    def rank(self, doc: RankingInput) -> list[ScoredSentence]: ...


SUMMARIZERS: Registry[Summarizer] = Registry("algorithm", SummarizeError)
register = SUMMARIZERS.register


def get_summarizer(name: str, options: SummarizerOptions | None = None) -> Summarizer:
    return SUMMARIZERS.lookup(name)(options or SummarizerOptions())
