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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section, _BaseHeaderFooter
from docx.shared import Inches, Length, Pt, RGBColor
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefing.models import OTHER_THEME_ID, Brief, BriefSection, BriefStory, SourceRef
from briefing.renderers import chart, wording
from briefing.renderers.base import RenderOptions, register
from briefing.renderers.docx_styles import (
    ACCENT,
    RULE,
    ensure_styles,
    house_document,
    mark_language,
    open_template,
)
from briefing.renderers.ooxml import (
    HyperlinkRels,
    add_bookmark,
    add_field,
    add_field_char,
    add_hyperlink,
    add_instruction,
    add_text_run,
    core_property,
    rule_cell,
    set_attrs,
    set_cell_margins,
    shade,
    shade_cell,
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


def add_marking(paragraph: Paragraph, marking: str, size: float | None = None) -> Run:
    """The marking as a label: TLP colours on black for TLP 2.0, bold accent otherwise."""
    label = wording.marking_label(marking)
    colour = wording.marking_colour(marking)
    run = paragraph.add_run(f"\u00a0{label}\u00a0" if colour else label)
    run.bold = True
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
        shade(run._r.get_or_add_rPr(), "000000")
    else:
        run.font.color.rgb = RGBColor.from_string(ACCENT)
    return run


def _text_width(section: Section) -> Length | None:
    """The width between the margins; None when the template's section leaves its page
    size or a margin unstated (Word then applies its own defaults, which we cannot see)."""
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:
        return None
    return Length(page - left - right)


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
        self._body_end: BaseOxmlElement | None = None  # the body's sectPr, when it has one
        self._links: HyperlinkRels | None = None
        self._bookmark_ids = itertools.count(1)  # bookmark ids are unique per document

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
        self._body_end = body.sectPr
        self._links = HyperlinkRels(document.part)
        self._bookmark_ids = itertools.count(1)
        return document

    @property
    def headings(self) -> list[str]:
        """The Heading 1 texts of the last document rendered, in order (the Contents)."""
        return list(self._headings)

    def render(self, brief: Brief, contents_pages: Sequence[int | None] = ()) -> bytes:
        """The .docx; ``contents_pages`` (the page of each heading, as a printed copy
        showed) fills in the Contents, which otherwise waits for Word to update it."""
        document = self._document()
        self._headings = []
        self._cover(document, brief)
        self._key_points(document, brief)
        self._at_a_glance(document, brief)
        self._what_changed(document, brief)
        contents = self._contents(document) if len(brief.sections) > 1 else None
        for section in brief.sections:
            self._section(document, section)
        self._more_stories(document, brief)
        self._sources(document, brief)
        self._method(document, brief)
        if contents is not None:
            self._fill_contents(contents, contents_pages)
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
        # Not document.add_paragraph: to insert before the body's closing sectPr it finds
        # that by walking every child of the body, which made rendering quadratic.
        element = OxmlElement("w:p")
        if self._body_end is not None:
            self._body_end.addprevious(element)
        else:
            document.element.body.append(element)
        paragraph = Paragraph(element, document._body)
        if text:
            add_text_run(paragraph, text)
        self._set_style(paragraph, style)
        return paragraph

    def _heading1(self, document: Document, text: str) -> Paragraph:
        paragraph = self._para(document, text, "Heading 1")
        self._headings.append(text)
        add_bookmark(paragraph, _heading_anchor(len(self._headings)), next(self._bookmark_ids))
        return paragraph

    @staticmethod
    def _cite(paragraph: Paragraph, number: int, bold: bool = False) -> None:
        """``[n]`` as a link to source n: accent colour, no underline, quiet in print."""
        add_hyperlink(
            paragraph,
            wording.citation(number),
            anchor=_source_anchor(number),
            bold=bold,
            colour=ACCENT,
        )

    def _link(
        self,
        paragraph: Paragraph,
        text: str,
        url: str | None,
        styled: bool = True,
        bold: bool = False,
    ) -> None:
        """``text`` linked to ``url``, in the Hyperlink style unless not ``styled`` (a bold
        link is a headline: never styled); plain text when there is no URL."""
        url = wording.link_target(url)  # only http(s) and mailto become links
        if not url:
            paragraph.add_run(text).bold = bold or None
            return
        style_id = self._style_ids["Hyperlink"] if styled and not bold else None
        rel_id = self._links.rel_id(url) if self._links else None
        add_hyperlink(paragraph, text, url=url, style_id=style_id, rel_id=rel_id, bold=bold)

    def _bullet(self, document: Document, style: str) -> Paragraph:
        paragraph = self._para(document, "", style)
        if self._bullets_missing:
            paragraph.add_run("•\u00a0\u00a0")
        return paragraph

    def _cover(self, document: Document, brief: Brief) -> None:
        self._para(document, brief.title, "Title")
        self._para(document, wording.subtitle(brief), "Subtitle")
        cover = wording.cover_line(brief, self.options.author, self.options.organisation)
        self._para(document, cover, "Brief Cover Line")
        line = self._para(document, "", "Brief Marking Line")
        add_marking(line, wording.marking_of(brief, self.options))
        meaning = wording.marking_meaning(wording.marking_of(brief, self.options))
        if meaning:
            line.add_run(f" {meaning}")

    def _key_points(self, document: Document, brief: Brief) -> None:
        if not brief.key_points:
            return
        self._heading1(document, "Key points")
        languages = {item.article.id: item.article.language for item in brief.items}
        for theme, points in wording.key_point_groups(brief):
            self._para(document, theme, "Brief Key Point Theme")
            for point in points:
                # The sentence alone, as quoted: e-mail digests read key points back verbatim.
                paragraph = self._bullet(document, "Brief Key Point")
                paragraph.add_run(f"{point.sentence}\u00a0")  # the citation never wraps alone
                self._cite(paragraph, point.citation)
                mark_language(paragraph._p, languages.get(point.article_id))

    def _what_changed(self, document: Document, brief: Brief) -> None:
        """Stories per theme against the previous brief, as a small chart."""
        if brief.previous_counts is None:
            return
        self._heading1(document, "What changed")
        self._para(document, chart.caption(brief), "Brief Scope")
        document.add_picture(io.BytesIO(chart.stories_chart(brief)), width=Inches(5.2))

    def _at_a_glance(self, document: Document, brief: Brief) -> None:
        rows = wording.glance_rows(brief)
        if not rows:
            return
        self._heading1(document, "At a glance")
        table = document.add_table(rows=1, cols=4)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        set_cell_margins(table._tbl.tblPr)
        widths = (Inches(1.3), Inches(0.65), Inches(2.95), Inches(1.6))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        headers = ("Theme", "Articles", "Lead headline", "Sources")
        for cell, run in zip(header.cells, self._fill_row(header, headers, widths), strict=True):
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            shade_cell(cell, ACCENT)
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row in rows:
            added = table.add_row()
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            values = (row.theme, str(row.articles), row.lead_headline, row.sources)
            theme, *_ = self._fill_row(added, values, widths)
            theme.bold = True
            cells = added.cells
            for cell in cells:
                rule_cell(cell, RULE)
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

    def _fill_contents(self, first: Paragraph, pages: Sequence[int | None]) -> None:
        """A real TOC field; its cached entries link to the headings with PAGEREF fields,
        so LibreOffice shows page numbers at once and Word refreshes the whole on open."""
        add_field_char(first, "begin", dirty=True)
        add_instruction(first, TOC_INSTRUCTION)
        add_field_char(first, "separate")
        entry = first
        for index, text in enumerate(self._headings, 1):
            if index > 1:
                new = OxmlElement("w:p")
                entry._p.addnext(new)
                entry = Paragraph(new, first._parent)
                entry.style = first.style
            anchor = _heading_anchor(index)
            add_hyperlink(entry, text, anchor=anchor)
            tab = OxmlElement("w:r")
            tab.append(OxmlElement("w:tab"))  # a real tab: LibreOffice drops "\t" in w:t
            entry._p.append(tab)
            page = pages[index - 1] if index <= len(pages) else None
            add_field(entry, f"PAGEREF {anchor} \\h", str(page) if page else "")
        add_field_char(entry, "end")
        entry.paragraph_format.space_after = Pt(10)

    def _section(self, document: Document, section: BriefSection) -> None:
        self._heading1(document, section.theme.name)
        if section.theme.description:
            self._para(document, section.theme.description, "Brief Scope")
        compact = section.theme.id == OTHER_THEME_ID
        for story in section.top_stories:
            if compact:
                self._compact(document, story)
            else:
                self._story(document, story)

    def _status(self, paragraph: Paragraph, story: BriefStory) -> None:
        label = wording.status_label(story)
        if label:
            run = paragraph.add_run(f"{label}\u2002")
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(ACCENT)

    def _story(self, document: Document, story: BriefStory) -> None:
        lead = story.lead.article
        heading = self._para(document, "", "Heading 2")
        self._link(heading, story.story.headline, lead.url, styled=False)
        mark_language(heading._p, lead.language)
        meta = self._para(document, "", "Brief Meta")
        self._status(meta, story)
        multi = wording.multi_source(story)
        if multi:
            meta.add_run(f"{wording.reported_by(story)}: ")
            for index, outlet in enumerate(wording.outlets(story)):
                meta.add_run(", " if index else "")
                meta.add_run(outlet.name)
                for number in outlet.citations:
                    meta.add_run("\u00a0")
                    self._cite(meta, number)
            more = wording.more_reports(story)
            meta.add_run(f" {more}" if more else "")
            span = wording.date_span(story)
            if span:
                meta.add_run(f" · {span}")
        else:
            self._cite(meta, story.lead.citation, bold=True)
            meta.add_run(f"\u2002{wording.source_line(story.lead)}")  # en space after [n]
        for sentence, number in wording.story_sentences(story):
            bullet = self._bullet(document, "List Bullet")
            bullet.add_run(f"{sentence}\u00a0" if multi else sentence)
            mark_language(bullet._p, lead.language)
            if multi:
                self._cite(bullet, number)
        if not multi and lead.also_in:
            self._refs(self._para(document, "Also reported by ", "Brief Also"), lead.also_in)

    def _compact(self, document: Document, story: BriefStory) -> None:
        """Headline and one sentence: for developments outside every theme."""
        paragraph = self._para(document, "", "Brief Compact")
        self._status(paragraph, story)
        self._link(paragraph, story.story.headline, story.lead.article.url, bold=True)
        line = wording.one_sentence(story)
        if line is None:
            paragraph.add_run("\u00a0")
            self._cite(paragraph, story.lead.citation)
            self._also_compact(paragraph, story)
            return
        sentence, number = line
        paragraph.add_run(f" — {sentence}\u00a0")
        self._cite(paragraph, number)
        self._also_compact(paragraph, story)

    def _also_compact(self, paragraph: Paragraph, story: BriefStory) -> None:
        """Merged copies of a compact entry, at its end: ``Also reported by A, B.``"""
        refs = story.lead.article.also_in
        if not refs:
            return
        paragraph.add_run(" Also reported by ").italic = True
        self._refs(paragraph, refs)
        paragraph.add_run(".")

    def _refs(self, paragraph: Paragraph, refs: Sequence[SourceRef]) -> None:
        """``A, B``: where merged copies were also found, linked when they have a URL."""
        for index, ref in enumerate(refs):
            if index:
                paragraph.add_run(", ")
            self._link(paragraph, wording.ref_name(ref), ref.url)

    def _more_stories(self, document: Document, brief: Brief) -> None:
        """The stories not told in full, one table row each, by theme."""
        groups = wording.listed_groups(brief)
        if not groups:
            return
        self._heading1(document, "More stories")
        widths = (Inches(4.3), Inches(1.35), Inches(0.85))
        for group in groups:
            label = f"{group.theme}"
            self._para(document, label, "Brief Key Point Theme")
            if group.rows:
                table = document.add_table(rows=1, cols=3)
                table.autofit = False
                set_cell_margins(table._tbl.tblPr)
                for column, width in zip(table.columns, widths, strict=True):
                    column.width = width
                header = table.rows[0]
                header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
                names = ("Headline", "Source", "Date")
                for cell, run in zip(
                    header.cells, self._fill_row(header, names, widths), strict=True
                ):
                    run.bold = True
                    rule_cell(cell, ACCENT)
                for row in group.rows:
                    added = table.add_row()
                    added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
                    cells = added.cells
                    for cell, width in zip(cells, widths, strict=True):
                        cell.width = width
                        self._set_style(cell.paragraphs[0], "Brief Listed")
                        rule_cell(cell, RULE)
                    self._link(cells[0].paragraphs[0], row.headline, row.url)
                    cells[1].paragraphs[0].add_run(row.sources)
                    cells[2].paragraphs[0].add_run(row.date)
            if group.more:
                self._para(
                    document,
                    wording.more_in_json(group.more),
                    "Brief Small Print",
                )

    def _sources(self, document: Document, brief: Brief) -> None:
        """One line per source where it fits: the title links to the article."""
        self._heading1(document, "Sources")
        for item in brief.cited_items:
            article = item.article
            paragraph = self._para(document, "", "Brief Source")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(0.35))
            number = paragraph.add_run(f"{wording.citation(item.citation)}\t")
            number.bold = True
            add_bookmark(paragraph, _source_anchor(item.citation), next(self._bookmark_ids))
            self._link(paragraph, article.title, article.url)
            paragraph.add_run(f"{wording.title_stop(article.title)} {wording.source_where(item)}.")
            if not article.url and article.source:  # named, but not linked: say where it is
                paragraph.add_run(f" Input file {Path(article.path).name}.").italic = True

    def _method(self, document: Document, brief: Brief) -> None:
        self._heading1(document, "Method note")
        lines = wording.method_lines(brief)
        for index, line in enumerate(lines, 1):
            paragraph = self._para(document, line, "Brief Small Print")
            # A note this short is never split over a page break.
            paragraph.paragraph_format.keep_with_next = index < len(lines)
            paragraph.paragraph_format.keep_together = True

    def _header_footer(self, document: Document, brief: Brief) -> None:
        for section in document.sections:
            width = _text_width(section)
            top = self._fresh_paragraph(section.header, "Header")
            if width is not None:
                self._right_tab_only(top, width)
            top.add_run(brief.title)
            top.add_run("\t")
            add_marking(top, wording.marking_of(brief, self.options), size=8)
            bottom = self._fresh_paragraph(section.footer, "Footer")
            if width is not None:
                self._right_tab_only(bottom, width)
            add_marking(bottom, wording.marking_of(brief, self.options), size=8)
            bottom.add_run("\tPage ")
            add_field(bottom, "PAGE", "1")
            bottom.add_run(" of ")
            add_field(bottom, "NUMPAGES", "1")

    @staticmethod
    def _right_tab_only(paragraph: Paragraph, width: Length) -> None:
        """One tab stop at the right margin; the style's own (Word's centre tab) cleared,
        or a short left part would tab to the centre instead."""
        stops = paragraph.paragraph_format.tab_stops
        style = paragraph.style  # None only in a document with no default paragraph style
        for inherited in style.paragraph_format.tab_stops if style is not None else ():
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
        props.title = core_property(brief.title)
        period = wording.period_text(brief)
        props.subject = core_property(f"Policy brief, {period}" if period else "Policy brief")
        props.author = core_property(self.options.author)
        props.last_modified_by = core_property(self.options.author)
        props.keywords = core_property("; ".join(section.theme.name for section in brief.sections))
        marking = wording.marking_of(brief, self.options)
        props.category = core_property(wording.marking_label(marking))
        props.comments = core_property(f"{wording.generator()}.")
        props.created = moment
        props.modified = moment
        props.revision = 1

    @staticmethod
    def _update_fields_on_open(document: Document) -> None:
        settings = document.settings.element
        for old in settings.findall(qn("w:updateFields")):
            settings.remove(old)
        update = set_attrs(OxmlElement("w:updateFields"), val="true")
        # CT_Settings is a sequence: updateFields sits before these, and Word checks.
        later = [settings.find(qn(f"w:{tag}")) for tag in UPDATE_FIELDS_SUCCESSORS]
        following = next((element for element in later if element is not None), None)
        if following is not None:
            following.addprevious(update)
        else:
            settings.append(update)
