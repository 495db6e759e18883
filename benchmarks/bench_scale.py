"""How the full build scales: time and peak memory at 1k, 5k, 20k and 50k articles.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,5000,20000,50000] [--repeat 3]
        [--jobs 0] [--large-inputs] [--plot docs/scale.png] [--dataset BBC.jsonl]

Each size is a folder of JSON Lines files (1,000 articles each) of distinct articles
generated from the BBC dev set (see ``generate``), built with the real command line
(``briefing build FOLDER --json``) in a subprocess: the wall time includes start-up, and
the peak RSS is that of the build's largest process (see ``run_measured``). In the
same run, the baseline: a raw sumy TextRank loop (3 sentences) over the texts of the
smallest set, also in a subprocess. Runs are interleaved (every size, then the loop, per
repeat; the loop right after the smallest build) and figures are medians. What
docs/speed.md reports are ratios from one run: build(N) / build(1,000) against N / 1,000,
and build(1,000) / the sumy loop (of the medians, and round by round). Targets
(issue 15): 20,000 articles in at most 22x the time of 1,000 and under 800 MB; 1,000 in at
most 0.7x the sumy loop. ``--large-inputs`` also times reading a 3.4 MB hard-wrapped
text (< 1 s), the same typeset (typographic quotes, apostrophes and dashes), a
10,000-message mbox (< 15 s) and a 19 MB HTML page. ``--baseline SRC``
also builds (and reads) everything with another checkout's code (``PYTHONPATH=SRC``), in the
same rounds, so that before and after share one run's load, each going first in every
other round: ``--baseline ../main``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import html
import json
import mailbox
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from briefing import text as textlib
from briefing.ingest.dedupe import duplicate_groups
from briefing.models import Article

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "datasets" / "bbc-news-summary-dev.jsonl"
BRIEFING = Path(sys.executable).with_name("briefing")
FIRST_DAY = dt.date(2026, 11, 1)
SHARD = 1000

SUMY_LOOP = """
import json, sys
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.text_rank import TextRankSummarizer
from briefing import text as textlib
from briefing.summarizers.sumy_family import _TOKENIZER
summarizer = TextRankSummarizer(Stemmer("english"))
summarizer.stop_words = textlib.stop_words()
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as lines:
        for line in lines:
            document = PlaintextParser.from_string(json.loads(line)["text"], _TOKENIZER).document
            summarizer(document, 3)
