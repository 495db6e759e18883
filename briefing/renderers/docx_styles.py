"""The house style of the Word brief, as data.

``scripts/make_template.py`` writes every style below into ``templates/brief.docx``; the
renderer adds only the ones a user's ``--template`` lacks, so an office's own branding wins.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Pt, RGBColor
from docx.styles.style import BaseStyle

from briefing.errors import RenderError
from briefing.languages import cjk_variant

BODY_FONT = "Calibri"
HEADING_FONT = "Cambria"
# Word picks this for CJK characters (w:eastAsia); LibreOffice falls back to any installed
# CJK font (Noto CJK on Linux) when it is absent, so names like 賴清德 always render.
EAST_ASIAN_FONT = "Microsoft JhengHei"
ACCENT = "1F3A5F"  # deep navy: headings, rules, table header
MUTED = "5F6B7A"  # slate grey: meta lines, header, footer
RULE = "C9D1DB"  # light rules under headings and between table rows
TEXT = "1A1A1A"

PAGE_WIDTH, PAGE_HEIGHT = Inches(8.5), Inches(11)
MARGIN = Inches(1)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


@dataclass(frozen=True)
class StyleSpec:
    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    base: str | None = "Normal"
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None
    underline: bool | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    left: float | None = None  # inches
    hanging: float | None = None  # inches
    keep_with_next: bool | None = None
    rule_below: str | None = None  # colour of a bottom border
    outline_level: int | None = None
    right_tab_leader: bool = False
    # Properties the base template sets that the house style does not want, e.g.
    # ("p:numPr", "r:spacing"): Word's Subtitle is numbered and letter-spaced.
    strip: tuple[str, ...] = ()


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", base=None, font=BODY_FONT, size=10.5, colour=TEXT, after=4, line=1.0),
    StyleSpec(
        "Title",
        font=HEADING_FONT,
        size=22,
        bold=True,
        colour=ACCENT,
        before=0,
        after=4,
        line=1.0,
        strip=("p:pBdr", "r:spacing", "r:kern"),
    ),
    StyleSpec(
        "Subtitle",
        font=BODY_FONT,
        size=12.5,
        colour=MUTED,
        italic=False,
        before=0,
        after=6,
        strip=("p:numPr", "r:spacing"),
    ),
    StyleSpec("Brief Cover Line", size=9, colour=MUTED, after=2),
    StyleSpec("Brief Marking Line", size=9, colour=TEXT, before=4, after=12, rule_below=ACCENT),
    StyleSpec(
        "Heading 1",
        font=HEADING_FONT,
        size=14,
        bold=True,
        colour=ACCENT,
        before=12,
        after=4,
        line=1.0,
        keep_with_next=True,
        rule_below=RULE,
        outline_level=0,
    ),
    StyleSpec(
        "Heading 2",
        font=BODY_FONT,
        size=11,
        bold=True,
        colour=TEXT,
        before=6,
        after=1,
        line=1.0,
        keep_with_next=True,
        outline_level=1,
    ),
    StyleSpec("Brief Scope", size=9.5, italic=True, colour=MUTED, after=4, keep_with_next=True),
    StyleSpec("Brief Meta", size=8.5, colour=MUTED, after=1, keep_with_next=True),
    StyleSpec("List Bullet", size=10, after=1, left=0.25, hanging=0.18),
    StyleSpec("Brief Key Point", base="List Bullet", size=10.5, after=2),
    StyleSpec(
        "Brief Key Point Theme",
        size=9,
        bold=True,
        colour=ACCENT,
        before=5,
        after=1,
        keep_with_next=True,
    ),
    StyleSpec("Brief Compact", size=9.5, after=3, line=1.0),
    StyleSpec("Brief Listed", size=8, after=0, line=1.0),
    StyleSpec("Brief Also", size=8.5, italic=True, colour=MUTED, after=2, left=0.25),
    StyleSpec("Brief Source", size=8, after=1.5, left=0.35, hanging=0.35, line=1.0),
    StyleSpec("Brief Small Print", size=8, colour=MUTED, after=2, line=1.0),
    StyleSpec("Brief Table Text", size=9, after=0, line=1.0),
    StyleSpec("Header", size=8, colour=MUTED, after=0),
    StyleSpec("Footer", size=8, colour=MUTED, after=0),
    StyleSpec("TOC Heading", base="Heading 1", outline_level=9),
    StyleSpec("TOC 1", size=10, after=1, right_tab_leader=True),
    StyleSpec("Hyperlink", kind=WD_STYLE_TYPE.CHARACTER, base=None, colour=ACCENT, underline=True),
)


# Han characters shared by Chinese and Japanese have different glyphs in each, so a run
# in one of them names a face of its own language and says which language it is (w:lang,
# which also gives Word and LibreOffice the line-breaking rules of that language).
EAST_ASIAN_FONTS = {
    "ja": "Yu Gothic",
    "zh-Hans": "Microsoft YaHei",
    "zh-Hant": "Microsoft JhengHei",
    "zh": "Microsoft JhengHei",
}
LANGUAGE_IDS = {"ja": "ja-JP", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "zh": "zh-TW"}


def mark_language(paragraph: BaseOxmlElement, language: str | None) -> None:
    """Every run of ``paragraph`` (links too) set as Chinese or Japanese text."""
    variant = cjk_variant(language)
    if variant is None:
        return
    font = EAST_ASIAN_FONTS[variant]
    for run in paragraph.iter(qn("w:r")):
        rpr = run.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
        lang.set(qn("w:eastAsia"), LANGUAGE_IDS[variant])


def _set_font_slots(rpr: BaseOxmlElement, font: str) -> None:
    """All four font slots of ``rpr``, and no theme fonts (a theme font would win over them)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), font)
    fonts.set(qn("w:hAnsi"), font)
    fonts.set(qn("w:cs"), font)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _set_border_below(style: BaseStyle, colour: str) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr must precede spacing/ind/jc in CT_PPr's sequence.
    anchor = next(
        (ppr.find(qn(t)) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
         if ppr.find(qn(t)) is not None),
        None,
    )  # fmt: skip
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _set_outline_level(style: BaseStyle, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)


