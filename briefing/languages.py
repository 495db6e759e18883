"""Which language an article is in, and how Chinese and Japanese text becomes tokens.

Languages are BCP 47 tags: the primary subtag ("en", "ja", "fr"), with the script for
Chinese ("zh-Hant" for Traditional, "zh-Hans" for Simplified) because the two are read
by different people and shown with different fonts. Chinese and Japanese are told apart
by their script (kana is Japanese); every other text goes to py3langid.

Tokens: jieba segments Chinese and fugashi with unidic-lite segments Japanese (chosen in
``benchmarks/bench_ja_tokenizers.py``: word-boundary F1 0.990 on UD Japanese GSD against
0.980 for sudachipy and 0.871 for tinysegmenter). Traditional characters are folded to
Simplified (OpenCC's character table) before jieba, whose dictionary is Simplified, and in
every token used for matching, so 國防部 and 国防部 are one word; the text shown is never
changed. Every model loads once, on first use.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import tempfile
import unicodedata
import warnings
import zipfile
from array import array
from functools import lru_cache
from importlib import metadata, resources
from itertools import repeat
from pathlib import Path
from typing import Any

from briefing import fileio
from briefing.errors import RenderError

CJK_LANGUAGES = ("zh", "ja")
LANGID_PREFIX = 600  # characters: enough for a news lead; py3langid's time grows with length

# Han ideographs (with extensions and compatibility forms), kana, and the iteration and
# prolonged-sound marks that live inside Japanese words.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
CJK_CHARS = f"{_HAN}{_KANA}\u3005\u3006\u3007"
_CJK = re.compile(f"[{CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_KANA_RE = re.compile(f"[{_KANA}]")
_HAN_RE = re.compile(f"[{_HAN}\u3005]")
_HIRAGANA_ONLY = re.compile("^[\u3040-\u309f\u30fc]+$")
# Chinese varieties py3langid names apart; the brief treats them as Chinese.
_CHINESE_VARIETIES = {"zh", "wuu", "yue"}

logger = logging.getLogger(__name__)


def has_cjk(text: str) -> bool:
    # (an ASCII text, known without reading it, has none: the pattern read every character)
    return not text.isascii() and _CJK.search(text) is not None


def primary(language: str | None) -> str | None:
    """The primary subtag of a BCP 47 tag: ``zh-Hant`` → ``zh``."""
    return language.split("-")[0].lower() if language else None


def is_cjk(language: str | None) -> bool:
    return primary(language) in CJK_LANGUAGES


def cjk_variant(language: str | None) -> str | None:
    """``ja``, ``zh-Hant``, ``zh-Hans`` or ``zh`` for a tag of those languages in any
    form a reader may give (``ja-JP``, ``zh-TW``, ``zh-Hant-HK``, ``zh-CN``), else None."""
    parts = [p.lower() for p in (language or "").replace("_", "-").split("-")]
    if parts[0] == "ja":
        return "ja"
    if parts[0] != "zh":
        return None
    if "hant" in parts or {"tw", "hk", "mo"} & set(parts):
        return "zh-Hant"
    if "hans" in parts or {"cn", "sg"} & set(parts):
        return "zh-Hans"
    return "zh"


def script_language(text: str) -> str | None:
    """``ja`` for text with kana, ``zh`` for Han without kana, else None."""
    if not has_cjk(text):
        return None
    return "ja" if _KANA_RE.search(text) else "zh"


def detect_language(text: str) -> str | None:
    """The language of ``text`` as a BCP 47 tag, or None for text without letters."""
    sample = text[: LANGID_PREFIX * 2]
    if not any(c.isalpha() for c in sample):
        return None
    if mostly_cjk(sample):
        if _KANA_RE.search(sample):
            return "ja"
        return "zh-" + chinese_script(sample)
    if plainly_english(sample):
        return "en"
    language = str(_identifier().classify(sample[:LANGID_PREFIX])[0])
    return "zh" if language in _CHINESE_VARIETIES else language


# English running text is about a quarter these words (BBC dev set: never under 0.13 of
# the first 600 characters); other languages in Latin script share only "a", "in", "is"
# or "on" with them (newspaper4k's Spanish and Latvian articles: 0.03 at most). A text
# above ENGLISH_SHARE needs no model, so an English-only run never loads py3langid (1-2 s)
# nor pays for it per article; anything else still goes to py3langid.
_ENGLISH_MARKERS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "said",
        "by",
        "as",
        "at",
        "from",
        "it",
        "has",
        "have",
    ]
)
ENGLISH_SHARE = 0.10
MIN_SAMPLE_WORDS = 20


def plainly_english(sample: str) -> bool:
    """Whether ``sample``, a text's opening (up to twice LANGID_PREFIX characters), is
    English by its commonest words alone: in its first LANGID_PREFIX characters, and
    "the" in it."""
    words = sample[:LANGID_PREFIX].split()
    if len(words) < MIN_SAMPLE_WORDS:
        return False
    # Each word stripped, lowered and looked up by map, in C (a generator's Python step
    # per word was most of this test, which runs on every article of a large text); the
    # first half of the words alone, first, is enough for most English text (the count
    # only grows with more words).
    needed = ENGLISH_SHARE * len(words)
    if not (_markers(words[: len(words) // 2]) >= needed or _markers(words) >= needed):
        return False
    # Hungarian's article "a" and its "is" ("also") alone passed the share; English text
    # says "the" (every BBC dev article within its first 1,200 characters, one not within
    # 600, and every English text of newspaper4k's), and none of the other languages.
    return _THE.search(sample) is not None


_THE = re.compile(r"\bthe\b", re.IGNORECASE)


def _markers(words: list[str]) -> int:
    stripped = map(str.strip, words, repeat(_PUNCTUATION))
    return sum(map(_ENGLISH_MARKERS.__contains__, map(str.lower, stripped)))


_PUNCTUATION = "\"'“”‘’.,;:!?()[]—-"


@lru_cache(maxsize=1)
def _identifier() -> Any:  # the library is untyped
    """py3langid's identifier, from this user's copy of its model unpacked when there is
    one. The model ships compressed with LZMA, and unpacking it took 0.62 of the 0.71 s
    to load it; unpacked, it loads in 0.15 s. A run of English texts that has one
    article not plainly English (a fixture list, a table of names) needs the model, and
    so do the forked processes detecting a large input's languages, each on its own."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    unpacked = _unpacked_model()
    if unpacked is not None and unpacked.exists():
        try:
            return _identifier_from(unpacked)
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            logger.debug("language model at %s not read (%s); unpacked again", unpacked, exc)
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    if unpacked is not None:
        _save_unpacked(identifier, unpacked)
    return identifier