"""


# Neither half of a generated article outweighs the other by more than this (in words),
# so that a long article does not make every mix it takes part in a copy of itself.
BALANCE = 1.5


def _sentences(text: str, second: bool) -> list[tuple[int, str]]:
    """(paragraph number, sentence) for the first or the second half of ``text``."""
    blocks = [p.strip() for p in text.split("\n\n") if p.strip()]
    numbered = [(n, s) for n, block in enumerate(blocks) for s in textlib.split_sentences(block)]
    middle = (len(numbered) + 1) // 2
    return numbered[middle:] if second else numbered[:middle]


def _words(part: list[tuple[int, str]]) -> int:
    return sum(len(sentence.split()) for _, sentence in part)


def _mix(text: str, other: str) -> str:
    """The first half of ``text`` then the second half of ``other``, balanced, paragraphs
    kept."""
    first, second = _sentences(text, False), _sentences(other, True)
    while len(first) > 1 and _words(first) > BALANCE * _words(second):
        first.pop()
    while len(second) > 1 and _words(second) > BALANCE * _words(first):
        second.pop()
    paragraphs: list[str] = []
    for part in (first, second):
        current = None
        for number, sentence in part:
            if number == current:
                paragraphs[-1] += " " + sentence
            else:
                paragraphs.append(sentence)
                current = number
    return "\n\n".join(paragraphs)


def generate(records: Sequence[dict], count: int) -> Iterator[dict]:
    """``count`` distinct, readable articles made from ``records`` (BBC rows).

    The first pass over the set is the articles as they are. Pass r > 0 pairs each
    article with another of its category, r places further on: the first half of one
    article's sentences (its lead) then the second half of the partner's, paragraphs
    kept, neither half much longer than the other, under both headlines. Real sentences
    on one subject area; two generated articles share at most about half of either's
    text, far below the 0.8 Jaccard at which duplicates merge. Each sentence recurs in
    about count / len(records) articles, more than in real news, which makes duplicate
    candidates a worse case here than on a real pile.
    """
    by_category: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_category[record.get("category", "")].append(index)
    position = {i: (members, k) for members in by_category.values() for k, i in enumerate(members)}
    for number in range(count):
        rounds, index = divmod(number, len(records))
        record = records[index]
        title, text = record["title"], record["text"]
        if rounds:
            members, k = position[index]
            partner = records[members[(k + rounds) % len(members)]]
            text = _mix(text, partner["text"])
            title = f"{title}: {partner['title']}"
        yield {
            "id": f"gen-{number:06d}",
            "title": title,
            "text": text,
            "url": f"https://news.example.org/{record.get('category', 'news')}/{number:06d}",
            "date": (FIRST_DAY + dt.timedelta(days=(index + rounds) % 28)).isoformat(),
            "category": record.get("category", ""),
        }


def distinct(records: Sequence[dict]) -> list[dict]:
    """The first of each group of copies in the set (the BBC set holds a few), so that
    the generated articles are distinct to the build's own duplicate test (0.8): near
    copies, which would make a generated mix pass that test, go at 0.3."""
    articles = [Article(id=r["id"], title=r["title"], text=r["text"], path="") for r in records]
    return [records[group[0]] for group in duplicate_groups(articles, threshold=0.3)]


def write_set(records: Sequence[dict], count: int, folder: Path) -> list[Path]:
    """The articles as JSON Lines files of SHARD articles each (a folder of exports: one
    file would soon pass the 20 MB input cap)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = list(generate(records, count))
    paths = []
    for start in range(0, len(rows), SHARD):
        paths.append(folder / f"part-{start // SHARD:03d}.jsonl")
        lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows[start : start + SHARD])
        paths[-1].write_text("".join(lines), encoding="utf-8")
    return paths


def write_wrapped_text(
    records: Sequence[dict], path: Path, megabytes: float, typeset: bool = False
) -> None:
    """One plain-text file of articles, each a headline over paragraphs hard-wrapped at
    72 columns (as mailing-list archives and saved wire copy come); ``typeset``: the same
    text with its quotation marks, apostrophes and dashes as a publisher sets them (the
    BBC set's are straight, most published English's are not)."""
    size = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    written = 0
    for row in generate(records, 10**9):
        paragraphs = [textwrap.fill(p, 72) for p in row["text"].split("\n\n")]
        parts.append("\n\n".join([row["title"], *paragraphs]) + "\n\n\n")
        written += len(parts[-1].encode())
        if written >= size:
            break
    text = "".join(parts)
    path.write_text(typeset_marks(text) if typeset else text, encoding="utf-8")


_OPENING = re.compile(r"""(?:^|(?<=[\s(\[]))(["'])""", re.MULTILINE)


def typeset_marks(text: str) -> str:
    """Straight quotation marks as typographic ones (opening at a line's start or after a
    space or bracket, closing elsewhere; an apostrophe is a closing single quote), and a
    spaced hyphen as an en dash."""
    text = _OPENING.sub(lambda mark: "“" if mark.group(1) == '"' else "‘", text)
    return text.replace('"', "”").replace("'", "’").replace(" - ", " – ")


def write_mbox(records: Sequence[dict], path: Path, messages: int) -> None:
    """A mailbox of ``messages`` news alerts, plain text, one article each."""
    box = mailbox.mbox(path, create=True)
    try:
        for number, row in enumerate(generate(records, messages)):
            message = EmailMessage()
            message["From"] = f"News Desk <desk{number % 50}@news.example.org>"
            message["To"] = "briefing@ministry.example"
            message["Subject"] = row["title"]
            day = dt.date.fromisoformat(row["date"])
            moment = dt.datetime(day.year, day.month, day.day, 9, number % 60, tzinfo=dt.UTC)
            message["Date"] = email.utils.format_datetime(moment)
            message["Message-ID"] = f"<{row['id']}@news.example.org>"
            message.set_content(row["text"])
            box.add(message)
    finally:
        box.close()


