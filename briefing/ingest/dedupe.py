"""Merge copies of one story: exact or near duplicates by the Jaccard similarity of the text.

Texts are compared as sets of word shingles (runs of ``SHINGLE_WORDS`` lower-cased words),
so the same wire story under two headlines or with a changed sentence still matches,
while two stories that merely share a headline do not. A short text (under
``SHORT_TEXT_WORDS``) says too little to tell two items apart ("Hello", "TEST", a teaser):
it is compared with its title included, and merges only with a copy of the same title;
so two feeds' headline items for one story merge, two one-line e-mails do not. Candidate
pairs come from an index of each text's rarest shingles (prefix filtering) and are then
scored exactly, so the cost stays near linear for news text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from itertools import filterfalse

import numpy as np

from briefing import text as textlib
from briefing.models import Article, SourceRef

# Three-word shingles: long enough that unrelated stories share few, short enough that a
# copy edited in a few places (house style, one changed figure) stays above THRESHOLD.
SHINGLE_WORDS = 3
THRESHOLD = 0.8
# Copies within this share of the longest copy's length count as equally complete.
LENGTH_TOLERANCE = 0.9
# Below this many words a text needs its title to match too. Chosen between two measured
# bounds: on mikel/mail's fixtures, the messages the text alone merges although their
# subjects differ have bodies of 1 to 26 words ("TEST", one reused 26-word body); the
# shortest article of the BBC dev set has 84 words. 40 sits between with a margin on
# both sides, so real articles are still matched on their text alone.
SHORT_TEXT_WORDS = 40
# A headline this long names one story; shorter ones ("Letters", "In brief", "Markets")
# are section names that many stories share.
HEADLINE_MATCH_MIN_WORDS = 4
PAIRS_AT_ONCE = 250_000  # candidate pairs built per numpy step (bounds the memory)
PREFIX_BATCH = 500  # sets whose prefixes are sorted at once (bounds the memory; not tuned)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it loses nothing mod 2**64
MAX_KNOWN_WORDS = 2_000_000  # words whose codes a process keeps (about 200 MB at most)


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """Every run of ``size`` consecutive words, lower-cased; a shorter text is one shingle."""
    return _shingles(_words(text), size)


def _words(text: str) -> list[str]:
    return _casefolded(textlib.words(text))


def _shingles(words: list[str], size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    if len(words) <= size:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _word_codes(data: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The 64-bit number of each word ``data[start : start + length]`` (``data`` ends in at
    least 7 bytes past the last word): the same in every process and on every machine
    (Python's own ``hash`` of a string is not), so workers can number words apart and the
    duplicate test does not depend on where an article was read. Each word's bytes, eight
    at a time, are mixed into the number by murmur3's finalizer, then its length: numpy
    numbers every word of a text at once (a BLAKE2b digest per distinct word, then a
    dictionary lookup per word, were two thirds of a large file's duplicate test)."""
    lanes = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    code = np.full(len(starts), _SEED, dtype=np.uint64)
    todo = np.flatnonzero(lengths <= LONG_WORD_BYTES)
    at = 0
    while len(todo):
        rest = lengths[todo] - at
        lane = lanes[starts[todo] + at]
        partial = rest < 8  # (a word's last lane keeps only its own bytes)
        keep = (np.uint64(1) << (8 * np.minimum(rest, 7)).astype(np.uint64)) - np.uint64(1)
        lane = np.where(partial, lane & keep, lane)
        code[todo] = _mixed(code[todo] ^ lane)
        todo = todo[rest > 8]
        at += 8
    code = _mixed(code ^ lengths.astype(np.uint64))
    # A longer "word" (a token, a blob of base64 in a text) is numbered by its BLAKE2b
    # digest: a step per eight of its bytes, all in numpy's loop, made one 100 kB token
    # cost 0.3 s; there are few such words, and a digest takes microseconds.
    for k in np.flatnonzero(lengths > LONG_WORD_BYTES).tolist():
        word = data[starts[k] : starts[k] + lengths[k]]
        code[k] = int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
    return code


# Bytes past which a word is numbered by its digest (``_word_codes``): longer than any
# word of running text, so news text never takes that path. Not tuned.
LONG_WORD_BYTES = 64


