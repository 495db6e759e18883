"""The plain-text splitter on the layouts analysts actually paste or save."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

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


def _read(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = load_articles([str(path)])
    assert not result.skipped
    return list(result.articles)


PASTED = [
    (
        "Port opens night shifts at container terminal",
        [
            f"{PORT} The first night shift starts next week.",
            "Shipping lines said the longer hours would let them keep to their timetables "
            "through the winter, when storms often hold vessels outside the harbour.",
            "The authority will review the shifts after six months.",
        ],
    ),
    (
        "Rail freight link to northern port delayed by a year",
        [
            f"{RAIL} The line was due to carry its first trains next spring.",
            "Freight companies said they would keep using road haulage in the meantime, "
            "at a cost they put at several million a year.",
            "The ministry promised a new timetable for the works by the end of the month.",
        ],
    ),
    (
        "Grid operator warns of tight winter power supplies",
        [
            f"{GRID} Households are not expected to face cuts.",
            "Two gas plants on the coast are being repaired after faults were found in "
            "their turbines during routine checks in the autumn.",
            "The operator said it would publish weekly forecasts of the supply margin.",
        ],
    ),
]


def test_paragraphs_pasted_one_per_line_stay_paragraphs(tmp_path: Path) -> None:
    """Text copied from a page or a word processor: the headline, a blank line, then the
    paragraphs apart by single line breaks. They used to be joined into one paragraph."""
    title, paragraphs = PASTED[0]
    (article,) = _read(tmp_path, "port.txt", f"{title}\n\n" + "\n".join(paragraphs) + "\n")
    assert article.title == title
    assert article.text.split("\n\n") == paragraphs


def test_stories_pasted_one_paragraph_per_line_are_told_apart(tmp_path: Path) -> None:
    text = "\n\n".join(f"{title}\n\n" + "\n".join(paragraphs) for title, paragraphs in PASTED)
    articles = _read(tmp_path, "week.txt", text + "\n")
    assert [(a.title, a.text.split("\n\n")) for a in articles] == [
        (title, paragraphs) for title, paragraphs in PASTED
    ]


def test_a_hard_wrapped_list_item_stays_one_paragraph(tmp_path: Path) -> None:
    """A long line does not make every line a paragraph when a line carries on the
    sentence of the line above (a list item wrapped by hand)."""
    changes = (
        "The authority listed the changes that shipping lines will see from the first of "
        "next month, at every berth of the container terminal:\n"
        "Night pilots: two more pilots on call between midnight and six,\n"
        "so that ships need not wait for dawn to enter the harbour.\n"
        "Lighting: new floodlights on the quays."
    )
    (article,) = _read(tmp_path, "port.txt", f"Port Opens Night Shifts\n\n{PORT}\n\n{changes}\n")
    assert article.text.split("\n\n") == [PORT, " ".join(changes.split("\n"))]


def test_markdown_headings_in_a_text_file_are_headings(tmp_path: Path) -> None:
    """Notes and generated digests saved as .txt keep their "# " headings: each heads an
    article, without its marks."""
    text = f"# Port opens night shifts\n\n{PORT}\n\n# Rail link delayed\n\n{RAIL}\n\n{RAIL_2}\n"
    articles = _read(tmp_path, "notes.txt", text)
    assert [(a.title, a.text) for a in articles] == [
        ("Port opens night shifts", PORT),
        ("Rail link delayed", f"{RAIL}\n\n{RAIL_2}"),
    ]


def test_second_level_headings_with_no_first_level_are_weighed_as_headlines(
    tmp_path: Path,
) -> None:
    """With no "# " heading, "## " headings are the text's top ones: whether each heads a
    story or a section is weighed as for a plain text's headlines (not kept in the text)."""
    text = "\n\n".join(f"## {title}\n\n" + "\n\n".join(paragraphs) for title, paragraphs in PASTED)
    articles = _read(tmp_path, "digest.md", text + "\n")
    assert [a.title for a in articles] == [title for title, _ in PASTED]
    sections = (
        "# Port opens night shifts\n\n"
        f"{PORT}\n\n## What changes\n\n{PORT_2}\n\n## What comes next\n\n"
        "The authority will review the shifts after six months.\n"
    )
    (article,) = _read(tmp_path, "port.md", sections)
    assert article.title == "Port opens night shifts"


