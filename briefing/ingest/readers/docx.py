"""Word documents (.docx) via python-docx.

Paragraphs and tables are read in document order. Each ``Title`` or ``Heading 1``
paragraph starts an article (a colleague's file often holds several stories); lower
headings stay in the text as subheadings. ``Source:``/``Date:``/``URL:`` lines at the top
of an article are read as its metadata, as in plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import ClassVar

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefing.errors import IngestError
from briefing.ingest.readers.assemble import clean_field, make_article
from briefing.ingest.readers.base import InputData, ReaderOptions, register
from briefing.ingest.readers.common import header_field
from briefing.models import Article

_ZIP_MAGIC = b"PK\x03\x04"
_ARTICLE_STYLE = re.compile(r"^(?:title|heading 1)$", re.IGNORECASE)


@dataclass
class _Section:
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)


def _style_name(paragraph: Paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except KeyError:  # a style id the document references but does not define
        return ""


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            # merged cells repeat their text in every grid position they span
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _sections(document: docx.document.Document) -> list[_Section]:
    sections = [_Section()]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            sections[-1].paragraphs.extend(_table_rows(block))
            continue
        text = block.text.strip()
        if not text:
            continue
        current = sections[-1]
        if _ARTICLE_STYLE.match(_style_name(block)):
            if current.paragraphs or current.title is not None:
                sections.append(_Section())
            sections[-1].title = text
            continue
        header = header_field(text) if not current.paragraphs else None
        if header:
            name, value = header
            if name == "title":
                current.title = current.title or value
            else:
                current.meta[name] = value
            continue
        current.paragraphs.append(text)
    return [s for s in sections if s.paragraphs]


@register
class DocxReader:
    """Reads Word .docx files."""

    name: ClassVar[str] = "docx"
    extensions: ClassVar[tuple[str, ...]] = (".docx", ".docm")
    media_types: ClassVar[tuple[str, ...]] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    specificity: ClassVar[int] = 60

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options

    def sniff(self, head: bytes) -> bool:
        # Any zip is claimed so that a zip that is not Word gets a precise reason.
        return head.startswith(_ZIP_MAGIC)

    def read(self, source: InputData) -> list[Article]:
        try:
            document = docx.Document(io.BytesIO(source.data))
        except zipfile.BadZipFile as exc:
            raise IngestError(
                f"{source.name}: not a valid Word file (not a zip archive, or a damaged one)"
            ) from exc
        except (KeyError, ValueError, PackageNotFoundError) as exc:
            raise IngestError(
                f"{source.name}: a zip archive but not a Word document; "
                "save it from Word as .docx and retry"
            ) from exc
        sections = _sections(document)
        core_title = clean_field(document.core_properties.title)
        core_author = clean_field(document.core_properties.author)
        articles = []
        for position, section in enumerate(sections):
            title = section.title
            if len(sections) == 1 and core_title:
                title = core_title
            article = make_article(
                source.name,
                position,
                section.paragraphs,
                title=title,
                source=section.meta.get("source"),
                date=section.meta.get("date"),
                url=section.meta.get("url") or source.url,
                author=section.meta.get("author") or core_author,
            )
            if article is not None:
                articles.append(article)
        if not articles:
            raise IngestError(f"{source.name}: the Word document holds no text")
        return articles