def apply_style(document: Document, spec: StyleSpec) -> BaseStyle:
    """Create ``spec.name`` if missing and give it the house look."""
    styles = document.styles
    style = styles[spec.name] if spec.name in styles else styles.add_style(spec.name, spec.kind)
    for item in spec.strip:
        where, tag = item.split(":")
        parent = style.element.pPr if where == "p" else style.element.rPr
        for element in parent.findall(qn(f"w:{tag}")) if parent is not None else ():
            parent.remove(element)
    if spec.base and spec.base in styles and spec.base != spec.name:
        style.base_style = styles[spec.base]
    if spec.font:
        _set_font_slots(style.element.get_or_add_rPr(), spec.font)
    font = style.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.underline is not None:
        font.underline = spec.underline
    if spec.colour:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        fmt = style.paragraph_format
        if spec.before is not None:
            fmt.space_before = Pt(spec.before)
        if spec.after is not None:
            fmt.space_after = Pt(spec.after)
        if spec.line is not None:
            fmt.line_spacing = spec.line
        if spec.left is not None:
            fmt.left_indent = Inches(spec.left)
        if spec.hanging is not None:
            fmt.first_line_indent = -Inches(spec.hanging)
        if spec.keep_with_next is not None:
            fmt.keep_with_next = spec.keep_with_next
        if spec.right_tab_leader:
            fmt.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if spec.rule_below:
            _set_border_below(style, spec.rule_below)
        if spec.outline_level is not None:
            _set_outline_level(style, spec.outline_level)
    style.hidden = False
    style.quick_style = spec.kind == WD_STYLE_TYPE.PARAGRAPH
    return style


def ensure_styles(document: Document) -> list[str]:
    """Add the house styles a template lacks; return their names."""
    missing = [spec for spec in STYLES if spec.name not in document.styles]
    for spec in missing:
        apply_style(document, spec)
    return [spec.name for spec in missing]


def set_document_defaults(document: Document) -> None:
    """Fonts of the document defaults too, so text outside any style matches."""
    styles_element = document.styles.element
    rpr_default = styles_element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        return
    _set_font_slots(rpr, BODY_FONT)


def set_page(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        section.header_distance = section.footer_distance = Inches(0.45)


def house_document() -> Document:
    """python-docx's blank document dressed in the house style (the template's source)."""
    document = docx.Document()
    set_document_defaults(document)
    for spec in STYLES:
        apply_style(document, spec)
    set_page(document)
    return document


def open_template(path: Path) -> Document:
    """A .docx or .dotx as a document; a .dotx only differs in its main content type."""
    try:
        raw = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as source:
            types = source.read("[Content_Types].xml").decode("utf-8")
            if DOTX_MAIN not in types:
                return docx.Document(io.BytesIO(raw))
            patched = io.BytesIO()
            with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
                for info in source.infolist():
                    data = source.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        data = types.replace(DOTX_MAIN, DOCX_MAIN).encode("utf-8")
                    target.writestr(info, data)
        return docx.Document(patched)
    except FileNotFoundError:
        raise RenderError(f"{path}: template not found; pass an existing .docx or .dotx") from None
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, PackageNotFoundError) as exc:
        raise RenderError(
            f"{path}: not a usable Word template ({exc}); save it from Word as .docx or .dotx"
        ) from None
