"""The brief as a Word document, with real Word styles."""

from __future__ import annotations

import io
from typing import ClassVar

import docx
from docx.document import Document
from docx.shared import Pt, RGBColor

from briefing.models import OTHER_THEME_ID, Brief, BriefItem
from briefing.renderers.base import RenderOptions, register

MUTED = RGBColor(0x59, 0x59, 0x59)


def source_line(item: BriefItem) -> str:
    article = item.article
    parts = [article.source or article.path.rsplit("/", 1)[-1]]
    if article.date:
        parts.append(article.date.strftime("%d %b %Y"))
    parts.append(f"{article.word_count} words")
    return " · ".join(parts)


@register
class DocxRenderer:
    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def render(self, brief: Brief) -> bytes:
        document = docx.Document(str(self.options.template) if self.options.template else None)
        self._cover(document, brief)
        self._key_points(document, brief)
        for section in brief.sections:
            document.add_heading(section.theme.name, level=1)
            for item in section.items:
                self._article(document, item)
        self._sources(document, brief)
        self._properties(document, brief)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def _cover(self, document: Document, brief: Brief) -> None:
        document.add_paragraph(brief.title, style="Title")
        date_line = document.add_paragraph(
            f"Issued {brief.generated_at.strftime('%d %B %Y, %H:%M %Z').strip()}"
        )
        for run in date_line.runs:
            run.font.color.rgb = MUTED

    def _key_points(self, document: Document, brief: Brief) -> None:
        if not brief.key_points:
            return
        document.add_heading("Key points", level=1)
        for point in brief.key_points:
            document.add_paragraph(f"{point.sentence} [{point.citation}]", style="List Bullet")

    def _article(self, document: Document, item: BriefItem) -> None:
        document.add_heading(item.article.title, level=2)
        meta = document.add_paragraph()
        run = meta.add_run(f"[{item.citation}] {source_line(item)}")
        run.font.color.rgb = MUTED
        run.font.size = Pt(9)
        for sentence in item.summary.texts:
            document.add_paragraph(sentence, style="List Bullet")
        if item.theme_score.theme == OTHER_THEME_ID or not item.summary.texts:
            return

    def _sources(self, document: Document, brief: Brief) -> None:
        document.add_heading("Sources", level=1)
        for item in brief.items:
            article = item.article
            text = f"[{item.citation}] {article.title}. {source_line(item)}"
            if article.url:
                text += f". {article.url}"
            document.add_paragraph(text, style="List Number")

    def _properties(self, document: Document, brief: Brief) -> None:
        props = document.core_properties
        props.title = brief.title
        props.author = self.options.author
        props.created = brief.generated_at.replace(tzinfo=None)
        props.last_modified_by = self.options.author
