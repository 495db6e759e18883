"""What an e-mail body needs of a brief, nothing more: read back from its .docx, or taken
from the ``Brief`` itself.

``briefing email`` only has the Word file, so its body is built from what the document
itself says (title, marking, key points, section headings): ``digest_of``. ``briefing build
--email-to`` has the brief in memory and never parses the file it just wrote:
``digest_from_brief``. The two agree field by field (tests/test_deliver_email.py), so the
e-mail of a brief is the same whichever way it is sent.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph

from briefing.errors import DeliveryError
from briefing.models import Brief
from briefing.renderers import wording
from briefing.renderers.base import RenderOptions

KEY_POINTS_HEADING = "key points"
# Paragraph styles that are not key points under "Key points" (a theme's label) and that
# are stories without a heading of their own (compact "Other developments" entries).
LABEL_STYLES = frozenset({"Brief Key Point Theme"})
COMPACT_STYLES = frozenset({"Brief Compact"})
# Traffic Light Protocol (FIRST TLP 2.0, plus the 1.0 "WHITE"), the usual marking of a brief.
_TLP = re.compile(r"\bTLP:\s?(CLEAR|WHITE|GREEN|AMBER\+STRICT|AMBER|RED)\b", re.IGNORECASE)
# Government protective markings, longest first so "TOP SECRET" wins over "SECRET".
_PROTECTIVE = re.compile(
    r"\b(OFFICIAL[- ]SENSITIVE|TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|OFFICIAL)\b"
)


@dataclass(frozen=True)
class Section:
    """A top-level heading of the brief and how many stories it tells (a brief from before
    stories has one article per story), under ``articles`` as the field was first named."""

    name: str
    articles: int


@dataclass(frozen=True)
class BriefDigest:
    title: str
    marking: str | None
    issued: dt.date | None
    key_points: tuple[str, ...]
    sections: tuple[Section, ...]


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "") if style is not None else ""


def _heading_level(style_name: str) -> int | None:
    match = re.fullmatch(r"Heading (\d)", style_name)
    return int(match.group(1)) if match else None


def _header_text(document: Document) -> str:
    parts: list[str] = []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous:
                continue
            parts.extend(p.text for p in header.paragraphs)
            for table in header.tables:
                parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def find_marking(text: str) -> str | None:
    """The handling marking in ``text`` (``TLP:AMBER``, ``OFFICIAL-SENSITIVE``...), if any."""
    tlp = _TLP.search(text)
    if tlp:
        return f"TLP:{tlp.group(1).upper()}"
    protective = _PROTECTIVE.search(text)
    return protective.group(1) if protective else None


def read_brief(path: Path) -> bytes:
    if path.exists() and not path.is_file():  # a named pipe would block forever
        raise DeliveryError(f"{path}: not a regular file; give the .docx brief")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DeliveryError(f"{path}: no such file; build the brief first") from None
    except OSError as exc:
        raise DeliveryError(
            f"{path}: cannot read ({exc.strerror or exc}); check that you may read it"
        ) from None


def read_digest(path: str | Path) -> BriefDigest:
    """Title, marking, issue date, key points and section names of a .docx brief."""
    path = Path(path)
    return digest_of(read_brief(path), path)


def digest_of(data: bytes, path: Path) -> BriefDigest:
    """The digest of .docx bytes read from ``path`` (named in errors and as fallback title)."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DeliveryError(
            f"{path}: not a Word .docx file ({exc}); pass the .docx that briefing build wrote"
        ) from None
    title = ""
    key_points: list[str] = []
    sections: list[tuple[str, int]] = []
    in_key_points = False  # under the "Key points" heading, not a section's
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = _style_name(paragraph)
        level = _heading_level(style)
        if style == "Title" and not title:
            title = text
        elif level == 1:
            in_key_points = text.casefold() == KEY_POINTS_HEADING
            if not in_key_points:
                sections.append((text, 0))
        elif (level == 2 or style in COMPACT_STYLES) and sections and not in_key_points:
            name, articles = sections[-1]
            sections[-1] = (name, articles + 1)
        elif level is None and text and in_key_points and style not in LABEL_STYLES:
            key_points.append(text)
    properties = document.core_properties
    created = properties.created
    marking = find_marking(_header_text(document))
    return BriefDigest(
        title=title or (properties.title or "").strip() or path.stem,
        marking=marking,
        issued=created.date() if created else None,
        key_points=tuple(key_points),
        sections=tuple(Section(name, count) for name, count in sections if name),
    )


def digest_from_brief(brief: Brief, render: RenderOptions | None = None) -> BriefDigest:
    """The digest ``digest_of`` reads from the .docx that ``render`` makes of ``brief``,
    taken from the brief itself: the Heading 1 sections in the order the Word renderer
    writes them, each with the stories it tells under its own headings."""
    marking = wording.marking_of(brief, render or RenderOptions())
    sections: list[Section] = []
    if wording.glance_rows(brief):
        sections.append(Section("At a glance", 0))
    if brief.previous_counts is not None:
        sections.append(Section("What changed", 0))
    sections += [Section(s.theme.name.strip(), len(s.top_stories)) for s in brief.sections]
    if wording.listed_groups(brief):
        sections.append(Section("More stories", 0))
    sections += [Section("Sources", 0), Section("Method note", 0)]
    key_points = tuple(
        f"{point.sentence}\u00a0{wording.citation(point.citation)}".strip()
        for _, points in wording.key_point_groups(brief)
        for point in points
    )
    issued = brief.generated_at
    if issued.tzinfo is not None:  # the .docx stores its created time in UTC
        issued = issued.astimezone(dt.UTC)
    return BriefDigest(
        title=brief.title.strip(),
        marking=find_marking(wording.marking_label(marking)) if marking else None,
        issued=issued.date(),
        key_points=key_points,
        sections=tuple(s for s in sections if s.name),
    )