def write_html_page(records: Sequence[dict], path: Path, megabytes: float) -> None:
    """One saved web page of ``megabytes``: a live blog of article after article, with
    the menus, share bars and scripts real pages carry around them."""
    size = int(megabytes * 1024 * 1024)
    chrome = (
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/business">Business</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav>'
        '<div class="share"><a href="#">Share</a> <a href="#">Print</a></div>'
    )
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Live: the week in news</title>"
        '<meta property="og:site_name" content="News Example"></head><body>'
    )
    parts = [head, chrome, "<main><h1>Live: the week in news</h1>"]
    written = sum(len(p) for p in parts)
    for row in generate(records, 10**9):
        body = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n\n"))
        parts.append(f"<article><h2>{html.escape(row['title'])}</h2>{body}{chrome}</article>")
        parts.append(f"<script>track({json.dumps(row['id'])});</script>")
        written += len(parts[-2].encode()) + len(parts[-1])
        if written >= size:
            break
    parts.append("</main><footer>News Example</footer></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


READ_ONLY = """
import sys, time
from briefing.ingest import load_articles
from briefing.ingest.walk import IngestOptions
from briefing.errors import NothingReadableError
start = time.perf_counter()
try:
    count = len(load_articles(sys.argv[1:], IngestOptions(max_bytes=50 * 1024 * 1024)).articles)
except NothingReadableError as refused:  # the 19 MB page is over the HTML reader's budget
    print(refused, file=sys.stderr)
    count = 0
print(count, round(time.perf_counter() - start, 3))
"""


# Runs a command and writes its wall seconds and the peak RSS (KB) of it and its
# descendants to the file named first. The measured command is this small process's
# child, not the benchmark's: Python starts a child by vfork, and Linux hands the parent's
# own peak to a child started that way (at its exec), so every run measured straight
# from here showed at least this script's size. After generating 76,000 articles that was
# 221.6 MB, reported for the 1,000-article build and the sumy loop alike.
MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code if code >= 0 else 1)
"""


def run_measured(
    command: Sequence[str], log: Path, source: Path | None = None
) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one subprocess (Linux reports KB), timed and
    measured by ``MEASURED``: the largest of the command's process and the worker
    processes it starts and waits for (the kernel folds a reaped child's peak into its
    parent's). ``source``: run another checkout's code (its folder first on PYTHONPATH,
    and the working directory, which ``python -c`` puts before PYTHONPATH).
    """
    env = {**os.environ, "PYTHONPATH": str(source)} if source else None
    figures = log.with_suffix(".measured")
    with log.open("wb") as out:
        child = subprocess.run(
            [sys.executable, "-c", MEASURED, str(figures), *command],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=source, check=False,
        )  # fmt: skip
    if child.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}:\n{tail}")
    seconds, peak_kb = figures.read_text(encoding="utf-8").split()
    return float(seconds), int(peak_kb) / 1024


def build_command(articles: Path, out: Path, jobs: int) -> list[str]:
    return [
        str(BRIEFING), "build", str(articles), "-o", str(out / "brief.docx"),
        "--json", str(out / "brief.json"), "--jobs", str(jobs),
    ]  # fmt: skip


def summarised(runs: list[tuple[float, float]]) -> dict:
    """Medians of (seconds, peak RSS) runs, and every run's seconds."""
    return {
        "seconds": round(statistics.median(s for s, _ in runs), 2),
        "peak_rss_mb": round(statistics.median(r for _, r in runs), 1),
        "runs": [round(s, 2) for s, _ in runs],
    }


def turns(round_: int, baseline: bool) -> list[str]:
    """Which code runs first in a round: this code, then the baseline; the reverse in
    every other round."""
    if not baseline:
        return ["this"]
    return ["this", "baseline"] if round_ % 2 == 0 else ["baseline", "this"]


