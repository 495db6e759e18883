"""The summarizer Protocol and registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol, TypeVar

from briefing.errors import SummarizeError
from briefing.models import ScoredSentence


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


class Summarizer(Protocol):
    """Ranks every candidate sentence, best first; the stage applies the budget."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, options: SummarizerOptions) -> None: ...

    def rank(self, doc: RankingInput) -> list[ScoredSentence]: ...


SUMMARIZERS: dict[str, type[Summarizer]] = {}
_S = TypeVar("_S", bound=type)


def register(cls: _S) -> _S:
    SUMMARIZERS[cls.name] = cls  # type: ignore[attr-defined]
    return cls


def get_summarizer(name: str, options: SummarizerOptions | None = None) -> Summarizer:
    try:
        cls = SUMMARIZERS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise SummarizeError(f"unknown algorithm {name!r}; choose one of: {known}") from None
    return cls(options or SummarizerOptions())
