"""Writers of one small input file per format, with original text, for the reader tests.

Each writer returns what a reader should find in the file, so tests compare against
the same values the file was made from.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import dataclass, field
from email.header import Header
from pathlib import Path
from typing import Any

import docx
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen import canvas


@dataclass(frozen=True)
class Expected:
    title: str
    source: str | None = None
    date: dt.date | None = None
    url: str | None = None
    author: str | None = None
    phrases: tuple[str, ...] = field(default_factory=tuple)  # must appear in the text


# --- HTML --------------------------------------------------------------------------------

HTML_STORY = Expected(
    title="Coast guard holds drills off Kinmen",
    source="Harbour Times",
    date=dt.date(2026, 11, 20),
    url="https://harbour.example/news/kinmen-drills",
    author="Lin Mei-hua",
    phrases=(
        "The coast guard held two days of drills in the waters off Kinmen this week",
        "Fishermen were told to keep clear of two marked zones.",
    ),
)
HTML_BOILERPLATE = ("Subscribe to our newsletter", "cheap watches", "All rights reserved")


def write_html(path: Path) -> Expected:
    e = HTML_STORY
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{e.title} | {e.source}</title>
<meta property="og:title" content="{e.title}">
<meta property="og:site_name" content="{e.source}">
<meta name="author" content="{e.author}">
<meta property="article:published_time" content="2026-11-20T08:00:00+08:00">
<link rel="canonical" href="{e.url}">
<script>window.tracking = {{"page": "news"}};</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<div class="promo">Subscribe to our newsletter for the morning headlines.</div>
<main><article>
<h1>{e.title}</h1>
<p class="byline">By {e.author}</p>
<p>The coast guard held two days of drills in the waters off Kinmen this week, officials
said on Thursday, describing the exercise as routine and planned months ago.</p>
<p>Patrol boats practised boarding and towing, and a rescue helicopter joined on the second
day. Fishermen were told to keep clear of two marked zones.</p>
<p>Local councillors said they had been briefed in advance and welcomed closer coordination
with the county fire service during the exercise.</p>
</article></main>
<section class="comments"><h3>Comments</h3>
<div class="comment"><p>Great article!! Visit my site for cheap watches.</p></div></section>
<footer><p>Copyright 2026 {e.source}. All rights reserved.</p>
<a href="/privacy">Privacy</a></footer>
</body></html>
""",
        encoding="utf-8",
    )
    return e


# --- Word --------------------------------------------------------------------------------

DOCX_FIRST = Expected(
    title="Legislature reviews special defence budget",
    source="Parliament Watch",
    date=dt.date(2026, 11, 18),
    phrases=(
        "Lawmakers began reviewing the special defence budget on Wednesday",
        "Coastal missiles | 41.2",
        "Committee schedule",
    ),
)
DOCX_SECOND = Expected(
    title="Chip export rules tightened",
    phrases=("The economics ministry added two categories of equipment",),
)


