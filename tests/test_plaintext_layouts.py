"""The plain-text splitter on the layouts analysts actually paste or save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.ingest import load_articles
from briefing.ingest.readers.plaintext import build_articles

PORT = (
    "The port authority opened night shifts at the container terminal on Monday. "
    "Officials said the change would cut waiting times for ships by a third."
)
PORT_2 = "Unions welcomed the extra hours but asked for better lighting on the quays."
RAIL = (
    "The rail freight link to the northern port will open a year late, the ministry said. "
    "Contractors blamed a shortage of steel and a wet autumn."
)
RAIL_2 = "Opposition lawmakers called for an inquiry into the cost overruns."
GRID = (
    "The grid operator warned of tight supplies this winter after two gas plants "
    "closed for repairs. It asked large factories to shift demand to the night."
)


def test_articles_separated_by_dashes_with_header_blocks() -> None:
    text = (
        f"Title: Port Opens Night Shifts\nSource: Harbour Daily\nDate: 2026-11-03\n"
        f"URL: https://harbour.example/night\n\n{PORT}\n\n{PORT_2}\n"
        "---\n"
        f"Title: Rail Link Delayed\nSource: Rail Weekly\nDate: 4 November 2026\n\n{RAIL}\n"
    )
    port, rail = build_articles("week.txt", text)
    assert (port.title, port.source, port.date, port.url) == (
        "Port Opens Night Shifts",
        "Harbour Daily",
        dt.date(2026, 11, 3),
        "https://harbour.example/night",
    )
    assert port.text == f"{PORT}\n\n{PORT_2}"
    assert (rail.title, rail.source, rail.date, rail.url) == (
        "Rail Link Delayed",
        "Rail Weekly",
        dt.date(2026, 11, 4),
        None,
    )
    assert rail.text == RAIL
    assert not port.truncated and not rail.truncated


def test_header_blocks_alone_separate_articles() -> None:
    text = (
        f"Title: Port Opens Night Shifts\nSource: Harbour Daily\n\n{PORT}\n\n"
        f"Title: Rail Link Delayed\nSource: Rail Weekly\n\n{RAIL}\n\n{RAIL_2}\n"
    )
    articles = build_articles("week.txt", text)
    assert [(a.title, a.source, a.text) for a in articles] == [
        ("Port Opens Night Shifts", "Harbour Daily", PORT),
        ("Rail Link Delayed", "Rail Weekly", f"{RAIL}\n\n{RAIL_2}"),
    ]


def test_a_title_line_then_a_blank_line() -> None:
    (article,) = build_articles("one.txt", f"Port Opens Night Shifts\n\n{PORT}\n\n{PORT_2}\n")
    assert article.title == "Port Opens Night Shifts"
    assert not article.title_derived
    assert article.text == f"{PORT}\n\n{PORT_2}"


def test_several_articles_with_title_lines_and_no_separators() -> None:
    text = (
        f"Port Opens Night Shifts at Container Terminal\n\n{PORT}\n\n{PORT_2}\n\n"
        f"Rail Freight Link to Northern Port Delayed\n\n{RAIL}\n\n{RAIL_2}\n\n"
        f"Grid Operator Warns of Tight Winter Supplies\n\n{GRID}\n"
    )
    articles = build_articles("digest.txt", text)
    assert [(a.title, a.text) for a in articles] == [
        ("Port Opens Night Shifts at Container Terminal", f"{PORT}\n\n{PORT_2}"),
        ("Rail Freight Link to Northern Port Delayed", f"{RAIL}\n\n{RAIL_2}"),
        ("Grid Operator Warns of Tight Winter Supplies", GRID),
    ]


def test_a_scraped_page_ending_in_cut_off_teasers() -> None:
    teasers = [
        "Fishermen in the northern islands say catches of squid have fallen by half this "
        "season, and they blame warmer water pushed north by a",
        "The central bank left its policy rate unchanged on Thursday, citing stubborn "
        "services inflation and a weaker currency, while two board",
    ]
    # a scraped page: one line per paragraph, no blank lines, no titles
    text = "\n".join([PORT, PORT_2, *teasers])
    articles = build_articles("page.txt", text)
    assert [a.text for a in articles] == [f"{PORT}\n\n{PORT_2}", *teasers]
    assert [a.truncated for a in articles] == [False, True, True]
    assert all(a.title_derived for a in articles)
    assert articles[1].title.startswith("Fishermen in the northern islands")


def test_one_article_whose_last_paragraph_is_cut_off_stays_one() -> None:
    cut = (
        "Port officials expect the night shifts to bring more ships to the terminal "
        "before the end of the year, and the authority is already hiring crane"
    )
    text = f"Port Opens Night Shifts\n\n{PORT}\n\n{PORT_2}\n\n{cut}\n"
    (article,) = build_articles("cut.txt", text)
    assert article.title == "Port Opens Night Shifts"
    assert article.truncated
    assert article.text == f"{PORT}\n\n{PORT_2}\n\n{cut}"


def test_the_same_cut_off_article_scraped_without_blank_lines_stays_one() -> None:
    cut = (
        "Port officials expect the night shifts to bring more ships to the terminal "
        "before the end of the year, and the authority is already hiring crane"
    )
    (article,) = build_articles("cut.txt", "\n".join([PORT, PORT_2, cut]))
    assert article.truncated
    assert article.text.endswith("hiring crane")


def test_markdown_headings_start_articles_and_subheadings_stay_inside() -> None:
    text = (
        "# Port Opens Night Shifts\n\n"
        f"{PORT}\n\n"
        "## What the unions say\n\n"
        f"{PORT_2}\n\n"
        "# Rail Link Delayed\n\n"
        f"**{RAIL}**\n\n"
        "## Costs\n\n"
        f"{RAIL_2}\n"
    )
    port, rail = build_articles("notes.md", text, markdown=True)
    assert port.title == "Port Opens Night Shifts"
    assert port.text == f"{PORT}\n\nWhat the unions say\n\n{PORT_2}"
    assert rail.title == "Rail Link Delayed"
    assert rail.text == f"{RAIL}\n\nCosts\n\n{RAIL_2}"


def test_a_markdown_file_is_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(f"# Port Opens Night Shifts\n\n{PORT}\n\n## Unions\n\n{PORT_2}\n")
    (article,) = load_articles([str(path)]).articles
    assert article.title == "Port Opens Night Shifts"
    assert "Unions" in article.text and "#" not in article.text


def test_a_setext_underlined_title() -> None:
    text = f"Port Opens Night Shifts\n=======================\n\n{PORT}\n"
    (article,) = build_articles("setext.txt", text)
    assert article.title == "Port Opens Night Shifts"
    assert article.text == PORT


def test_a_last_heading_with_nothing_under_it_is_kept() -> None:
    text = f"# Port Opens Night Shifts\n\n{PORT}\n\n# Related stories\n"
    (article,) = build_articles("notes.md", text, markdown=True)
    assert article.text == f"{PORT}\n\nRelated stories"


def test_windows_line_endings_and_a_bom() -> None:
    text = f"\ufeffTitle: Port Opens Night Shifts\r\n\r\n{PORT}\r\n\r\n{PORT_2}\r\n"
    (article,) = build_articles("dos.txt", text)
    assert article.title == "Port Opens Night Shifts"
    assert article.text == f"{PORT}\n\n{PORT_2}"
