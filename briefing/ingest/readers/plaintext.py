"""Plain text and Markdown: one file may hold several articles.

Layouts understood, explicit first:

* separator lines (``---``, ``***``, ``===``, ``___``) between articles;
* header lines ``Title:``, ``Source:``, ``Date:``, ``URL:``, ``Author:`` at an article's top;
* a title line (or Markdown ``#`` heading) followed by a blank line;
* scraped pages with no titles and no blank lines. There a paragraph that stops
  mid-sentence closes a truncated article, and a truncated paragraph that does not
  continue the article before it (a run of teasers, or a change of topic) is a teaser
  article on its own.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

from briefing import text as textlib
from briefing.errors import IngestError
from briefing.ingest.dates import parse_date
from briefing.ingest.readers.base import (
    InputData,
    ReaderOptions,
    decode_text,
    looks_binary,
    register,
)
from briefing.languages import has_cjk
from briefing.models import Article

_SEPARATOR = re.compile(r"^\s*(?:-{3,}|\*{3,}|={3,}|_{3,})\s*$")
_HEADER = re.compile(
    r"^(title|headline|source|publisher|date|published|url|link|author|by)\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
_HEADER_FIELD = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "publisher": "source",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "author": "author",
    "by": "author",
}
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MARKUP_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|\?xml|rss|feed)\b", re.IGNORECASE)

_BYLINE = re.compile(r"^by\s+(\S.*?)\s*$", re.IGNORECASE)
BYLINE_MAX_WORDS = 8
TITLE_MAX_WORDS = 20
TITLE_MAX_CHARS = 160
DERIVED_TITLE_CHARS = 90
# Chinese and Japanese headlines run to about 40 characters; a longer line is text.
TITLE_MAX_CJK_CHARS = 64
# A line ending in a full stop or a comma, of any script, is a sentence, not a title.
_NOT_TITLE_END = (".", ",", ";", ":", "。", "，", "；", "：", "、", "।", "॥", "။")
# A paragraph shorter than this that lacks a final stop is a heading or label, not text
# cut off mid-sentence.
TRUNCATION_MIN_WORDS = 8
# A truncated paragraph whose topical overlap with the article before it is below this
# share of that article's own paragraph-to-paragraph overlap starts an article of its own.
COHESION_SHARE = 0.5


@dataclass
class _Draft:
    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    title_from_header: bool = False
    paragraphs: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.paragraphs and not self.meta and self.title is None


def header_field(line: str) -> tuple[str, str] | None:
    """``("title"|"source"|"date"|"url"|"author", value)`` for a header line like ``Date: …``."""
    match = _HEADER.match(line)
    return (_HEADER_FIELD[match.group(1).lower()], match.group(2)) if match else None


def _blocks(chunk: str, blank_separated: bool) -> list[list[str]]:
    """Blocks of lines split at blank lines; with no blank line, every line is a block."""
    if not blank_separated:
        return [[line.strip()] for line in chunk.split("\n") if line.strip()]
    blocks = re.split(r"\n\s*\n", chunk)
    return [[ln.strip() for ln in b.split("\n") if ln.strip()] for b in blocks if b.strip()]


def _is_title_line(block: str, next_exists: bool) -> bool:
    if not next_exists or "\n" in block:
        return False
    if block.rstrip().endswith(_NOT_TITLE_END):
        return False
    if has_cjk(block):  # no spaces between words: count characters
        return len(block) <= TITLE_MAX_CJK_CHARS
    n_words = len(block.split())
    return 1 <= n_words <= TITLE_MAX_WORDS and len(block) <= TITLE_MAX_CHARS


def _split_chunks(text: str) -> list[str]:
    chunks: list[list[str]] = [[]]
    previous = ""
    for line in text.split("\n"):
        if not _SEPARATOR.match(line):
            chunks[-1].append(line)
        elif _is_setext_underline(previous, line):
            chunks[-1].append("")  # the title line above now stands alone as a title
        else:
            chunks.append([])
        previous = line
    return ["\n".join(c).strip() for c in chunks if "\n".join(c).strip()]


def _is_setext_underline(previous: str, line: str) -> bool:
    """``===`` or ``---`` right under a short title-like line underlines it."""
    return (
        line.strip()[0] in "=-"
        and bool(previous.strip())
        and _is_title_line(previous.strip(), True)
        and not _HEADER.match(previous)
    )


def is_cut_off(paragraph: str) -> bool:
    """True when a paragraph of running text stops mid-sentence."""
    return len(paragraph.split()) >= TRUNCATION_MIN_WORDS and not textlib.ends_complete(paragraph)


def _article_starts(paragraphs: list[str]) -> set[int]:
    """Indexes of the paragraphs that start a new article: the one after a truncated
    paragraph, and a truncated paragraph that does not continue the article before it."""
    complete = [not is_cut_off(p) for p in paragraphs]
    starts: set[int] = set()
    run_start = 0
    for i in range(len(paragraphs)):
        if i > 0 and not complete[i - 1]:
            run_start = i  # the paragraph after a truncated one always starts afresh
            starts.add(i)
        if complete[i] or i == run_start:
            continue
        # paragraph i is truncated and follows complete paragraphs of the same article
        next_truncated = i + 1 < len(paragraphs) and not complete[i + 1]
        if next_truncated or _changes_topic(paragraphs[run_start:i], paragraphs[i]):
            starts.add(i)
    return starts


def _changes_topic(article: list[str], candidate: str) -> bool:
    bags = [Counter(textlib.content_stems(p)) for p in article]
    whole: Counter[str] = sum(bags, Counter())
    overlap = textlib.cosine(whole, Counter(textlib.content_stems(candidate)))
    if len(bags) < 2:
        return overlap < 0.05
    internal = sorted(textlib.cosine(bags[k], whole - bags[k]) for k in range(len(bags)))
    typical = internal[len(internal) // 2]
    return overlap < COHESION_SHARE * typical


def split_articles(
    text: str, markdown: bool = False
) -> list[tuple[dict[str, str], str | None, list[str]]]:
    """Split cleaned text into (metadata, given title, paragraphs) per article.

    Pure function; the reader turns its output into Article objects.
    """
    if markdown:
        text = _MD_EMPHASIS.sub(r"\2", text)
    drafts: list[_Draft] = []
    for chunk in _split_chunks(text):
        drafts.extend(_split_chunk(chunk, markdown))
    return _without_orphan_titles(drafts)


def _without_orphan_titles(
    drafts: list[_Draft],
) -> list[tuple[dict[str, str], str | None, list[str]]]:
    """Drafts with text; a title with no text under it (a last heading, a header block
    before a separator) would vanish, so it ends the article before it, or stands alone."""
    kept: list[tuple[dict[str, str], str | None, list[str]]] = []
    for draft in drafts:
        if draft.paragraphs:
            kept.append((draft.meta, draft.title, draft.paragraphs))
        elif draft.title and kept:
            kept[-1][2].append(draft.title)
        elif draft.title:
            kept.append((draft.meta, None, [draft.title]))
    return kept


def _split_chunk(chunk: str, markdown: bool) -> list[_Draft]:
    blank_separated = _separated_by_blank_lines(chunk)
    blocks = _blocks(chunk, blank_separated)
    drafts = [_Draft()]
    body: list[str] = []

    def flush_body() -> None:
        if not body:
            return
        starts = _article_starts(body)
        for i, paragraph in enumerate(body):
            if drafts[-1].paragraphs and i in starts:
                drafts.append(_Draft())
            drafts[-1].paragraphs.append(paragraph)
        body.clear()

    for index, lines in enumerate(blocks):
        headers: list[tuple[str, str]] = []
        while lines and (header := header_field(lines[0])):
            headers.append(header)
            lines = lines[1:]
        if headers:
            flush_body()
            if drafts[-1].paragraphs:
                drafts.append(_Draft())
            for field_name, value in headers:
                if field_name == "title":
                    drafts[-1].title = value
                    drafts[-1].title_from_header = True
                else:
                    drafts[-1].meta[field_name] = value
            if not lines:
                continue
        # A headline may carry its byline and dateline on the lines right under it.
        under_title = [_byline_or_dateline(line) for line in lines[1:]]
        extra_meta = dict(m for m in under_title if m) if all(under_title) else {}
        block = lines[0] if extra_meta else " ".join(lines)
        heading = _MD_HEADING.match(block) if markdown else None
        has_next = index + 1 < len(blocks)
        starts_article = not drafts[-1].paragraphs and not body
        if heading and len(heading.group(1)) > 1 and not starts_article:
            body.append(heading.group(2))  # a subheading inside an article
            continue
        previous_complete = not body or not is_cut_off(body[-1])
        is_title = heading is not None or (
            _is_title_line(block, has_next)
            and (starts_article or (previous_complete and len(block.split()) >= 4))
            and blank_separated
        )
        if is_title and starts_article and drafts[-1].title is not None:
            # A header block already named the article: a repeated headline is dropped,
            # anything else (a dek, a byline, a heading said twice) is body text.
            repeated = (heading.group(2) if heading else block) == drafts[-1].title
            if repeated and drafts[-1].title_from_header:
                for key, value in extra_meta.items():
                    drafts[-1].meta.setdefault(key, value)
                continue
            is_title = False
        if is_title:
            flush_body()
            if drafts[-1].paragraphs or drafts[-1].title is not None:
                drafts.append(_Draft())
            drafts[-1].title = heading.group(2) if heading else block
            drafts[-1].meta.update(extra_meta)
            continue
        body.append(" ".join(lines))
    flush_body()
    return drafts


def _byline_or_dateline(line: str) -> tuple[str, str] | None:
    """("author", name) for a short "By …" line, ("date", line) for a bare date, else None."""
    byline = _BYLINE.match(line)
    if byline and len(line.split()) <= BYLINE_MAX_WORDS:
        return ("author", byline.group(1))
    if parse_date(line) is not None:
        return ("date", line)
    return None


def _separated_by_blank_lines(chunk: str) -> bool:
    return re.search(r"\n\s*\n", chunk) is not None


def article_id(name: str, position: int) -> str:
    """Stable id from the input's name and the article's position in it."""
    digest = hashlib.sha1(f"{name}#{position}".encode()).hexdigest()[:10]
    return f"a{digest}"


def derive_title(first_paragraph: str) -> str:
    """A title for an untitled article: the first sentence of its first paragraph, shortened."""
    sentences = textlib.split_sentences(first_paragraph)
    return textlib.shorten(sentences[0] if sentences else first_paragraph, DERIVED_TITLE_CHARS)


def build_articles(
    name: str, text: str, url: str | None = None, markdown: bool = False
) -> list[Article]:
    """Articles from the text of one input (shared by every text-like reader)."""
    articles: list[Article] = []
    drafts = split_articles(textlib.clean(text), markdown=markdown)
    for position, (meta, title, paragraphs) in enumerate(drafts):
        articles.append(
            Article(
                id=article_id(name, position),
                title=title or derive_title(paragraphs[0]),
                title_derived=not title,
                text="\n\n".join(paragraphs),
                path=name,
                source=meta.get("source") or None,
                date=parse_date(meta.get("date")),
                url=meta.get("url") or url,
                author=meta.get("author") or None,
                truncated=is_cut_off(paragraphs[-1]),
            )
        )
    return articles


@register
class PlainTextReader:
    """Reads .txt and .md files, splitting multi-article files."""

    name: ClassVar[str] = "text"
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".md", ".markdown", ".text", "")
    media_types: ClassVar[tuple[str, ...]] = ("text/plain", "text/markdown")
    specificity: ClassVar[int] = 0

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options

    def sniff(self, head: bytes) -> bool:
        return bool(head.strip()) and not looks_binary(head) and not _MARKUP_START.match(head)

    def read(self, source: InputData) -> list[Article]:
        text = decode_text(source)
        if not text.strip():
            raise IngestError(f"{source.name}: empty file (nothing but white space)")
        articles = build_articles(
            source.name, text, url=source.url, markdown=source.extension in (".md", ".markdown")
        )
        if not articles:
            raise IngestError(f"{source.name}: no article text found")
        return articles
