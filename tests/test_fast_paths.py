"""The faster ways of computing reading and duplicate checks give what the plain ways gave.

Issue 15 (a 3.4 MB text read in under 1 s, 1,000 articles faster than a raw sumy loop)
replaced per-word and per-line Python work by equivalent work in C. Each property here
holds the fast version to the plain one it replaced, written out in the test, over
generated input with the characters where the two could part: case folding that changes
length, combining marks, separators inside words, the private-use joiner itself.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import math
import re
import string
import subprocess
import sys
import unicodedata
from collections import Counter
from itertools import combinations, pairwise
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing import text as textlib
from briefing.ingest import dedupe
from briefing.ingest.dates import parse_date
from briefing.ingest.readers import common, mail, plaintext
from briefing.ingest.readers.assemble import clean_paragraphs
from briefing.models import Article
from briefing.pipeline import map_articles
from briefing.summarize import SummaryOptions
from briefing.themes import ThemeOptions
from briefing.themes_file import load_themes
from tests.cases import cases
from tests.conftest import DATA

# Letters of several scripts and cases (ß, İ, Σ and ﬁ change length or context when case
# folded), digits, the separators a word may hold inside, white space, marks and controls.
PIECES = [
    *"aZé9_-'’.",
    "ß",
    "İ",
    "Σ",
    "ς",
    "ﬁ",
    "Ǆ",
    "\u0301",
    "\u0345",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u3000",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x0b",
    "\x1e",
    "\x85",
    "\ufffe",
    "\ue000",
    "\u1100",
    "\u1161",
    "A\u030a",
    "--",
    "''",
    "..",
    "the",
    "Of",
    "2026",
    "x",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)

# What text.words split by before: the same pattern with ordinary (backtracking) quantifiers.
BACKTRACKING_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


@cases(2000)
@given(texts)
def test_words_are_the_backtracking_patterns_tokens(text: str) -> None:
    assert textlib._WORD.findall(text) == BACKTRACKING_WORD.findall(text)


@cases(2000)
@given(st.lists(texts.map(str.strip)))
def test_words_case_folded_at_once_are_each_word_case_folded(words: list[str]) -> None:
    words = [w for text in words for w in textlib.words(text)]
    assert dedupe._casefolded(words) == [w.casefold() for w in words]


def prefixes_one_set_at_a_time(
    sets: list[np.ndarray], threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """The prefix filter as it was: each set sorted on its own, rarest first."""
    every = np.concatenate(sets)
    common = dedupe._commonness(every, cap=len(sets))
    commonness = dict(zip(every.tolist(), common.tolist(), strict=True))
    prefixes, owners = [], []
    for i, codes in enumerate(sets):
        if len(codes):
            order = [commonness[code] for code in codes.tolist()]
            rarest_first = np.lexsort((codes, np.array(order, dtype=np.int64)))
            keep = len(codes) - math.ceil(threshold * len(codes)) + 1
            prefixes.append(codes[rarest_first[:keep]])
            owners.append(np.full(keep, i, dtype=np.int64))
    return np.concatenate(prefixes), np.concatenate(owners)


code_sets = st.lists(
    st.lists(st.integers(0, 60), max_size=30).map(
        lambda codes: np.unique(np.array(codes, dtype=np.uint64))
    ),
    min_size=2,
    max_size=25,
).filter(lambda sets: any(len(codes) for codes in sets))


@cases(1000)
@given(code_sets, st.sampled_from([0.3, 0.5, 0.8, 0.9, 1.0]))
def test_prefixes_in_one_sort_are_each_sets_own(sets: list[np.ndarray], threshold: float) -> None:
    lengths = np.array([len(codes) for codes in sets], dtype=np.int64)
    expected_prefix, expected_owner = prefixes_one_set_at_a_time(sets, threshold)
    batch = dedupe.PREFIX_BATCH
    try:
        for dedupe.PREFIX_BATCH in (batch, 3, 1):  # one sort, and sets over several batches
            prefix, owner = dedupe._prefixes(sets, lengths, threshold)
            assert prefix.tolist() == expected_prefix.tolist()
            assert owner.tolist() == expected_owner.tolist()
    finally:
        dedupe.PREFIX_BATCH = batch


def stems_word_by_word(paragraph: str) -> tuple[str, ...]:
    """The plain-text reader's stems as they were computed (outside Chinese and Japanese)."""
    stops = textlib.stop_words()
    words = [w for w in re.findall(r"\w+", paragraph.lower()) if w not in stops and len(w) > 1]
    return tuple(w[: plaintext.STEM_CHARS] for w in words if not w.isdigit())


