"""Saved web pages: the article's main text and metadata, via trafilatura.

trafilatura drops navigation, footers, share bars and reader comments, and reads the
title, date, author, site name and canonical URL from the page's own metadata. It is
given the page's text, never a URL, so nothing is fetched.
"""

from __future__ import annotations

import re
from typing import ClassVar

import trafilatura

from briefing import text as textlib
from briefing.errors import IngestError
from briefing.ingest.readers.assemble import make_article
from briefing.ingest.readers.base import InputData, ReaderOptions, decode_text, head_text, register
from briefing.models import Article

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"<(?:html|head|body|title|meta|div|p|article)\b", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>\s*", re.I)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)
RUNNING_TEXT_MIN_CHARS = 20
# The size-and-time budget of one page: extraction takes about 1.2 s and ~30x the bytes in
# memory per MB of markup (measured with trafilatura 2 on generated article pages, 1-4 MB);
# a 50 MB page took over 200 s and 1.6 GB. Real article pages are well under 5 MB.
HTML_BUDGET_BYTES = 5 * 1024 * 1024


def _is_sentence(line: str) -> bool:
    return len(line.strip()) >= RUNNING_TEXT_MIN_CHARS and textlib.ends_complete(line)


@register
class HtmlReader:
    """Reads .html and .htm pages as one article each."""

    name: ClassVar[str] = "html"
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml", ".shtml")
    media_types: ClassVar[tuple[str, ...]] = ("text/html", "application/xhtml+xml")
    specificity: ClassVar[int] = 40

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options

    def sniff(self, head: bytes) -> bool:
        text = _XML_DECLARATION.sub("", head_text(head), count=1)
        if _HTML_START.match(text):
            return True
        # XHTML or a fragment without <html>: markup first, and no feed root element.
        return (
            text.lstrip().startswith("<")
            and bool(_HTML_TAG.search(text))
            and not (_FEED_ROOT.search(text))
        )

    def read(self, source: InputData) -> list[Article]:
        if len(source.data) > HTML_BUDGET_BYTES:
            raise IngestError(
                f"{source.name}: an HTML page of {len(source.data) / 1024 / 1024:,.0f} MB is over "
                f"the {HTML_BUDGET_BYTES // 1024 // 1024} MB budget for one page (extraction "
                "time and memory grow with it); save the article's text instead"
            )
        page = decode_text(source)
        document = trafilatura.bare_extraction(
            page,
            url=source.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        lines = (document.text or "").split("\n") if document else []
        # Menus and link lists come back as short fragments; an article has sentences.
        if not any(_is_sentence(line) for line in lines):
            raise IngestError(
                f"{source.name}: HTML with no main text (only menus, scripts or boilerplate)"
            )
        article = make_article(
            source.name,
            0,
            lines,
            title=document.title,
            source=document.sitename or document.hostname,
            date=document.date,
            url=document.url or source.url,
            author=document.author,
        )
        if article is None:
            raise IngestError(f"{source.name}: HTML with no main text (only a title)")
        return [article]