def _mixed(code: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finalizer: every bit of the result depends on every bit given."""
    code = code ^ (code >> np.uint64(33))
    code = code * np.uint64(0xFF51AFD7ED558CCD)
    code = code ^ (code >> np.uint64(33))
    code = code * np.uint64(0xC4CEB9FE1A85EC53)
    return code ^ (code >> np.uint64(33))


_SEED = 0x9E3779B97F4A7C15


class _KnownWords(dict[str, int]):
    """Words given as strings (read by the word pattern) and their numbers, kept per
    process: a text's words are looked up in C, and only the new ones numbered."""

    def numbers(self, words: Sequence[str]) -> np.ndarray:
        try:  # (most texts' words are all known by the time a run is under way)
            return np.fromiter(map(self.__getitem__, words), np.uint64, len(words))
        except KeyError:
            pass
        new = list(filterfalse(self.__contains__, set(words)))
        if len(self) + len(new) > MAX_KNOWN_WORDS:  # a long-lived process must not grow
            self.clear()
            new = list(set(words))
        encoded = [word.encode("utf-8", "surrogatepass") for word in new]
        lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
        starts = np.cumsum(lengths) - lengths
        codes = _word_codes(b"".join(encoded) + bytes(8), starts, lengths)
        self.update(zip(new, codes.tolist(), strict=True))
        return np.fromiter(map(self.__getitem__, words), np.uint64, len(words))


_KNOWN_WORDS = _KnownWords()


def shingle_codes(words: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """``_shingles(words)`` as a sorted array of 64-bit codes, one per distinct shingle.

    A shingle's code is its words' numbers taken as digits of a polynomial modulo 2**64,
    ``(a * M + b) * M + c`` with ``M`` odd, and a text shorter than a shingle is padded
    with the number 0. Eight bytes a shingle instead of a tuple of strings: 20,000
    articles' sets take tens of MB, not a GB. Two distinct shingles get one code with a
    chance of about 2**-64; for that to move a pair across the threshold it would have to
    happen many times in one pair.
    """
    return _shingle_codes(_numbers(words), size)


def _numbers(words: Sequence[str]) -> np.ndarray:
    return _KNOWN_WORDS.numbers(words)


def _shingle_codes(numbers: np.ndarray, size: int = SHINGLE_WORDS) -> np.ndarray:
    """``shingle_codes`` of the words whose numbers these are."""
    if not len(numbers):
        return np.empty(0, dtype=np.uint64)
    if len(numbers) < size:
        numbers = np.concatenate((numbers, np.zeros(size - len(numbers), dtype=np.uint64)))
    count = len(numbers) - size + 1
    # (array arithmetic wraps around without a warning: no np.errstate, which cost a
    # tenth of this function)
    code = numbers[:count].copy()
    for k in range(1, size):
        code = code * _MULTIPLIER + numbers[k : k + count]
    return _distinct(code)


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``: sorted in place, then the first of each run kept. np.unique
    hashes first (a third of ``_shingle_codes``'s time) and imports numpy.ma on its first
    call in a process (12 ms of reading one large text, in the serial end of it)."""
    values.sort()
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


Compared = tuple[np.ndarray, bool]  # an article's shingle codes, and whether it is short


def compared(article: Article, text_words: Sequence[str] | None = None) -> Compared:
    """What ``duplicate_groups`` compares ``article`` by: the shingles of its words,
    lower-cased, with the title's before them when the text is short; and whether it is
    (``text_words``: ``text.words(article.text)``, found already). Work for the
    per-article map."""
    if text_words is None:
        numbers = _text_numbers(article.text)
    else:
        numbers = _numbers(_casefolded(text_words))
    return _compared_by(article, numbers)


def _compared_by(article: Article, numbers: np.ndarray) -> Compared:
    """``compared(article)``, given the numbers of its text's words."""
    short = len(numbers) < SHORT_TEXT_WORDS
    if short:  # (the title's words before the text's, as one list of words would be)
        numbers = np.concatenate((_numbers(_words(article.title)), numbers))
    return _shingle_codes(numbers), short


def compared_all(articles: Sequence[Article]) -> list[Compared]:
    """``[compared(article) for article in articles]``, the texts ``_byte_numbers`` can
    read taken BYTE_BATCH at a time: their bytes joined by blanks go through one table
    and one numpy pass (per text, the numpy calls cost more than the bytes they went
    over). Each word is found in the text its first byte is in; the blanks between texts
    keep a word from running across."""
    texts = [article.text for article in articles]
    numbers: dict[int, np.ndarray] = {}
    readable = [i for i, text in enumerate(texts) if _bytes_tell_words(text)]
    for first in range(0, len(readable), BYTE_BATCH):
        batch = readable[first : first + BYTE_BATCH]
        encoded = [texts[i].encode("utf-8", "surrogatepass") for i in batch]
        found, starts = _byte_numbers(b" ".join(encoded))
        begins = np.cumsum([1, *(len(text) + 1 for text in encoded[:-1])])
        bounds = [*np.searchsorted(starts, begins).tolist(), len(found)]
        for k, i in enumerate(batch):
            numbers[i] = found[bounds[k] : bounds[k + 1]]
    return [
        _compared_by(article, numbers[i] if i in numbers else _numbers(_words(article.text)))
        for i, article in enumerate(articles)
    ]


# Texts read as bytes at once by compared_all: a few MB of bytes and arrays at a time.
BYTE_BATCH = 1000


def _no_word_outside_ascii(text: str) -> bool:
    """Whether no character of the text outside ASCII can be part of a word (``\\w``; Han
    and kana are): encoded to Latin-1 with the others as spaces (the joiner "’" among them,
    which _word_bytes reads in the UTF-8 bytes), one deletion in C over its bytes finds
    any Latin-1 letter left. (The set of each text's characters took 0.09 s for the
    articles of bench_scale.py's 3.4 MB text with its quotes and apostrophes typeset.)"""
    latin1 = textlib.words_as_latin1(text)
    return latin1 is not None and not latin1.translate(None, _LATIN1_NOT_WORDS)


def _text_numbers(text: str) -> np.ndarray:
    """``_numbers(_words(text))``, through ``_byte_numbers`` where it can."""
    if not _bytes_tell_words(text):
        return _numbers(_words(text))
    return _byte_numbers(text.encode("utf-8", "surrogatepass"))[0]


def _bytes_tell_words(text: str) -> bool:
    """Whether ``_byte_numbers`` can read the text's words (see ``_byte_runs``)."""
    return text.isascii() or _no_word_outside_ascii(text)


# For _byte_runs: an ASCII letter lower-cased; a digit, "_" and the joiners kept; every
# other byte of ASCII a space; the bytes of characters outside it kept (no word's but the
# apostrophe's, see _word_bytes).
_BYTE_TABLE = bytes(
    b + 32 if 65 <= b <= 90 else b if b >= 128 or chr(b).isalnum() or chr(b) in "_-'." else 32
    for b in range(256)
)
_APOSTROPHE = "’".encode()  # (UTF-8: no other character's bytes hold these three)
# After _BYTE_TABLE, as tables to translate by (1 for yes, 0 for no): the bytes of words,
# and the joiners, which a word holds only between two of its other bytes.
_IN_WORDS = bytes(int(b < 128 and (chr(b).isalnum() or chr(b) == "_")) for b in range(256))
_JOINERS = bytes(int(chr(b) in "-'.") for b in range(256))
# Latin-1's bytes for ASCII and for the characters that are no part of a word ("£").
_LATIN1_NOT_WORDS = bytes(b for b in range(256) if b < 128 or not chr(b).isalnum())


def _byte_numbers(encoded: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of the words of a text's UTF-8 bytes (one ``_bytes_tell_words`` of),
    as ``_numbers`` gives them, and where each word starts in ``b" " + encoded``."""
    data, starts, lengths = _byte_runs(encoded)
    return _word_codes(data, starts, lengths), starts


def _byte_runs(encoded: bytes) -> tuple[bytes, np.ndarray, np.ndarray]:
    """``b" " + encoded`` through _BYTE_TABLE (letters lowered, every byte but letters,
    digits, "_" and the joiners blanked), padded for ``_word_codes``; where each word
    starts in it, and its length (the joiners that join nothing are no part of one).

    For a text ``_bytes_tell_words`` of ("£", "—", "“", "’" outside ASCII; not "é" or
    Han), these are the words of ``_words(text)``: there a word is a run of ASCII letters,
    digits and "_", joined by single "-", "'", "’" or "." (``text.words``), and folding its
    case is lowering its ASCII letters, so bytes do it all in C and numpy. Each character is
    looked at a few times in C instead of by the word pattern, and no word is folded on
    its own (the words of a large file's articles, read for the duplicate test: a third of
    its time). Same words in the same order (tests/test_fast_paths.py)."""
    data = b" " + encoded.translate(_BYTE_TABLE) + b" "
    edges = np.diff(_word_bytes(data).view(np.int8))
    starts = np.flatnonzero(edges == 1) + 1
    lengths = np.flatnonzero(edges == -1) + 1 - starts
    return data + bytes(8), starts, lengths


def _word_bytes(data: bytes) -> np.ndarray:
    """Which bytes of ``data`` (after _BYTE_TABLE, with a blank at either end) belong to
    words. A joiner with anything but a word's byte on either side joins nothing: it is
    no part of one, decided for all bytes at once by numpy (fifteen searches and
    replacements of the pairs it makes with a blank or another joiner were twice the
    time of splitting the words)."""
    word = np.frombuffer(bytearray(data.translate(_IN_WORDS)), dtype=np.bool_)
    joiner = np.frombuffer(data.translate(_JOINERS), dtype=np.bool_)
    # "’", three bytes, joins as "'" does (English typeset with it: "Taiwan’s"); each
    # joiner is decided by the word bytes around it before any joins
    apostrophes = _apostrophes(data) if _APOSTROPHE in data else np.empty(0, np.int64)
    joining = apostrophes[word[apostrophes - 1] & word[apostrophes + 3]]
    word[1:-1] |= joiner[1:-1] & word[:-2] & word[2:]
    for offset in range(len(_APOSTROPHE)):
        word[joining + offset] = True
    return word


def _apostrophes(data: bytes) -> np.ndarray:
    """Where each "’" starts in ``data`` (which starts and ends with a blank)."""
    at = np.frombuffer(data, dtype=np.uint8)
    first, second, third = _APOSTROPHE
    return np.flatnonzero((at[:-2] == first) & (at[1:-1] == second) & (at[2:] == third))


def _casefolded(words: Sequence[str]) -> list[str]:
    """``[w.casefold() for w in words]`` in one call: case folding maps each character on
    its own (no context, unlike ``lower``'s final sigma) and never makes or removes a NUL,
    which no word holds, so folding the words joined by NULs and splitting there gives the
    same words, without a Python call per word (a tenth of the duplicate test's time)."""
    if not words:
        return []
    return "\0".join(words).casefold().split("\0")


def _candidate_pairs(sets: Sequence[np.ndarray], threshold: float) -> set[tuple[int, int]]:
    """Pairs that can reach ``threshold``, by prefix filtering (exact, no pair is missed).

    Order each set's shingles rarest first (in one order of all codes). If J(A, B) >= t
    then A and B share at least t * max(|A|, |B|) shingles, so they share one among the
    first |A| - ceil(t |A|) + 1 of A's and of B's. Indexing only those prefixes leaves few
    candidates to score.
    """
    lengths = np.array([len(codes) for codes in sets], dtype=np.int64)
    if not lengths.sum():
        return set()
    prefix, owner = _prefixes(sets, lengths, threshold)
    # (any order within a code: each pair is put first set first below; the stable sort
    # that kept owners in order was a quarter of finding the pairs, 11 of 41 ms for the
    # 3.4 MB text's articles)
    by_code = np.argsort(prefix)
    prefix, owner = prefix[by_code], owner[by_code]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(prefix)) + 1))
    sizes = np.diff(np.concatenate((starts, [len(prefix)])))
    found = [np.empty(0, dtype=np.int64)]
    # Every pair within each run of one code, run length by run length, a bounded number
    # of pairs at a time, as a * n + b; numpy, as a Python loop over pairs was half the
    # time at 20,000 articles. The steps' pairs are made distinct once at the end: merged
    # into the pairs so far at each step (np.union1d), the growing array was sorted again
    # every time, 2.9 of the duplicate test's 6 s at 20,000 generated articles.
    for size in _distinct(sizes[sizes > 1]).tolist():
        first, second = np.triu_indices(size, 1)
        runs = starts[sizes == size]
        step = max(1, PAIRS_AT_ONCE // len(first))
        for at in range(0, len(runs), step):
            base = runs[at : at + step, None]
            one, other = owner[base + first].ravel(), owner[base + second].ravel()
            a, b = np.minimum(one, other), np.maximum(one, other)
            small, large = np.minimum(lengths[a], lengths[b]), np.maximum(lengths[a], lengths[b])
            fits = small >= threshold * large  # else the Jaccard bound already fails
            found.append(a[fits] * len(sets) + b[fits])
    pairs = _distinct(np.concatenate(found))
    return set(zip((pairs // len(sets)).tolist(), (pairs % len(sets)).tolist(), strict=True))


def _prefixes(
    sets: Sequence[np.ndarray], lengths: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Each set's first ``|A| - ceil(t |A|) + 1`` shingles, rarest first (``_commonness``;
    ties by code), one set after another, and the set each comes from. PREFIX_BATCH sets
    in one sort (by set, then commonness; a stable sort keeps each set's codes in their
    sorted order): a sort per set cost a tenth of a millisecond each, most of the time
    for 1,000 articles, and batches keep the arrays of one sort small (all 20,000 sets at
    once: ~400 MB)."""
    commonness = _commonness(np.concatenate(sets), cap=len(sets))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    # (the same float arithmetic as math.ceil(threshold * len(codes)) per set)
    keep = lengths - np.ceil(threshold * lengths.astype(np.float64)).astype(np.int64) + 1
    prefixes, owners = [], []
    for first in range(0, len(sets), PREFIX_BATCH):
        last = min(first + PREFIX_BATCH, len(sets))
        codes = np.concatenate(sets[first:last])
        owner = np.repeat(np.arange(first, last, dtype=np.int64), lengths[first:last])
        common = commonness[offsets[first] : offsets[last]]  # (at most len(sets))
        order = _stable_order((owner - first) * (len(sets) + 1) + common)
        starts = np.cumsum(lengths[first:last]) - lengths[first:last]
        taken = np.arange(len(codes)) - starts[owner - first] < keep[owner]  # owner[order] == owner
        prefixes.append(codes[order][taken])
        owners.append(owner[taken])
    return np.concatenate(prefixes), np.concatenate(owners)


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` of non-negative keys: each key with its place in
    its low bits, sorted as one number (the places are unique, so any sort is stable),
    where both fit in 63 bits. For a batch of the 3.4 MB text's shingles: 1.4 ms against
    3.6 ms; the stable argsorts were a third of finding the prefixes."""
    places = max(len(keys) - 1, 1).bit_length()
    if not len(keys) or int(keys.max()).bit_length() + places > 63:
        return np.argsort(keys, kind="stable")
    packed = (keys << places) | np.arange(len(keys), dtype=np.int64)
    packed.sort()
    return packed & ((1 << places) - 1)


def _commonness(codes: np.ndarray, cap: int) -> np.ndarray:
    """How common each of ``codes`` is among them, estimated, at its place: how many of
    them share its top bits (one bucket for every two to four codes), at most ``cap``.

    Prefix filtering finds every pair in any order of the codes that is the same for
    every set, and an estimate that depends on the code alone gives one; rarer codes
    first keep the candidate pairs few. The exact counts took a sort of every code
    (``np.argsort``), most of finding the prefixes: for the 576,743 codes of
    bench_scale.py's 3.4 MB text 48 ms against 10 for the buckets, and the duplicate test
    took 118 ms against 81, with 788 candidate pairs instead of 704 (2**20 buckets: 722
    pairs, 92 ms; 2**16: 2,052 pairs, 116 ms)."""
    bits = min(max(len(codes).bit_length() - 2, MIN_BUCKET_BITS), MAX_BUCKET_BITS)
    # (in 32 bits: a 10,000-message mailbox has 3 million codes, and arrays of 64 bits
    # for them raised the peak memory of reading it by 25 MB)
    bucket = (codes >> np.uint64(64 - bits)).astype(np.int32)
    counts = np.bincount(bucket, minlength=1 << bits).astype(np.int32)
    common = counts[bucket]
    return np.minimum(common, cap, out=common)


# Bounds of the buckets ``_commonness`` counts codes in: at least 2**10 (a few articles'
# codes), at most 2**22 (32 MB of counts; 20,000 articles have about 7 million codes).
# Not tuned: any bound gives the same pairs.
MIN_BUCKET_BITS = 10
MAX_BUCKET_BITS = 22


def _code_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    # Both are sorted and distinct: the codes of ``a`` found in ``b`` by binary search
    # (np.intersect1d concatenated and sorted both again, per pair).
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    shared = int(np.count_nonzero(b[at] == a))
    return shared / (len(a) + len(b) - shared) if len(a) and len(b) else 0.0


def duplicate_groups(
    articles: Sequence[Article],
    threshold: float = THRESHOLD,
    found: Sequence[Compared] | None = None,
) -> list[list[int]]:
    """Indexes of the articles grouped by story, each group in input order, groups by first
    (``found``: ``compared`` of each article, computed already)."""
    if len(articles) < 2:  # one (perhaps huge) article: nothing to compare it with
        return [[0]] if articles else []
    pairs = found if found is not None else [compared(a) for a in articles]
    sets = [codes for codes, _ in pairs]
    short = [is_short for _, is_short in pairs]
    del pairs
    candidates = _candidate_pairs(sets, threshold)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)

    for a, b in sorted(candidates):
        if (short[a] or short[b]) and _words(articles[a].title) != _words(articles[b].title):
            continue
        if _code_jaccard(sets[a], sets[b]) >= threshold:
            join(a, b)
    # A headline item under an article's exact headline is that story, told in full there.
    # (Titles' words are split only where there are headline items.)
    items = [i for i, article in enumerate(articles) if article.headline_only]
    if items:
        stories: dict[tuple[str, ...], int] = {}
        for i, article in enumerate(articles):
            if not article.headline_only:
                stories.setdefault(tuple(_words(article.title)), i)
        for i in items:
            headline = tuple(_words(articles[i].title))
            if len(headline) >= HEADLINE_MATCH_MIN_WORDS:
                story = stories.get(headline)
                if story is not None:
                    join(i, story)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _most_complete(copies: Sequence[Article]) -> Article:
    """The first copy not cut off whose text is about as long as the longest such copy."""
    whole = [c for c in copies if not c.truncated] or list(copies)
    longest = max(c.word_count for c in whole)
    return next(c for c in whole if c.word_count >= LENGTH_TOLERANCE * longest)


def _ref(article: Article) -> SourceRef:
    return SourceRef(source=article.source, url=article.url, path=article.path, title=article.title)


def merge_duplicates(
    articles: Sequence[Article], threshold: float = THRESHOLD
) -> tuple[list[Article], int]:
    """One article per story and how many copies were merged away.

    The most complete copy (not cut off, not clearly shorter than another; else the first)
    is kept, at the place of the first copy; every other copy becomes an ``also_in``
    entry, and lends the kept copy a date when that has none.
    """
    kept, merged = merge_duplicates_at(articles, threshold)
    return [article for _, article in kept], merged


def merge_duplicates_at(
    articles: Sequence[Article],
    threshold: float = THRESHOLD,
    found: Sequence[Compared] | None = None,
) -> tuple[list[tuple[int, Article]], int]:
    """``merge_duplicates``, each kept article with the index of the copy it is (its text
    and title are that copy's, so whatever was computed from the copy holds for it)."""
    kept: list[tuple[int, Article]] = []
    merged = 0
    for group in duplicate_groups(articles, threshold, found):
        if len(group) == 1:  # no copies: nothing to choose (nor every text's words to count)
            kept.append((group[0], articles[group[0]]))
            continue
        copies = [articles[i] for i in group]
        best = _most_complete(copies)
        at = next(i for i in group if articles[i] is best)
        others = [c for c in copies if c is not best]
        if not others:
            kept.append((at, best))
            continue
        merged += len(others)
        date = best.date or next((c.date for c in others if c.date), None)
        also_in = (
            *best.also_in,
            *(_ref(c) for c in others),
            *(r for c in others for r in c.also_in),
        )
        kept.append((at, dataclasses.replace(best, date=date, also_in=also_in)))
    return kept, merged