# Latin-1's letters, digits and signs (stems read Latin-1 text as bytes): "ª" and "µ"
# are letters, "²" and "¼" numbers, "×" and "£" neither, "ÿ" upper-cases out of Latin-1.
LATIN1_PIECES = [*"£µª²¼×ÿÀÞßé\xa0\x85¡¿", "Ünïcödé"]
latin1_texts = st.lists(st.sampled_from(PIECES + LATIN1_PIECES), max_size=40).map("".join)


@cases(2000)
@given(latin1_texts)
def test_plain_text_stems_are_the_word_by_word_ones(paragraph: str) -> None:
    assert plaintext._stems.__wrapped__(paragraph) == stems_word_by_word(paragraph)


def test_plain_text_stems_of_ascii_and_other_text() -> None:
    for paragraph in (
        "The Bank of England's rate rose to 5.25% in 2023, its_highest since 2008!",
        "Le café où j'ai mangé: 12 crêpes, naïvement — Straße MÜNCHEN",
    ):
        assert plaintext._stems.__wrapped__(paragraph) == stems_word_by_word(paragraph)


@cases(2000)
@given(st.lists(texts, max_size=8))
def test_a_bag_counted_at_once_is_the_paragraphs_counted_one_by_one(
    paragraphs: list[str],
) -> None:
    bag: Counter[str] = Counter()
    for paragraph in paragraphs:
        bag.update(plaintext._stems(paragraph))
    counted, norm = plaintext._counted.__wrapped__(tuple(paragraphs))
    assert list(counted.items()) == list(bag.items())  # (the same order: the same norm)
    assert norm == math.hypot(*bag.values())


@cases(2000)
@given(texts)
def test_a_line_in_capitals_is_one_whose_cased_letters_are_all_upper(line: str) -> None:
    cased = [ch for ch in line if ch.isupper() or ch.islower()]
    expected = len(cased) > 1 and all(ch.isupper() for ch in cased)
    assert plaintext._shape.__wrapped__(line)[2] is expected


def test_capitals_in_scripts_with_and_without_case() -> None:
    for line, capitals in [
        ("CHINA WARNS TAIPEI", True),
        ("China warns Taipei", False),
        ("A", False),  # one letter tells nothing
        ("ǅ ǈ ǋ", False),  # title-case letters are neither upper nor lower
        ("ΣΥΝΟΔΟΣ ΚΟΡΥΦΗΣ", True),
        ("台湾 BBC", True),
        ("台湾海峡", False),
    ]:
        assert plaintext._shape.__wrapped__(line)[2] is capitals, line


@cases(2000)
@given(st.lists(texts, max_size=6))
def test_paragraphs_cleaned_together_are_each_cleaned_alone(paragraphs: list[str]) -> None:
    alone = [" ".join(textlib.clean(p).split()) for p in paragraphs]
    assert clean_paragraphs(paragraphs) == [p for p in alone if p]


def test_a_hard_wrapped_paragraph_under_a_headline_with_a_byline() -> None:
    """The block's second line is asked first: a byline under a headline-shaped first line
    still makes a headline and its author; a wrapped paragraph whose first line looks like
    a headline stays one paragraph."""
    text = (
        "Rail strike called off after late talks\nBy Jane Porter\n\n"
        "Union leaders said on Sunday that the strike planned for Monday\n"
        "would not go ahead after the company improved its offer on pay.\n\n"
        "Commuters Had Feared A Week Of Cancellations\n"
        "across the network, which carries a million people a day, and\n"
        "officials said services would run as normal from the morning.\n"
    )
    (article,) = plaintext.build_articles("strike.txt", text)
    assert article.title == "Rail strike called off after late talks"
    assert article.author == "Jane Porter"
    assert article.text.split("\n\n") == [
        "Union leaders said on Sunday that the strike planned for Monday would not go ahead "
        "after the company improved its offer on pay.",
        "Commuters Had Feared A Week Of Cancellations across the network, which carries a "
        "million people a day, and officials said services would run as normal from the "
        "morning.",
    ]