def test_a_source_line_under_each_headline_gives_source_and_date(tmp_path: Path) -> None:
    """Articles pasted with the publication and the date under the headline ("Harbour
    Daily, 3 November 2026"): that line was joined to the title, and nothing set the
    source or the date."""
    text = (
        f"Port opens night shifts\nHarbour Daily, 3 November 2026\n\n{PORT}\n\n{PORT_2}\n\n"
        f"Rail freight link delayed\nRail Weekly | Nov 4, 2026\n\n{RAIL}\n\n{RAIL_2}\n"
    )
    articles = _read(tmp_path, "week.txt", text)
    assert [(a.title, a.source, a.date) for a in articles] == [
        ("Port opens night shifts", "Harbour Daily", dt.date(2026, 11, 3)),
        ("Rail freight link delayed", "Rail Weekly", dt.date(2026, 11, 4)),
    ]
    assert articles[0].text == f"{PORT}\n\n{PORT_2}"


def test_a_link_under_the_headline_is_the_articles_url(tmp_path: Path) -> None:
    text = f"Port opens night shifts\nhttps://harbour.example/night\n\n{PORT}\n\n{PORT_2}\n"
    (article,) = _read(tmp_path, "port.txt", text)
    assert (article.title, article.url) == (
        "Port opens night shifts",
        "https://harbour.example/night",
    )
    assert article.text == f"{PORT}\n\n{PORT_2}"


def test_headlines_all_in_capitals_are_the_files_style(tmp_path: Path) -> None:
    """A wire's headlines all in capitals: a line in capitals is then no sign of a label,
    for the model or the rules."""
    text = "\n\n".join(
        f"{title.upper()}\n\n" + "\n\n".join(paragraphs) for title, paragraphs in PASTED
    )
    articles = _read(tmp_path, "wire.txt", text + "\n")
    assert [a.title for a in articles] == [title.upper() for title, _ in PASTED]


def test_a_numbered_headline_gives_its_words_as_the_title(tmp_path: Path) -> None:
    (article,) = _read(tmp_path, "one.txt", f"1. Port opens night shifts\n\n{PORT}\n\n{PORT_2}\n")
    assert article.title == "Port opens night shifts"


def test_stories_each_one_block_with_the_headline_on_top_are_told_apart(tmp_path: Path) -> None:
    """Each story one block: its headline with no blank line under it, then its paragraphs
    one per line; a blank line between stories."""
    text = "\n\n".join(f"{title}\n" + "\n".join(paragraphs) for title, paragraphs in PASTED)
    articles = _read(tmp_path, "week.txt", text + "\n")
    assert [(a.title, a.text.split("\n\n")) for a in articles] == [
        (title, paragraphs) for title, paragraphs in PASTED
    ]


CJK_DEVSET = Path(__file__).parent / "devsets" / "cjk.jsonl"


@pytest.mark.parametrize("language", ["zh", "ja"])
def test_chinese_and_japanese_stories_run_together_are_told_apart(
    tmp_path: Path, language: str
) -> None:
    """Five stories of the project's Chinese and Japanese dev set, each its headline over
    its paragraphs, in one file: a headline with no spaces was "one or two words" and "no
    headline", a lead opening with its credit in brackets ("〔記者陳冠宇／台北報導〕") was
    no lead, a reporter's line and an editor's credit ("…停止。（編輯：林克倫）") were taken
    for headlines."""
    rows = [json.loads(line) for line in CJK_DEVSET.read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row["language"] == language]
    for start in range(0, len(rows) - 4, 5):
        group = rows[start : start + 5]
        text = "\n\n".join(f"{row['title']}\n\n{row['text']}" for row in group)
        articles = _read(tmp_path, f"{language}-{start}.txt", text)
        assert [a.title for a in articles] == [" ".join(row["title"].split()) for row in group]


