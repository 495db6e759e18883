"""Reading speed of the structured readers, against targets; exits 1 when one is missed.

Usage: .venv/bin/python benchmarks/readers.py [path/to/bbc-news-summary-dev.jsonl]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.ingest import load_articles  # noqa: E402
from tests.inputs_factory import (  # noqa: E402
    write_atom,
    write_docx,
    write_eml,
    write_html,
    write_json,
    write_jsonl,
    write_mbox,
    write_pdf,
    write_rss,
)

BBC = ROOT.parent / "shared" / "datasets" / "bbc-news-summary-dev.jsonl"
# seconds
TARGETS = {
    "bbc-dev jsonl (1,114 articles)": 2.0,
    "bbc-dev as one Word file (1,114 articles under headings)": 2.0,
    "one file of every format": 2.0,
}


def write_word(records: Path, path: Path) -> None:
    """Every dev article in one .docx, its title a Heading 1 over its paragraphs, as a
    colleague's weekly file holds its stories (python-docx looked up the style of each
    paragraph through every style of the document: 8.9 s for this file)."""
    document = docx.Document()
    for line in records.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        document.add_heading(row["title"], level=1)
        for paragraph in row["text"].split("\n\n"):
            document.add_paragraph(paragraph)
    document.save(str(path))


def timed(inputs: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    result = load_articles(inputs)
    return time.perf_counter() - start, len(result.articles)


def main() -> int:
    bbc = Path(sys.argv[1]) if len(sys.argv) > 1 else BBC
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if bbc.exists():
            results["bbc-dev jsonl (1,114 articles)"] = timed([str(bbc)])
            write_word(bbc, folder / "week.docx")
            results["bbc-dev as one Word file (1,114 articles under headings)"] = timed(
                [str(folder / "week.docx")]
            )
            (folder / "week.docx").unlink()
        write_html(folder / "page.html")
        write_docx(folder / "memo.docx")
        write_pdf(folder / "digest.pdf")
        write_json(folder / "wire.json")
        write_jsonl(folder / "desk.jsonl")
        write_rss(folder / "port.rss")
        write_atom(folder / "strait.atom")
        write_eml(folder / "fuel.eml")
        write_mbox(folder / "desk.mbox")
        timed([str(folder)])  # warm-up: first imports of trafilatura, pypdf, ...
        results["one file of every format"] = timed([str(folder)])
    missed = 0
    for name, (seconds, count) in results.items():
        ok = seconds <= TARGETS[name]
        missed += not ok
        verdict = "ok" if ok else "MISSED"
        print(f"{name}: {count} articles in {seconds:.2f} s (target {TARGETS[name]} s) {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