def test_a_text_without_separator_lines_is_one_chunk_and_one_with_them_is_split() -> None:
    body = "First story text that runs on for a while.\n\nMore text here."
    assert plaintext._split_chunks(body + "\n") == [body]
    assert plaintext._split_chunks("") == []
    assert plaintext._split_chunks(f"{body}\n---\n{body}") == [body, body]
    assert plaintext._split_chunks("a___b and c---d\nnext") == ["a___b and c---d\nnext"]


def test_a_lone_article_is_not_shingled_and_two_are() -> None:
    """A run of one article compares it with nothing: the map skips its shingles."""
    text = (
        "The central bank raised interest rates again on Thursday, citing inflation. "
        "Economists had expected the move after a run of strong wage figures.\n\n"
        "Markets barely moved, and the currency held steady against the dollar."
    )
    one = Article(id="a", title="Rates rise again", text=text, path="a.txt")
    two = Article(id="b", title="Rates rise", text=text, path="b.txt")
    themes = load_themes()
    options = (themes, ThemeOptions(), SummaryOptions())
    (alone,) = map_articles([one], *options)
    pair = map_articles([one, two], *options)
    assert len(alone.compared[0]) == 0
    assert all(len(m.compared[0]) > 0 for m in pair)
    assert alone.summary == pair[0].summary  # the rest of the map is the same


def clean_by_regular_expressions(text: str) -> str:
    """text.clean as it was: every pattern run over the whole text, every line stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u00ad\u200b\ufeff]", "", text)
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", "", text)
    text = re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


EDGES = ["\x85", "\u1680", "\u2028", "\u2029", " \n", "\n ", "\u2007", "\x1f", "\x0c"]


@cases(3000)
@given(st.lists(st.sampled_from(PIECES + EDGES), max_size=40).map("".join))
def test_clean_is_the_regular_expressions_over_the_whole_text(text: str) -> None:
    assert textlib.clean(text) == clean_by_regular_expressions(text)


ASCII_PIECES = [p for p in PIECES + EDGES if p.isascii()] + ["\r", "\x7f", "\x01", "   "]


@cases(3000)
@given(st.lists(st.sampled_from(ASCII_PIECES), max_size=40).map("".join))
def test_clean_of_ascii_text_is_the_regular_expressions_over_the_whole_text(text: str) -> None:
    assert textlib.clean(text) == clean_by_regular_expressions(text)


def test_clean_finds_each_character_its_patterns_look_for() -> None:
    for pattern, sought in textlib._SOUGHT.items():
        if pattern is not textlib._SPACE_RUN:
            assert {chr(c) for c in range(0x10000) if pattern.match(chr(c))} == set(sought)


def test_every_character_clean_removes_folds_or_strips_but_the_space_is_unprintable() -> None:
    """What lets clean take its fast path when every line is printable."""
    for code in range(0x110000):
        char = chr(code)
        if char == " " or char == "\n":
            continue
        touched = any(p.match(char) for p in textlib._SOUGHT if p is not textlib._SPACE_RUN)
        if touched or not char.strip():
            assert not char.isprintable(), hex(code)


def test_the_console_script_leaves_its_objects_to_the_exit_uncollected() -> None:
    """After the command the process only exits: entry.main freezes the collector (after
    the imports, and once the command is done), so Python's shutdown does not run full
    collections over the run's objects. Left to collect: next to nothing (--help alone
    leaves ~7,000 objects, ~86,000 with no freeze)."""
    code = (
        "import gc\nfrom briefing.entry import main\ntry:\n    main(['--help'])\n"
        "except SystemExit as done:\n    print(done.code, len(gc.get_objects()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    code_seen, tracked = done.stdout.split()[-2:]
    assert code_seen == "0"
    assert int(tracked) < 500


def test_english_stop_words_are_sumys() -> None:
    from sumy.utils import get_stop_words

    assert textlib._english_stop_words() == frozenset(get_stop_words("english"))
    assert {"the", "of", "and"} <= textlib.stop_words()


# Characters outside ASCII that are no part of a word ("£", dashes, quotation marks) keep
# a text on the duplicate test's byte path, as does the joiner "’"; "é" and Han leave it.
NOT_WORDS = ["£", "—", "“", "”", "€", "\u00a0", "中", "。", "A.", "U.S.", "'", ".-", "Q"]

# Typeset English, which stays on the byte paths (stems, the duplicate test's words): "’",
# "“", "–", "€" are no word's; and word characters outside Latin-1, which leave them ("K",
# the Kelvin sign, lowers to "k").
TYPESET = ["’", "‘", "“", "”", "–", "—", "…", "€", "™", "\u212a", "Ł", "ő", " ", "the ", "Taiwan"]


def byte_words(text: str) -> list[bytes] | None:
    """The words dedupe reads in a text's bytes (None where it reads them by pattern)."""
    if not dedupe._bytes_tell_words(text):
        return None
    data, starts, lengths = dedupe._byte_runs(text.encode("utf-8", "surrogatepass"))
    return [data[a : a + n] for a, n in zip(starts.tolist(), lengths.tolist(), strict=True)]


