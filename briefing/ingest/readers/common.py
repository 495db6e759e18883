"""Helpers every reader shares: ids, derived titles, header lines, bylines, site furniture,
and the tests for text cut off mid-sentence and for fragments that are no article."""

from __future__ import annotations

import hashlib
import re

from briefing import text as textlib
from briefing.ingest.dates import parse_date

_HEADER = re.compile(
    r"^(title|headline|source|publisher|date|published|url|link|author|by)\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
_HEADER_FIELD = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "publisher": "source",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "author": "author",
    "by": "author",
}
DERIVED_TITLE_CHARS = 90
# A paragraph shorter than this that lacks a final stop is a heading or label, not text
# cut off mid-sentence.
TRUNCATION_MIN_WORDS = 8
# Text this long is an article even with no sentence finished (a teaser cut off on a
# scraped page); shorter, with no full sentence, it is a fragment. Not tuned: well below
# the shortest teaser of the seed page (60 words), above a lone label or "this is not xml
# at all <<<" (7 words).
TEASER_MIN_WORDS = 12
# A sentence that ends in a stop and has this many words makes a text an article
# ("Hello." or "It rained." alone does not; "Prices rose sharply." does).
SENTENCE_MIN_WORDS = 3
BYLINE_MAX_WORDS = 8
# "By Daniel Okafor, Staff Writer": a role or agency after the name is this short.
BYLINE_ROLE_WORDS = 4
# A dateline is a short line: a date with at most a few words around it.
DATELINE_MAX_WORDS = 8
# A publication's name on a source line ("The Japan Times", "Nikkei Asia"). Not tuned.
SOURCE_MAX_WORDS = 4


def header_field(line: str) -> tuple[str, str] | None:
    """``("title"|"source"|"date"|"url"|"author", value)`` for a header line like ``Date: …``."""
    match = _HEADER.match(line)
    return (_HEADER_FIELD[match.group(1).lower()], match.group(2)) if match else None


def article_id(name: str, position: int) -> str:
    """Stable id from the input's name and the article's position in it."""
    digest = hashlib.sha1(f"{name}#{position}".encode()).hexdigest()[:10]
    return f"a{digest}"


def derive_title(first_paragraph: str) -> str:
    """A title for an untitled article: the first sentence of its first paragraph, shortened
    (after a number or bullet it opens with: "1. Port strike ends" was titled "1.")."""
    text = _ENUMERATOR.sub("", first_paragraph, count=1) or first_paragraph
    sentences = textlib.split_sentences(text)
    return textlib.shorten(sentences[0] if sentences else text, DERIVED_TITLE_CHARS)


# A list item's number or bullet: "1. ", "(2) ", "iv) ", "• ".
_ENUMERATOR = re.compile(r"^\s*(?:[-–—*•·▪‣◦]|\(?(?:\d{1,3}|[ivx]{1,4}|[a-z])[.)])\s+")


def is_cut_off(paragraph: str) -> bool:
    """True when a paragraph of running text stops mid-sentence. Thai and Lao mark no
    sentence end (a space between sentences is all), so a paragraph ending in one of
    their letters never reads as cut off."""
    last = paragraph.rstrip()[-1:]
    return (
        not textlib.ends_complete(paragraph)  # (first: most paragraphs end a sentence)
        and not "\u0e01" <= last <= "\u0eff"
        and len(paragraph.split()) >= TRUNCATION_MIN_WORDS
    )


def is_fragment(paragraphs: list[str]) -> bool:
    """True when text is shorter than one full sentence, so it is no article.

    Text cut off mid-sentence is an article when it is long enough to be the beginning
    of one (a teaser on a scraped page).
    """
    text = " ".join(paragraphs)
    # (counted with maxsplit: one word past the limit decides, whatever the article's length)
    if len(text.split(maxsplit=TEASER_MIN_WORDS)) >= TEASER_MIN_WORDS:
        return False
    return not any(
        textlib.ends_complete(sentence) and len(textlib.words(sentence)) >= SENTENCE_MIN_WORDS
        for sentence in textlib.split_sentences(text)
    )


