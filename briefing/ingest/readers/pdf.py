"""PDF files via pypdf, rebuilt into paragraphs of running text.

A PDF stores lines, not paragraphs. Before the text reaches the splitter:

* lines repeated at the top or bottom of most pages (running headers and footers, with
  their page numbers) and bare page numbers are dropped;
* a word hyphenated across a line break is joined again (``govern-`` + ``ment``), unless
  the document spells the hyphenated form elsewhere (``well-known``);
* lines are joined into paragraphs; a paragraph ends where extra white space, a change
  of font size (a heading) or a short line says so.

A PDF is one article (a report, a book, a scanned history). It holds several only where
its headings clearly mark separate articles: a headline with a byline or dateline right
under it. The plain-text splitter is not used: its cues (short lines, cut-off
paragraphs) are everywhere in a PDF's text.

pypdf reports what it repaired or could not decode through ``logging`` (one line per
font, often hundreds per file); the CLI's logging shows third-party records only with
``--verbose`` (``briefing.cli.progress``).
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from briefing import forking
from briefing import text as textlib
from briefing.errors import IngestError
from briefing.ingest.readers.assemble import clean_field, make_article
from briefing.ingest.readers.base import InputData, ReaderOptions, register
from briefing.ingest.readers.common import byline_or_dateline, is_fragment
from briefing.ingest.readers.plaintext import headline_shaped
from briefing.models import Article
from briefing.registry import Configured

if TYPE_CHECKING:
    import pypdf

_PDF_MAGIC = b"%PDF-"
# Lines this close to a page's top or bottom may be running headers or footers.
EDGE_LINES = 3
# Headers and footers are short; only lines this short may differ by a page number.
FURNITURE_MAX_WORDS = 8
# A line (digits ignored) at a page edge on at least this share of pages repeats.
REPEAT_SHARE = 0.6
# White space above a line this many times the usual line spacing starts a paragraph.
PARAGRAPH_GAP = 1.25
# A change of font size by this share of the body size starts or ends a heading.
SIZE_CHANGE = 0.1
# A line shorter than this share of the usual line length ends its paragraph (or is a
# heading): wrapped lines inside a paragraph fill the width.
SHORT_LINE_SHARE = 0.75
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE
)
_HYPHENATED_END = re.compile(r"(\w+)-$")
_LOWER_START = re.compile(r"^([a-z]\w*)")


@dataclass(frozen=True)
class PdfLine:
    """One printed line: its text, baseline height on the page and font size."""

    text: str
    y: float = 0.0
    size: float = 0.0


def page_lines(page: pypdf.PageObject) -> list[PdfLine]:
    """The page's lines in reading order, with where they sit and how big they print."""
    lines: list[PdfLine] = []
    parts: list[str] = []
    where: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece.strip():
                parts.append(piece)
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                where.append((y, size * (abs(tm[3] * cm[3]) or 1.0)))
            if index < len(pieces) - 1:
                finish()

    def finish() -> None:
        line = textlib.clean("".join(parts))
        if line:
            lines.append(PdfLine(line, where[0][0], max(s for _, s in where)))
        parts.clear()
        where.clear()

    page.extract_text(visitor_text=visit)
    finish()
    return lines


def _edge_key(line: str) -> str:
    """Lines compare by their words; short ones (headers, footers) ignoring numbers too."""
    words = line.lower().split()
    key = " ".join(words)
    return re.sub(r"\d+", "#", key) if len(words) <= FURNITURE_MAX_WORDS else key


