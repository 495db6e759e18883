"""Choosing a reader: the content wins when the extension lies."""

import io
import zipfile
from pathlib import Path

import docx
import pytest

from briefing.errors import IngestError
from briefing.ingest.readers import READERS, InputData, ReaderOptions, select_reader
from tests.inputs_factory import EML, write_atom, write_docx, write_html, write_pdf, write_rss

TEXT = b"Title: Ferry fares frozen\n\nThe ferry operator froze fares for another year.\n"


def reader_for(name: str, data: bytes) -> str:
    return select_reader(InputData(name=name, data=data), ReaderOptions()).name


def test_every_format_is_registered() -> None:
    assert {"text", "html", "docx", "pdf", "json", "feed", "mail"} <= set(READERS)


@pytest.mark.parametrize("name", ["story.html", "story.txt", "story", "story.dat", "story.xml"])
def test_html_under_any_name(tmp_path: Path, name: str) -> None:
    write_html(tmp_path / "page.html")
    assert reader_for(name, (tmp_path / "page.html").read_bytes()) == "html"


@pytest.mark.parametrize("name", ["digest.pdf", "digest.txt", "digest.docx", "digest"])
def test_pdf_under_any_name(tmp_path: Path, name: str) -> None:
    write_pdf(tmp_path / "d.pdf")
    assert reader_for(name, (tmp_path / "d.pdf").read_bytes()) == "pdf"


def test_word_under_another_name(tmp_path: Path) -> None:
    write_docx(tmp_path / "memo.docx")
    assert reader_for("memo.bin", (tmp_path / "memo.docx").read_bytes()) == "docx"


@pytest.mark.parametrize(
    ("name", "writer"), [("feed.txt", write_rss), ("feed.xml", write_atom), ("feed", write_rss)]
)
def test_feeds_under_any_name(tmp_path: Path, name: str, writer) -> None:
    writer(tmp_path / "f")
    assert reader_for(name, (tmp_path / "f").read_bytes()) == "feed"


@pytest.mark.parametrize("name", ["msg.eml", "msg.txt", "msg"])
def test_mail_under_any_name(name: str) -> None:
    assert reader_for(name, EML.encode()) == "mail"


@pytest.mark.parametrize(
    "data", [b'{"title": "A", "text": "B"}', b'[\n  {"title": "A"}]', b"\xef\xbb\xbf[{}]"]
)
def test_json_under_any_name(data: bytes) -> None:
    assert reader_for("export.txt", data) == "json"


@pytest.mark.parametrize("name", ["notes.txt", "notes.docx", "notes.pdf", "notes.json", "notes.x"])
def test_text_under_any_name_is_read_as_text(name: str) -> None:
    assert reader_for(name, TEXT) == "text"


@pytest.mark.parametrize(
    "text",
    [
        "[Reuters] Markets rose on Monday.",
        "{Draft} The ministry will publish figures later.",
        "<b>Note:</b> not a web page, just a line of text with a tag.",
    ],
)
def test_text_that_merely_starts_like_markup_or_json_stays_text(text: str) -> None:
    assert reader_for("note.txt", text.encode()) == "text"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("image.xyz", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
        ("notes.txt", bytes(range(256)) * 4),
        ("report.docx", bytes(300)),
    ],
)
def test_binary_content_is_refused_whatever_the_name(name: str, data: bytes) -> None:
    with pytest.raises(IngestError, match="not a format briefing can read"):
        select_reader(InputData(name=name, data=data), ReaderOptions())


def test_any_zip_goes_to_the_word_reader_which_names_the_problem() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    source = InputData(name="sheet.ods", data=buffer.getvalue())
    reader = select_reader(source, ReaderOptions())
    with pytest.raises(IngestError, match="a zip archive but not a Word document"):
        reader.read(source)


def test_a_download_url_without_extension_is_read_by_content() -> None:
    document = docx.Document()
    document.add_paragraph("Reserves are at eleven days of demand.")
    buffer = io.BytesIO()
    document.save(buffer)
    source = InputData(
        name="https://example.org/download?id=7",
        data=buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert select_reader(source, ReaderOptions()).name == "docx"
