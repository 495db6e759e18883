"""How common a word is in general English: the fixed background of theme scoring.

Rarity must not come from the run itself (a week of defense news would make "defense"
common and push defense stories out of their own section), so it comes from ``wordfreq``:
word frequencies compiled by its authors from Wikipedia, subtitles, news, books, web text
and social media (README, "How themes are scored"). The small English list (about 29,000
words, everything down to Zipf 3, one in a million words) loads in a quarter of a second
and is bundled with the package, so nothing is fetched at run time. Every lookup is
cached: a run pays once per distinct word.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import repeat

import wordfreq

from briefing import text as textlib
from briefing.languages import is_cjk

LANGUAGE = "en"
WORDLIST = "small"
# Words missing from the small list are rarer than Zipf 3; 2.0 stands for "rare".
MISSING_ZIPF = 2.0
# Inverse frequency on the Zipf scale: 9 - Zipf is -log10 of a word's frequency, so a
# word met once in a thousand ("said", Zipf 6) weighs 3 and a rare one (Zipf 2) weighs 7.
MAX_ZIPF = 9.0


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (log10 per billion words), ``MISSING_ZIPF`` if unlisted."""
    value = _plain_zipf(word) if _PLAIN.fullmatch(word) else None
    if value is None:
        value = wordfreq.zipf_frequency(word, LANGUAGE, wordlist=WORDLIST)
    return value if value > 0 else MISSING_ZIPF


# Words of lower-case ASCII letters are wordfreq's tokens as they are, so their Zipf value
# is read from its table with wordfreq's own arithmetic (``zipf_frequency`` with the
# default minimum, step by step): the same numbers (tests/test_background.py compares every
# such word of the list) without its tokenizer's work per word, a tenth of a build's time.
_PLAIN = re.compile("[a-z]+")
_MINIMUM = 1e-9  # wordfreq.zipf_to_freq(0.0)


def _plain_zipf(word: str) -> float | None:
    freqs = wordfreq.get_frequency_dict(LANGUAGE, WORDLIST)
    found = freqs.get(word)
    if found is None:
        return None  # let wordfreq decide (it returns the minimum)
    freq = 1.0 / (0.0 + 1.0 / found)
    unrounded = max(freq, _MINIMUM)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    freq = round(unrounded, leading_zeroes + 3)
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=200_000)
def idf(word: str) -> float:
    return MAX_ZIPF - zipf(word)


def normalized(vector: Mapping[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / length for k, v in vector.items()}


def stem_counts(
    text: str, drop: Iterable[str] = (), language: str | None = None
) -> tuple[Counter[str], dict[str, float]]:
    """Content stems of ``text`` with their counts, and each stem's background idf.

    ``drop`` names stems left out (place names: where a story happens is not what it is
    about). The background list is English: Chinese and Japanese words, none of which it
    holds, all weigh as rare ones.
    """
    if is_cjk(language):
        counts: Counter[str] = Counter(
            s for s in textlib.content_stems(text, language) if s not in drop
        )
        return counts, dict.fromkeys(counts, MAX_ZIPF - MISSING_ZIPF)
    stops = textlib.stop_words()
    dropped = frozenset(drop)
    counts = Counter()
    rarity: dict[str, float] = {}
    for word in textlib.words(text):
        lower = word.lower()
        if lower in stops or word.isdigit() or len(word) < 2:
            continue
        stem = textlib.stem(lower)
        if stem in dropped:
            continue
        counts[stem] += 1
        if stem not in rarity:
            rarity[stem] = idf(lower)
    return counts, rarity


def stem_counts_of(
    words: Sequence[str], stems: Sequence[str], drop: Iterable[str] = (), rarity: bool = True
) -> tuple[Counter[str], dict[str, float]]:
    """``stem_counts`` of a text without Chinese or Japanese from its words that carry
    meaning (``text.is_content_word``) and their stems, found already: the same counts,
    in the same order, and idf (each stem's rarity is its first word's; ``rarity`` False:
    none, for counts alone)."""
    if not all(map(str.isascii, words)):  # stem() lower-cases ASCII itself, not the rest
        pairs = zip(words, stems, strict=True)
        stems = [s if w.isascii() else textlib.stem(w.lower()) for w, s in pairs]
    counts = Counter(stems)
    for stem in frozenset(drop) & counts.keys():
        del counts[stem]  # the others keep their order
    if not rarity:
        return counts, {}
    first = dict(zip(reversed(stems), reversed(words), strict=True))
    return counts, {stem: idf(first[stem].lower()) for stem in counts}


def weighted(counts: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    """Unit vector of log term frequency times ``idf``."""
    return dict(zip(counts, unit_weights(counts, counts.values(), idf), strict=True))


def unit_weights(
    stems: Iterable[str], counts: Iterable[int], idf: Mapping[str, float]
) -> list[float]:
    """The weights of ``weighted``, in the stems' order, without the dict (theme placement
    keeps a run's vectors as a tuple of stems and an array of these)."""
    raw = [(1 + math.log(n)) * idf.get(s, 0.0) for s, n in zip(stems, counts, strict=True)]
    length = math.sqrt(sum(map(operator.mul, raw, raw))) or 1.0
    return [w / length for w in raw]


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product (the cosine, for unit vectors), in time linear in the shorter one."""
    if len(a) > len(b):
        a, b = b, a
    # sum(v * b.get(k, 0.0) for k, v in a.items()) without a Python step per word: the
    # same products added in the same order (theme placement takes 3 per article).
    return sum(map(operator.mul, a.values(), map(b.get, a.keys(), repeat(0.0))))
