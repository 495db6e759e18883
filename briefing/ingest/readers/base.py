"""The reader Protocol and registry: adding a format is adding a module."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar, Protocol

from briefing import languages
from briefing.errors import IngestError
from briefing.models import Article
from briefing.registry import Registry
from briefing.settings import DEFAULTS


@dataclass(frozen=True)
class InputData:
    """The raw bytes of one input, with what we know about where they came from."""

    name: str
    data: bytes
    url: str | None = None
    content_type: str | None = None

    @property
    def extension(self) -> str:
        return PurePath(self.name.split("?")[0]).suffix.lower()

    @property
    def media_type(self) -> str:
        return media_type_of(self.content_type)


def media_type_of(content_type: str | None) -> str:
    """``text/html`` from ``Text/HTML; charset=utf-8``; empty when there is none."""
    return (content_type or "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class ReaderOptions:
    """Options every reader is constructed with."""

    max_bytes: int = DEFAULTS.max_bytes
    jobs: int = DEFAULTS.jobs  # processes one large input may be read in (0: one per core)


def over_size_cap(name: str, max_bytes: int, size: int | None = None) -> IngestError:
    """The error for an input larger than the size cap (``size`` when it is known)."""
    what = f"{_megabytes(size)} is over" if size is not None else "larger than"
    return IngestError(
        f"{name}: {what} the {_megabytes(max_bytes)} size cap (raise it with --max-size, in MB)"
    )


def _megabytes(size: int) -> str:
    """``size`` in MB as people write it: "0.5 MB", "20 MB", "1,000 MB" (never "1e+03")."""
    return f"{size / 1024 / 1024:,.2f}".rstrip("0").rstrip(".") + " MB"


class Reader(Protocol):
    """Reads one input into zero or more articles; raises IngestError when it cannot."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    media_types: ClassVar[tuple[str, ...]]
    # Higher wins when several readers recognise the same bytes (plain text is lowest).
    specificity: ClassVar[int]

    def __init__(self, options: ReaderOptions) -> None: ...

    def sniff(self, head: bytes) -> bool:
        """True when ``head`` (the first bytes) looks like this reader's format."""
        ...

    def read(self, source: InputData) -> list[Article]: ...


log = logging.getLogger(__name__)
READERS: Registry[Reader] = Registry("reader", IngestError)
register = READERS.register
SNIFF_BYTES = 4096
STRAY_NULS = 2


def select_reader(source: InputData, options: ReaderOptions) -> Reader:
    """The reader for ``source``.

    Content wins over the name: the most specific reader that recognises the bytes is
    used (a PDF named ``.txt`` is read as PDF, a ``.docx`` holding text as text), and the
    extension or media type only breaks ties between equally specific readers.
    """
    head = source.data[:SNIFF_BYTES]

    def claims(reader: Reader) -> bool:
        return source.extension in reader.extensions or (
            bool(source.media_type) and source.media_type in reader.media_types
        )

    readers = [cls(options) for cls in READERS.values()]
    recognising = [reader for reader in readers if reader.sniff(head)]
    if not recognising:
        raise IngestError(
            f"{source.name}: not a format briefing can read (binary or unknown content)"
        )
    chosen = max(recognising, key=lambda reader: (reader.specificity, claims(reader)))
    promised = [r for r in readers if source.extension in r.extensions]
    if promised and chosen not in promised:
        # Say so: a feed or mail that is not one, read as something else, is a surprise;
        # but not a problem to fix, so not a warning (--quiet shows only those).
        log.info(
            "%s: not %s; read as %s",
            source.name,
            format_name(promised[0].name),
            format_name(chosen.name),
        )
    return chosen


# How messages name each format ("notes.rss: not a feed; read as plain text").
_FORMAT_NAMES = {
    "text": "plain text",
    "html": "a web page",
    "feed": "a feed",
    "mail": "an e-mail",
    "json": "JSON",
    "docx": "a Word document",
    "pdf": "a PDF",
}


def format_name(reader_name: str) -> str:
    return _FORMAT_NAMES.get(reader_name, f"{reader_name} format")


# (byte order mark, codec that decodes and drops it, the name ``briefing inspect`` shows).
# UTF-32 before UTF-16: the little-endian UTF-32 BOM starts with UTF-16's.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32-be"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
)


def _bom(data: bytes) -> tuple[str, str] | None:
    """The codec and name ``data``'s byte order mark announces, if it starts with one."""
    return next(((codec, name) for bom, codec, name in _BOMS if data.startswith(bom)), None)


