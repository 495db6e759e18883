"""Building articles from parts a structured reader found (title, paragraphs, metadata).

Every field goes through ``text.clean`` here, so no reader can hand the renderers text
that Word would refuse (NUL, vertical tab...) or that is not NFC.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from briefing import text as textlib
from briefing.ingest.dates import parse_date
from briefing.ingest.readers.common import article_id, derive_title, is_cut_off
from briefing.models import Article


def clean_field(value: object) -> str | None:
    """A metadata value as one clean line, or None when it is empty."""
    if value is None:
        return None
    cleaned = " ".join(textlib.clean(str(value)).split())
    return cleaned or None


# Paragraphs are cleaned in one ``text.clean`` call, joined by a private-use character:
# clean keeps it, it is no white space, and nothing composes with it under NFC, so each
# piece between two comes out as its paragraph cleaned alone (up to white space, which
# is folded after). One call per article, not one per paragraph (a tenth of reading
# 1,000 JSON articles went to the per-call work).
_JOIN = "\ue000"


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Paragraphs cleaned, inner line breaks folded, empty ones dropped."""
    paragraphs = list(paragraphs)
    if len(paragraphs) > 1 and not any(_JOIN in paragraph for paragraph in paragraphs):
        pieces = textlib.clean(_JOIN.join(paragraphs)).split(_JOIN)
    else:
        pieces = [textlib.clean(paragraph) for paragraph in paragraphs]
    result = []
    for piece in pieces:
        cleaned = " ".join(piece.split())
        if cleaned:
            result.append(cleaned)
    return result


def make_article(
    name: str,
    position: int,
    paragraphs: Iterable[str],
    *,
    title: object = None,
    source: object = None,
    date: dt.date | str | None = None,
    url: object = None,
    author: object = None,
    given_id: object = None,
    headline_ok: bool = False,
) -> Article | None:
    """One article, or None when there is no text at all.

    With ``headline_ok`` (a feed entry, a teaser) a title with no text under it is kept
    as a headline item; otherwise a body that only repeats the title is kept as the body.
    """
    body = clean_paragraphs(paragraphs)
    clean_title = clean_field(title)
    if body and clean_title and body[0] == clean_title and (len(body) > 1 or headline_ok):
        body = body[1:]  # the headline repeated as the first paragraph
    if not body and not (headline_ok and clean_title):
        return None
    return Article(
        id=clean_field(given_id) or article_id(name, position),
        title=clean_title or derive_title(body[0]),
        title_derived=not clean_title,
        headline_only=not body,
        text="\n\n".join(body),
        path=name,
        source=clean_field(source),
        date=date if isinstance(date, dt.date) else parse_date(clean_field(date)),
        url=clean_field(url),
        author=clean_field(author),
        truncated=bool(body) and is_cut_off(body[-1]),
    )


# fmt: off
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
))
# fmt: on
_DROPPED_TAGS = ("script", "style", "noscript", "template", "head")
_LOOKS_LIKE_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def looks_like_markup(value: str) -> bool:
    return _LOOKS_LIKE_MARKUP.search(value) is not None


def markup_to_paragraphs(fragment: str) -> list[str]:
    """The visible text of an HTML fragment (feed summary, mail part), one item per block."""
    fragment = textlib.clean(fragment)
    if not fragment:
        return []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return textlib.paragraphs(fragment)
    for bad in list(root.iter(*_DROPPED_TAGS)):
        bad.drop_tree()
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str):  # comments, processing instructions
            if element.tail:
                pieces.append(element.tail)
            return
        block = element.tag.lower() in _BLOCK_TAGS
        if block:
            pieces.append("\n\n")
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
        if block:
            pieces.append("\n\n")
        if element.tail:
            pieces.append(element.tail)

    walk(root)
    text = "".join(pieces)
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def unescape_entities(value: str) -> str:
    """``&#039;`` and ``&amp;`` as the characters they stand for.

    Feeds and JSON exports often escape their text once more than their format asks for,
    so a parser that decoded the markup still hands over entities.
    """
    return html.unescape(value) if _ENTITY.search(value) else value


def text_or_markup_paragraphs(value: str) -> list[str]:
    """Paragraphs of a value that may be plain text or an HTML fragment."""
    if looks_like_markup(value):
        return markup_to_paragraphs(value)
    return textlib.paragraphs(textlib.clean(value))