def drop_headers_and_footers(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Pages without running headers, footers and page numbers."""
    edges = [
        {_edge_key(line.text) for line in page[:EDGE_LINES] + page[-EDGE_LINES:]} for page in pages
    ]
    counts = Counter(key for keys in edges for key in keys)
    needed = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    repeated = {key for key, n in counts.items() if n >= needed}
    cleaned = []
    for page in pages:
        last = len(page) - 1
        kept = []
        for index, line in enumerate(page):
            at_edge = index < EDGE_LINES or index > last - EDGE_LINES
            if at_edge and (_edge_key(line.text) in repeated or _PAGE_NUMBER.match(line.text)):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def _starts_paragraph(previous: PdfLine, line: PdfLine, usual_gap: float, body_size: float) -> bool:
    gap = previous.y - line.y
    if usual_gap > 0 and gap > PARAGRAPH_GAP * usual_gap:
        return True  # extra white space above the line
    sizes_differ = abs(line.size - previous.size) > SIZE_CHANGE * body_size
    return body_size > 0 and sizes_differ  # a heading begins or ends


def join_lines(lines: list[PdfLine]) -> list[str]:
    """Paragraphs from the lines of the whole document, in order."""
    lengths = sorted(len(line.text) for line in lines)
    usual_length = lengths[int(len(lengths) * 0.75)] if lengths else 0
    gaps = sorted(a.y - b.y for a, b in itertools.pairwise(lines) if a.y - b.y > 0)
    usual_gap = gaps[len(gaps) // 4] if gaps else 0.0  # plain line spacing, not paragraph gaps
    sizes = sorted(line.size for line in lines)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    words = " ".join(line.text for line in lines)
    paragraphs: list[str] = []
    current = ""
    previous: PdfLine | None = None
    for line in lines:
        if current and previous and _starts_paragraph(previous, line, usual_gap, body_size):
            paragraphs.append(current)
            current = ""
        hyphen = _HYPHENATED_END.search(current)
        following = _LOWER_START.match(line.text)
        if hyphen and following:
            hyphenated = f"{hyphen.group(1)}-{following.group(1)}"
            joiner = "-" if f" {hyphenated}" in words or f"{hyphenated} " in words else ""
            current = current[: hyphen.start()] + hyphen.group(1) + joiner + line.text
        else:
            current = f"{current} {line.text}" if current else line.text
        if len(line.text) < SHORT_LINE_SHARE * usual_length:
            paragraphs.append(current)
            current = ""
        previous = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _password_protected(name: str) -> IngestError:
    return IngestError(
        f"{name}: the PDF is password-protected; save a copy without the password and retry"
    )


@register
class PdfFileReader(Configured[ReaderOptions]):
    """Reads .pdf files (text PDFs; scanned images hold no text to read)."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    media_types: ClassVar[tuple[str, ...]] = ("application/pdf",)
    specificity: ClassVar[int] = 60

    def sniff(self, head: bytes) -> bool:
        return _PDF_MAGIC in head[:1024]

    def read(self, source: InputData) -> list[Article]:
        # Imported here: pypdf takes a sixth of a second to import, and most runs read
        # no PDF.
        import pypdf
        from pypdf.errors import FileNotDecryptedError, PyPdfError

        try:
            reader = pypdf.PdfReader(io.BytesIO(source.data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise _password_protected(source.name)
            pages = forking.map_in_parts(
                partial(_lines_of_page, reader),
                range(len(reader.pages)),
                self.options.jobs,
                PAGES_PER_PART,
            )
            info = reader.metadata
        except FileNotDecryptedError as exc:
            raise _password_protected(source.name) from exc
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise IngestError(f"{source.name}: damaged or unreadable PDF ({exc})") from exc
        lines: list[PdfLine] = []
        for page in drop_headers_and_footers(pages):
            lines.extend(page)
        if not lines:
            raise IngestError(
                f"{source.name}: the PDF has no text layer (a scan?); run OCR on it first"
            )
        paragraphs = join_lines(lines)
        if is_fragment(paragraphs):
            raise IngestError(f"{source.name}: no article text (shorter than one full sentence)")
        title = clean_field(info.title) if info else None
        return articles_from_paragraphs(source.name, paragraphs, url=source.url, title=title)


# Pages per process whose text is taken in parts: pypdf takes 10-80 ms a page, most of
# reading a PDF (a LibreOffice PDF of the BBC dev set, 803 pages: 48 s), and a fork and
# sending the lines back cost about a page. One process against parts, medians of three,
# pages of that PDF: 16 pages 0.75 -> 0.69 s, 32 pages 1.77 -> 1.59 s, 60 pages 3.0 -> 2.0 s.
PAGES_PER_PART = 8


def _lines_of_page(reader: pypdf.PdfReader, index: int) -> list[PdfLine]:
    return page_lines(reader.pages[index])


def _starts_article(paragraphs: list[str], index: int) -> bool:
    """A headline with a byline or dateline right under it, then text."""
    rest = paragraphs[index + 1 :]
    n_meta = next((k for k, p in enumerate(rest) if not byline_or_dateline(p)), len(rest))
    return (
        headline_shaped(paragraphs[index])
        and not byline_or_dateline(paragraphs[index])
        and 0 < n_meta < len(rest)
    )


def articles_from_paragraphs(
    name: str, paragraphs: list[str], url: str | None = None, title: str | None = None
) -> list[Article]:
    """One article, or one per headline-with-byline the text holds.

    A headline printed at the top is the title; else the document's title property.
    Document properties are often stale ("Microsoft Word - draft3"), so printed wins.
    """
    sections: list[list[str]] = [[]]
    for index, paragraph in enumerate(paragraphs):
        has_text = any(not headline_shaped(p) for p in sections[-1])
        if has_text and _starts_article(paragraphs, index):
            sections.append([])
        sections[-1].append(paragraph)
    articles: list[Article] = []
    for position, section in enumerate(sections):
        printed = section.pop(0) if len(section) > 1 and headline_shaped(section[0]) else None
        meta: dict[str, str] = {}
        while len(section) > 1 and (found := byline_or_dateline(section[0])):
            for key, value in found:
                meta.setdefault(key, value)
            section.pop(0)
        article = make_article(
            name,
            position,
            section,
            title=printed or (title if len(sections) == 1 else None),
            date=meta.get("date"),
            author=meta.get("author"),
            url=url,
        )
        if article is not None:
            articles.append(article)
    return articles