def looks_binary(head: bytes) -> bool:
    """Runs of NUL bytes (outside UTF-16 text) or many control bytes mean it is not text.

    A stray NUL or two, as a broken export leaves, does not: text cleaning removes them.
    """
    if _bom(head):
        return False
    if head.count(b"\x00") > max(STRAY_NULS, len(head) // 1000):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode_text(source: InputData) -> str:
    """The text of ``source``: BOMs honoured, UTF-8 first, then charset detection."""
    data = source.data
    bom = _bom(data)
    if bom:
        codec = bom[0]
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise IngestError(f"{source.name}: bytes do not match its {codec} BOM") from exc
    if looks_binary(data[:SNIFF_BYTES]):
        raise IngestError(f"{source.name}: binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _reading(data)
    if found is None:
        raise IngestError(
            f"{source.name}: cannot tell its text encoding; save it as UTF-8 and retry"
        )
    return found[1]


def _reading(data: bytes) -> tuple[str, str] | None:
    """The encoding and the text of bytes that are neither BOM-marked nor UTF-8: a
    Western European language in Windows-1252 (``_western_in_windows_1252``), else
    charset_normalizer's best reading; None when it has none."""
    western = _western_in_windows_1252(data)
    if western is not None:
        return "cp1252", western
    from charset_normalizer import from_bytes  # imported late: only odd files need it

    best = from_bytes(data).best()
    return None if best is None else (best.encoding, str(best))


def _western_in_windows_1252(data: bytes) -> str | None:
    """``data`` read as Windows-1252, when that gives text in a language written in it
    (``WINDOWS_1252_LANGUAGES``) whose every character outside ASCII is one such text
    uses (``_WESTERN_EXTRAS``), with no three accented letters in a row (another script
    read as Latin-1 letters, as Russian in Windows-1251 is: "Ïóòèí"); else None.

    English and the other languages of Western Europe saved in a legacy encoding are
    nearly always in Windows-1252 (or Latin-1, the same for text), the Western default
    of Windows and of the web, but their few bytes outside ASCII (a "£", an "é") are too
    little for charset_normalizer to tell one code page from another: of the BBC dev
    articles holding one, saved in Windows-1252, it read 207 of 335 right, the rest as
    Windows-1250, Shift JIS or DOS's 850 ("£600m" as "Ł600m", "｣600m", "ú600m"). Text
    of another language read so (Czech's "rozpočet" as "rozpoèet") is still that
    language's, and is left to charset_normalizer. (The tests of the characters run on
    the bytes, in C: one byte is one character.)"""
    if data.translate(None, _WESTERN_BYTES) or b"\x01\x01\x01" in data.translate(_ACCENTED_AS_ONE):
        return None  # (this also rules out the five bytes that are no character in it)
    language = languages.detect_language(_telling_lines(data).decode("cp1252"))
    if language not in WINDOWS_1252_LANGUAGES:
        return None
    return data.decode("cp1252")


def _telling_lines(data: bytes) -> bytes:
    """The first lines holding a byte outside ASCII, up to SAMPLE_CHARS: the language
    those bytes are letters of (a page's or a feed's opening is markup, which read as
    English and took Hungarian feeds into Windows-1252)."""
    picked: list[bytes] = []
    size = 0
    for line in io.BytesIO(data):
        if not line.isascii():
            picked.append(line)
            size += len(line)
            if size >= SAMPLE_CHARS:
                break
    return b"".join(picked)[:SAMPLE_CHARS]


# The text weighed for its language, as language detection weighs an article's opening.
SAMPLE_CHARS = 2 * languages.LANGID_PREFIX
# The languages Windows-1252 is the code page of (Microsoft's list for it, as
# py3langid names them).
# fmt: off
WINDOWS_1252_LANGUAGES = frozenset({
    "af", "ca", "da", "de", "en", "es", "eu", "fi", "fo", "fr", "ga", "gl", "id",
    "is", "it", "lb", "ms", "nb", "nl", "nn", "no", "oc", "pt", "sv", "sw",
})
# fmt: on
# What Windows-1252 gives outside ASCII that text in those languages uses: currency,
# typographic quotes, dashes and marks, a few symbols, Spanish's inverted marks and
# ordinals, and the accented letters. Not in it: what reads another code page's letters
# as symbols (Polish "ł" and "ą" in Windows-1250 are "³" and "¹" here).
_ACCENTED = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸ"
_WESTERN_EXTRAS = "\u00a0£€¥¢’‘“”–—…•°©®™½¼¾×«»§¡¿ªº" + _ACCENTED
_WESTERN_BYTES = bytes(range(128)) + _WESTERN_EXTRAS.encode("cp1252")
# Each byte of an accented letter as 1, any other as 0.
_ACCENTED_BYTES = frozenset(_ACCENTED.encode("cp1252"))
_ACCENTED_AS_ONE = bytes(byte in _ACCENTED_BYTES for byte in range(256))


def detect_encoding(data: bytes) -> str | None:
    """The encoding ``decode_text`` reads ``data`` in, tried in the same order (BOM, then
    UTF-8, reported as "ascii" when every byte is, then a guess); None if binary or unknown."""
    bom = _bom(data)
    if bom:
        return bom[1]
    if looks_binary(data[:SNIFF_BYTES]):
        return None
    if data.isascii():
        return "ascii"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    found = _reading(data)
    return found[0] if found is not None else None


def head_text(head: bytes) -> str:
    """The first bytes as text good enough for sniffing (BOM honoured, never fails)."""
    bom = _bom(head)
    if bom:
        return head.decode(bom[0], errors="ignore").lstrip("\ufeff")
    # Latin-1 maps every byte, so ASCII signatures are found whatever the real encoding.
    return head.decode("latin-1")
