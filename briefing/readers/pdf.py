"""PDF files via pypdf, rebuilt into paragraphs of running text.

A PDF stores lines, not paragraphs. Before the text reaches the splitter:

* lines repeated at the top or bottom of most pages (running headers and footers, with
  their page numbers) and bare page numbers are dropped;
* a word hyphenated across a line break is joined again (``govern-`` + ``ment``), unless
  the document spells the hyphenated form elsewhere (``well-known``);
* lines are joined into paragraphs; a paragraph ends at a blank line or a short line.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from typing import ClassVar

import pypdf
from pypdf.errors import FileNotDecryptedError, PyPdfError

from briefing import text as textlib
from briefing.errors import IngestError
from briefing.models import Article
from briefing.readers.assemble import clean_field
from briefing.readers.base import InputData, ReaderOptions, register
from briefing.readers.plaintext import build_articles

_PDF_MAGIC = b"%PDF-"
# Lines this close to a page's top or bottom may be running headers or footers.
EDGE_LINES = 3
# A line (digits ignored) at a page edge on at least this share of pages repeats.
REPEAT_SHARE = 0.6
# A line shorter than this share of the usual line length ends its paragraph (or is a
# heading): wrapped lines inside a paragraph fill the width.
SHORT_LINE_SHARE = 0.75
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE
)
_HYPHENATED_END = re.compile(r"(\w+)-$")
_LOWER_START = re.compile(r"^([a-z]\w*)")


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def drop_headers_and_footers(pages: list[list[str]]) -> list[list[str]]:
    """Pages without running headers, footers and page numbers."""
    edges = [{_edge_key(line) for line in page[:EDGE_LINES] + page[-EDGE_LINES:]} for page in pages]
    counts = Counter(key for keys in edges for key in keys)
    needed = max(2, round(REPEAT_SHARE * len(pages)))
    repeated = {key for key, n in counts.items() if n >= needed}
    cleaned = []
    for page in pages:
        last = len(page) - 1
        kept = []
        for index, line in enumerate(page):
            at_edge = index < EDGE_LINES or index > last - EDGE_LINES
            if at_edge and (_edge_key(line) in repeated or _PAGE_NUMBER.match(line)):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def join_lines(lines: list[str]) -> list[str]:
    """Paragraphs from extracted lines (``""`` marks a blank line)."""
    lengths = sorted(len(line) for line in lines if line)
    usual = lengths[int(len(lengths) * 0.75)] if lengths else 0
    body = " ".join(lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        hyphen = _HYPHENATED_END.search(current)
        following = _LOWER_START.match(line)
        if hyphen and following:
            hyphenated = f"{hyphen.group(1)}-{following.group(1)}"
            joiner = "-" if f" {hyphenated}" in body or f"{hyphenated} " in body else ""
            current = current[: hyphen.start()] + hyphen.group(1) + joiner + line
        else:
            current = f"{current} {line}" if current else line
        if len(line) < SHORT_LINE_SHARE * usual:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


@register
class PdfFileReader:
    """Reads .pdf files (text PDFs; scanned images hold no text to read)."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    media_types: ClassVar[tuple[str, ...]] = ("application/pdf",)
    specificity: ClassVar[int] = 60

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options

    def sniff(self, head: bytes) -> bool:
        return _PDF_MAGIC in head[:1024]

    def read(self, source: InputData) -> list[Article]:
        try:
            reader = pypdf.PdfReader(io.BytesIO(source.data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError(f"{source.name}: the PDF is password-protected")
            pages = [(page.extract_text() or "").split("\n") for page in reader.pages]
            info = reader.metadata
        except FileNotDecryptedError as exc:
            raise IngestError(f"{source.name}: the PDF is password-protected") from exc
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise IngestError(f"{source.name}: damaged or unreadable PDF ({exc})") from exc
        pages = [[textlib.clean(line) for line in page] for page in pages]
        pages = [[line for line in page if line] for page in pages]
        lines: list[str] = []
        for page in drop_headers_and_footers(pages):
            lines.extend(page)
        if not lines:
            raise IngestError(
                f"{source.name}: the PDF has no text layer (a scan?); run OCR on it first"
            )
        articles = build_articles(source.name, "\n\n".join(join_lines(lines)), url=source.url)
        title = clean_field(info.title) if info else None
        # Document properties are often stale ("Microsoft Word - draft3"): a title
        # printed in the document wins.
        if len(articles) == 1 and title and articles[0].title_derived:
            articles[0] = dataclasses.replace(articles[0], title=title, title_derived=False)
        return articles
