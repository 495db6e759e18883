"""Properties of the plain-text reader and splitter, over generated text and bytes.

* Nothing but IngestError ever escapes, whatever the bytes.
* No text is lost or doubled: every word of a readable input ends up in exactly one
  article, in its text or in its given title. Header lines (``Source: ...``), bylines
  and datelines are metadata and site furniture is dropped, so inputs with such lines
  are generated on purpose and counted apart. An input shorter than one full sentence
  gives no article at all.

10,000 cases in all in CI, 50 per property locally (tests/cases.py).
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import assume, example, given
from hypothesis import strategies as st

from briefing import text as textlib
from briefing.errors import IngestError
from briefing.ingest.readers import InputData, ReaderOptions
from briefing.ingest.readers.common import byline_or_dateline, is_fragment, is_furniture
from briefing.ingest.readers.plaintext import PlainTextReader, build_articles, split_articles
from briefing.models import Article
from tests.cases import cases

HEADER_LIKE = re.compile(
    r"^\s*(title|headline|source|publisher|date|published|url|link|author|by)\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def dropped_or_metadata(text: str) -> bool:
    """True when a line of ``text`` is furniture, a byline or a dateline."""
    return any(is_furniture(line) or byline_or_dateline(line) for line in text.split("\n"))


def words(text: str) -> Counter[str]:
    """Whitespace-separated tokens reduced to their letters and digits (markup dropped)."""
    tokens = ("".join(ch for ch in token if ch.isalnum()) for token in text.split())
    return Counter(t for t in tokens if t)


def article_words(articles: list[Article]) -> Counter[str]:
    found: Counter[str] = Counter()
    for article in articles:
        found += words(article.text)
        if not article.title_derived:
            found += words(article.title)
    return found


def split_words(parts: list[tuple[dict[str, str], str | None, list[str]]]) -> Counter[str]:
    found: Counter[str] = Counter()
    for _meta, title, paragraphs in parts:
        found += words(title or "")
        for paragraph in paragraphs:
            found += words(paragraph)
    return found


# Text built from the pieces that steer the splitter: separators, blank lines, short
# title-like lines, Markdown headings, sentence ends and cut-off sentences.
LINE_PIECES = st.sampled_from(
    [
        "---",
        "***",
        "===",
        "___",
        "",
        "",
        "# Heading",
        "## Sub heading",
        "Short Title Line",
        "A much longer title line with several words in it",
        "The minister said the plan would cost more than expected.",
        "Officials declined to comment on the figures released on Monday",
        "It rained.",
        "“Why?” she asked (quietly) — and left…",
        "**Bold** and __under__ words",
        "数字 経済 安全",
    ]
)
ANY_LINE = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60).filter(
    lambda s: "\n" not in s and "\r" not in s
)
LINES = st.lists(st.one_of(LINE_PIECES, ANY_LINE), max_size=25)


@cases(3000)
@given(LINES, st.booleans())
def test_splitter_keeps_every_word_exactly_once(lines: list[str], markdown: bool) -> None:
    text = textlib.clean("\n".join(lines))
    assume(not HEADER_LIKE.search(text) and not dropped_or_metadata(text))
    assert split_words(split_articles(text, markdown=markdown)) == words(text)


@cases(2000)
@given(st.text(max_size=400), st.booleans())
def test_build_articles_on_any_text_keeps_every_word(text: str, markdown: bool) -> None:
    cleaned = textlib.clean(text)
    assume(not HEADER_LIKE.search(cleaned) and not dropped_or_metadata(cleaned))
    articles = build_articles("any.txt", text, markdown=markdown)
    if not articles:
        assert is_fragment(textlib.paragraphs(cleaned))
        return
    assert article_words(articles) == words(cleaned)
    for article in articles:
        assert (article.text.strip() or article.headline_only) and article.title.strip()


@cases(2500)
@given(st.binary(max_size=600), st.sampled_from(["x.txt", "x.md", "x"]))
def test_reader_on_any_bytes_raises_only_ingest_error(data: bytes, name: str) -> None:
    reader = PlainTextReader(ReaderOptions())
    try:
        articles = reader.read(InputData(name=name, data=data))
    except IngestError:
        return
    assert articles


@cases(1000)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252"]))
def test_readable_text_in_any_encoding_keeps_every_word(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    try:
        articles = PlainTextReader(ReaderOptions()).read(InputData(name="x.txt", data=data))
    except IngestError:
        return
    decoded = textlib.clean(data.decode(encoding) if encoding != "cp1252" else text)
    assume(not HEADER_LIKE.search(decoded) and not dropped_or_metadata(decoded))
    if encoding != "cp1252":  # cp1252 bytes may be detected as another 8-bit code page
        assert article_words(articles) == words(decoded)


# Structured inputs: known articles, header blocks and separators, complete sentences.
WORD = st.sampled_from(
    [
        "budget",
        "port",
        "ministry",
        "drones",
        "tariff",
        "chips",
        "cable",
        "election",
        "ferry",
        "typhoon",
        "rates",
        "council",
        "museum",
        "harbour",
        "grid",
        "water",
        "schools",
        "trade",
        "talks",
        "vote",
    ]
)
SENTENCE = st.lists(WORD, min_size=3, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
TITLE = st.lists(WORD, min_size=2, max_size=6).map(lambda ws: " ".join(w.title() for w in ws))


@st.composite
def stories(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A multi-article file, its articles' titles, and every word that is not metadata."""
    blocks, titles, counted = [], [], []
    for _ in range(draw(st.integers(1, 4))):
        title = draw(TITLE)
        titles.append(title)
        header = [f"Title: {title}"]
        if draw(st.booleans()):
            header.append(f"Source: {draw(TITLE)}")
        if draw(st.booleans()):
            header.append(f"Date: 2026-11-{draw(st.integers(1, 28)):02}")
        paragraphs = draw(st.lists(PARAGRAPH, min_size=1, max_size=3))
        blocks.append("\n".join(header) + "\n\n" + "\n\n".join(paragraphs))
        counted.extend([title, *paragraphs])
    separator = draw(st.sampled_from(["\n\n---\n\n", "\n---\n", "\n\n***\n\n", "\n\n"]))
    return separator.join(blocks), titles, counted