@cases(3000)
@given(st.lists(st.sampled_from(PIECES + NOT_WORDS + TYPESET), max_size=40).map("".join))
def test_words_read_as_bytes_are_the_words_case_folded(text: str) -> None:
    found = byte_words(text)
    if found is not None:
        assert [word.decode() for word in found] == dedupe._words(text)
    assert dedupe._text_numbers(text).tolist() == dedupe._numbers(dedupe._words(text)).tolist()


def test_english_text_with_a_pound_sign_takes_the_byte_path() -> None:
    text = "The U.S. firm's £5.5bn e-mail deal -- 'a first' -- closed at 3 p.m. on Friday."
    found = byte_words(text)
    assert found is not None
    assert [word.decode() for word in found] == dedupe._words(text)
    assert b"u.s" in found and b"firm's" in found and b"e-mail" in found
    assert byte_words("Le café ferme") is None  # "é" is part of a word
    assert byte_words("It’s late’ ’tis") == [b"it\xe2\x80\x99s", b"late", b"tis"]  # "’" joins
    article = Article(id="a", title="Deal closed", text=text, path="a.txt")
    codes, short = dedupe.compared(article)
    assert short  # 18 words: the title's words come first, as one list would have them
    assert codes.tolist() == dedupe.shingle_codes(dedupe._words(f"Deal closed {text}")).tolist()


@cases(1000)
@given(
    st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=200),
    st.integers(1, 50),
)
def test_commonness_is_the_count_of_codes_in_a_bucket(codes: list[int], cap: int) -> None:
    array = np.array(codes, dtype=np.uint64)
    bits = min(max(len(codes).bit_length() - 2, dedupe.MIN_BUCKET_BITS), dedupe.MAX_BUCKET_BITS)
    buckets = Counter(code >> (64 - bits) for code in codes)
    expected = [min(buckets[code >> (64 - bits)], cap) for code in codes]
    assert dedupe._commonness(array, cap).tolist() == expected


@cases(300)
@given(
    st.lists(
        st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 30), max_size=30).map(
            lambda codes: np.unique(np.array(codes, dtype=np.uint64))
        ),
        min_size=2,
        max_size=12,
    ),
    st.sampled_from([0.3, 0.5, 0.8, 1.0]),
)
def test_candidate_pairs_hold_every_pair_at_the_threshold(
    sets: list[np.ndarray], threshold: float
) -> None:
    # (whatever the buckets: codes 0 to 30 all fall in the first one)
    found = dedupe._candidate_pairs(sets, threshold)
    for a, b in combinations(range(len(sets)), 2):
        if len(sets[a]) and len(sets[b]) and dedupe._code_jaccard(sets[a], sets[b]) >= threshold:
            assert (a, b) in found


@cases(1000)
@given(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 9), max_size=60))
def test_distinct_values_are_numpys_unique_ones(values: list[int]) -> None:
    array = np.array(values, dtype=np.uint64)
    expected = np.unique(array).tolist()
    assert dedupe._distinct(array.copy()).tolist() == expected


@cases(1000)
@given(st.lists(st.integers(0, 2**62) | st.integers(0, 9), max_size=60))
def test_an_order_sorted_as_packed_numbers_is_the_stable_argsort(keys: list[int]) -> None:
    array = np.array(keys, dtype=np.int64)
    expected = np.argsort(array, kind="stable").tolist()
    assert dedupe._stable_order(array).tolist() == expected


