"""RSS and Atom feeds via feedparser: one article per entry.

An entry's full content is used when the feed carries it, else its summary; the HTML
in either is reduced to its text. The feed's own title is each article's source.
feedparser is handed bytes, never a string, so it cannot mistake them for a URL to fetch.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any, ClassVar

import feedparser

from briefing.errors import IngestError
from briefing.ingest.readers.assemble import make_article, text_or_markup_paragraphs
from briefing.ingest.readers.base import InputData, ReaderOptions, head_text, register
from briefing.models import Article

_FEED_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*"
    r"<(?:rss|feed|rdf:RDF)\b",
    re.IGNORECASE | re.DOTALL,
)


def _date(entry: Any) -> dt.date | str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return entry.get("published") or entry.get("updated")


def _body(entry: Any) -> list[str]:
    contents = entry.get("content") or []
    full = "\n".join(c.get("value", "") for c in contents if c.get("value"))
    summary = entry.get("summary") or ""
    # Some feeds put a teaser in <content> and the full text in the summary: take the longer.
    best = max((full, summary), key=len)
    return text_or_markup_paragraphs(best)


@register
class FeedReader:
    """Reads RSS 0.9x/1.0/2.0 and Atom files (.rss, .atom, .xml)."""

    name: ClassVar[str] = "feed"
    extensions: ClassVar[tuple[str, ...]] = (".rss", ".atom", ".xml", ".rdf")
    media_types: ClassVar[tuple[str, ...]] = (
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    )
    specificity: ClassVar[int] = 45

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options

    def sniff(self, head: bytes) -> bool:
        return _FEED_ROOT.match(head_text(head)) is not None

    def read(self, source: InputData) -> list[Article]:
        parsed = feedparser.parse(source.data, sanitize_html=True, resolve_relative_uris=False)
        if not parsed.get("version") and not parsed.entries:
            reason = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> root"
            raise IngestError(f"{source.name}: not an RSS or Atom feed ({reason})")
        feed_title = parsed.feed.get("title")
        articles = []
        for position, entry in enumerate(parsed.entries):
            article = make_article(
                source.name,
                position,
                _body(entry),
                title=entry.get("title"),
                source=feed_title,
                date=_date(entry),
                url=entry.get("link") or source.url,
                author=entry.get("author"),
            )
            if article is not None:
                articles.append(article)
        if not articles:
            raise IngestError(f"{source.name}: the feed has no entries with text")
        return articles
