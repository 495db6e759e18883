"""Articles stored as JSON or JSON Lines (exports, scrapers, datasets, JSON Feed).

Accepted layouts: a list of objects; an object holding such a list under ``articles``
or ``items``; a single article object; one object per line. Field names vary by tool,
so each field has a few accepted names (first present wins). A given ``id`` is kept
as it is, so ids stay stable across runs and match the dataset they came from.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from briefing import text as textlib
from briefing.errors import IngestError
from briefing.ingest.readers.assemble import (
    make_article,
    text_or_markup_paragraphs,
    unescape_entities,
)
from briefing.ingest.readers.base import InputData, ReaderOptions, decode_text, head_text, register
from briefing.models import Article
from briefing.registry import Configured

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "content_text", "content_html", "article", "summary"),
    "url": ("url", "link", "canonical_url", "external_url"),
    "date": ("date", "published", "date_published", "published_at", "pubDate", "date_modified"),
    "source": ("source", "publisher", "site_name", "sitename"),
    "author": ("author", "byline", "authors"),
    "id": ("id",),
}
_LIST_KEYS = ("articles", "items", "entries", "data")
_JSON_START = re.compile(r"^\s*(?:\[\s*[{\]]|\{\s*[\"}])")
_JSON_LINES_EXTENSIONS = (".jsonl", ".ndjson")
# JSON Feed (https://jsonfeed.org/version/1 and /1.1) names its version like this.
_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
log = logging.getLogger(__name__)


def _first(record: Mapping[str, Any], field: str) -> Any:
    for key in FIELDS[field]:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _name_of(value: Any) -> str | None:
    """A source or author given as text, as ``{"name": ...}``, or as a list of those."""
    if isinstance(value, Mapping):
        return _name_of(value.get("name") or value.get("title"))
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value) if n]
        return ", ".join(names) or None
    return None if value is None else str(value)


def _text_of(value: Any) -> list[str]:
    if isinstance(value, list):
        return [p for item in value for p in _text_of(item)]
    if isinstance(value, Mapping):
        return _text_of(value.get("text") or value.get("value") or value.get("content"))
    return text_or_markup_paragraphs(str(value)) if value is not None else []


def _unescaped(value: Any) -> Any:
    return unescape_entities(value) if isinstance(value, str) else value


def _as_is(value: Any) -> Any:
    return value


def _position(exc: json.JSONDecodeError, line_offset: int = 0) -> str:
    return f"line {exc.lineno + line_offset}, column {exc.colno}: {exc.msg}"


def _json_lines(text: str, name: str) -> Iterator[Any]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(
                f"{name}: malformed JSON Lines at {_position(exc, number - 1)}"
            ) from exc


def _records(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return []


def parse_records(text: str, name: str, json_lines: bool = False) -> tuple[list[Any], Any]:
    """The article records of a JSON or JSON Lines text, and the top-level document."""
    text = text.lstrip("\ufeff")
    if not json_lines:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            # "Extra data" after a first complete value means one object per line.
            if not (exc.msg == "Extra data" and exc.lineno > 1):
                raise IngestError(f"{name}: malformed JSON at {_position(exc)}") from exc
        else:
            return _records(document), document
    return [r for line in _json_lines(text, name) for r in _records(line)], None


@register
class JsonArticlesReader(Configured[ReaderOptions]):
    """Reads .json and .jsonl/.ndjson files of article objects."""

    name: ClassVar[str] = "json"
    extensions: ClassVar[tuple[str, ...]] = (".json", *_JSON_LINES_EXTENSIONS)
    media_types: ClassVar[tuple[str, ...]] = (
        "application/json",
        "application/feed+json",
        "application/x-ndjson",
        "application/jsonl",
    )
    specificity: ClassVar[int] = 50

    def sniff(self, head: bytes) -> bool:
        return _JSON_START.match(head_text(head)) is not None

    def read(self, source: InputData) -> list[Article]:
        text = decode_text(source)
        records, document = parse_records(
            text, source.name, json_lines=source.extension in _JSON_LINES_EXTENSIONS
        )
        feed_title = document.get("title") if isinstance(document, Mapping) else None
        # A JSON Feed item may be a headline and a link only, like a feed entry.
        json_feed = isinstance(document, Mapping) and str(document.get("version", "")).startswith(
            _JSON_FEED_VERSION
        )
        # Feeds escape their text once too often; other exports are taken as they are.
        unescape = _unescaped if json_feed else _as_is
        articles: list[Article] = []
        empty = 0
        seen_ids: set[str] = set()
        for position, record in enumerate(records):
            if not isinstance(record, Mapping):
                continue
            given_id = _first(record, "id")
            given_id = None if given_id is None else str(given_id)
            if given_id in seen_ids:
                given_id = None  # a repeated id would make two articles one
            article = make_article(
                source.name,
                position,
                [unescape(p) for p in _text_of(_first(record, "text"))],
                title=unescape(_first(record, "title")),
                source=unescape(_name_of(_first(record, "source")) or _name_of(feed_title)),
                date=_name_of(_first(record, "date")),
                url=_first(record, "url") or source.url,
                author=_name_of(_first(record, "author")),
                given_id=given_id,
                headline_ok=json_feed,
            )
            if article is None:
                empty += 1
                continue
            seen_ids.add(article.id)
            articles.append(article)
        if empty and articles:
            log.warning(
                "%s: %s with neither a title nor text left out",
                source.name,
                textlib.counted(empty, "item"),
            )
        if not articles:
            fields = "|".join(FIELDS["text"])
            raise IngestError(
                f"{source.name}: JSON holds no article objects with a text field ({fields})"
            )
        return articles