def test_reading_a_text_leaves_numpy_ma_unimported(tmp_path: Path) -> None:
    # np.unique imports numpy.ma on its first call: 12 ms of reading one large text
    path = tmp_path / "two.txt"
    path.write_text(
        "Rail link opens\n\nThe new rail link between the two cities opened on Monday. "
        "It cuts the journey by an hour.\n\nFerry fares frozen\n\nThe ferry operator "
        "froze its fares for another year. Passengers welcomed the news.\n",
        encoding="utf-8",
    )
    script = (
        "import sys\nfrom briefing.ingest import load_articles\n"
        f"assert len(load_articles([{str(path)!r}]).articles) == 2\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr


# Lines a second line of a block can be: bylines, datelines, times, URLs, Markdown
# headings, and running text around them.
LINE_PIECES = [
    "By Jane Porter",
    "by Daniel Okafor, Staff Writer",
    "Written by Ann Lee | 9 February 2026",
    "By Sunday the ministry said",
    "Published: 3 March 2024",
    "Updated 10:30 GMT",
    "Mon 12:30",
    "9 February 2026",
    "https://news.example.org/a/1",
    "<http://x.example/>",
    "# ",
    "## ",
    " and the talks went on into the night, officials said.",
    " 2026",
    " Reuters",
    ", ",
    " | ",
    "Rail strike called off",
    "March",
]


@cases(3000)
@given(st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=5).map("".join))
def test_a_line_is_meta_exactly_when_its_classification_says_so(line: str) -> None:
    line = line.strip()
    for markdown in (False, True):
        meta = plaintext._classify(line, markdown).kind in ("meta", "url")
        assert plaintext._is_meta(line, markdown) == meta


def furniture_as_it_was(line: str) -> bool:
    """common.is_furniture before issue 15g: every pattern on every line, ignoring case."""
    line = line.strip()
    if common._FURNITURE_ANY.match(line):
        return True
    lowered = line.lower()
    for key, pattern in common._FURNITURE_SCANNED:
        if key in lowered and pattern.match(line):
            return True
    if not common._NAV_SEPARATOR.search(line):
        return False
    items = common._NAV_SEPARATOR.split(line)
    return len(items) >= common.NAV_MIN_ITEMS and all(
        0 < len(item.split()) <= common.NAV_ITEM_MAX_WORDS for item in items
    )


# Furniture and its look-alikes: every kind of pattern, separators, and letters that match
# an ASCII one ignoring case ("ſ" is "s", "K" is "k") or change length lowered ("İ").
FURNITURE_PIECES = [
    "Share",
    "share on Facebook",
    "Follow us",
    "TWEET",
    "e-mail",
    "ad",
    "x",
    "ſhare",
    "LinKedin",
    "İ",
    "© 2026 Asia Desk",
    "(c) 2026",
    "Copyright",
    "All rights reserved",
    "We use cookies",
    "Read more:",
    "Related: ",
    "More from",
    "Sign up for our newsletter",
    "Top stories",
    "Home",
    "News",
    " | ",
    " / ",
    " • ",
    " :: ",
    " > ",
    "|",
    "::",
    " ",
    "  ",
    ".",
    ": ",
    "2026",
    " the talks went on into the night",
]


@cases(3000)
@given(st.lists(st.sampled_from(FURNITURE_PIECES), min_size=1, max_size=6).map("".join))
def test_furniture_is_the_plain_test(line: str) -> None:
    assert common.is_furniture(line) == furniture_as_it_was(line)


def byline_or_dateline_as_it_was(line: str) -> list[tuple[str, str]]:
    """The dateline half of common.byline_or_dateline before issue 15g (a line that is no
    byline): the day-or-time pattern tried on lines of any length."""
    line = line.strip()
    prefix = common._DATELINE_PREFIX.match(line)
    undated = line[prefix.end() :] if prefix else line
    words = len(undated.split(maxsplit=common.DATELINE_MAX_WORDS))
    if words > common.DATELINE_MAX_WORDS or not any(ch.isdigit() for ch in undated):
        yearless = undated and common._YEARLESS_DATE_OR_TIME.match(undated)
        return [("time", undated)] if yearless else []
    if common.parse_date(undated) is not None:
        return [("date", undated)]
    if undated and common._YEARLESS_DATE_OR_TIME.match(undated):
        return [("time", undated)]
    return []


