"""The brief as PDF: the Word brief printed by LibreOffice, with the Contents filled in.

LibreOffice (``soffice --headless --convert-to pdf``) lays out the .docx exactly as it
shows it on screen. It does not compute the page numbers of a Word TOC field, so the
brief is printed twice: the first PDF's outline (one entry per heading) gives the page of
each Heading 1, those numbers go into the Contents, and the second print is the result.
Filling in numbers does not move any line, so the pages stay where the first print put them.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from briefing.errors import RenderError
from briefing.models import Brief
from briefing.registry import Configured
from briefing.renderers.base import RenderOptions, register
from briefing.renderers.docx import DocxRenderer

PROGRAMS = ("soffice", "libreoffice")
TIMEOUT = 300  # seconds; a 1,000-article brief prints in well under a minute


def find_office() -> str:
    """The LibreOffice program, or a RenderError saying what to install."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(
        "PDF output needs LibreOffice, and the program 'soffice' was not found on PATH; "
        "install it (e.g. apt-get install libreoffice-writer-nogui) or choose another --format"
    )


def convert(docx: bytes, office: str, profile: Path) -> bytes:
    """``docx`` printed to PDF by LibreOffice, with the private profile ``profile`` (so that
    it runs beside an open LibreOffice or another conversion)."""
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as folder:
        work = Path(folder)
        source = work / "brief.docx"
        source.write_bytes(docx)
        command = [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice did not finish the PDF within {TIMEOUT} s") from None
        except OSError as exc:
            raise RenderError(f"cannot run LibreOffice ({office}): {exc.strerror or exc}") from None
        result = work / "brief.pdf"
        if not result.exists():
            said = (done.stderr or done.stdout).decode(errors="replace").strip()
            raise RenderError(
                f"LibreOffice wrote no PDF (exit {done.returncode}): {said or 'no message'}"
            )
        return result.read_bytes()


def heading_pages(pdf: bytes, headings: Sequence[str]) -> list[int | None]:
    """The page (1-based) of each heading, read from the PDF's top-level outline in order."""
    # Imported here: pypdf costs every build a sixth of a second to import, and only a
    # PDF brief needs it.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import Destination

    try:
        reader = PdfReader(io.BytesIO(pdf))
        outline = reader.outline
    except PdfReadError:
        return [None] * len(headings)
    top = [entry for entry in outline if isinstance(entry, Destination)]
    pages: list[int | None] = []
    position = 0
    for heading in headings:
        found = None
        for k in range(position, len(top)):
            if " ".join(str(top[k].title).split()) == " ".join(heading.split()):
                page = reader.get_destination_page_number(top[k])
                found = page + 1 if page is not None and page >= 0 else None
                position = k + 1
                break
        pages.append(found)
    return pages


@register
class PdfRenderer(Configured[RenderOptions]):
    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"

    def render(self, brief: Brief) -> bytes:
        office = find_office()
        word = DocxRenderer(self.options)
        # One profile for both prints: creating it is most of the first print's time.
        with tempfile.TemporaryDirectory(prefix="briefing-office-") as profile:
            first = convert(word.render(brief), office, Path(profile))
            pages = heading_pages(first, word.headings)
            if not any(pages):
                return first
            return convert(word.render(brief, contents_pages=pages), office, Path(profile))
