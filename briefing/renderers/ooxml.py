"""Generic WordprocessingML helpers: runs, fields, links, bookmarks, table cells.

Nothing here knows about briefs; ``renderers/docx.py`` lays the brief out with these.
python-docx has no API for fields, bookmarks or internal links, so they are built as XML.
"""

from __future__ import annotations

import itertools

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def set_attrs(element: BaseOxmlElement, **values: str) -> BaseOxmlElement:
    for key, value in values.items():
        element.set(qn(f"w:{key}"), value)
    return element


def add_text_run(paragraph: Paragraph, text: str) -> Run:
    """``paragraph.add_run(text)``, the same XML; python-docx passes text through a
    character-by-character machine for tabs and line breaks, a third of rendering time
    at 4,000 articles, so text with neither is set in one piece."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph._p.add_r()
    if text:
        run.add_t(text)
    return Run(run, paragraph)


def run_element(text: str, bold: bool = False, colour: str | None = None) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    if bold:
        props.append(OxmlElement("w:b"))
    if colour:
        props.append(set_attrs(OxmlElement("w:color"), val=colour))
    if len(props):
        run.append(props)
    text_element = set_attrs(OxmlElement("w:t"), space="preserve")
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
    rel_id: str | None = None,
) -> None:
    """A real w:hyperlink: external (relationship to ``url``) or to a bookmark ``anchor``;
    ``style_id`` is a character style's id (not its name); ``rel_id``, the relationship
    to ``url`` when the caller already made it."""
    link = OxmlElement("w:hyperlink")
    if url:
        rel_id = rel_id or paragraph.part.relate_to(
            url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
        )
        link.set(qn("r:id"), rel_id)
    if anchor:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = run_element(text, bold=bold, colour=colour)
    if style_id:
        props = run.find(qn("w:rPr"))
        if props is None:
            props = OxmlElement("w:rPr")
            run.insert(0, props)
        props.insert(0, set_attrs(OxmlElement("w:rStyle"), val=style_id))
    link.append(run)
    paragraph._p.append(link)


def add_field_char(paragraph: Paragraph, kind: str, dirty: bool = False) -> None:
    run = OxmlElement("w:r")
    char = set_attrs(OxmlElement("w:fldChar"), fldCharType=kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    paragraph._p.append(run)


def add_instruction(paragraph: Paragraph, instruction: str) -> None:
    run = OxmlElement("w:r")
    text = set_attrs(OxmlElement("w:instrText"), space="preserve")
    text.text = instruction
    run.append(text)
    paragraph._p.append(run)


def add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end)."""
    add_field_char(paragraph, "begin")
    add_instruction(paragraph, f" {instruction} ")
    add_field_char(paragraph, "separate")
    paragraph._p.append(run_element(cached))
    add_field_char(paragraph, "end")


def add_bookmark(paragraph: Paragraph, name: str, mark_id: int) -> None:
    """Wrap the paragraph's content in a bookmark named ``name``; ``mark_id`` must be
    unique within the document (the caller counts: ids are per document, not per process,
    so the same brief renders to the same bytes however many were rendered before)."""
    mark = str(mark_id)
    start = set_attrs(OxmlElement("w:bookmarkStart"), id=mark, name=name)
    end = set_attrs(OxmlElement("w:bookmarkEnd"), id=mark)
    props = paragraph._p.pPr
    if props is not None:
        props.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def shade(element_props: BaseOxmlElement, fill: str) -> None:
    element_props.append(set_attrs(OxmlElement("w:shd"), val="clear", color="auto", fill=fill))


def shade_cell(cell: _Cell, fill: str) -> None:
    shade(cell._tc.get_or_add_tcPr(), fill)


def rule_cell(cell: _Cell, colour: str) -> None:
    borders = OxmlElement("w:tcBorders")
    borders.append(
        set_attrs(OxmlElement("w:bottom"), val="single", sz="4", space="0", color=colour)
    )
    cell._tc.get_or_add_tcPr().append(borders)


def set_cell_margins(table_props: BaseOxmlElement) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", "40"), ("bottom", "40"), ("left", "80"), ("right", "80")):
        margins.append(set_attrs(OxmlElement(f"w:{side}"), w=width, type="dxa"))
    # CT_TblPr is a sequence and Word rejects it out of order: tblCellMar precedes tblLook.
    look = table_props.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table_props.append(margins)


CORE_PROPERTY_CHARS = 255  # Word's limit for title, subject, author, keywords, ...


def core_property(text: str) -> str:
    """``text`` as a core property: one line, cut to Word's 255 characters."""
    line = " ".join(text.split())
    if len(line) <= CORE_PROPERTY_CHARS:
        return line
    return line[: CORE_PROPERTY_CHARS - 1].rstrip() + "…"


class HyperlinkRels:
    """Relationship ids of a part's external links, one per URL.

    python-docx's ``relate_to`` looks for an existing relationship, and then for a free
    id, by walking every relationship of the part: quadratic in the brief's links.
    """

    def __init__(self, part: Part) -> None:
        self._rels = part.rels
        self._ids = {
            rel.target_ref: rel_id
            for rel_id, rel in self._rels.items()
            if rel.is_external and rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
        }
        self._numbers = itertools.count(len(self._rels) + 1)

    def rel_id(self, url: str) -> str:
        known = self._ids.get(url)
        if known is None:
            known = next(f"rId{n}" for n in self._numbers if f"rId{n}" not in self._rels)
            self._rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, known, is_external=True)
            self._ids[url] = known
        return known
