"""The Word reader: paragraphs and tables in order, titles from styles or properties."""

import io
import zipfile
from pathlib import Path

import docx
import pytest

from briefing.errors import IngestError
from briefing.ingest import load_articles
from briefing.ingest.readers import InputData, ReaderOptions, select_reader
from tests.inputs_factory import assert_article, write_docx


def read(path: Path):
    return load_articles([str(path)]).articles


def test_each_title_or_heading_1_starts_an_article(tmp_path: Path) -> None:
    first, second = write_docx(tmp_path / "memo.docx")
    a, b = read(tmp_path / "memo.docx")
    assert_article(a, first)
    assert_article(b, second)
    assert not a.title_derived and not b.title_derived


def test_paragraphs_and_table_rows_keep_document_order(tmp_path: Path) -> None:
    write_docx(tmp_path / "memo.docx")
    text = read(tmp_path / "memo.docx")[0].text
    order = ["Lawmakers began", "Item | Billion NT$", "Coastal missiles | 41.2", "Drones | 18.5"]
    order += ["Committee schedule", "three hearings"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "Source:" not in text and "Date:" not in text


def test_core_properties_title_names_a_single_article(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Weekly note on energy security"
    document.add_paragraph(
        "Gas reserves stood at eleven days of demand at the end of the week, the energy "
        "ministry said."
    )
    document.save(str(tmp_path / "note.docx"))
    (article,) = read(tmp_path / "note.docx")
    assert article.title == "Weekly note on energy security"
    assert not article.title_derived


def test_without_any_title_the_title_is_derived(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(
        "Gas reserves stood at eleven days of demand at the end of the week, the energy "
        "ministry said on Friday."
    )
    document.save(str(tmp_path / "note.docx"))
    (article,) = read(tmp_path / "note.docx")
    assert article.title_derived
    assert article.title.startswith("Gas reserves stood at eleven days")


def test_a_docx_that_is_really_text_is_read_as_text(tmp_path: Path) -> None:
    fake = tmp_path / "minutes.docx"
    fake.write_text(
        "Title: Council approves bus lanes\n\nThe city council approved two new bus lanes "
        "on Tuesday after a short debate.\n"
    )
    (article,) = read(fake)
    assert article.title == "Council approves bus lanes"


def _read_one(name: str, data: bytes):
    source = InputData(name=name, data=data)
    return select_reader(source, ReaderOptions()).read(source)


def test_a_damaged_zip_is_an_error_with_a_reason() -> None:
    with pytest.raises(IngestError, match=r"report\.docx: not a valid Word file"):
        _read_one("report.docx", b"PK\x03\x04 cut off during the download" + bytes(40))


def test_a_zip_that_is_not_word_is_an_error_with_a_reason() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/readme.txt", "hello")
    with pytest.raises(IngestError, match=r"report\.docx: a zip archive but not a Word document"):
        _read_one("report.docx", buffer.getvalue())


def test_a_file_of_many_stories_looks_up_each_style_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-docx finds a paragraph's style by scanning every style of the document for
    the default: asked of each paragraph, a 1 MB file of 1,114 stories took 8.9 s to read.
    The stories must still come out whole, each under its heading."""
    from docx.text.paragraph import Paragraph

    document = docx.Document()
    said = ("the night shifts start next week", "the unions welcomed them", "ships wait less")
    stories = [
        (f"Port {n} opens night shifts at its terminal", [f"At port {n}, {s}." for s in said])
        for n in range(1, 41)
    ]
    for title, paragraphs in stories:
        document.add_heading(title, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.save(str(tmp_path / "week.docx"))
    looked_up = 0
    style = Paragraph.style

    def counted(paragraph: Paragraph) -> object:
        nonlocal looked_up
        looked_up += 1
        return style.fget(paragraph)  # type: ignore[attr-defined]

    monkeypatch.setattr(Paragraph, "style", property(counted, style.fset))  # type: ignore[attr-defined]
    articles = read(tmp_path / "week.docx")
    assert [(a.title, a.text.split("\n\n")) for a in articles] == stories
    assert looked_up <= 2 * 2  # two styles (Heading 1, the default), twice each
