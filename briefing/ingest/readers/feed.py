"""RSS and Atom feeds via feedparser: one article per entry.

An entry's full content is used when the feed carries it, else its summary; the HTML
in either is reduced to its text. An entry with a title but no text is a headline item.
The feed's own title is each article's source. An Atom entry document (an ``<entry>``
root) is read as a feed of one entry. Entities a feed escaped twice (``&amp;#039;``) are
decoded. feedparser is handed bytes, never a string, so it cannot fetch a URL.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any, ClassVar

from briefing.errors import IngestError
from briefing.ingest.readers.assemble import (
    make_article,
    markup_to_paragraphs,
    text_or_markup_paragraphs,
    unescape_entities,
)
from briefing.ingest.readers.base import InputData, ReaderOptions, head_text, register
from briefing.models import Article
from briefing.registry import Configured

# XML declaration, comments, processing instructions, a DOCTYPE (with its internal subset
# of entity declarations, when it has one).
_PROLOG = (
    r"^\s*(?:<\?xml[^>]*>\s*)?"
    r"(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
)
# The root, maybe with a namespace prefix (``<rdf:RDF>``, ``<r:rss>``); ``channel`` is
# Microsoft's old Channel Definition Format, which feedparser reads too.
_FEED_ROOT = re.compile(
    _PROLOG + r"<(?:[\w.-]+:)?(?:rss|feed|RDF|entry|channel)\b", re.IGNORECASE | re.DOTALL
)
# Only an XML prolog and comments: no element at all. The feed reader claims it so that
# it is named as not a feed instead of becoming an article titled "<!--".
# (The last comment may be cut off where the sniffed head ends.)
_PROLOG_ONLY = re.compile(_PROLOG + r"(?:<!--(?:(?!-->).)*)?$", re.DOTALL)


def _date(entry: Any) -> dt.date | str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return entry.get("published") or entry.get("updated")


def _unescaped(value: str | None) -> str | None:
    return unescape_entities(value) if value else value


# Atom titles may be HTML or XHTML (type="html"/"xhtml"); feedparser keeps their markup.
_MARKUP_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _text_field(item: Any, key: str) -> str | None:
    """A title-like field as plain text, markup reduced to its text, entities decoded."""
    value = item.get(key)
    if value and (item.get(f"{key}_detail") or {}).get("type") in _MARKUP_TYPES:
        value = " ".join(markup_to_paragraphs(value))
    return _unescaped(value)


def _body(entry: Any) -> list[str]:
    contents = entry.get("content") or []
    full = "\n".join(c.get("value", "") for c in contents if c.get("value"))
    summary = entry.get("summary") or ""
    # Some feeds put a teaser in <content> and the full text in the summary: take the longer.
    best = max((full, summary), key=len)
    return [unescape_entities(p) for p in text_or_markup_paragraphs(best)]


@register
class FeedReader(Configured[ReaderOptions]):
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

    def sniff(self, head: bytes) -> bool:
        text = head_text(head)
        return _FEED_ROOT.match(text) is not None or (
            text.lstrip().startswith("<") and _PROLOG_ONLY.match(text) is not None
        )

    def read(self, source: InputData) -> list[Article]:
        import feedparser  # imported here: most runs read no feed

        parsed = feedparser.parse(source.data, sanitize_html=True, resolve_relative_uris=False)
        if not parsed.get("version") and not parsed.entries:
            if _PROLOG_ONLY.match(head_text(source.data)):
                raise IngestError(f"{source.name}: XML holding only comments, no content")
            raise IngestError(
                f"{source.name}: not an RSS or Atom feed (no <rss>, <feed>, <rdf:RDF> or "
                "<entry> element)"
            )
        feed_title = _text_field(parsed.feed, "title")
        articles = []
        for position, entry in enumerate(parsed.entries):
            article = make_article(
                source.name,
                position,
                _body(entry),
                title=_text_field(entry, "title"),
                source=feed_title,
                date=_date(entry),
                url=entry.get("link") or source.url,
                author=_unescaped(entry.get("author")),
                headline_ok=True,
            )
            if article is not None:
                articles.append(article)
        if not articles:
            raise IngestError(f"{source.name}: the feed has no entries with a title or text")
        return articles
