"""The brief as a Word document: house styles, real fields, links and bookmarks.

Layout, top to bottom: cover block, key points (BLUF), at a glance table, contents,
one section per theme, sources, method note. Every page carries the title and the
marking in its header and the marking and "Page X of Y" in its footer.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _BaseHeaderFooter
from docx.shared import Inches, Length, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefing.models import Brief, BriefItem, BriefSection
from briefing.renderers import layout
from briefing.renderers.base import RenderOptions, register
from briefing.renderers.docx_styles import (
    ACCENT,
    RULE,
    ensure_styles,
    house_document,
    mark_language,
    open_template,
)

# templates/brief.docx, packaged through a link so that `pip install .` carries it too.
DEFAULT_TEMPLATE = Path(__file__).resolve().parents[1] / "defaults" / "brief.docx"
TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '
UPDATE_FIELDS_SUCCESSORS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
    "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip


def _attr(element: OxmlElement, **values: str) -> OxmlElement:
    for key, value in values.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _run_element(text: str, bold: bool = False, colour: str | None = None) -> OxmlElement:
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    if bold:
        props.append(OxmlElement("w:b"))
    if colour:
        props.append(_attr(OxmlElement("w:color"), val=colour))
    if len(props):
        run.append(props)
    text_element = _attr(OxmlElement("w:t"), space="preserve")
    text_element.text = text
    run.append(text_element)
    return run


def add_hyperlink(
    paragraph: Paragraph,
    text: str,
    url: str | None = None,
    anchor: str | None = None,
    style_id: str | None = None,
    bold: bool = False,
    colour: str | None = None,
) -> None:
    """A real w:hyperlink: external (relationship to ``url``) or to a bookmark ``anchor``;
    ``style_id`` is a character style's id (not its name)."""
    link = OxmlElement("w:hyperlink")
    if url:
        rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rel_id)
    if anchor:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = _run_element(text, bold=bold, colour=colour)
    if style_id:
        props = run.find(qn("w:rPr"))
        if props is None:
            props = OxmlElement("w:rPr")
            run.insert(0, props)
        props.insert(0, _attr(OxmlElement("w:rStyle"), val=style_id))
    link.append(run)
    paragraph._p.append(link)


def _field_char(paragraph: Paragraph, kind: str, dirty: bool = False) -> None:
    run = OxmlElement("w:r")
    char = _attr(OxmlElement("w:fldChar"), fldCharType=kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    paragraph._p.append(run)


def _instruction(paragraph: Paragraph, instruction: str) -> None:
    run = OxmlElement("w:r")
    text = _attr(OxmlElement("w:instrText"), space="preserve")
    text.text = instruction
    run.append(text)
    paragraph._p.append(run)


def add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end)."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, f" {instruction} ")
    _field_char(paragraph, "separate")
    paragraph._p.append(_run_element(cached))
    _field_char(paragraph, "end")


_bookmark_ids = itertools.count(1)


def add_bookmark(paragraph: Paragraph, name: str) -> None:
    """Wrap the paragraph's content in a bookmark named ``name``."""
    mark_id = str(next(_bookmark_ids))
    start = _attr(OxmlElement("w:bookmarkStart"), id=mark_id, name=name)
    end = _attr(OxmlElement("w:bookmarkEnd"), id=mark_id)
    props = paragraph._p.pPr
    if props is not None:
        props.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _shade(element_props: OxmlElement, fill: str) -> None:
    element_props.append(_attr(OxmlElement("w:shd"), val="clear", color="auto", fill=fill))


def add_marking(paragraph: Paragraph, marking: str, size: float | None = None) -> Run:
    """The marking as a label: TLP colours on black for TLP 2.0, bold accent otherwise."""
    label = layout.marking_label(marking)
    colour = layout.marking_colour(marking)
    run = paragraph.add_run(f"\u00a0{label}\u00a0" if colour else label)
    run.bold = True
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
        _shade(run._r.get_or_add_rPr(), "000000")
    else:
        run.font.color.rgb = RGBColor.from_string(ACCENT)
    return run


def _cell_shade(cell: _Cell, fill: str) -> None:
    _shade(cell._tc.get_or_add_tcPr(), fill)


