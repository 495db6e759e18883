"""How the readers do on public test corpora of other projects (read from a folder you give).

Usage:
    .venv/bin/python benchmarks/real_input.py mail  CORPUS/mail/spec/fixtures/emails
    .venv/bin/python benchmarks/real_input.py feeds CORPUS/feedparser/tests
    .venv/bin/python benchmarks/real_input.py html  CORPUS/article-extraction-benchmark

- mail: mikel/mail's ``.eml`` fixtures; the share read by the e-mail reader, and how many
  give an article.
- feeds: feedparser's test feeds; how many crash, how many feeds with entries that have
  a title or text give articles (headline items included) rather than a skip.
- html: the scrapinghub article-extraction benchmark (``html/*.html.gz`` and
  ``ground-truth.json``); text F1 with the benchmark's own measure (its ``evaluate.py``,
  imported from the corpus folder) and title accuracy (see ``title_reference``).

Nothing of the corpora is copied into this repository.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from briefing.errors import IngestError  # noqa: E402
from briefing.ingest.readers import InputData, ReaderOptions, select_reader  # noqa: E402
from briefing.ingest.readers.base import decode_text  # noqa: E402
from briefing.models import Article  # noqa: E402

OPTIONS = ReaderOptions()


def read(name: str, data: bytes) -> tuple[str, list[Article] | str]:
    """The reader chosen for ``data`` and its articles, or the skip reason."""
    source = InputData(name=name, data=data)
    try:
        reader = select_reader(source, OPTIONS)
    except IngestError as exc:
        return "-", str(exc)
    try:
        return reader.name, reader.read(source)
    except IngestError as exc:
        return reader.name, str(exc)


def mail(folder: Path) -> None:
    paths = sorted(folder.rglob("*.eml"))
    by_reader: collections.Counter[str] = collections.Counter()
    with_articles = 0
    for path in paths:
        reader, outcome = read(path.name, path.read_bytes())
        by_reader[reader] += 1
        with_articles += isinstance(outcome, list)
        if reader != "mail":
            print(f"  not read as e-mail ({reader}): {path.name}")
    print(
        f"{len(paths)} .eml files: {by_reader['mail']} read by the e-mail reader "
        f"({by_reader['mail'] / len(paths):.1%}); readers {dict(by_reader)}; "
        f"{with_articles} gave articles"
    )


def _visible(value: object) -> bool:
    return bool(re.sub(r"<[^>]*>|&[#\w]+;|\s", "", str(value or "")))


def feeds(folder: Path) -> None:
    paths = sorted(p for p in folder.rglob("*") if p.suffix in {".xml", ".json"})
    crashed = with_entries = read_ok = headline_items = articles = 0
    reasons: collections.Counter[str] = collections.Counter()
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".json":
            items = json.loads(data).get("items", [])
        else:
            items = feedparser.parse(data).entries
        # Entries a reader could make something of: a title or some visible text.
        fields = ("title", "summary", "content_text", "content_html")
        entries = sum(any(_visible(item.get(k)) for k in fields) for item in items)
        try:
            _, outcome = read(path.name, data)
        except Exception as exc:  # noqa: BLE001  (a benchmark counts crashes, it does not stop)
            crashed += 1
            print(f"  CRASH {path.relative_to(folder)}: {type(exc).__name__}: {exc}")
            continue
        if not entries:
            continue
        with_entries += 1
        if isinstance(outcome, list):
            read_ok += 1
            articles += len(outcome)
            headline_items += sum(a.headline_only for a in outcome)
        else:
            reasons[re.sub(r"^[^:]*: ", "", outcome)[:70]] += 1
    print(
        f"{len(paths)} test files, {crashed} crashed; {with_entries} with entries: "
        f"{read_ok} gave articles ({read_ok / with_entries:.1%}), "
        f"{with_entries - read_ok} skipped; {articles} articles, {headline_items} headline items"
    )
    for reason, count in reasons.most_common(8):
        print(f"  skipped {count}: {reason}")


def _norm(title: str) -> str:
    title = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.findall(r"\w+", title))


def title_reference(page: bytes) -> str | None:
    """The page's headline as its reader sees it: the first <h1> whose text is also in the
    page's <title> or og:title and makes up at least half of it (so a logo or site-name
    <h1> is never taken); None when no <h1> qualifies, and the page is then left out of
    the title measure."""
    text = decode_text(InputData(name="page.html", data=page))
    try:
        tree = lxml_html.fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except (ValueError, lxml_html.etree.ParserError):
        return None
    titles = [" ".join(t.text_content().split()) for t in tree.iter("title")]
    titles += tree.xpath("//meta[@property='og:title']/@content")
    wanted = [_norm(t) for t in titles if t]
    for h1 in tree.iter("h1"):
        text = _norm(" ".join(h1.text_content().split()))
        # in the title, and at least half of it (a site-name <h1> is a small part of it)
        if len(text.split()) >= 3 and any(
            text in t and 2 * len(text.split()) >= len(t.split()) for t in wanted
        ):
            return " ".join(h1.text_content().split())
    return None


def html(folder: Path) -> None:
    sys.path.insert(0, str(folder))
    import evaluate  # the benchmark's own measure, from the corpus folder

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    predictions = {}
    titled = right = skipped = 0
    for key in truth:
        page = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        _, outcome = read(f"{key}.html", page)
        articles = outcome if isinstance(outcome, list) else []
        skipped += not articles
        predictions[key] = {"articleBody": "\n".join(a.text for a in articles)}
        reference = title_reference(page)
        if reference is not None:
            titled += 1
            ok = bool(articles) and _norm(articles[0].title) == _norm(reference)
            right += ok
            if not ok and articles:
                print(f"  title {articles[0].title!r} ≠ {reference!r}")
    metrics = evaluate.evaluate(truth, predictions, n_bootstrap=0)
    print(
        f"{len(truth)} pages, {skipped} skipped: text F1 {metrics['f1']:.3f} "
        f"(precision {metrics['precision']:.3f}, recall {metrics['recall']:.3f}); "
        f"title accuracy {right}/{titled} = {right / titled:.1%} "
        "(pages whose <h1> is in their <title>)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", choices=("mail", "feeds", "html"))
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    {"mail": mail, "feeds": feeds, "html": html}[args.corpus](args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
