"""``-q`` means quiet for the libraries too, and a file that is not what its name says
is named. Run as a real process, as a user or cron job would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.inputs_factory import write_pdf

STORY = (
    "Title: Coastal Towns Get Flood Barriers\n\n"
    "The government approved flood barriers for six coastal towns on Wednesday. "
    "Work will start in the spring and should finish before the autumn storms.\n"
)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A folder of the inputs that made libraries talk: a PDF with a broken cross-reference
    table (pypdf warns), broken HTML, junk in a .rss, a comment-only XML file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY)
    pdf = folder / "digest.pdf"
    write_pdf(pdf)
    pdf.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n99", pdf.read_bytes()))
    (folder / "broken.html").write_text(
        "<html><body><div><p>Broken <b>page, unclosed tags, and a sentence that runs on."
    )
    (folder / "notes.rss").write_text("this is not xml at all <<<\n")
    (folder / "empty.xml").write_text("<!-- nothing yet -->\n")
    return folder


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.mark.slow
def test_quiet_prints_nothing_but_skip_lines(tmp_path: Path, messy: Path) -> None:
    process = run("-q", "build", str(messy), "-o", str(tmp_path / "b.docx"), cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert process.stdout == ""
    lines = process.stderr.splitlines()
    assert lines and all(line.startswith("skipped ") for line in lines), lines
    assert any(line.startswith(f"skipped {messy / 'empty.xml'}: ") for line in lines)
    assert (tmp_path / "b.docx").exists()


@pytest.mark.slow
def test_a_file_that_is_not_what_its_name_says_is_named(tmp_path: Path, messy: Path) -> None:
    process = run("build", str(messy), "-o", str(tmp_path / "b.docx"), cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert f"{messy / 'notes.rss'}: not a feed; read as plain text" in process.stderr.splitlines()
    # the library's own chatter stays out of a normal run too
    assert "startxref" not in process.stderr


@pytest.mark.slow
def test_verbose_shows_what_the_libraries_said(tmp_path: Path, messy: Path) -> None:
    process = run("-v", "build", str(messy), "-o", str(tmp_path / "b.docx"), cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert "incorrect startxref pointer" in process.stderr