def per_round(builds: list[tuple[float, float]], loops: list[tuple[float, float]]) -> dict:
    """The smallest build over the loop run next to it, round by round, and their median
    (next to the ratio of the medians, which pairs runs from different rounds)."""
    ratios = [round(build / loop, 2) for (build, _), (loop, _) in zip(builds, loops, strict=True)]
    return {
        "build_over_sumy_loop_per_round": ratios,
        "build_over_sumy_loop_median_of_rounds": statistics.median(ratios),
    }


def plot(rows: list[dict], baseline: float, path: Path) -> None:
    """Build time against articles, with the linear extrapolation of the smallest size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["articles"] for row in rows]
    seconds = [row["seconds"] for row in rows]
    memory = [row["peak_rss_mb"] for row in rows]
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    unit = seconds[0] / sizes[0]
    left.plot(sizes, [unit * n for n in sizes], "--", color="grey", label="linear from 1,000")
    left.plot(sizes, seconds, "o-", color="#1f4e79", label="full build")
    left.axhline(baseline, color="#c55a11", linewidth=1, label="raw sumy TextRank, 1,000")
    left.set(xlabel="articles", ylabel="seconds", title="Build time")
    left.legend(fontsize=8)
    right.plot(sizes, memory, "o-", color="#1f4e79")
    right.axhline(800, color="#c55a11", linewidth=1, label="800 MB: the target at 20,000")
    right.set(xlabel="articles", ylabel="MB", title="Peak RSS", ylim=(0, 1.08 * max(900, *memory)))
    right.legend(fontsize=8)
    for axis in (left, right):
        axis.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def large_inputs(
    records: Sequence[dict], folder: Path, repeat: int, baseline: Path | None = None
) -> dict[str, dict]:
    """Reading time and peak RSS of the three large single inputs issue 15 names (with
    ``baseline``, also with that checkout's code, interleaved, under "baseline")."""
    inputs: dict[str, tuple[Path, Callable[[Sequence[dict], Path], None]]] = {
        "hard-wrapped text, 3.4 MB": (
            folder / "wrapped.txt",
            partial(write_wrapped_text, megabytes=3.4),
        ),
        "hard-wrapped text, typeset, 3.4 MB": (
            folder / "typeset.txt",
            partial(write_wrapped_text, megabytes=3.4, typeset=True),
        ),
        "mbox, 10,000 messages": (folder / "alerts.mbox", partial(write_mbox, messages=10_000)),
        "HTML page, 19 MB": (folder / "live.html", partial(write_html_page, megabytes=19)),
    }
    figures: dict[str, dict] = {}
    sources = {"this": None, **({"baseline": baseline} if baseline else {})}
    for name, (path, write) in inputs.items():
        write(records, path)
        command = [sys.executable, "-c", READ_ONLY, str(path)]
        runs: dict[str, list[tuple[float, float]]] = {code: [] for code in sources}
        reading: dict[str, list[float]] = {code: [] for code in sources}
        for round_ in range(repeat):
            for code in turns(round_, baseline is not None):
                source = sources[code]
                runs[code].append(run_measured(command, folder / "read.log", source))
                # The script's own timing: reading alone, without Python's start-up.
                last = (folder / "read.log").read_text(encoding="utf-8").split()[-1]
                reading[code].append(float(last))
        figures[name] = {
            **summarised(runs["this"]),
            "reading_seconds": statistics.median(reading["this"]),
            "reading_runs": reading["this"],
        }
        if baseline:
            figures[name]["baseline"] = {
                **summarised(runs["baseline"]),
                "reading_seconds": statistics.median(reading["baseline"]),
                "reading_runs": reading["baseline"],
            }
            figures[name]["reading_over_baseline"] = round(
                figures[name]["reading_seconds"] / figures[name]["baseline"]["reading_seconds"], 2
            )
        print(name, json.dumps(figures[name]), file=sys.stderr)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEV_SET)
    parser.add_argument("--sizes", default="1000,5000,20000,50000", help="comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--jobs", type=int, default=0, help="--jobs of each build")
    parser.add_argument("--plot", type=Path, help="write the plot here (needs matplotlib)")
    parser.add_argument("--keep", type=Path, help="keep the generated sets in this folder")
    parser.add_argument(
        "--large-inputs", action="store_true", help="also time reading a 3.4 MB text, ..."
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to build with too")
    args = parser.parse_args()
    if not args.dataset.exists():
        print(f"dataset not found: {args.dataset}", file=sys.stderr)
        return 1
    with args.dataset.open(encoding="utf-8") as lines:
        records = distinct([json.loads(line) for line in lines if line.strip()])
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        log = Path(tmp) / "run.log"
        sets = {size: write_set(records, size, folder / f"articles-{size}") for size in sizes}
        # Interleaved: each repeat builds every size and runs the loop once, so a busy
        # spell on a shared machine lands on all figures alike, not on one size. The loop
        # runs right after this code's smallest build, so that each round's ratio
        # compares runs a few seconds apart: with the loop at the end of the round,
        # minutes of larger builds came between, and the ratio of one round moved from
        # 0.44 to 0.99 with the VM's load.
        loop = [sys.executable, "-c", SUMY_LOOP, *map(str, sets[sizes[0]])]
        keys: list[object] = [*sizes, *(("baseline", size) for size in sizes if args.baseline)]
        runs: dict[object, list[tuple[float, float]]] = {key: [] for key in [*keys, "sumy"]}
        # With a baseline, the two checkouts take turns going first, round by round: the
        # first build of a round comes after minutes of the last round's largest builds
        # (always first, this code's 1,000 builds took 7.1, 6.5 and 5.9 s against the
        # baseline's 5.3, 5.0 and 5.8 right after them, though the one change on their
        # path made the duplicate test faster: 47 -> 37 ms).
        for round_ in range(args.repeat):
            for size in sizes:
                command = build_command(folder / f"articles-{size}", Path(tmp), args.jobs)
                for code in turns(round_, bool(args.baseline)):
                    if code == "baseline":
                        runs["baseline", size].append(run_measured(command, log, args.baseline))
                        print("baseline", size, runs["baseline", size][-1], file=sys.stderr)
                        continue
                    runs[size].append(run_measured(command, log))
                    print(size, runs[size][-1], file=sys.stderr)
                    if size == sizes[0]:
                        runs["sumy"].append(run_measured(loop, log))
                        print("sumy", runs["sumy"][-1], file=sys.stderr)
        large = (
            large_inputs(records, Path(tmp), args.repeat, args.baseline)
            if args.large_inputs
            else {}
        )
    rows = [{"articles": size, **summarised(runs[size])} for size in sizes]
    baseline = summarised(runs["sumy"])
    first = rows[0]
    for row in rows:
        row["time_ratio"] = round(row["seconds"] / first["seconds"], 2)
        row["size_ratio"] = round(row["articles"] / first["articles"], 2)
    report = {
        "jobs": args.jobs,
        "cores": os.cpu_count(),
        "repeat": args.repeat,
        "builds": rows,
        "raw_sumy_textrank": {"articles": sizes[0], **baseline},
        "build_over_sumy_loop": round(first["seconds"] / baseline["seconds"], 2),
        **per_round(runs[sizes[0]], runs["sumy"]),
        "large_inputs": large,
    }
    if args.baseline:
        before = [{"articles": size, **summarised(runs["baseline", size])} for size in sizes]
        report["baseline"] = {
            "source": str(args.baseline),
            "builds": before,
            "build_over_sumy_loop": round(before[0]["seconds"] / baseline["seconds"], 2),
            **per_round(runs["baseline", sizes[0]], runs["sumy"]),
            "build_over_baseline": [
                round(row["seconds"] / old["seconds"], 2)
                for row, old in zip(rows, before, strict=True)
            ],
        }
    print(json.dumps(report, indent=2))
    if args.plot:
        plot(rows, baseline["seconds"], args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