DATELINE_PIECES = [
    "Published: ",
    "Updated ",
    "Monday",
    "Mon.",
    "Mondayyyyyy",
    ", ",
    " ",
    "\t",
    "\u2009",
    "\x1c",
    "9",
    "12th",
    "February",
    "sept.",
    "10:30",
    "1030",
    "gmt",
    "pm",
    "h.",
    "2026",
    "talks",
]


@cases(3000)
@given(st.lists(st.sampled_from(DATELINE_PIECES), min_size=1, max_size=14).map(" ".join))
def test_a_long_line_is_never_a_day_or_a_time(line: str) -> None:
    if not common._BYLINE.match(line.strip()):
        assert common.byline_or_dateline(line) == byline_or_dateline_as_it_was(line)


# Printable ASCII, spaces and tabs, and folds: what a plain subject or date header holds.
HEADER_TEXT = st.lists(
    st.sampled_from([*string.printable[:95], " ", "\t", "\r\n "]), max_size=40
).map("".join)


@cases(3000)
@given(
    HEADER_TEXT.filter(lambda value: "=?" not in value and "\n" not in value.replace("\r\n ", ""))
)
def test_a_plain_subject_is_read_as_the_modern_policy_reads_it(value: str) -> None:
    message = email.message_from_string(
        f"Subject: {value}\n\nBody.\n", policy=email.policy.compat32
    )
    raw = next(v for name, v in message.raw_items() if name.lower() == "subject")
    expected = str(email.policy.default.header_fetch_parse("subject", raw))
    assert mail._header(message, "subject") == expected


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 6 Jun 2005 22:21:22 +0200",
        "23 Oct 2003 22:40:49 -0700",
        "Tue, 1 Dec 2026 23:59:00 -1000",
        "1 Dec 2026 00:30 +1400",
        "not a date at all",
    ],
)
def test_a_plain_date_gives_the_day_the_modern_policy_gives(value: str) -> None:
    message = email.message_from_string(f"Date: {value}\n\nBody.\n", policy=email.policy.compat32)
    expected = str(email.policy.default.header_fetch_parse("date", value))
    assert parse_date(mail._header(message, "date")) == parse_date(expected)


NAME = st.one_of(
    st.just(""),
    st.from_regex(r"[A-Za-z0-9]{1,8}( [A-Za-z0-9]{1,8}){0,2}", fullmatch=True),
    st.from_regex(r"\"[A-Za-z0-9 .'_-]{0,16}\"", fullmatch=True),
)
ADDRESS = st.from_regex(r"[A-Za-z0-9._%+'-]{1,10}@[a-z0-9.-]{1,14}", fullmatch=True)


@cases(3000)
@given(NAME, ADDRESS)
def test_a_sender_is_read_as_the_modern_policy_reads_it(name: str, address: str) -> None:
    """One address, well formed or not, under a name or none: the fast path and the
    policy's parser agree (a malformed one goes to the parser)."""
    value = f"{name} <{address}>" if name else address
    message = email.message_from_string(f"From: {value}\n\nBody.\n", policy=email.policy.compat32)
    expected = str(email.policy.default.header_fetch_parse("from", value))
    assert mail._header(message, "from") == expected


@cases(2000)
@given(
    st.lists(
        st.sampled_from(["#", "##", "#######", " ", "\t", "\n", "\r\n", "a", "1"]), max_size=30
    ).map("".join)
)
def test_markdown_headings_are_found_where_the_pattern_finds_them(text: str) -> None:
    found = plaintext._MD_HEADING_LINE.search(text) is not None
    assert plaintext._has_markdown_headings(text) == found


def blocks_by_pattern(chunk: str) -> list[list[str]]:
    """plaintext._blocks as it was: split at the pattern of a blank line, lines stripped."""
    if re.search(r"\n\s*\n", chunk) is None:
        return [[line.strip()] for line in chunk.split("\n") if line.strip()]
    blocks = re.split(r"\n\s*\n", chunk)
    return [[ln.strip() for ln in b.split("\n") if ln.strip()] for b in blocks if b.strip()]


