"""The brief as data, in the JSON schema of docs/json-schema.md."""

from __future__ import annotations

import dataclasses
import json
from json.encoder import encode_basestring
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
        parts = _parts(brief_to_dict(brief, self.options))
        parts.append("\n")
        # The dicts are gone by now, and the text is not copied to add its last line
        # break: at 20,000 articles each of those held another 30-60 MB at the peak.
        text = "".join(parts)
        del parts
        return text.encode()


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, character for character.

    With ``indent`` the standard library encodes in Python, a generator per container:
    2 s of a 20,000-article build, which spends 0.2 s on the Word document. Here each
    container is one loop and strings are escaped by the same C function; anything but
    the types a brief is made of (dict with string keys, list, tuple, str, int, float,
    bool, None) is left to ``json.dumps`` (tests/test_output_formats.py compares both).
    """
    return "".join(_parts(data))


def _parts(data: Any) -> list[str]:
    """``dumps(data)`` in pieces."""
    parts: list[str] = []
    try:
        _encode(data, "\n", parts)
    except _NotPlain:
        return [json.dumps(data, ensure_ascii=False, indent=2)]
    return parts


class _NotPlain(Exception):
    """A value ``dumps`` leaves to ``json.dumps``."""


def _scalar(value: Any) -> str:
    """A value that is no container, as ``json.dumps`` writes it (same checks, same order)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (_INFINITY, -_INFINITY):
        return float.__repr__(value)
    raise _NotPlain


_INFINITY = float("inf")
_SCALARS = (str, int, float, bool, type(None))
# The most common scalars by their exact type, written without a call to ``_scalar``.
_CONSTANTS: dict[Any, str] = {None: "null", True: "true", False: "false"}


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value`` encoded; ``newline``: a line break and the indent of its line."""
    if type(value) is str:  # most values: escaped in C, at once
        parts.append(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain  # json.dumps turns numbers, booleans and None into text
            kind = type(item)
            if kind is str:
                parts.append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
            elif item is None or kind is bool:
                parts.append(f"{separator}{encode_basestring(key)}: {_CONSTANTS[item]}")
            elif kind is int:
                parts.append(f"{separator}{encode_basestring(key)}: {int.__repr__(item)}")
            else:
                parts.append(f"{separator}{encode_basestring(key)}: ")
                if isinstance(item, _SCALARS):
                    parts.append(_scalar(item))
                else:
                    _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        if all(type(item) is str for item in value):
            parts.append("[" + inner + ("," + inner).join(map(encode_basestring, value)))
        else:
            separator = "[" + inner
            for item in value:
                parts.append(separator)
                if isinstance(item, _SCALARS):
                    parts.append(_scalar(item))
                else:
                    _encode(item, inner, parts)
                separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, _SCALARS):
        parts.append(_scalar(value))
    else:
        raise _NotPlain
