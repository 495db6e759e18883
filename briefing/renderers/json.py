"""The brief as data, in the JSON schema of docs/json-schema.md."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, ClassVar

from briefing import text as textlib
from briefing.languages import is_cjk
from briefing.models import Article, Brief, BriefItem, BriefStory
from briefing.registry import Configured
from briefing.renderers import wording
from briefing.renderers.base import RenderOptions, register
from briefing.renderers.wording import outlets, period
from briefing.themes import LOW_CONFIDENCE


def _word_count(article: Article) -> int:
    """Words; for Chinese and Japanese, which leave no space between words, as segmented."""
    if is_cjk(article.language):
        return len(textlib.words(article.text, article.language))
    return article.word_count


def item_to_dict(item: BriefItem) -> dict[str, Any]:
    article, score = item.article, item.theme_score
    return {
        "id": article.id,
        "citation": item.citation,
        "title": article.title,
        "title_derived": article.title_derived,
        "source": article.source,
        "date": article.date.isoformat() if article.date else None,
        "url": article.url,
        "path": article.path,
        "author": article.author,
        "truncated": article.truncated,
        "headline_only": article.headline_only,
        "theme": score.theme,
        "theme_scores": dict(score.scores),
        "secondary_themes": list(score.secondary_themes),
        "theme_confidence": score.confidence,
        "theme_low_confidence": score.confidence < LOW_CONFIDENCE,
        "summary": list(item.summary.texts),
        "word_count": _word_count(article),
        "length": {"count": article.length[0], "unit": article.length[1]},
        "language": article.language,
        "also_in": [
            {"source": ref.source, "url": ref.url, "path": ref.path, "title": ref.title}
            for ref in article.also_in
        ],
    }


def story_to_dict(told: BriefStory, rank: int, in_full: bool) -> dict[str, Any]:
    story = told.story
    return {
        "id": story.id,
        "theme": story.theme,
        "headline": story.headline,
        "article_ids": list(story.article_ids),
        "summary": [{"text": s.text, "article_id": s.article_id} for s in story.summary],
        "key_point": story.key_sentence.text if story.key_sentence else None,
        "outlets": [outlet.name for outlet in outlets(told) if outlet.named],
        "rank": rank,  # within its theme, 1 best
        "told_in_full": in_full,
        "score": story.score,
        "status": story.status or None,
    }


def _period(brief: Brief) -> dict[str, str] | None:
    span = period(brief)
    return {"start": span[0].isoformat(), "end": span[1].isoformat()} if span else None


def brief_to_dict(brief: Brief, options: RenderOptions | None = None) -> dict[str, Any]:
    sections = {section.theme.id: section for section in brief.sections}
    theme_list = [*brief.themes]
    if "other" in sections:
        theme_list.append(sections["other"].theme)
    data: dict[str, Any] = {
        "generator": wording.generator(),
        "title": brief.title,
        "generated_at": brief.generated_at.isoformat(),
        "marking": wording.marking_label(wording.marking_of(brief, options or RenderOptions())),
        "settings": dataclasses.asdict(brief.settings),
        "period": _period(brief),
        "themes": [
            {
                "id": theme.id,
                "name": theme.name,
                "article_ids": [i.article.id for i in sections[theme.id].items]
                if theme.id in sections
                else [],
            }
            for theme in theme_list
        ],
        "key_points": [
            {
                "theme": kp.theme_id,
                "sentence": kp.sentence,
                "article_id": kp.article_id,
                "citation": kp.citation,
            }
            for kp in brief.key_points
        ],
        "stories": [
            story_to_dict(told, rank, rank <= section.shown)
            for section in brief.sections
            for rank, told in enumerate(section.stories, 1)
        ],
        "articles": [item_to_dict(item) for item in brief.items],
        "skipped": [{"input": s.input, "reason": s.reason} for s in brief.skipped],
    }
    if brief.previous_counts is not None:
        data["previous_counts"] = dict(brief.previous_counts)
    return data


@register
class JsonRenderer(Configured[RenderOptions]):
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"

    def render(self, brief: Brief) -> bytes:
        # The dicts go as soon as the text is made and the text as soon as it is bytes:
        # at 20,000 articles each held another 30-60 MB at the build's peak (issue 15h).
        text = json.dumps(brief_to_dict(brief, self.options), ensure_ascii=False, indent=2)
        data = text.encode()
        del text
        return data + b"\n"