@cases(3000)
@given(
    st.lists(
        st.sampled_from(["a", "b c", " ", "\t", "\n", "\r\n", "\x0c", "\x85", "\u2028", "\u3000"]),
        max_size=30,
    ).map("".join)
)
def test_blocks_are_the_pattern_splits_blocks(chunk: str) -> None:
    assert plaintext._blocks(chunk) == blocks_by_pattern(chunk)


def chunks_line_by_line(text: str) -> list[str]:
    """plaintext._split_chunks as it was: every line tried as a separator."""
    chunks: list[list[str]] = [[]]
    previous = ""
    for line in text.split("\n"):
        if not plaintext._SEPARATOR.match(line):
            chunks[-1].append(line)
        elif plaintext._is_setext_underline(previous, line):
            chunks[-1].append("")
        else:
            chunks.append([])
        previous = line
    return ["\n".join(c).strip() for c in chunks if "\n".join(c).strip()]


SEPARATOR_PIECES = ["---", "===", "***", "___", "-", "=", " ", "\n", "\r\n", "Rates rise", "a."]


@cases(3000)
@given(st.lists(st.sampled_from(SEPARATOR_PIECES), max_size=30).map("".join))
def test_chunks_are_those_split_line_by_line(text: str) -> None:
    assert plaintext._split_chunks(text) == chunks_line_by_line(text)


@cases(500)
@given(st.lists(st.tuples(texts, texts), max_size=6), st.integers(1, 4))
def test_articles_compared_together_are_each_compared_alone(
    pairs: list[tuple[str, str]], batch: int
) -> None:
    articles = [Article(id=str(k), title=t, text=x, path="x.txt") for k, (t, x) in enumerate(pairs)]
    with patch.object(dedupe, "BYTE_BATCH", batch):
        together = dedupe.compared_all(articles)
    alone = [dedupe.compared(article) for article in articles]
    assert [(codes.tolist(), short) for codes, short in together] == [
        (codes.tolist(), short) for codes, short in alone
    ]


def test_word_numbers_survive_the_known_words_being_forgotten() -> None:
    words = [
        "the",
        "port",
        "of",
        "keelung",
        "opened",
        "the",
        "new",
        "berth",
        "to",
        "the",
        "port",
        "authority",
    ]
    before = dedupe._numbers(words).tolist()
    with patch.object(dedupe, "MAX_KNOWN_WORDS", 3):
        assert dedupe._numbers([*words, "ferry", "terminal"]).tolist()[: len(words)] == before
        assert len(dedupe._KNOWN_WORDS) <= len(set(words)) + 2
    assert dedupe._numbers(words).tolist() == before


def test_a_huge_token_is_numbered_by_its_digest_alike_on_both_paths() -> None:
    """A "word" longer than any of running text (a blob of base64) is numbered by its
    digest, in one step, not in one numpy step per eight of its bytes (a 2 MB blob took
    seconds); the word pattern's path gives the same numbers."""
    blob = "QmFzZTY0" * 250_000  # 2 MB without a break
    text = f"The filing ran to {blob} pages. Officials said the port reopened."
    by_bytes = dedupe._text_numbers(text)
    assert by_bytes.tolist() == dedupe._numbers(dedupe._words(text)).tolist()
    digest = hashlib.blake2b(blob.lower().encode(), digest_size=8).digest()
    assert by_bytes[4] == int.from_bytes(digest, "little")
    long_word = "x" * (dedupe.LONG_WORD_BYTES + 1)
    short_word = "x" * dedupe.LONG_WORD_BYTES
    assert len(set(dedupe._numbers([long_word, short_word, long_word + "y"]).tolist())) == 3


def _stories() -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) of the bundled data's articles."""
    stories = []
    for path in sorted(DATA.glob("*")):
        text = textlib.clean(path.read_text(encoding="utf-8"))
        for part in plaintext.split_articles(text, markdown=path.suffix == ".md"):
            if part.title and len(part.paragraphs) > 1:
                stories.append((part.title, part.paragraphs))
    return stories