def _unpacked_model() -> Path | None:
    """Where this user's unpacked copy of py3langid's model is (named by the library's
    version and its model file's size and time: a new one is unpacked anew), None with
    no cache folder."""
    from py3langid import langid

    folder = cache_dir()
    if folder is None:
        return None
    try:  # (its MODEL_FILE is relative to the library's folder)
        model = (Path(langid.__file__).parent / langid.MODEL_FILE).stat()
    except OSError:
        return None
    version = metadata.version("py3langid")
    return folder / f"py3langid-{version}-{model.st_size}-{model.st_mtime_ns}.npz"


def _identifier_from(path: Path) -> Any:
    """py3langid's identifier from the arrays ``_save_unpacked`` wrote (no pickle)."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as model:
        nextmove, row = model["typecodes"].tolist()
        return LanguageIdentifier(
            model["ptc"],
            model["pc"],
            model["classes"].tolist(),
            array(nextmove, model["nextmove"].tobytes()),
            model["output"].tolist(),
            tk_row=array(row, model["row"].tobytes()),
        )


def _save_unpacked(identifier: Any, path: Path) -> None:
    """The identifier's model, unpacked, at ``path``, written whole or not at all (a
    run that cannot write it just unpacks the model again next time)."""
    import numpy as np

    nextmove, row = identifier.tk_nextmove, identifier.tk_row
    model = io.BytesIO()
    np.savez(
        model,
        ptc=identifier.nb_ptc,
        pc=identifier.nb_pc,
        classes=np.array(identifier.nb_classes),
        nextmove=np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
        row=np.frombuffer(row, dtype=f"u{row.itemsize}"),
        output=np.asarray(identifier.tk_output, dtype=np.int64),
        typecodes=np.array([nextmove.typecode, row.typecode]),
    )
    try:
        fileio.atomic_write(path, model.getvalue())
    except RenderError as exc:
        logger.debug("language model not saved unpacked: %s", exc)


def release_identifier() -> None:
    """Let go of py3langid's model (about 70 MB); a later detection loads it again. The
    build reads every input before any other stage, so it needs the model no longer."""
    _identifier.cache_clear()


def mostly_cjk(text: str) -> bool:
    """At least a fifth of the letters are Han or kana (headlines in Chinese and Japanese
    mix in Latin names and figures; English mentioning a Chinese name stays far below)."""
    if not has_cjk(text):  # the common case, decided without counting letters one by one
        return False
    letters = sum(1 for c in text if c.isalpha())
    return bool(letters) and len(_CJK.findall(text)) * 5 >= letters


def chinese_script(text: str) -> str:
    """``Hant`` when ``text`` has more Traditional-only than Simplified-only characters."""
    traditional, simplified = _script_tables()
    hant = sum(1 for c in text if ord(c) in traditional)
    hans = sum(1 for c in text if c in simplified)
    return "Hant" if hant > hans else "Hans"


# ------------------------------------------------------------------ Traditional → Simplified


@lru_cache(maxsize=1)
def _script_tables() -> tuple[dict[int, str], frozenset[str]]:
    """OpenCC's character tables: Traditional → Simplified, and the Simplified-only set."""
    folder = resources.files("opencc") / "dictionary"
    to_simplified: dict[int, str] = {}
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        # One character for one keeps every position: tokens map back onto the text shown.
        if len(source) == 1 and len(target) == 1 and source != target:
            to_simplified[ord(source)] = target
    simplified_only = set()
    for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and source not in targets.split(" "):
            simplified_only.add(source)
    return to_simplified, frozenset(simplified_only)


