"""The PDF reader: running headers, footers and line-end hyphens stay out of sentences."""

from pathlib import Path

import pypdf
import pytest

from briefing import text as textlib
from briefing.errors import IngestError
from briefing.ingest import load_articles
from briefing.ingest.readers import InputData, ReaderOptions, select_reader
from briefing.ingest.readers.pdf import PdfLine, drop_headers_and_footers, join_lines
from tests.inputs_factory import (
    PDF_HEADER,
    PDF_PARAGRAPHS,
    assert_article,
    write_pdf,
)


def read(path: Path):
    return load_articles([str(path)]).articles


def test_the_fixture_really_has_several_pages_with_furniture(tmp_path: Path) -> None:
    write_pdf(tmp_path / "digest.pdf")
    reader = pypdf.PdfReader(str(tmp_path / "digest.pdf"))
    assert len(reader.pages) >= 2
    assert all(PDF_HEADER in page.extract_text() for page in reader.pages)
    assert "reconnais-" in reader.pages[0].extract_text()


def test_paragraphs_come_back_whole(tmp_path: Path) -> None:
    expected = write_pdf(tmp_path / "digest.pdf")
    (article,) = read(tmp_path / "digest.pdf")
    assert_article(article, expected)
    assert not article.title_derived  # the printed headline beats "Microsoft Word - ..."
    assert article.text.split("\n\n") == list(PDF_PARAGRAPHS)


def test_headers_footers_and_hyphens_do_not_leak_into_sentences(tmp_path: Path) -> None:
    write_pdf(tmp_path / "digest.pdf")
    (article,) = read(tmp_path / "digest.pdf")
    assert "Strait Monitor" not in article.text
    assert "Page " not in article.text
    assert "reconnaissance drones" in article.text
    for sentence in textlib.split_sentences(article.text):
        assert sentence in " ".join(PDF_PARAGRAPHS), sentence


def test_the_metadata_title_is_used_when_the_page_prints_none(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A6
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "memo.pdf"), pagesize=A6)
    pdf.setTitle("Grid operator warns of winter peak")
    pdf.setFont("Helvetica", 8)
    pdf.drawString(20, 300, "The grid operator expects demand to peak in late January.")
    pdf.save()
    (article,) = read(tmp_path / "memo.pdf")
    assert article.title == "Grid operator warns of winter peak"
    assert article.text == "The grid operator expects demand to peak in late January."


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    write_pdf(tmp_path / "digest.txt")
    (article,) = read(tmp_path / "digest.txt")
    assert article.title == "Navy expands drone patrols in the strait"


def test_a_damaged_pdf_is_an_error_with_a_reason() -> None:
    source = InputData(name="cut.pdf", data=b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    with pytest.raises(IngestError, match=r"cut\.pdf: damaged or unreadable PDF"):
        select_reader(source, ReaderOptions()).read(source)


@pytest.mark.parametrize("user_password", ["secret", ""])
def test_a_pdf_is_read_unless_it_needs_a_password_to_open(
    tmp_path: Path, user_password: str
) -> None:
    write_pdf(tmp_path / "plain.pdf")
    writer = pypdf.PdfWriter(clone_from=str(tmp_path / "plain.pdf"))
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    source = InputData(name="locked.pdf", data=(tmp_path / "locked.pdf").read_bytes())
    reader = select_reader(source, ReaderOptions())
    if not user_password:  # only an owner password: anyone may open and read it
        (article,) = reader.read(source)
        assert article.title == "Navy expands drone patrols in the strait"
        return
    with pytest.raises(IngestError) as raised:
        reader.read(source)
    assert str(raised.value) == (
        "locked.pdf: the PDF is password-protected; save a copy without the password and retry"
    )


SHIPS = ["Aurora", "Basalt", "Cormorant", "Dolphin", "Egret", "Falcon", "Gannet", "Heron"]


def test_repeated_edge_lines_go_but_repeated_body_lines_stay() -> None:
    pages = []
    for n in range(4):
        body = [
            PdfLine(f"The {ship} arrived at berth {n} on time with a full cargo.") for ship in SHIPS
        ]
        body.insert(4, PdfLine("Inspectors checked every container on board."))
        pages.append([PdfLine("Port Digest | Monthly report"), *body, PdfLine(f"- {n + 1} -")])
    kept = [[line.text for line in page] for page in drop_headers_and_footers(pages)]
    assert all(len(page) == len(SHIPS) + 1 for page in kept)
    assert all(
        page[0].startswith("The Aurora") and page[-1].startswith("The Heron") for page in kept
    )
    assert all("Inspectors checked every container on board." in page for page in kept)


def test_hyphenated_compounds_the_document_spells_elsewhere_keep_their_hyphen() -> None:
    lines = [
        PdfLine("The well-known port of Keelung and a well-", 700, 10),
        PdfLine("known harbour in the south reported a rise", 688, 10),
        PdfLine("in traffic after the new government scheme", 676, 10),
        PdfLine("and the port authority said its manage-", 664, 10),
        PdfLine("ment rules.", 652, 10),
    ]
    (paragraph,) = join_lines(lines)
    assert "a well-known harbour" in paragraph
    assert "its management rules." in paragraph


def test_white_space_and_font_size_separate_paragraphs_and_headings() -> None:
    lines = [
        PdfLine("Grid warning", 700, 14),
        PdfLine("The grid operator expects demand to peak", 680, 10),
        PdfLine("in late January, officials said today.", 668, 10),
        PdfLine("Reserve margins will be thin for a week", 648, 10),
        PdfLine("and factories may be asked to cut use.", 636, 10),
    ]
    assert join_lines(lines) == [
        "Grid warning",
        "The grid operator expects demand to peak in late January, officials said today.",
        "Reserve margins will be thin for a week and factories may be asked to cut use.",
    ]