STORIES = _stories()
# A stretch of one story's paragraphs: where a candidate line stands inside an article.
stretches = st.builds(
    lambda story, start, length: STORIES[story][1][start : start + length],
    st.integers(0, len(STORIES) - 1),
    st.integers(0, 8),
    st.integers(0, 12),
)


def _full_score(line: str, before: list[str], after: list[str], first: str) -> bool:
    features = plaintext.boundary_features(line, before, after, first)
    return sum(w * x for w, x in zip(plaintext.BOUNDARY_WEIGHTS, features, strict=True)) > 0


@cases(2000)
@given(
    st.sampled_from([title for title, _ in STORIES]),
    stretches,
    stretches,
    st.sampled_from(["", *(title for title, _ in STORIES[:3])]),
)
def test_the_boundary_decision_is_the_full_scores_with_or_without_the_depth(
    line: str, before: list[str], after: list[str], first: str
) -> None:
    assert plaintext.is_boundary(line, before, after, first) is _full_score(
        line, before, after, first
    )


def test_the_depth_is_weighed_only_where_the_rest_leaves_the_decision_open() -> None:
    """Every headline of the bundled data over each pair of stories in a row: some
    decisions need the depth and some do not (both ways are tried), and each is the
    full score's."""
    calls = []
    depth = plaintext._depth

    def counted(before: list[str], after: list[str]) -> float:
        calls.append(1)
        return depth(before, after)

    decisions = weighed = 0
    first = STORIES[0][0]
    with patch.object(plaintext, "_depth", counted):
        for line, _ in STORIES:
            for (_, before), (_, after) in pairwise(STORIES):
                made = len(calls)
                decided = plaintext.is_boundary(line, before, after, first)
                weighed += len(calls) > made
                assert decided is _full_score(line, before, after, first)
                decisions += 1
    assert 0 < weighed < decisions


@cases(2000)
@given(st.lists(st.sampled_from(PIECES + LATIN1_PIECES + TYPESET), max_size=40).map("".join))
def test_typeset_stems_are_the_word_by_word_ones(paragraph: str) -> None:
    assert plaintext._stems.__wrapped__(paragraph) == stems_word_by_word(paragraph)


def test_no_character_outside_words_lowers_into_one() -> None:
    """Why a run of characters that are no word's may become a space before the paragraph
    is lowered (text.NON_WORDS_AS_SPACES): none of them lowers to a word character."""
    lowered_into_words = [
        char
        for char in map(chr, range(0x110000))
        if not (char.isalnum() or char == "_")
        and any(c.isalnum() or c == "_" for c in char.lower())
    ]
    assert lowered_into_words == []
    assert not any(map(str.isalnum, "".join(textlib._TYPOGRAPHY)))  # replaced before
    typeset = "Taiwan’s “chip” plan – €5bn"
    assert plaintext._stems.__wrapped__(typeset) == ("taiwa", "chip", "plan", "5bn")


def indents_as_breaks_by_inserting(text: str) -> str:
    """``plaintext._indents_as_breaks`` as it was: a blank line inserted into the list of
    lines at each start, one at a time (quadratic in the starts)."""
    if not plaintext._INDENTED_LINE.search(text):
        return text
    lines = text.split("\n")
    starts = [
        k
        for k in range(1, len(lines))
        if plaintext._INDENTED.match(lines[k])
        and lines[k - 1].strip()
        and (textlib.ends_complete(lines[k - 1]) or plaintext._heads_its_block(lines, k))
    ]
    carried = any(
        line.strip() and not plaintext._INDENTED.match(line) and above.strip()
        for above, line in pairwise(lines)
    )
    if len(starts) < plaintext.INDENT_MIN_PARAGRAPHS or not carried:
        return text
    for k in reversed(starts):
        lines.insert(k, "")
    return "\n".join(lines)


TYPED_LINES = [
    "Port opens night shifts",
    "    The port opened night shifts on Monday.",
    "\tUnions welcomed the extra hours.",
    "Officials said the change would cut",
    "waiting times by a third.",
    "    going on in lower case",
    "",
    "   ",
]


@cases(2000)
@given(st.lists(st.sampled_from(TYPED_LINES), max_size=30).map("\n".join))
def test_indents_become_breaks_as_by_inserting_one_at_a_time(text: str) -> None:
    assert plaintext._indents_as_breaks(text) == indents_as_breaks_by_inserting(text)