def fold(text: str) -> str:
    """``text`` for matching: compatibility forms unified (NFKC), Traditional characters
    as Simplified, lower case. Never shown to a reader."""
    text = unicodedata.normalize("NFKC", text)
    if has_cjk(text):
        text = text.translate(_script_tables()[0])
    return text.lower()


# ------------------------------------------------------------------------------ segmenters


def cache_dir() -> Path | None:
    """A folder of this user's in the temp folder for jieba's dictionary and the unpacked
    language model, or None when there is no writable one that is this user's alone
    (another user's folder there could hand this one a model of its making). Not in
    HOME: a run writes nothing there."""
    try:
        folder = Path(tempfile.gettempdir()) / f"briefing-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
    except OSError:  # FileNotFoundError too: no usable temp folder at all
        return None
    private = found.st_uid == os.getuid() and not found.st_mode & 0o022
    mine = stat.S_ISDIR(found.st_mode) and private
    return folder if mine and os.access(folder, os.W_OK) else None


@lru_cache(maxsize=1)
def _jieba() -> Any:  # the library is untyped
    # jieba imports the deprecated pkg_resources, which warns on import.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba

    jieba_logger = logging.getLogger("jieba")
    jieba_logger.handlers.clear()  # it prints progress to stderr by itself
    jieba_logger.propagate = True
    # Its only message above DEBUG says the cache could not be read or written, which just
    # means the dictionary is built again (about 2 s).
    jieba_logger.setLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    folder = cache_dir()
    # jieba asks for the temp folder itself when given none, and fails when there is none;
    # a path that cannot hold files makes it just build the dictionary in memory.
    tokenizer.tmp_dir = str(folder) if folder is not None else os.devnull
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=1)
def _tagger() -> Any:  # the library is untyped
    import fugashi

    return fugashi.Tagger()


def segment(run: str, language: str | None) -> list[str]:
    """Words of ``run``, a stretch of Han and kana, as substrings of it, in order."""
    if primary(language) == "ja" or (language is None and _KANA_RE.search(run)):
        return [word.surface for word in _tagger()(run)]
    folded = run.translate(_script_tables()[0])
    pieces: list[str] = []
    start = 0
    for word in _jieba().cut(folded, HMM=True):
        pieces.append(run[start : start + len(word)])
        start += len(word)
    return pieces