# A Chinese reporter's line names them after 記者/记者 ("reporter"): "記者楊博宇／台北即時
# 報導", "本报北京11月9日电（记者刘志强）", "【环球时报报道 记者倪浩】"; names are two to
# four Han characters. A sentence mentioning reporters (記者団, 記者会見) has a full stop.
_CJK_BYLINE = re.compile(r"(?:記者|记者)\s*([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
CJK_BYLINE_MAX_CHARS = 30
_BYLINE = re.compile(r"^[-–—\s]*(?:written\s+)?by\s+(\S.*?)\s*$", re.IGNORECASE)
_BYLINE_DATE = re.compile(r"\s*(?:[|,;•·]|\s[-–—]\s)\s*")
_DATELINE_PREFIX = re.compile(
    r"^(?:published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*",
    re.IGNORECASE,
)


def byline_or_dateline(line: str) -> list[tuple[str, str]]:
    """``[("author", name), ("date", value)]`` parts of a byline or dateline (or
    ``[("source", name), ("date", value)]`` of a source line); empty for any other line.
    ``By Daniel Okafor | 9 February 2026`` gives both."""
    line = line.strip()
    if not line.isascii():
        reporter = _CJK_BYLINE.search(line)
        if reporter and len(line) <= CJK_BYLINE_MAX_CHARS and "。" not in line:
            return [("author", reporter.group(1))]
    byline = _BYLINE.match(line)
    # (Words are counted with maxsplit: one more than the limit decides, and this runs on
    # every paragraph of a file, hard-wrapped ones joined into lines of hundreds of words.)
    if byline and len(line.split(maxsplit=BYLINE_MAX_WORDS + DATELINE_MAX_WORDS)) <= (
        BYLINE_MAX_WORDS + DATELINE_MAX_WORDS
    ):
        name, *rest = (part.strip() for part in _BYLINE_DATE.split(byline.group(1), maxsplit=1))
        if not name[:1].isupper() or len(name.split()) > BYLINE_MAX_WORDS or name.endswith("."):
            return []  # "By the river…", "By Sunday the ministry will have decided."
        found = [("author", name)]
        if rest and parse_date(rest[0]) is not None:
            found.append(("date", rest[0]))
        elif rest and not (rest[0][:1].isupper() and len(rest[0].split()) <= BYLINE_ROLE_WORDS):
            return []  # "By Sunday, the ministry said…": a sentence, not a byline
        return found
    # match and slice, not sub: sub scans the whole line for its anchored pattern
    prefix = _DATELINE_PREFIX.match(line)
    undated = line[prefix.end() :] if prefix else line
    if len(undated.split(maxsplit=DATELINE_MAX_WORDS)) > DATELINE_MAX_WORDS:
        return []  # (a day or a time with no year is five words at most: see below)
    if not any(map(str.isdigit, undated)):
        return [("time", undated)] if undated and _YEARLESS_DATE_OR_TIME.match(undated) else []
    if parse_date(undated) is not None:
        return [("date", undated)]
    if undated and _YEARLESS_DATE_OR_TIME.match(undated):
        return [("time", undated)]  # a day or a time with no year: no date to keep
    return _source_line(undated)


def _source_line(line: str) -> list[tuple[str, str]]:
    """``[("source", name), ("date", value)]`` for a line naming the publication, then
    the date, as pasted articles carry under their headline ("Reuters, 3 March 2005",
    "Taipei Times | Nov 4, 2026", "Nikkei Asia — 2026-11-04"); empty for any other line.
    The name is a few capitalised words without figures (a date split at its own comma,
    "March 3, 2005", is a date, found before this)."""
    name, *rest = (part.strip() for part in _BYLINE_DATE.split(line, maxsplit=1))
    if (
        not rest
        or not name[:1].isupper()
        or len(name.split()) > SOURCE_MAX_WORDS
        or any(ch.isdigit() for ch in name)
        or parse_date(rest[0]) is None
    ):
        return []
    return [("source", name), ("date", rest[0])]


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TIME = r"\d{1,2}(?:[:.]?\d{2})?\s*(?:gmt|bst|utc|cet|cest|et|pt|am|pm|hrs|h)\b\.?"
# (White space only between its four parts and inside a date or a time: at most five
# words, so a line of more than DATELINE_MAX_WORDS never matches, and is not tried.)
_YEARLESS_DATE_OR_TIME = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf"(?:,?\s*{_TIME})?$",
    re.IGNORECASE,
)