def test_a_chinese_reporters_line_is_the_author_not_a_headline(tmp_path: Path) -> None:
    text = (
        "國防部提特別預算 強化無人機與防空\n\n記者楊博宇／台北即時報導\n\n"
        "國防部今天向立法院提出特別預算案，將在未來五年投入新台幣兩千億元，採購無人機與防空飛彈。\n\n"
        "國防部表示，預算將分年編列，並接受立法院監督。\n"
    )
    (article,) = _read(tmp_path, "tw.txt", text)
    assert (article.title, article.author) == ("國防部提特別預算 強化無人機與防空", "楊博宇")
    assert article.text.startswith("國防部今天")


def test_a_headline_ending_in_three_dots_is_a_headline(tmp_path: Path) -> None:
    """Three dots are an ellipsis, as "…" is, not a full stop: "Rivals of the new
    ferry..." heads its story (it was read as text, and a later line took the title)."""
    text = (
        f"Rivals of the new night ferry...\n\n{PORT}\n\n{PORT_2}\n\n"
        f"Much more than a bus.\n\n{RAIL_2}\n"
    )
    (article,) = _read(tmp_path, "ferry.txt", text)
    assert article.title == "Rivals of the new night ferry..."
    assert article.text.startswith(PORT)


def test_typewritten_paragraphs_with_indented_first_lines_stay_apart(tmp_path: Path) -> None:
    """No blank line between paragraphs, each one's first line indented, hard-wrapped:
    cleaning trims the indents, and every paragraph of a story used to run into one (and
    the stories into each other)."""
    text = "\n\n".join(
        f"{title}\n\n" + "\n".join(textwrap.fill(p, 60, initial_indent="    ") for p in paragraphs)
        for title, paragraphs in PASTED
    )
    articles = _read(tmp_path, "typed.txt", text + "\n")
    assert [(a.title, a.text.split("\n\n")) for a in articles] == [
        (title, paragraphs) for title, paragraphs in PASTED
    ]


@pytest.mark.parametrize("indent", ["    ", "\t"])
def test_typewritten_stories_with_the_headline_right_over_the_first_indent(
    tmp_path: Path, indent: str
) -> None:
    """The same, with no blank line under each headline: the headline ends no sentence,
    and it ran into the first paragraph, every story into the one before (1,613 articles
    of a 3.4 MB text in this layout read as 19)."""
    text = "\n\n".join(
        f"{title}\n" + "\n".join(textwrap.fill(p, 60, initial_indent=indent) for p in paragraphs)
        for title, paragraphs in PASTED
    )
    articles = _read(tmp_path, "typed.txt", text + "\n")
    assert [(a.title, a.text.split("\n\n")) for a in articles] == [
        (title, paragraphs) for title, paragraphs in PASTED
    ]


def test_a_line_going_on_indented_under_a_short_one_is_no_paragraph(tmp_path: Path) -> None:
    """Only a line that opens a sentence takes a break above it under a headline-shaped
    line: one going on in lower case (a hanging indent) is the same paragraph."""
    (title, paragraphs), _ = PASTED[:2]
    typed = "\n".join(textwrap.fill(p, 60, initial_indent="    ") for p in paragraphs)
    text = f"{title}\n{typed}\n\nThe mayor added that\n    the port would stay open.\n"
    (article,) = _read(tmp_path, "port.txt", text)
    assert article.title == title
    assert article.text.split("\n\n") == [
        *paragraphs,
        "The mayor added that the port would stay open.",
    ]


def test_a_quotation_indented_whole_stays_one_paragraph(tmp_path: Path) -> None:
    quote = "    The harbour will never close at night again,\n    the mayor told the council."
    text = f"Port opens night shifts\n\n{PORT}\n{quote}\n{PORT_2}\n"
    (article,) = _read(tmp_path, "port.txt", text)
    assert "again, the mayor told the council." in article.text