# Japanese words that carry meaning, for ranking and similarity (not for theme terms, which
# match the segmenter's words). unidic-lite cuts short units, so 防衛費 is 防衛 + 費 and
# 経済安全保障 three words: a run of nouns, prefixes and suffixes is joined into one
# compound, kept beside its parts (a sentence saying 防衛 alone still shares that with one
# saying 防衛費), and one-kanji nouns (税, 株) are kept. Only nouns and na-adjectives are
# content: verbs, adjectives, particles, auxiliaries and numerals are left out. Measured on
# the dev set's Japanese tune split (24 articles, × Lead at 2 / 3 sentences; the
# segmenter's words filtered as before: 1.243 / 0.953): these words 1.253 / 0.969; with
# verbs in dictionary form (決め → 決める) 1.213 / 0.973; without the parts 1.151 / 1.011;
# without the compounds 1.234 / 0.975; without one-kanji nouns 1.191 / 0.955; without the
# stop list below 1.213 / 0.973.
_JA_JOINED = frozenset({"名詞", "接頭辞", "接尾辞"})  # and 形状詞 (na-adjectives)
# Formal nouns (形式名詞) and words of time and place that every article has; they carry
# no topic. Compared with the lemma, so こと and 事 are both out.
# fmt: off
JA_STOP_LEMMAS = frozenset({
    "事", "物", "為", "所", "様", "訳", "筈", "方", "内", "中", "上", "下", "前", "後", "際",
    "他", "等", "時", "今", "年", "月", "日", "人", "者", "氏", "さん", "点", "側", "円",
    "ドル", "場合", "必要", "可能", "予定", "方針", "考え", "見通し", "以上", "以下", "以降",
    "一方", "今回", "今後", "同日", "同年", "これ", "それ",
})
# fmt: on


def japanese_content_words(run: str) -> list[str]:
    """The words of ``run`` (Han and kana) that carry meaning: compounds of nouns with
    their parts, and one-kanji nouns. A compound is not one of the segmenter's words, so
    these are for similarity only, not for matching theme terms."""
    words: list[str] = []
    compound: list[tuple[str, bool]] = []  # (surface, kept on its own)

    def close() -> None:
        nouns = [surface for surface, _ in compound]
        if len(nouns) > 1:
            words.append("".join(nouns))
        words.extend(surface for surface, alone in compound if alone)
        compound.clear()

    for word in _tagger()(run):
        feature = word.feature
        pos = feature.pos1
        lemma = (feature.lemma or word.surface).split("-")[0]  # 円-助数詞 → 円
        # A na-adjective before a noun is part of the name: 重要技術, 特別予算, サイバー攻撃.
        joined = pos in _JA_JOINED or (pos == "形状詞" and feature.pos2 == "一般")
        if joined and feature.pos2 != "数詞":
            alone = (
                pos in ("名詞", "形状詞")
                and lemma not in JA_STOP_LEMMAS
                and word.surface not in JA_STOP_LEMMAS
                and not is_function_word(word.surface)
                and (len(word.surface) > 1 or _HAN_RE.match(word.surface) is not None)
            )
            compound.append((word.surface, alone))
            continue
        close()
    close()
    return words


def cjk_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CJK_RUN.finditer(text)]


def is_function_word(token: str) -> bool:
    """Japanese words written in hiragana alone are particles, auxiliaries or endings."""
    return _HIRAGANA_ONLY.match(token) is not None


@lru_cache(maxsize=1)
def cjk_stop_words() -> frozenset[str]:
    """sumy's Chinese and Japanese stop words, folded as tokens are."""
    from sumy.utils import get_stop_words

    words = set(get_stop_words("chinese")) | set(get_stop_words("japanese"))
    return frozenset(fold(w) for w in words)


# Languages written without spaces between words: a reader counts their length in
# characters. Thai, Lao, Khmer and Burmese put spaces between phrases or sentences, so a
# count of space-separated pieces would say "7 words" of a page-long Thai article.
CHARACTER_COUNTED = (*CJK_LANGUAGES, "th", "lo", "km", "my")
# Thai, Lao, Burmese and Khmer letters, for an article whose language is not known.
_SPACELESS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def counts_characters(language: str | None, text: str = "") -> bool:
    """True when ``text`` (of ``language``) is measured in characters: a language in
    CHARACTER_COUNTED, or, with no language known, text mostly in those scripts or Han
    and kana."""
    if language is not None:
        return primary(language) in CHARACTER_COUNTED
    sample = text[:LANGID_PREFIX]
    letters = sum(1 for c in sample if c.isalpha())
    spaceless = len(_SPACELESS.findall(sample)) + len(_CJK.findall(sample))
    return bool(letters) and spaceless * 2 >= letters


def length(text: str, language: str | None) -> tuple[int, str]:
    """How long ``text`` is, as a reader of its language counts: characters (spaces left
    out) for Chinese, Japanese, Thai, Lao, Khmer and Burmese, words otherwise."""
    if counts_characters(language, text):
        return sum(1 for c in text if not c.isspace()), "characters"
    return len(text.split()), "words"