# Site furniture: the lines a saved web page carries around its articles.
_FURNITURE_WORDS = (
    r"share|share this(?: article| story| page)?|share on \w+|follow us(?: on \w+)?|tweet|"
    r"email|e-mail|print|facebook|twitter|x|whatsapp|linkedin|telegram|reddit|copy link|"
    r"save|comments?|advertisement|advert|ad|sponsored(?: content)?|skip to (?:main )?content|"
    r"menu|search|subscribe|sign in|sign up|log in|login|register|back to top|home|"
    r"newsletter|more|next|previous|read more|related|see also|most read|most popular|"
    r"recommended|trending|more stories|related stories|related articles|related topics|"
    r"top stories|latest news"
)
_FURNITURE = [
    re.compile(rf"^(?:(?:{_FURNITURE_WORDS})\W*)+$", re.IGNORECASE),
    # copyright lines: "© 2026 Asia Desk", "Copyright 2026 …" ("All rights reserved." below)
    re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b).{0,120}$", re.IGNORECASE),
    # "Read more: …", "Related: …", "More from Asia Desk", "Sign up for our newsletter"
    re.compile(r"^(?:read more|related|see also|watch|listen|also read)\s*:.{0,160}$", re.I),
    re.compile(r"^(?:more from|more on|more in)\b.{0,40}$", re.IGNORECASE),
    re.compile(r"^(?:sign up|subscribe)\b.{0,60}\bnewsletters?\b.{0,40}$", re.IGNORECASE),
]
# One pattern for the lines tested one by one (one match call per line, not five).
_FURNITURE_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in _FURNITURE), re.IGNORECASE)
# The same pattern, for an ASCII line lowered (its words are in lower case): the same
# matches, as an ASCII line's letters have no other case variants and lowering changes no
# \W, \s or \d, without matching each letter of each alternative ignoring case (a
# quarter of the test's cost on running text).
_FURNITURE_LOWERED = re.compile(_FURNITURE_ANY.pattern)
# Patterns that scan the whole line, tried only on lines holding their key word (every
# line of a file is tested: scanning each made reading a large text slow).
_FURNITURE_SCANNED = [
    ("rights reserved", re.compile(r"^.{0,80}\ball rights reserved\b.{0,40}$", re.IGNORECASE)),
    # cookie notices ("We use cookies to …", "Accept all cookies", "Cookie settings")
    (
        "cookie",
        re.compile(
            r"^(?=.{0,400}$).*(?:\b(?:we|site|website|page) uses? cookies\b|\baccept (?:all )?"
            r"cookies\b|\bcookie (?:policy|settings|preferences|consent)\b)",
            re.IGNORECASE,
        ),
    ),
]
_NAV_SEPARATOR = re.compile(r"\s+(?:[|•·»>/]|::)\s+")
NAV_MIN_ITEMS = 3
NAV_ITEM_MAX_WORDS = 4


def is_furniture(line: str) -> bool:
    """True for a line of site furniture: navigation, share and follow buttons, copyright,
    advertisement labels, cookie notices, "Read more" and "Related" links."""
    line = line.strip()
    lowered = line.lower()
    if _FURNITURE_LOWERED.match(lowered) if line.isascii() else _FURNITURE_ANY.match(line):
        return True
    for key, pattern in _FURNITURE_SCANNED:  # (a loop, not any(): this runs on every line)
        if key in lowered and pattern.match(line):
            return True
    # A line without a separator's mark is no menu, and is not scanned: the pattern, tried
    # at every space of every line of running text, was half the cost of this test (and
    # these substring tests are a tenth of the cost of a pattern for the marks).
    marked = "|" in line or "/" in line or ">" in line or "::" in line
    if not (marked or "•" in line or "·" in line or "»" in line):
        return False
    if not _NAV_SEPARATOR.search(line):
        return False
    items = _NAV_SEPARATOR.split(line)
    return len(items) >= NAV_MIN_ITEMS and all(
        0 < len(item.split()) <= NAV_ITEM_MAX_WORDS for item in items
    )
