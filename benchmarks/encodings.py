"""Text in legacy encodings, read by ``decode_text`` and by charset_normalizer alone.

    .venv/bin/python benchmarks/encodings.py chardet PATH/chardet/tests
    .venv/bin/python benchmarks/encodings.py articles PATH/bbc-news-summary-dev.jsonl \
        PATH/article-extraction-benchmark PATH/newspaper4k/tests/data/txt

``chardet``: chardet's test corpus (real files, mostly pages and feeds, in folders named
by their encoding); a file is read right when its text is exactly that of its encoding.
``articles``: real articles saved in the legacy encoding of their language: the BBC dev
set's and scrapinghub's ground-truth bodies that hold a character outside ASCII, in
Windows-1252 (English, and a few other languages among the bodies), and newspaper4k's
texts in their languages' code pages. Both are read the way a plain text is (a BOM, then
UTF-8, then the guess); "charset_normalizer" is its best reading in place of briefing's
guess, in the same run. Nothing is tuned on these: they measure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.errors import IngestError  # noqa: E402
from briefing.ingest.readers import base  # noqa: E402
from briefing.ingest.readers.base import InputData, decode_text  # noqa: E402

# chardet's folder names as Python codecs (EUC-TW has none: skipped).
CHARDET_CODECS = {
    "windows-1255-hebrew": "cp1255", "windows-1251-russian": "cp1251",
    "windows-1251-bulgarian": "cp1251", "iso-8859-5-russian": "iso8859_5",
    "iso-8859-7-greek": "iso8859_7", "iso-8859-2-hungarian": "iso8859_2",
    "iso-8859-5-bulgarian": "iso8859_5", "windows-1250-hungarian": "cp1250",
    "iso-8859-1": "latin_1", "TIS-620": "tis_620", "iso-8859-9-turkish": "iso8859_9",
    "windows-1252": "cp1252", "windows-1250-slovak": "cp1250",
    "windows-1254-turkish": "cp1254", "windows-1250-czech": "cp1250",
    "iso-8859-2-slovak": "iso8859_2", "iso-8859-2-czech": "iso8859_2",
    "windows-1256-arabic": "cp1256", "windows-1250-slovene": "cp1250",
    "windows-1250-romanian": "cp1250", "windows-1250-polish": "cp1250",
    "windows-1250-croatian": "cp1250", "iso-8859-6-arabic": "iso8859_6",
    "iso-8859-2-slovene": "iso8859_2", "iso-8859-2-polish": "iso8859_2",
    "iso-8859-2-croatian": "iso8859_2", "MacCyrillic": "mac_cyrillic",
    "MacRoman": "mac_roman", "IBM866": "cp866", "IBM855": "cp855", "Johab": "johab",
    "CP932": "cp932", "CP949": "cp949", "GB2312": "gb18030", "Big5": "big5",
    "EUC-JP": "euc_jp", "EUC-KR": "euc_kr", "KOI8-R": "koi8_r", "SHIFT_JIS": "shift_jis",
    "iso-2022-jp": "iso2022_jp", "iso-2022-kr": "iso2022_kr",
}  # fmt: skip
# newspaper4k's texts in other languages, and the legacy code pages each is saved in.
NEWSPAPER_CODECS = {
    "spanish_article.txt": ("cp1252",),
    "latvian_article.txt": ("cp1257", "iso8859_13"),
    "arabic_article.txt": ("cp1256",),
    "chinese_article.txt": ("gb18030", "big5"),
    "chinese_article_001.txt": ("gb18030",),
    "chinese_article_002.txt": ("gb18030",),
    "japanese_article.txt": ("shift_jis", "euc_jp"),
    "japanese_article2.txt": ("shift_jis", "euc_jp"),
    "korean_article.txt": ("euc_kr",),
    "yna_co_kr.txt": ("euc_kr",),
    "thai_article.txt": ("cp874",),
}


def briefing_reads(data: bytes) -> str | None:
    try:
        return decode_text(InputData(name="saved.txt", data=data))
    except IngestError:
        return None


def normalizer_reads(data: bytes) -> str | None:
    """decode_text with charset_normalizer's best reading as the guess, Western text too."""
    western = base._western_in_windows_1252
    base._western_in_windows_1252 = lambda data: None
    try:
        return briefing_reads(data)
    finally:
        base._western_in_windows_1252 = western


def chardet_cases(folder: Path) -> Iterator[tuple[str, bytes, str]]:
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        codec = CHARDET_CODECS.get(sub.name)
        if codec is None:  # UTF-8, UTF-16/32 and ASCII: a BOM or UTF-8 decides them
            continue
        for path in sorted(sub.iterdir()):
            data = path.read_bytes()
            try:
                yield sub.name, data, data.decode(codec)
            except UnicodeDecodeError:  # (a file its folder misnames)
                continue


def article_cases(bbc: Path, bodies: Path, newspaper: Path) -> Iterator[tuple[str, bytes, str]]:
    texts: list[tuple[str, str, str]] = []
    for line in bbc.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.append(("BBC dev, Windows-1252", f"{row['title']}\n\n{row['text']}", "cp1252"))
    truth = json.loads((bodies / "ground-truth.json").read_text(encoding="utf-8"))
    for item in truth.values():
        body = item.get("articleBody") or ""
        texts.append(("scrapinghub bodies, Windows-1252", body, "cp1252"))
    for name, codecs in NEWSPAPER_CODECS.items():
        text = (newspaper / name).read_text(encoding="utf-8")
        texts += [(f"newspaper4k, {codec}", text, codec) for codec in codecs]
    for group, text, codec in texts:
        if text.isascii():  # (read as UTF-8 whatever the guess)
            continue
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:  # a character the code page lacks (a "\ufffd" in BBC's)
            continue
        yield group, data, data.decode(codec)


def measure(
    cases: Iterator[tuple[str, bytes, str]], reads: Mapping[str, Callable[[bytes], str | None]]
) -> None:
    right: dict[str, Counter[str]] = {name: Counter() for name in reads}
    seconds: dict[str, float] = dict.fromkeys(reads, 0.0)
    total: Counter[str] = Counter()
    for read in reads.values():  # (first calls import and set up what they use)
        read("Café £5".encode("cp1252"))
    for group, data, text in cases:
        total[group] += 1
        for name, read in reads.items():
            start = time.perf_counter()
            right[name][group] += read(data) == text
            seconds[name] += time.perf_counter() - start
    names = list(reads)
    print(f"{'':40} " + "  ".join(f"{name:>18}" for name in names))
    for group in sorted(total):
        figures = "  ".join(f"{right[n][group]:>8}/{total[group]:<9}" for n in names)
        print(f"{group:40} {figures}")
    print(
        f"{'all':40} "
        + "  ".join(f"{sum(right[n].values()):>8}/{sum(total.values()):<9}" for n in names)
    )
    print(f"{'seconds':40} " + "  ".join(f"{seconds[n]:>18.2f}" for n in names))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="corpus", required=True)
    sub.add_parser("chardet").add_argument("folder", type=Path)
    articles = sub.add_parser("articles")
    articles.add_argument("bbc", type=Path)
    articles.add_argument("bodies", type=Path)
    articles.add_argument("newspaper", type=Path)
    args = parser.parse_args()
    reads = {"briefing": briefing_reads, "charset_normalizer": normalizer_reads}
    if args.corpus == "chardet":
        measure(chardet_cases(args.folder), reads)
    else:
        measure(article_cases(args.bbc, args.bodies, args.newspaper), reads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