def write_docx(path: Path, core_title: str = "") -> tuple[Expected, Expected]:
    document = docx.Document()
    document.core_properties.title = core_title
    document.add_heading(DOCX_FIRST.title, level=0)
    document.add_paragraph(f"Source: {DOCX_FIRST.source}")
    document.add_paragraph("Date: 2026-11-18")
    document.add_paragraph(
        "Lawmakers began reviewing the special defence budget on Wednesday, with opposition "
        "members asking for a line-by-line account of the procurement plan."
    )
    table = document.add_table(rows=3, cols=2)
    for row, (item, amount) in zip(
        table.rows,
        [("Item", "Billion NT$"), ("Coastal missiles", "41.2"), ("Drones", "18.5")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = item, amount
    document.add_heading("Committee schedule", level=2)
    document.add_paragraph(
        "The defence committee will hold three hearings before the end of the month and "
        "expects a vote early next year."
    )
    document.add_heading(DOCX_SECOND.title, level=1)
    document.add_paragraph(
        "The economics ministry added two categories of equipment to its export control list "
        "on Monday. Companies will need a licence to ship them to six countries."
    )
    document.save(str(path))
    return DOCX_FIRST, DOCX_SECOND


# --- PDF ---------------------------------------------------------------------------------

PDF_STORY = Expected(
    title="Navy expands drone patrols in the strait",
    phrases=(
        "The navy will double its fleet of reconnaissance drones",
        "The new squadron will be based in Penghu",
    ),
)
PDF_HEADER = "Strait Monitor - Weekly Digest"
PDF_PARAGRAPHS = (
    "The navy will double its fleet of reconnaissance drones over the next two years, the "
    "defence ministry said on Monday, as it seeks to watch more of the waters around the "
    "outlying islands without tiring its crews.",
    "Officials said the drones would fly fixed routes at dawn and at dusk, and that data "
    "from each flight would be shared with the coast guard within the hour.",
    "The new squadron will be based in Penghu and will start flying in the spring. Pilots "
    "are already training on simulators at an air base in the south.",
    "Critics in the legislature asked whether the budget included enough money for "
    "maintenance, noting that older aircraft had spent long periods on the ground.",
    "The ministry replied that spare parts had been ordered in advance and that two local "
    "firms would service the engines under a five-year contract.",
    "Analysts said the plan reflected a shift towards cheaper unmanned systems that can "
    "stay in the air for many hours and be replaced quickly if lost.",
)


def pdf_lines(width: int = 34) -> list[list[str]]:
    """The paragraphs as printed lines; one line ends in a hyphenated word."""
    lines = [textwrap.wrap(p, width, break_on_hyphens=False) for p in PDF_PARAGRAPHS]
    first = lines[0]
    # "reconnaissance" is split across the first line break, as a typesetter would.
    head, _, tail = " ".join(first).partition("reconnaissance")
    first[:] = [head + "reconnais-", *textwrap.wrap("sance" + tail, width)]
    return lines


def write_pdf(path: Path, metadata_title: str = "Microsoft Word - draft3.docx") -> Expected:
    pdf = canvas.Canvas(str(path), pagesize=A6)
    pdf.setTitle(metadata_title)
    width, height = A6
    page = 1

    def furniture() -> None:
        pdf.setFont("Helvetica", 7)
        pdf.drawString(20, height - 20, PDF_HEADER)
        pdf.drawString(width / 2 - 15, 12, f"Page {page}")
        pdf.setFont("Helvetica", 8)

    furniture()
    y = height - 45
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(20, y, PDF_STORY.title)
    pdf.setFont("Helvetica", 8)
    y -= 20
    for paragraph in pdf_lines():
        for line in paragraph:
            if y < 30:
                pdf.showPage()
                page += 1
                furniture()
                y = height - 40
            pdf.drawString(20, y, line)
            y -= 16
        y -= 10
    pdf.save()
    return PDF_STORY


# --- JSON --------------------------------------------------------------------------------

JSON_RECORDS: tuple[dict[str, Any], ...] = (
    {
        "id": "wire-0001",
        "headline": "Rare earth stockpile plan announced",
        "body": "The government will build a stockpile of rare earth metals to cover six months "
        "of demand. The first purchases are planned for next year.",
        "link": "https://wire.example/rare-earths",
        "published": "2026-11-19T07:30:00Z",
        "publisher": "Island Wire",
    },
    {
        "id": "wire-0002",
        "title": "Undersea cable repair ship commissioned",
        "content": "<p>A second cable repair ship entered service on Friday.</p>"
        "<p>It will be stationed in Keelung.</p>",
        "url": "https://wire.example/cable-ship",
        "date": "2026-11-21",
        "source": {"id": "iw", "name": "Island Wire"},
    },
)
JSONL_RECORDS = (
    {
        "title": "Typhoon season ends with record rainfall",
        "text": "The weather bureau declared the typhoon season over on Sunday.\n\n"
        "Rainfall this year was the highest in two decades.",
        "date": "2026-11-22",
        "source": "Weather Desk",
    },
)


def write_json(path: Path) -> list[Expected]:
    path.write_text(json.dumps({"articles": list(JSON_RECORDS)}, indent=2), encoding="utf-8")
    return [
        Expected(
            title=JSON_RECORDS[0]["headline"],
            source="Island Wire",
            date=dt.date(2026, 11, 19),
            url="https://wire.example/rare-earths",
            phrases=("cover six months of demand",),
        ),
        Expected(
            title=JSON_RECORDS[1]["title"],
            source="Island Wire",
            date=dt.date(2026, 11, 21),
            url="https://wire.example/cable-ship",
            phrases=("entered service on Friday.", "It will be stationed in Keelung."),
        ),
    ]


def write_jsonl(path: Path) -> list[Expected]:
    path.write_text("\n".join(json.dumps(r) for r in JSONL_RECORDS) + "\n", encoding="utf-8")
    record = JSONL_RECORDS[0]
    return [
        Expected(
            title=record["title"],
            source=record["source"],
            date=dt.date(2026, 11, 22),
            phrases=("highest in two decades",),
        )
    ]


# --- feeds -------------------------------------------------------------------------------


def write_rss(path: Path) -> list[Expected]:
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Port Authority Bulletin</title>
<link>https://port.example/</link>
<description>News from the port</description>
<item>
  <title>Dock strike ends after three days</title>
  <link>https://port.example/news/strike-ends</link>
  <pubDate>Tue, 24 Nov 2026 09:00:00 +0800</pubDate>
  <description>Dock workers are back.</description>
  <content:encoded><![CDATA[<p>Dock workers at Kaohsiung returned to work on Tuesday
  after a three-day strike over shift patterns.</p><p>Shipping lines said delays would
  ease by the weekend.</p>]]></content:encoded>
</item>
<item>
  <title>Ferry to Penghu resumes</title>
  <link>https://port.example/news/ferry</link>
  <pubDate>Wed, 25 Nov 2026 08:00:00 +0800</pubDate>
  <description>&lt;p&gt;The ferry to Penghu resumed service on Wednesday after
  engine repairs.&lt;/p&gt;</description>
</item>
</channel></rss>
""",
        encoding="utf-8",
    )
    return [
        Expected(
            title="Dock strike ends after three days",
            source="Port Authority Bulletin",
            date=dt.date(2026, 11, 24),
            url="https://port.example/news/strike-ends",
            phrases=("returned to work on Tuesday", "ease by the weekend."),
        ),
        Expected(
            title="Ferry to Penghu resumes",
            source="Port Authority Bulletin",
            date=dt.date(2026, 11, 25),
            url="https://port.example/news/ferry",
            phrases=("resumed service on Wednesday after engine repairs.",),
        ),
    ]


def write_atom(path: Path) -> list[Expected]:
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Strait Notes</title>
  <id>urn:uuid:strait-notes</id>
  <updated>2026-11-23T10:00:00Z</updated>
  <entry>
    <title>Cross-strait shipping talks resume</title>
    <link rel="alternate" href="https://strait.example/talks-resume"/>
    <id>urn:uuid:talks-resume</id>
    <published>2026-11-23T10:00:00Z</published>
    <author><name>Chen Yu</name></author>
    <summary>Talks resume.</summary>
    <content type="html">&lt;p&gt;Negotiators from both shipping associations met again
    on Monday to discuss direct routes.&lt;/p&gt;&lt;p&gt;A further round is planned for
    January.&lt;/p&gt;</content>
  </entry>
</feed>
""",
        encoding="utf-8",
    )
    return [
        Expected(
            title="Cross-strait shipping talks resume",
            source="Strait Notes",
            date=dt.date(2026, 11, 23),
            url="https://strait.example/talks-resume",
            author="Chen Yu",
            phrases=("met again on Monday to discuss direct routes.", "planned for January."),
        )
    ]


# --- e-mail ------------------------------------------------------------------------------

EML = """From: Harbour Times Daily <news@harbour.example>
To: desk@ministry.example
Subject: Fishing fleet faces fuel price rise
Date: Thu, 19 Nov 2026 06:30:00 +0800
Message-ID: <fuel-2026-11-19@harbour.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Fishing crews in Yilan said on Wednesday that a rise in diesel prices would
keep some boats in port over the winter.

The fisheries agency said it would review its fuel subsidy next month.

--
Harbour Times Daily, unsubscribe at any time
--b1
Content-Type: text/html; charset=utf-8

<p>HTML copy of the same story.</p>
--b1--
"""


def write_eml(path: Path) -> Expected:
    path.write_text(EML, encoding="utf-8")
    return Expected(
        title="Fishing fleet faces fuel price rise",
        source="Harbour Times Daily",
        date=dt.date(2026, 11, 19),
        author="Harbour Times Daily <news@harbour.example>",
        phrases=("keep some boats in port over the winter.", "review its fuel subsidy"),
    )


MBOX_CJK_TITLE = "賴清德 視察漁港"
MBOX_CJK_SOURCE = "臺北日報"


def _encoded_word(value: str) -> str:
    return Header(value, "utf-8").encode()


def write_mbox(path: Path) -> list[Expected]:
    messages = [
        (
            "From press@council.example Mon Nov 16 09:00:00 2026\n"
            "From: City Council Press Office <press@council.example>\n"
            "To: desk@ministry.example\n"
            "Subject: Fwd: Night market hours extended\n"
            "Date: Mon, 16 Nov 2026 09:00:00 +0800\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n\n"
            "The council extended night market opening hours until two in the morning\n"
            "on weekends, starting in December.\n\n"
            ">From the next month, stalls must also sort their waste.\n"
        ),
        (
            "From desk@paper.example Tue Nov 17 10:00:00 2026\n"
            f"From: {_encoded_word(MBOX_CJK_SOURCE)} <desk@paper.example>\n"
            "To: desk@ministry.example\n"
            f"Subject: {_encoded_word(MBOX_CJK_TITLE)}\n"
            "Date: Tue, 17 Nov 2026 10:00:00 +0800\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/html; charset=utf-8\n\n"
            "<html><body><p>President visited the fishing harbour on Tuesday &amp; met "
            "crews.</p><p>He promised help with fuel costs.</p></body></html>\n"
        ),
    ]
    path.write_text("\n".join(messages), encoding="utf-8")
    return [
        Expected(
            title="Night market hours extended",
            source="City Council Press Office",
            date=dt.date(2026, 11, 16),
            phrases=("until two in the morning on weekends", "From the next month"),
        ),
        Expected(
            title=MBOX_CJK_TITLE,
            source=MBOX_CJK_SOURCE,
            date=dt.date(2026, 11, 17),
            phrases=("President visited the fishing harbour on Tuesday & met crews.",),
        ),
    ]


def assert_article(article: object, expected: Expected) -> None:
    """``article`` (an Article or its JSON dict) carries what the file was written with."""

    def get(name: str) -> object:
        return article[name] if isinstance(article, dict) else getattr(article, name)

    date = get("date")
    assert get("title") == expected.title
    assert get("source") == expected.source
    assert (date.isoformat() if isinstance(date, dt.date) else date) == (
        expected.date.isoformat() if expected.date else None
    )
    if expected.url is not None:
        assert get("url") == expected.url
    if expected.author is not None:
        assert get("author") == expected.author
    text = str(get("text")) if not isinstance(article, dict) else ""
    for phrase in expected.phrases if text else ():
        assert phrase in text, (phrase, text)
