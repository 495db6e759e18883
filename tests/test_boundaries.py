"""Article boundaries: one input is one article unless the text clearly holds several.

One test per failure pattern seen on real files (issue 12), on fixtures written here,
asserting what `briefing inspect` shows a user.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.ingest import load_articles

PORT = (
    "The port authority opened night shifts at the container terminal on Monday, and "
    "officials said the change would cut waiting times for ships at the terminal by a third."
)
PORT_2 = (
    "Crane drivers at the container terminal will work the new night shifts from next "
    "week, the port authority said, and ships will be loaded around the clock."
)
PORT_3 = (
    "The terminal's night shifts will need more crane drivers, and the port authority is "
    "hiring forty of them for the container berths before the end of the year."
)
RAIL = (
    "The rail freight link to the northern port will open a year late, the transport "
    "ministry said on Tuesday. Contractors blamed a shortage of steel and a wet autumn."
)
RAIL_2 = "Opposition lawmakers called for an inquiry into the cost overruns on the line."


def inspect(path: Path) -> list[str]:
    """The article lines `briefing inspect` prints: titles, in order."""
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code in (0, 1), result.output
    return [m.group(1) for m in re.finditer(r"^\s+\d+\. (.+?) \[", result.output, re.M)]


def articles(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_articles([str(path)]).articles


def test_a_subheading_in_an_untitled_text_stays_inside(tmp_path: Path) -> None:
    text = f"{PORT}\n\n{PORT_2}\n\nThe campaign comes to the courtroom\n\n{PORT_3}\n"
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    assert len(inspect(path)) == 1


def test_a_subheading_that_recalls_the_story_above_stays_inside(tmp_path: Path) -> None:
    text = f"Port Opens Night Shifts\n\n{PORT}\n\nWaiting times for ships\n\n{PORT_2}\n\n{PORT_3}\n"
    (article,) = articles(tmp_path, "story.txt", text)
    assert article.title == "Port Opens Night Shifts"
    assert "Waiting times for ships" in article.text


def test_one_line_quotes_never_start_an_article(tmp_path: Path) -> None:
    text = (
        f"Port Opens Night Shifts\n\n{PORT}\n\n"
        "“I agree with the harbour master!”\n\n"
        "If they can fund the night shifts, why not fund the lighting?\n\n"
        f"{PORT_2}\n"
    )
    (article,) = articles(tmp_path, "quotes.txt", text)
    assert "I agree with the harbour master!" in article.text


def test_a_bulleted_list_stays_inside(tmp_path: Path) -> None:
    items = "\n\n".join(
        [
            "- Night shifts at the container terminal from Monday without any exceptions",
            "- Forty more crane drivers hired for the container berths this year",
            "- Waiting times for ships cut by a third by the end of the year",
        ]
    )
    text = f"Port Opens Night Shifts\n\n{PORT}\n\nThe plan in short\n\n{items}\n\n{PORT_2}\n"
    (article,) = articles(tmp_path, "list.txt", text)
    assert "Forty more crane drivers" in article.text and article.text.endswith(PORT_2)


def test_a_fixture_list_stays_inside(tmp_path: Path) -> None:
    report = (
        "Harbour FC beat Port Vale 2-1 on Saturday to reach the cup semi-final, with both "
        "goals coming in the last ten minutes at Harbour Park."
    )
    after = "Harbour FC will play the winners of the Keelung derby in the semi-final in March."
    text = (
        f"Harbour FC edge past Port Vale\n\n{report}\n\n"
        "Harbour FC: Lee, Chen, Wang, Lin, Huang, Ko, Tsai, Hsu, Chou, Yeh, Lu\n\n"
        "Subs not used: Pan, Tang\n\nBooked: Chen\n\nGoals: Lin 81, Hsu 88\n\n"
        "Port Vale: Smith, Jones, Brown, Taylor, Wilson, Davies, Evans, Thomas, Roberts\n\n"
        "Att: 8,661\n\nRef: K Clark\n\nSunday, 27 February\n\n1500 GMT\n\n"
        f"{after}\n"
    )
    (article,) = articles(tmp_path, "fixture.txt", text)
    assert "Ref: K Clark" in article.text and article.text.endswith(after)


def test_a_byline_and_dateline_are_author_and_date_never_a_title(tmp_path: Path) -> None:
    text = f"By Daniel Okafor\n\n9 February 2026\n\n{PORT}\n\n{PORT_2}\n"
    (article,) = articles(tmp_path, "byline.txt", text)
    assert article.author == "Daniel Okafor"
    assert str(article.date) == "2026-02-09"
    assert article.title_derived and article.title.startswith("The port authority")
    assert "Okafor" not in article.text


SAVED_PAGE = f"""Asia Desk
Home | World | Business | Opinion | Sport
Skip to content
Port opens night shifts at the container terminal
By Daniel Okafor | 9 February 2026
{PORT}
{PORT_2}
Share this article
Facebook Twitter Email
Rail freight link to the northern port delayed
{RAIL}
{RAIL_2}
Advertisement
More from Asia Desk
Drone makers win new navy contracts
https://asiadesk.example/drones
Typhoon season ends with record rainfall
https://asiadesk.example/typhoon
We use cookies to improve your experience. Accept all cookies
© 2026 Asia Desk. All rights reserved.
"""


def test_a_saved_page_gives_its_articles_and_headline_items(tmp_path: Path) -> None:
    port, rail, drones, typhoon = articles(tmp_path, "week.txt", SAVED_PAGE)
    assert (port.title, port.author, str(port.date)) == (
        "Port opens night shifts at the container terminal",
        "Daniel Okafor",
        "2026-02-09",
    )
    assert port.text == f"{PORT}\n\n{PORT_2}"  # no share buttons, no byline
    # the headline after "Share this article" is not swallowed by the article before it
    assert rail.title == "Rail freight link to the northern port delayed"
    assert rail.text == f"{RAIL}\n\n{RAIL_2}"
    assert (drones.headline_only, drones.url, drones.text) == (
        True,
        "https://asiadesk.example/drones",
        "",
    )
    assert typhoon.title == "Typhoon season ends with record rainfall" and typhoon.headline_only
    everything = " ".join(a.title + " " + a.text for a in (port, rail, drones, typhoon))
    for furniture in ("Share", "Facebook", "©", "cookies", "Advertisement", "Home |"):
        assert furniture not in everything


def test_headlines_run_together_each_start_an_article(tmp_path: Path) -> None:
    text = f"Port Opens Night Shifts\n\n{PORT}\n\n{PORT_2}\n\nRail Link Delayed\n\n{RAIL}\n"
    path = tmp_path / "digest.txt"
    path.write_text(text, encoding="utf-8")
    assert inspect(path) == ["Port Opens Night Shifts", "Rail Link Delayed"]


def test_a_credit_closing_an_article_is_no_title_for_the_next(tmp_path: Path) -> None:
    # The line that ends one story (a referee under the team lists, a photo credit) sits
    # right above the next headline: the headline titles the story, the credit stays put.
    report = (
        "Harbour FC beat Port Vale 2-1 on Saturday to reach the cup semi-final, with both "
        "goals coming in the last ten minutes at Harbour Park."
    )
    teams = (
        "Harbour FC: Lee, Chen, Wang, Lin, Huang, Ko, Tsai, Hsu, Chou, Yeh, Lu.\n\n"
        "Port Vale: Smith, Jones, Brown, Taylor, Wilson, Davies, Evans, Thomas, Roberts."
    )
    rail_2 = (
        "It is the biggest rail project in Taiwan since the high-speed line, and the second "
        "to run late this decade."
    )
    rail = f"Rail Freight Link Delayed\n\n{RAIL}\n\n{rail_2}\n\n{RAIL_2}\n"
    match = f"Harbour FC Edge Past Port Vale\n\n{report}\n\n{teams}\n\nKo Wen-hao (Taiwan)\n\n"
    first, second = articles(tmp_path, "match.txt", match + rail)
    assert (first.title, second.title) == (
        "Harbour FC Edge Past Port Vale",
        "Rail Freight Link Delayed",
    )
    assert first.text.endswith("Ko Wen-hao (Taiwan)") and second.text.startswith(RAIL)
    port = f"Port Opens Night Shifts\n\n{PORT}\n\n{PORT_2}\n\nPhotographs by Mei Lin in Taiwan\n\n"
    path = tmp_path / "port.txt"
    path.write_text(port + rail, encoding="utf-8")
    assert inspect(path) == ["Port Opens Night Shifts", "Rail Freight Link Delayed"]


def test_a_headline_keeps_its_title_over_a_dek_that_echoes_the_lead(tmp_path: Path) -> None:
    # The dek repeats the lead more closely than the headline, but the lead's first
    # sentence restates the headline: the headline is the title, the dek its first line.
    dek = "Steel shortage and wet autumn blamed"
    port = f"Port Opens Night Shifts\n\n{PORT}\n\n{PORT_2}\n\n"
    text = f"{port}Rail Freight Link Delayed\n\n{dek}\n\n{RAIL}\n"
    first, second = articles(tmp_path, "digest.txt", text)
    assert (first.title, second.title) == ("Port Opens Night Shifts", "Rail Freight Link Delayed")
    assert first.text == f"{PORT}\n\n{PORT_2}" and second.text == f"{dek}\n\n{RAIL}"


def test_a_headline_right_after_a_list_starts_an_article(tmp_path: Path) -> None:
    # A story that ends in a list of titles (a channel's new shows), then the next
    # headline over a lead that restates it: the list ends the first article, the
    # headline starts the second. A sentence that only goes on from the list does not.
    tv = (
        "Harbour TV will show three new series this winter, its director said on Monday, "
        "as the channel tries to win back viewers from streaming services."
    )
    tv_2 = "The series, all made in Keelung, will replace the evening news magazine."
    shows = "Night Shift at the Docks\n\nThe Lighthouse Keepers\n\nKeelung Kitchen Nights"
    story = f"Harbour TV Sets Its Winter Schedule\n\n{tv}\n\n{tv_2}\n\n{shows}\n\n"
    path = tmp_path / "digest.txt"
    path.write_text(f"{story}Rail Freight Link Delayed\n\n{RAIL}\n\n{RAIL_2}\n", encoding="utf-8")
    assert inspect(path) == ["Harbour TV Sets Its Winter Schedule", "Rail Freight Link Delayed"]
    first = load_articles([str(path)]).articles[0]
    assert first.text.endswith("Keelung Kitchen Nights")
    goes_on = "All three will be shown on weekday evenings from January, the channel said."
    (article,) = articles(tmp_path, "schedule.txt", f"{story}{goes_on}\n")
    assert article.text.endswith(f"Keelung Kitchen Nights\n\n{goes_on}")


def test_a_fragment_is_no_article(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not xml at all <<<\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert "notes.txt: no article text found (shorter than one full sentence)" in result.output
    assert "article(s)" not in result.output


def test_a_fragment_between_articles_stays_with_its_neighbour(tmp_path: Path) -> None:
    text = f"Title: Port Opens Night Shifts\n\n{PORT}\n\n---\n\nsee page 4\n\n---\n\n{RAIL}\n"
    port, rail = articles(tmp_path, "notes.txt", text)
    assert port.text.endswith("see page 4")
    assert rail.text == RAIL


# --- PDF ----------------------------------------------------------------------------------

BOOK_SENTENCES = [
    "The harbour was dredged for the first time in the spring of that year",
    "and the merchants of the town paid for the work themselves",
    "because the governor would not spend the crown's money on it.",
    "Ships of a greater draught could now come alongside the quays,",
    "and within a decade the customs receipts had doubled.",
]


def _write_book(path: Path, chapters: int = 6) -> None:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A5)
    height = A5[1]
    for chapter in range(1, chapters + 1):
        y = height - 60
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(40, y, f"Chapter {chapter}: The harbour")
        pdf.bookmarkPage(f"c{chapter}")
        pdf.addOutlineEntry(f"Chapter {chapter}", f"c{chapter}", level=0)
        y -= 30
        pdf.setFont("Times-Roman", 10)
        for paragraph in range(6):
            for line in BOOK_SENTENCES:
                pdf.drawString(40, y, line)
                y -= 13
            if paragraph % 2:
                pdf.setFont("Times-Italic", 10)
                pdf.drawString(40, y, "A note on sources")  # a small heading
                pdf.setFont("Times-Roman", 10)
                y -= 13
            y -= 8
            if y < 80:
                pdf.showPage()
                y = height - 60
        pdf.showPage()
    pdf.save()


def test_a_book_like_pdf_is_one_article(tmp_path: Path) -> None:
    _write_book(tmp_path / "history.pdf")
    assert len(inspect(tmp_path / "history.pdf")) == 1


def test_ocr_lines_of_a_pdf_are_not_split_into_articles(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    # OCR output: lines broken mid-sentence at uneven spacing, so that paragraphs seem to
    # end in the middle of sentences (the plain-text splitter took each for a teaser)
    for n, line in enumerate(BOOK_SENTENCES * 8):
        pdf.drawString(50 + (n % 3), y, line.replace("the", "tbe", n % 4 == 0))
        y -= 14 + (n % 3) * 6
        if y < 60:
            pdf.showPage()
            y = 800
    pdf.save()
    (article,) = load_articles([str(path)]).articles
    assert "customs receipts had doubled" in article.text


def test_a_pdf_with_headlines_and_bylines_gives_its_articles(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "newsletter.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for headline, body in (("Port opens night shifts", PORT), ("Rail link delayed", RAIL)):
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(50, y, headline)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(50, y - 20, "By Daniel Okafor")
        y -= 45
        words = body.split()
        for start in range(0, len(words), 12):
            pdf.drawString(50, y, " ".join(words[start : start + 12]))
            y -= 13
        y -= 30
    pdf.save()
    port, rail = load_articles([str(path)]).articles
    assert (port.title, port.author) == ("Port opens night shifts", "Daniel Okafor")
    assert rail.title == "Rail link delayed" and rail.text.startswith("The rail freight")


# --- Word -----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _paragraph(text: str, extra: str = "") -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r>{extra}</w:p>"


def _write_raw_docx(path: Path, strict: bool = False) -> None:
    """A Word file with a text box, a footnote and an endnote, written part by part."""
    box = (
        "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
        f"<w:txbxContent>{_paragraph('Crane drivers hired: forty this year.')}"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    body = "".join(
        [
            _paragraph(PORT, box),
            _paragraph(PORT_2, "<w:r><w:footnoteReference w:id='1'/></w:r>"),
            _paragraph(PORT_3, "<w:r><w:endnoteReference w:id='2'/></w:r>"),
        ]
    )
    document = f"<w:document xmlns:w='{W}' xmlns:r='{R}'><w:body>{body}</w:body></w:document>"
    notes = {
        "footnotes": f"<w:footnotes xmlns:w='{W}'><w:footnote w:type='separator' w:id='0'>"
        f"{_paragraph('')}</w:footnote><w:footnote w:id='1'>"
        f"{_paragraph('Port authority figures for the year to March.')}</w:footnote>"
        "</w:footnotes>",
        "endnotes": f"<w:endnotes xmlns:w='{W}'><w:endnote w:id='2'>"
        f"{_paragraph('Hiring plan published in the port gazette.')}</w:endnote></w:endnotes>",
    }
    content_types = (
        "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
        "<Default Extension='rels' ContentType='application/vnd.openxmlformats-package."
        "relationships+xml'/><Default Extension='xml' ContentType='application/xml'/>"
        "<Override PartName='/word/document.xml' ContentType='application/vnd."
        "openxmlformats-officedocument.wordprocessingml.document.main+xml'/>"
        "<Override PartName='/word/footnotes.xml' ContentType='application/vnd."
        "openxmlformats-officedocument.wordprocessingml.footnotes+xml'/>"
        "<Override PartName='/word/endnotes.xml' ContentType='application/vnd."
        "openxmlformats-officedocument.wordprocessingml.endnotes+xml'/></Types>"
    )
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rels = (
        f"<Relationships xmlns='{RELS}'><Relationship Id='rId1' "
        f"Type='{rel_type}/officeDocument' Target='word/document.xml'/></Relationships>"
    )
    document_rels = (
        f"<Relationships xmlns='{RELS}'>"
        f"<Relationship Id='rId1' Type='{rel_type}/footnotes' Target='footnotes.xml'/>"
        f"<Relationship Id='rId2' Type='{rel_type}/endnotes' Target='endnotes.xml'/>"
        "</Relationships>"
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "word/_rels/document.xml.rels": document_rels,
        "word/document.xml": document,
        "word/footnotes.xml": notes["footnotes"],
        "word/endnotes.xml": notes["endnotes"],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, xml in parts.items():
            if strict:  # ISO 29500 Strict names the same things in other namespaces
                xml = re.sub(
                    r"http://schemas\.openxmlformats\.org/(wordprocessingml|officeDocument)/2006/",
                    r"http://purl.oclc.org/ooxml/\1/",
                    xml,
                )
            package.writestr(name, xml)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("strict", [False, True])
def test_word_text_boxes_footnotes_and_endnotes_are_read(tmp_path: Path, strict: bool) -> None:
    _write_raw_docx(tmp_path / "memo.docx", strict=strict)
    (article,) = load_articles([str(tmp_path / "memo.docx")]).articles
    paragraphs = article.text.split("\n\n")
    assert paragraphs[1] == "Crane drivers hired: forty this year."  # where the box sits
    assert paragraphs[-2:] == [
        "Port authority figures for the year to March.",
        "Hiring plan published in the port gazette.",
    ]


def test_pypdf_warnings_stay_out_of_a_quiet_run(tmp_path: Path) -> None:
    from tests.inputs_factory import write_pdf

    write_pdf(tmp_path / "digest.pdf")
    data = (tmp_path / "digest.pdf").read_bytes()
    # a wrong startxref offset: pypdf repairs it and logs "incorrect startxref pointer"
    data = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m[1]) + 7), data)
    (tmp_path / "digest.pdf").write_bytes(data)
    result = CliRunner().invoke(
        app, ["-q", "build", str(tmp_path / "digest.pdf"), "-o", str(tmp_path / "b.docx")]
    )
    assert result.exit_code == 0, result.output
    assert "startxref" not in result.output
    assert result.output.strip() == ""


def test_a_word_report_with_section_headings_is_one_article(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Port capacity review", style="Title")
    for label, text in (("Introduction", PORT), ("Findings", PORT_2), ("Outlook", PORT_3)):
        document.add_heading(label, level=1)
        document.add_paragraph(text)
    document.add_heading("Rail freight link to the northern port delayed", level=1)
    document.add_paragraph(RAIL)
    document.save(str(tmp_path / "review.docx"))
    assert inspect(tmp_path / "review.docx") == [
        "Port capacity review",
        "Rail freight link to the northern port delayed",
    ]
    review = load_articles([str(tmp_path / "review.docx")]).articles[0]
    assert review.text.split("\n\n")[:2] == ["Introduction", PORT]


def test_headlines_on_a_page_saved_without_blank_lines_start_articles(tmp_path: Path) -> None:
    text = f"Port Opens Night Shifts\n{PORT}\n{PORT_2}\nRail Freight Link Delayed\n{RAIL}\n"
    port, rail = articles(tmp_path, "page.txt", text)
    assert (port.title, port.text) == ("Port Opens Night Shifts", f"{PORT}\n\n{PORT_2}")
    assert (rail.title, rail.text) == ("Rail Freight Link Delayed", RAIL)
