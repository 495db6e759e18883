"""Article boundaries on real text nobody here wrote; corpora are read from the command line.

    .venv/bin/python benchmarks/boundaries.py bbc PATH/bbc-news-summary-dev.jsonl [--split A|B]
    .venv/bin/python benchmarks/boundaries.py newspaper PATH/newspaper4k/tests/data/txt
    .venv/bin/python benchmarks/boundaries.py pdfs PATH/sample-files
    .venv/bin/python benchmarks/boundaries.py bodies PATH/article-extraction-benchmark [--split A|B]
    .venv/bin/python benchmarks/boundaries.py text FOLDER  # any folder: articles per file

``bbc``: every article alone as "headline, blank line, paragraphs" and again under a
``Title:/Source:/Date:`` header block must give one article with the right title (and
text); five consecutive articles run together, separated only by their headlines, must
give exactly those five (titles and texts), also with no blank lines at all, one line per
paragraph, as a browser saves a page. Other layouts: the headline over a blank line and
the paragraphs one per line (text pasted from a page), alone and five together; five
under Markdown headings, "# " in a .txt and "## " in a .md; five with a source line
("BBC News, 3 March 2005") under each headline; five with their headlines in capitals;
five each one block, the headline with no blank line under it, paragraphs one per line;
five typewritten (paragraphs wrapped at 72 columns, first lines indented, no blank line),
also with no blank line under the headline.
Split A is the even lines
of the file (tuned on), B the odd ones (held out); without --split both are reported.

``newspaper``: newspaper4k's extracted article texts (tests/data/txt); each file is one
article. English files (by their share of English stop words) are the target; the others
are listed too. The texts have no headline; as a user would save them, each is also read
with its page's own title (newspaper4k's ``tests/data/metadata/NAME.json``) on top, over a
blank line, then under a ``Title:/Source:/Date:`` header block: one article with that
title (every language; a text without a metadata title gets a made-up one).

``bodies``: the ground-truth article bodies of scrapinghub's article-extraction-benchmark
(real pages' text with their subheadings, lists and captions); each body alone, and
under a headline line, must give one article; five bodies run together, each under its
page's headline (``og:title``/``<h1>``), must give those five titles. Split A is the even
files in name order (with BBC split A, what ``fit_boundaries.py`` fits on), B the odd ones.

``pdfs``: pypdf's sample-files; none holds more than one article, so each PDF must give
at most one (a PDF with no text layer gives none and a reason).

``--show N`` prints up to N failures of each measure, to read, not to tune on one file.
``--baseline SRC`` also runs the same measures, in the same run, on the code of another
checkout (e.g. ``--baseline ../main`` or a ``git worktree`` of an older commit) and prints
both figures side by side: before → after.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

# BRIEFING_SRC: the checkout whose code is measured (set by --baseline for its own run).
ROOT = Path(os.environ.get("BRIEFING_SRC") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

from lxml import html as lxml_html  # noqa: E402

from briefing import text as textlib  # noqa: E402
from briefing.errors import IngestError  # noqa: E402
from briefing.ingest.readers import InputData, ReaderOptions, select_reader  # noqa: E402
from briefing.models import Article  # noqa: E402

GROUP = 5
# A text is counted as English when at least this share of its words are English stop
# words (English prose runs at 40-50%; Latvian or Spanish text under 5%).
ENGLISH_STOP_SHARE = 0.25


def read(name: str, data: bytes) -> list[Article]:
    source = InputData(name=name, data=data)
    try:
        return select_reader(source, ReaderOptions()).read(source)
    except IngestError:
        return []


def bbc_records(path: Path, split: str) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    keep = {"A": 0, "B": 1}[split]
    return [json.loads(line) for n, line in enumerate(lines) if n % 2 == keep and line.strip()]


def body(record: dict[str, str]) -> str:
    return "\n\n".join(textlib.paragraphs(textlib.clean(record["text"])))


def one_article(articles: list[Article], title: str) -> bool:
    return len(articles) == 1 and articles[0].title == title


def bbc(path: Path, split: str, show: int) -> dict[str, tuple[int, int]]:
    records = bbc_records(path, split)
    measures: dict[str, tuple[int, int]] = {}
    failures: dict[str, list[str]] = {}

    def count(name: str, cases: Iterator[tuple[bool, str]]) -> None:
        right = total = 0
        for ok, why in cases:
            total += 1
            right += ok
            if not ok and len(failures.setdefault(name, [])) < show:
                failures[name].append(why)
        measures[name] = (right, total)

    def attached() -> Iterator[tuple[bool, str]]:
        """Each story one block: its headline, then its paragraphs one per line."""
        for start in range(0, len(records) - GROUP + 1, GROUP):
            group = records[start : start + GROUP]
            text = "\n\n".join(f"{r['title']}\n{paragraphs(r, True)}" for r in group)
            articles = read("five.txt", text.encode())
            ok = [(a.title, a.text) for a in articles] == [(r["title"], body(r)) for r in group]
            yield ok, describe(group[0]["id"], articles)

    def indented(under: str = "\n\n") -> Iterator[tuple[bool, str]]:
        """Typewritten style: no blank line between paragraphs, each one's first line
        indented, the paragraphs wrapped at 72 columns (titles are what is compared:
        wrapping splits hyphenated words, which joining cannot tell from dashes);
        ``under`` the headline, a blank line or a line break."""
        for start in range(0, len(records) - GROUP + 1, GROUP):
            group = records[start : start + GROUP]
            text = "\n\n".join(
                f"{r['title']}{under}"
                + "\n".join(
                    textwrap.fill(p, 72, initial_indent="    ") for p in body(r).split("\n\n")
                )
                for r in group
            )
            articles = read("five.txt", text.encode())
            ok = [a.title for a in articles] == [r["title"] for r in group]
            yield ok, describe(group[0]["id"], articles)

    def paragraphs(record: dict[str, str], lines: bool) -> str:
        return body(record).replace("\n\n", "\n") if lines else body(record)

    def singles(header: bool, lines: bool = False) -> Iterator[tuple[bool, str]]:
        for record in records:
            top = f"Title: {record['title']}\nSource: BBC News\nDate: 2005-03-01\n\n"
            text = (top if header else f"{record['title']}\n\n") + paragraphs(record, lines)
            articles = read("one.txt", text.encode())
            right = one_article(articles, record["title"]) and articles[0].text == body(record)
            yield right, describe(record["id"], articles)

    def fives(
        blank: bool = True,
        lines: bool = False,
        name: str = "five.txt",
        mark: str = "",
        under: str = "",
        capitals: bool = False,
    ) -> Iterator[tuple[bool, str]]:
        for start in range(0, len(records) - GROUP + 1, GROUP):
            group = records[start : start + GROUP]
            titles = [r["title"].upper() if capitals else r["title"] for r in group]
            text = "\n\n".join(
                f"{mark}{title}{under}\n\n{paragraphs(r, lines)}"
                for title, r in zip(titles, group, strict=True)
            )
            if not blank:  # as a browser saves a page: one line per paragraph
                text = text.replace("\n\n", "\n")
            articles = read(name, text.encode())
            expected = [(title, body(r)) for title, r in zip(titles, group, strict=True)]
            ok = [(a.title, a.text) for a in articles] == expected
            if under:  # the source line's name and date are the article's
                ok = ok and all(a.source == "BBC News" and a.date for a in articles)
            yield ok, describe(group[0]["id"], articles)

    count("single, headline + blank line", singles(header=False))
    count("single, Title:/Source:/Date: header", singles(header=True))
    count("five run together by headlines", fives())
    count("five as a saved page (no blank lines)", fives(blank=False))
    # Text pasted from a page or a word processor: a blank line under the headline, the
    # paragraphs apart by single line breaks (the texts must keep their paragraphs).
    count("single, paragraphs one per line", singles(header=False, lines=True))
    count("five, paragraphs one per line", fives(lines=True))
    # Notes and generated digests: each story under a Markdown heading, in a .txt file.
    count("five under '# ' headings, in a .txt", fives(mark="# "))
    count("five under '## ' headings, in a .md", fives(name="five.md", mark="## "))
    # Pasted with the publication and the date under each headline; a wire in capitals.
    count("five, a source line under each headline", fives(under="\nBBC News, 3 March 2005"))
    count("five, no blank line under the headline, paragraphs one per line", attached())
    count("five, paragraphs wrapped at 72 with first lines indented", indented())
    count("five, the same, no blank line under the headline", indented(under="\n"))
    count("five, headlines in capitals", fives(capitals=True))
    for name, shown in failures.items():
        print(f"-- {name}: failures")
        for line in shown:
            print(line)
    return measures


def describe(name: str, articles: list[Article]) -> str:
    titles = " | ".join(textlib.shorten(a.title, 50) for a in articles)
    return f"   {name}: {len(articles)} articles: {titles}"


def is_english(text: str) -> bool:
    tokens = [w.lower() for w in textlib.words(text)]
    stops = textlib.stop_words()
    return bool(tokens) and sum(t in stops for t in tokens) / len(tokens) >= ENGLISH_STOP_SHARE


def newspaper(folder: Path, show: int) -> dict[str, tuple[int, int]]:
    counts = {
        "English": [0, 0],
        "other languages": [0, 0],
        "headline on top (the page's title), every language": [0, 0],
        "Title:/Source:/Date: header, every language": [0, 0],
    }
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        articles = read(path.name, data)
        group = "English" if is_english(data.decode("utf-8", "replace")) else "other languages"
        counts[group][0] += len(articles) == 1
        counts[group][1] += 1
        if show:
            print(describe(f"{group[:5]} {path.name}", articles))
        title = page_title(folder, path.stem) or f"Full text of the {path.stem} article"
        for measure, top in (
            ("headline on top (the page's title), every language", f"{title}\n\n"),
            (
                "Title:/Source:/Date: header, every language",
                f"Title: {title}\nSource: newspaper4k\nDate: 2024-01-02\n\n",
            ),
        ):
            articles = read(path.name, top.encode() + data)
            counts[measure][0] += one_article(articles, title)
            counts[measure][1] += 1
            if show and not one_article(articles, title):
                print(describe(f"title {path.name}", articles))
    measures = {f"{k}: one article per file": (v[0], v[1]) for k, v in counts.items()}
    measures["two of one site or language run together under their titles"] = pairs(folder, show)
    return measures


def pairs(folder: Path, show: int) -> tuple[int, int]:
    """Texts of one site or language (a name's first part: chinese_article_001 and
    chinese_article_002, cnn_001 and cnn_002), two at a time, each under its page's title:
    those two articles with those titles."""
    groups: dict[str, list[tuple[str, bytes]]] = {}
    for path in sorted(folder.glob("*.txt")):
        title = page_title(folder, path.stem)
        if title:
            groups.setdefault(path.stem.split("_")[0], []).append((title, path.read_bytes()))
    right = total = 0
    for texts in groups.values():
        for (one, first), (two, second) in pairwise(texts):
            data = f"{one}\n\n".encode() + first.strip() + f"\n\n{two}\n\n".encode() + second
            found = [a.title for a in read("two.txt", data)]
            right += found == [one, two]
            total += 1
            if show and found != [one, two]:
                print(f"   pair {one[:30]} + {two[:30]}: " + " | ".join(found)[:200])
    return right, total


def page_title(folder: Path, name: str) -> str:
    """The page's title in newspaper4k's metadata beside the texts, or ""."""
    metadata = folder.parent / "metadata" / f"{name}.json"
    if not metadata.exists():
        return ""
    return " ".join(
        str(json.loads(metadata.read_text(encoding="utf-8")).get("title") or "").split()
    )


def bodies(folder: Path, split: str | None, show: int) -> dict[str, tuple[int, int]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    measures: dict[str, tuple[int, int]] = {}
    for half in [split] if split else ["A", "B"]:
        names = sorted(truth)[{"A": 0, "B": 1}[half] :: 2]
        alone = titled = 0
        for name in names:
            text = truth[name]["articleBody"]
            articles = read("body.txt", text.encode())
            alone += len(articles) == 1
            under = read("body.txt", f"Full text of the news article\n\n{text}".encode())
            titled += len(under) == 1
            if show and len(under) != 1:
                print(describe(name[:12], under))
        measures[f"split {half}: body alone, one article"] = (alone, len(names))
        measures[f"split {half}: body under a headline, one article"] = (titled, len(names))
        right = total = 0
        for text, headlines, _ in bodies_run_together(folder, names):
            found = [a.title for a in read("five.txt", text.encode())]
            right += found == headlines
            total += 1
            if show and found != headlines:
                print(f"   five bodies: {len(found)} articles: " + " | ".join(found)[:300])
        measures[f"split {half}: five bodies run together by headlines"] = (right, total)
    return measures


def page_headline(folder: Path, name: str) -> str:
    """The headline of a scrapinghub page (its ground truth has none): the page's first
    ``<h1>`` that its ``og:title`` (or ``<title>``) begins with, else that title without
    a " | Site" tail; "" when the page has neither."""
    raw = gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes())
    doc = lxml_html.fromstring(raw, parser=lxml_html.HTMLParser(encoding="utf-8"))
    squash = " ".join
    titles = doc.xpath('//meta[@property="og:title"]/@content') or doc.xpath("//title/text()")
    title = squash(str(titles[0]).split()) if titles else ""
    for h1 in doc.xpath("//h1"):
        text = squash(h1.text_content().split())
        if text and title.startswith(text):
            return text
    return title.split(" | ")[0].strip()


def bodies_run_together(
    folder: Path, names: list[str]
) -> Iterator[tuple[str, list[str], list[str]]]:
    """Groups of GROUP consecutive scrapinghub bodies, each under its page's headline, run
    together as the BBC five are (headline, blank line, paragraphs): the text, its
    headlines and the pages' names. Pages without a headline are left out."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    titled: list[tuple[str, str, str]] = []
    for name in names:
        title = page_headline(folder, name)
        paragraphs = textlib.paragraphs(textlib.clean(truth[name]["articleBody"]))
        if paragraphs and paragraphs[0].strip() == title:
            paragraphs = paragraphs[1:]  # the body already opens with its headline
        if title and paragraphs:
            titled.append((title, "\n\n".join(paragraphs), name))
    for start in range(0, len(titled) - GROUP + 1, GROUP):
        group = titled[start : start + GROUP]
        text = "\n\n".join(f"{title}\n\n{body}" for title, body, _ in group)
        yield text, [title for title, _, _ in group], [name for _, _, name in group]


