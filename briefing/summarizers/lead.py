"""Lead: the first sentences. The baseline every news summarizer must beat."""

from __future__ import annotations

from typing import ClassVar

from briefing.models import ScoredSentence
from briefing.registry import Configured
from briefing.summarizers.base import RankingInput, SummarizerOptions, register


@register
class LeadSummarizer(Configured[SummarizerOptions]):
    name: ClassVar[str] = "lead"
    description: ClassVar[str] = "first sentences of the article (baseline)"

    def rank(self, doc: RankingInput) -> list[ScoredSentence]:
        n = len(doc.sentences)
        return [
            ScoredSentence(text=s, index=i, score=1.0 - i / n) for i, s in enumerate(doc.sentences)
        ]
