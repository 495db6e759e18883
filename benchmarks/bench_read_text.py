"""Time reading one large hard-wrapped plain-text file (issue 12: under 1 s for 3.4 MB).

    .venv/bin/python benchmarks/bench_read_text.py PATH/bbc-news-summary-dev.jsonl \\
        [--megabytes 3.4] [--repeat 5] [--baseline ../main]

The file is ``bench_scale.write_wrapped_text``'s: generated BBC articles, each a headline
over paragraphs hard-wrapped at 72 columns, as ``bench_scale.py --large-inputs`` times it.
Each run is a fresh process (cold caches, as a user's ``briefing build``) that times, in
CPU seconds, ``load_articles`` on the file (reading, language detection, duplicate
merging), the plain-text splitter alone (``split_articles``, its caches cleared), and a
floor: cleaning the text and cutting it into paragraphs, which any reader must do.
Figures are medians; the ratios to the floor do not depend on how busy the machine is.
``--baseline SRC`` times another checkout's code in the same run, runs interleaved:
before → after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# CPU seconds of the process (time.process_time): on a machine shared with other jobs the
# wall clock mostly measures the others.
READ = """
import sys, time
from briefing import text as textlib
from briefing.ingest import load_articles
from briefing.ingest.readers import plaintext
from briefing.ingest.walk import IngestOptions
with open(sys.argv[1], encoding="utf-8") as handle:
    raw = handle.read()
start = time.process_time()
result = load_articles([sys.argv[1]], IngestOptions(max_bytes=50 * 1024 * 1024))
reading = time.process_time() - start
start = time.process_time()
paragraphs = textlib.paragraphs(textlib.clean(raw))
floor = time.process_time() - start
for cache in ("_stems", "headline_shaped", "_counted", "_words", "_shape", "_case_style"):
    getattr(getattr(plaintext, cache, None), "cache_clear", lambda: None)()
for stems in ("_STEM_OF", "_LATIN1_STEM_OF"):  # each word's stem, known once per process
    getattr(plaintext, stems, {}).clear()
start = time.process_time()
parts = plaintext.split_articles(textlib.clean(raw))
splitting = time.process_time() - start
print(len(result.articles), reading, floor, splitting)
"""


def run(source: Path, path: Path) -> tuple[int, float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path)],
        env=env,
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )
    articles, reading, floor, splitting = done.stdout.split()[-4:]
    return int(articles), float(reading), float(floor), float(splitting)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="bbc-news-summary-dev.jsonl")
    parser.add_argument("--megabytes", type=float, default=3.4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout to time too")
    args = parser.parse_args()
    from bench_scale import distinct, write_wrapped_text

    with args.dataset.open(encoding="utf-8") as lines:
        records = distinct([json.loads(line) for line in lines if line.strip()])
    here = Path(__file__).resolve().parent.parent
    sources = {"after": here, **({"before": args.baseline.resolve()} if args.baseline else {})}
    runs: dict[str, list[tuple[int, float, float, float]]] = {name: [] for name in sources}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wrapped.txt"
        write_wrapped_text(records, path, args.megabytes)
        size = path.stat().st_size / 1024 / 1024
        for _ in range(args.repeat):  # interleaved: a busy spell hits both alike
            for name, source in sources.items():
                runs[name].append(run(source, path))
    report = {"file_megabytes": round(size, 2), "repeat": args.repeat}
    for name, found in runs.items():
        reading = statistics.median(r[1] for r in found)
        floor = statistics.median(r[2] for r in found)
        splitting = statistics.median(r[3] for r in found)
        report[name] = {
            "articles": found[0][0],
            "reading_cpu_seconds": round(reading, 3),
            "splitting_cpu_seconds": round(splitting, 3),
            "floor_cpu_seconds": round(floor, 3),
            "reading_over_floor": round(reading / floor, 1),
            "splitting_over_floor": round(splitting / floor, 1),
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