@cases(1500)
@given(stories())
def test_header_blocks_give_exactly_the_articles_written(
    story: tuple[str, list[str], list[str]],
) -> None:
    text, titles, counted = story
    articles = build_articles("multi.txt", text)
    assert [a.title for a in articles] == titles
    assert not any(a.title_derived or a.truncated for a in articles)
    assert article_words(articles) == words(" ".join(counted))


# Openings that make a line each kind _classify tells apart (a byline, a dateline, a
# time, a URL, a Markdown heading, a headline, running text), then any number of words,
# some long, so that lines of every kind fall on both sides of the shortcut's limits
# (160 characters, 16 words).
CLASSIFY_OPENINGS = st.sampled_from(
    [
        "By Daniel Okafor",
        "By Daniel Okafor, Staff Writer |",
        "Written by Ana",
        "Published: 9 February 2026",
        "Updated on Monday, 10:30 GMT",
        "10:30 GMT",
        "9 February 2026",
        "#",
        "## Budget",
        "https://example.org/" + "a" * 150,
        "<https://example.org/news>",
        "Tariffs rise",
        "the minister said",
        "",
    ]
)
CLASSIFY_WORDS = st.sampled_from(
    ["Okafor", "2026", "February", "GMT", "-", "|", "the", "budget.", "x" * 30, "y" * 60]
)


def _byline_or_dateline_as_it_was(line: str) -> list[tuple[str, str]]:
    """``byline_or_dateline`` before it counted words with maxsplit and took the dateline's
    prefix off with match: every word split, the prefix removed with sub."""
    from briefing.ingest.dates import parse_date
    from briefing.ingest.readers import common

    line = line.strip()
    byline = common._BYLINE.match(line)
    if byline and len(line.split()) <= common.BYLINE_MAX_WORDS + common.DATELINE_MAX_WORDS:
        return byline_or_dateline(line)  # the byline branch is unchanged past this test
    undated = common._DATELINE_PREFIX.sub("", line)
    if len(undated.split()) > common.DATELINE_MAX_WORDS or not any(ch.isdigit() for ch in undated):
        return (
            [("time", undated)] if undated and common._YEARLESS_DATE_OR_TIME.match(undated) else []
        )
    if parse_date(undated) is not None:
        return [("date", undated)]
    if undated and common._YEARLESS_DATE_OR_TIME.match(undated):
        return [("time", undated)]
    return []


@cases(2000)
# (the limits, for the few cases a developer's run tries: a long byline of seven words, a
# Markdown heading of 18 words, a headline of 18 words and 133 characters)
@example("By Daniel Okafor", ["y" * 60] * 4, False)
@example("#", ["y" * 60] * 3 + ["the"] * 14, True)
@example("Tariffs rise", ["the"] * 15 + ["y" * 60], False)
@given(CLASSIFY_OPENINGS, st.lists(CLASSIFY_WORDS, max_size=24), st.booleans())
def test_classify_shortcut_gives_the_full_answer(
    opening: str, pieces: list[str], markdown: bool
) -> None:
    """The shortcut for long running text never changes what a line is taken for."""
    from briefing.ingest.readers.plaintext import _classify, _classify_fully

    line = " ".join([opening, *pieces]).strip()
    assume(line)
    assert _classify(line, markdown) == _classify_fully(line, markdown)
    assert byline_or_dateline(line) == _byline_or_dateline_as_it_was(line)