def _cell_rule(cell: _Cell, colour: str) -> None:
    borders = OxmlElement("w:tcBorders")
    borders.append(_attr(OxmlElement("w:bottom"), val="single", sz="4", space="0", color=colour))
    cell._tc.get_or_add_tcPr().append(borders)


def _cell_margins(table_props: OxmlElement) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", "40"), ("bottom", "40"), ("left", "80"), ("right", "80")):
        margins.append(_attr(OxmlElement(f"w:{side}"), w=width, type="dxa"))
    # CT_TblPr is a sequence and Word rejects it out of order: tblCellMar precedes tblLook.
    look = table_props.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table_props.append(margins)


CORE_PROPERTY_CHARS = 255  # Word's limit for title, subject, author, keywords, ...


def _core(text: str) -> str:
    """``text`` as a core property: one line, cut to Word's 255 characters."""
    line = " ".join(text.split())
    if len(line) <= CORE_PROPERTY_CHARS:
        return line
    return line[: CORE_PROPERTY_CHARS - 1].rstrip() + "…"


def _source_anchor(number: int) -> str:
    return f"source_{number}"


def _heading_anchor(index: int) -> str:
    return f"_Toc_brief_{index}"


@register
class DocxRenderer:
    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    def __init__(self, options: RenderOptions) -> None:
        self.options = options
        self._bullets_missing = False
        self._style_ids: dict[str, str] = {}  # style name -> id, filled per document
        self._headings: list[str] = []

    # -- document ---------------------------------------------------------------------

    def _document(self) -> Document:
        template = self.options.template or (
            DEFAULT_TEMPLATE if DEFAULT_TEMPLATE.exists() else None
        )
        document = open_template(template) if template else house_document()
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        added = ensure_styles(document)
        # python-docx resolves a style name by scanning every style, twice, for each
        # paragraph: ~1 ms each, most of a 1,000-article build. Resolve each name once.
        self._style_ids = {style.name: style.style_id for style in document.styles}
        # A style we had to create has no numbering, so its bullets are drawn by hand.
        self._bullets_missing = "List Bullet" in added
        return document

    def render(self, brief: Brief) -> bytes:
        document = self._document()
        self._headings = []
        self._cover(document, brief)
        self._key_points(document, brief)
        self._at_a_glance(document, brief)
        contents = self._contents(document) if len(brief.sections) > 1 else None
        for section in brief.sections:
            self._section(document, section)
        self._sources(document, brief)
        self._method(document, brief)
        if contents is not None:
            self._fill_contents(contents)
        self._header_footer(document, brief)
        self._properties(document, brief)
        self._update_fields_on_open(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    # -- parts ------------------------------------------------------------------------

    def _set_style(self, paragraph: Paragraph, style: str) -> None:
        paragraph._p.get_or_add_pPr().style = self._style_ids[style]

    def _para(self, document: Document, text: str, style: str) -> Paragraph:
        paragraph = document.add_paragraph(text)
        self._set_style(paragraph, style)
        return paragraph

    def _heading1(self, document: Document, text: str) -> Paragraph:
        paragraph = self._para(document, text, "Heading 1")
        self._headings.append(text)
        add_bookmark(paragraph, _heading_anchor(len(self._headings)))
        return paragraph

    @staticmethod
    def _cite(paragraph: Paragraph, number: int, bold: bool = False) -> None:
        """``[n]`` as a link to source n: accent colour, no underline, quiet in print."""
        add_hyperlink(
            paragraph,
            layout.citation(number),
            anchor=_source_anchor(number),
            bold=bold,
            colour=ACCENT,
        )

    def _link(self, paragraph: Paragraph, text: str, url: str | None, styled: bool = True) -> None:
        """``text`` linked to ``url``, in the Hyperlink style unless not ``styled``;
        plain text when there is no URL."""
        url = layout.link_target(url)  # only http(s) and mailto become links
        if not url:
            paragraph.add_run(text)
            return
        style_id = self._style_ids["Hyperlink"] if styled else None
        add_hyperlink(paragraph, text, url=url, style_id=style_id)

    def _bullet(self, document: Document, style: str) -> Paragraph:
        paragraph = self._para(document, "", style)
        if self._bullets_missing:
            paragraph.add_run("•\u00a0\u00a0")
        return paragraph

    def _cover(self, document: Document, brief: Brief) -> None:
        self._para(document, brief.title, "Title")
        self._para(document, layout.subtitle(brief), "Subtitle")
        cover = layout.cover_line(brief, self.options.author, self.options.organisation)
        self._para(document, cover, "Brief Cover Line")
        line = self._para(document, "", "Brief Marking Line")
        add_marking(line, self.options.marking)
        meaning = layout.marking_meaning(self.options.marking)
        if meaning:
            line.add_run(f" {meaning}")

    def _key_points(self, document: Document, brief: Brief) -> None:
        if not brief.key_points:
            return
        self._heading1(document, "Key points")
        languages = {item.article.id: item.article.language for item in brief.items}
        for point in brief.key_points:
            # The sentence alone, as quoted: e-mail digests read key points back verbatim.
            paragraph = self._bullet(document, "Brief Key Point")
            paragraph.add_run(f"{point.sentence}\u00a0")  # the citation never wraps alone
            self._cite(paragraph, point.citation)
            mark_language(paragraph._p, languages.get(point.article_id))

    def _at_a_glance(self, document: Document, brief: Brief) -> None:
        rows = layout.glance_rows(brief)
        if not rows:
            return
        self._heading1(document, "At a glance")
        table = document.add_table(rows=1, cols=4)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table._tbl.tblPr)
        widths = (Inches(1.3), Inches(0.65), Inches(2.95), Inches(1.6))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        headers = ("Theme", "Articles", "Lead headline", "Sources")
        for cell, run in zip(header.cells, self._fill_row(header, headers, widths), strict=True):
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _cell_shade(cell, ACCENT)
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row in rows:
            added = table.add_row()
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            values = (row.theme, str(row.articles), row.lead_headline, row.sources)
            theme, *_ = self._fill_row(added, values, widths)
            theme.bold = True
            cells = added.cells
            for cell in cells:
                _cell_rule(cell, RULE)
            lead = cells[2].paragraphs[0]
            lead.add_run(" ")
            self._cite(lead, row.lead_citation)
        self._para(document, "", "Brief Small Print")

    def _fill_row(self, row: _Row, texts: Sequence[str], widths: Sequence[Length]) -> list[Run]:
        """Each cell of ``row`` given its width and one run of table text; the runs."""
        runs = []
        for cell, text, width in zip(row.cells, texts, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            self._set_style(paragraph, "Brief Table Text")
            runs.append(paragraph.add_run(text))
        return runs

    def _contents(self, document: Document) -> Paragraph:
        heading = self._para(document, "Contents", "TOC Heading")
        heading.paragraph_format.keep_with_next = True
        return self._para(document, "", "TOC 1")

    def _fill_contents(self, first: Paragraph) -> None:
        """A real TOC field; its cached entries link to the headings with PAGEREF fields,
        so LibreOffice shows page numbers at once and Word refreshes the whole on open."""
        _field_char(first, "begin", dirty=True)
        _instruction(first, TOC_INSTRUCTION)
        _field_char(first, "separate")
        entry = first
        for index, text in enumerate(self._headings, 1):
            if index > 1:
                new = OxmlElement("w:p")
                entry._p.addnext(new)
                entry = Paragraph(new, first._parent)
                entry.style = first.style
            anchor = _heading_anchor(index)
            add_hyperlink(entry, text, anchor=anchor)
            entry._p.append(_run_element("\t"))
            add_field(entry, f"PAGEREF {anchor} \\h", "")
        _field_char(entry, "end")
        entry.paragraph_format.space_after = Pt(10)

    def _section(self, document: Document, section: BriefSection) -> None:
        self._heading1(document, section.theme.name)
        if section.theme.description:
            self._para(document, section.theme.description, "Brief Scope")
        for item in section.items:
            self._article(document, item)

    def _article(self, document: Document, item: BriefItem) -> None:
        article = item.article
        heading = self._para(document, "", "Heading 2")
        self._link(heading, article.title, article.url, styled=False)
        mark_language(heading._p, article.language)
        meta = self._para(document, "", "Brief Meta")
        self._cite(meta, item.citation, bold=True)
        meta.add_run(f"\u2002{layout.source_line(item)}")  # en space after [n]
        for sentence in item.summary.texts:
            bullet = self._bullet(document, "List Bullet")
            bullet.add_run(sentence)
            mark_language(bullet._p, article.language)
        if article.also_in:
            also = self._para(document, "Also reported by ", "Brief Also")
            for index, ref in enumerate(article.also_in):
                if index:
                    also.add_run(", ")
                self._link(also, layout.ref_name(ref), ref.url)

    def _sources(self, document: Document, brief: Brief) -> None:
        """One line per source where it fits: the title links to the article."""
        self._heading1(document, "Sources")
        for item in brief.items:
            article = item.article
            paragraph = self._para(document, "", "Brief Source")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(0.35))
            number = paragraph.add_run(f"{layout.citation(item.citation)}\t")
            number.bold = True
            add_bookmark(paragraph, _source_anchor(item.citation))
            self._link(paragraph, article.title, article.url)
            paragraph.add_run(f"{layout.title_stop(article.title)} {layout.source_where(item)}.")
            if not article.url and article.source:  # without a source the name is the file
                paragraph.add_run(f" Input file {Path(article.path).name}.").italic = True

    def _method(self, document: Document, brief: Brief) -> None:
        self._heading1(document, "Method note")
        lines = layout.method_lines(brief)
        for index, line in enumerate(lines, 1):
            paragraph = self._para(document, line, "Brief Small Print")
            # A note this short is never split over a page break.
            paragraph.paragraph_format.keep_with_next = index < len(lines)
            paragraph.paragraph_format.keep_together = True

    def _header_footer(self, document: Document, brief: Brief) -> None:
        for section in document.sections:
            width = section.page_width - section.left_margin - section.right_margin
            top = self._fresh_paragraph(section.header, "Header")
            self._right_tab_only(top, width)
            top.add_run(brief.title)
            top.add_run("\t")
            add_marking(top, self.options.marking, size=8)
            bottom = self._fresh_paragraph(section.footer, "Footer")
            self._right_tab_only(bottom, width)
            add_marking(bottom, self.options.marking, size=8)
            bottom.add_run("\tPage ")
            add_field(bottom, "PAGE", "1")
            bottom.add_run(" of ")
            add_field(bottom, "NUMPAGES", "1")

    @staticmethod
    def _right_tab_only(paragraph: Paragraph, width: Length) -> None:
        """One tab stop at the right margin; the style's own (Word's centre tab) cleared,
        or a short left part would tab to the centre instead."""
        stops = paragraph.paragraph_format.tab_stops
        for inherited in paragraph.style.paragraph_format.tab_stops:
            if inherited.position != width:
                stops.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)

    @staticmethod
    def _fresh_paragraph(part: _BaseHeaderFooter, style: str) -> Paragraph:
        """This section's own header (or footer): the template's empty paragraph if there
        is one; else a new one below whatever the template put there (a logo, an address)."""
        part.is_linked_to_previous = False
        existing = part.paragraphs
        if len(existing) == 1 and not existing[0].text and not existing[0]._p.xpath(".//w:drawing"):
            paragraph = existing[0]
            paragraph.style = style
            return paragraph
        return part.add_paragraph(style=style)

    def _properties(self, document: Document, brief: Brief) -> None:
        props = document.core_properties
        moment = brief.generated_at
        if moment.tzinfo is not None:  # core properties are stored in UTC
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        props.title = _core(brief.title)
        period = layout.period_text(brief)
        props.subject = _core(f"Policy brief, {period}" if period else "Policy brief")
        props.author = _core(self.options.author)
        props.last_modified_by = _core(self.options.author)
        props.keywords = _core("; ".join(section.theme.name for section in brief.sections))
        props.category = _core(layout.marking_label(self.options.marking))
        props.comments = _core(f"{layout.generator()}.")
        props.created = moment
        props.modified = moment
        props.revision = 1

    @staticmethod
    def _update_fields_on_open(document: Document) -> None:
        settings = document.settings.element
        for old in settings.findall(qn("w:updateFields")):
            settings.remove(old)
        update = _attr(OxmlElement("w:updateFields"), val="true")
        # CT_Settings is a sequence: updateFields sits before these, and Word checks.
        later = [settings.find(qn(f"w:{tag}")) for tag in UPDATE_FIELDS_SUCCESSORS]
        following = next((element for element in later if element is not None), None)
        if following is not None:
            following.addprevious(update)
        else:
            settings.append(update)
