"""Why an article landed in its theme (``briefing themes explain``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.ingest.walk import IngestOptions, load_articles
from briefing.models import Article, IngestResult, Theme, ThemeScore
from briefing.themes import (
    LOW_CONFIDENCE,
    ThemeOptions,
    assign_themes,
    load_profile,
    load_themes,
)


@dataclass(frozen=True)
class ThemeExplanation:
    """The theme scores of one article; ``score.matched_terms`` says which terms counted."""

    article: Article
    score: ThemeScore

    def ranked_themes(self) -> list[tuple[str, float]]:
        """(theme id, score), best first."""
        return sorted(self.score.scores.items(), key=lambda item: item[1], reverse=True)

    @property
    def low_confidence(self) -> bool:
        """The placement is a close call, worth an analyst's check."""
        return self.score.confidence < LOW_CONFIDENCE

    def from_examples(self, theme_id: str) -> float:
        """Score points ``theme_id`` owes to the learned profile's examples."""
        return self.score.learned.get(theme_id, 0.0)

    def ranked_terms(self, theme_id: str) -> list[tuple[str, float]]:
        """(term, weight) that matched ``theme_id``, heaviest first."""
        terms = self.score.matched_terms.get(theme_id, {})
        return sorted(terms.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class ThemesReport:
    themes: tuple[Theme, ...]
    options: ThemeOptions
    ingest: IngestResult
    explanations: tuple[ThemeExplanation, ...]


def explain_themes(
    inputs: Sequence[str],
    themes_file: str | Path | None = None,
    ingest: IngestOptions | None = None,
    options: ThemeOptions | None = None,
    profile_file: str | Path | None = None,
) -> ThemesReport:
    """Score every article of ``inputs`` against every theme, as ``build`` does."""
    options = options or ThemeOptions()
    themes = load_themes(themes_file)
    profile = load_profile(profile_file) if profile_file else None
    ingested = load_articles(inputs, ingest)
    scores = assign_themes(ingested.articles, themes, options, profile=profile)
    explanations = tuple(
        ThemeExplanation(article, score)
        for article, score in zip(ingested.articles, scores, strict=True)
    )
    return ThemesReport(themes, options, ingested, explanations)