def pdfs(folder: Path, show: int) -> dict[str, tuple[int, int]]:
    right = total = 0
    for path in sorted(folder.rglob("*.pdf")):
        articles = read(path.name, path.read_bytes())
        right += len(articles) <= 1
        total += 1
        if show:
            print(describe(str(path.relative_to(folder)), articles))
    return {"PDFs giving at most one article": (right, total)}


def text_folder(folder: Path, show: int) -> dict[str, tuple[int, int]]:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        print(describe(str(path.relative_to(folder)), read(path.name, path.read_bytes())))
    return {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=["bbc", "bodies", "newspaper", "pdfs", "text"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", choices=["A", "B"], help="bbc, bodies: one half only")
    parser.add_argument("--show", type=int, default=0, help="print up to N failures")
    parser.add_argument("--baseline", type=Path, help="another checkout to measure too")
    args = parser.parse_args()
    before: dict[str, str] = {}
    if args.baseline:
        command = [sys.executable, __file__, args.corpus, str(args.path)]
        command += ["--split", args.split] if args.split else []
        env = {**os.environ, "BRIEFING_SRC": str(args.baseline.resolve())}
        env["PYTHONPATH"] = env["BRIEFING_SRC"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        for line in done.stdout.splitlines():
            name, _, figure = line.rpartition(": ")
            before[name] = figure
    logging.basicConfig(level=logging.ERROR)
    if args.corpus == "bbc":
        measures: dict[str, tuple[int, int]] = {}
        for split in [args.split] if args.split else ["A", "B"]:
            for name, value in bbc(args.path, split, args.show).items():
                measures[f"split {split}: {name}"] = value
    elif args.corpus == "bodies":
        measures = bodies(args.path, args.split, args.show)
    else:
        measures = {"newspaper": newspaper, "pdfs": pdfs, "text": text_folder}[args.corpus](
            args.path, args.show
        )
    for name, (right, total) in measures.items():
        figure = f"{right}/{total} = {100 * right / max(total, 1):.1f}%"
        print(f"{name}: {before[name]} → {figure}" if name in before else f"{name}: {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
