"""Build a brief from the first N dev articles and compare with a raw sumy TextRank loop.

    .venv/bin/python benchmarks/bench_build.py [--limit 1000] [--jobs 0]

Prints wall time, articles/s and peak RSS of the full build (read the JSONL, themes,
summarize, render .docx + JSON), the ratio to a plain sumy TextRank loop over the same
texts measured in the same run, the speed-up of --jobs N over --jobs 1 (and whether the
output is identical), and the time to summarize one 2,000-sentence document with every
algorithm. Targets (issue 5): <= 1.3x the sumy loop, >= 100 articles/s, RSS < 400 MB,
>= 1.7x with 2 jobs, < 2 s for the long document with every algorithm.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing import text as textlib
from briefing.evaluate import iter_eval_set
from briefing.ingest import load_articles
from briefing.models import Article
from briefing.pipeline import BuildRequest, effective_jobs, make_brief_from_articles, render_all
from briefing.renderers.json import brief_to_dict
from briefing.summarize import SummaryOptions, summarize
from briefing.summarizers import SUMMARIZERS
from briefing.summarizers.sumy_family import _TOKENIZER
from briefing.themes import load_themes

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "bbc-news-summary-dev.jsonl"


def peak_rss_mb() -> float:
    """Largest resident set of this process or any finished child, in MB (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def cold_caches() -> None:
    """Every run starts without the sentence and stem caches an earlier run filled."""
    textlib.clear_caches()


def build_once(
    dataset: Path, limit: int, jobs: int, folder: Path
) -> tuple[float, dict[str, float], dict]:
    """The real build: the JSONL reader, duplicate merging, themes, summaries, render."""
    subset = folder / "articles.jsonl"
    with dataset.open(encoding="utf-8") as lines:
        subset.write_text("".join(itertools.islice(lines, limit)), encoding="utf-8")
    cold_caches()
    start = time.perf_counter()
    articles = load_articles([str(subset)]).articles
    themes = load_themes(None)
    read = time.perf_counter()
    outputs = {"docx": folder / "brief.docx", "json": folder / "brief.json"}
    request = BuildRequest(inputs=[str(subset)], outputs=outputs, jobs=jobs)
    brief = make_brief_from_articles(articles, themes, request)
    built = time.perf_counter()
    render_all(brief, outputs, request.render)
    end = time.perf_counter()
    stages = {
        "read_and_merge_duplicates": round(read - start, 2),
        "themes_summaries_brief": round(built - read, 2),
        "render_docx_json": round(end - built, 2),
    }
    data = brief_to_dict(brief)
    data.pop("generated_at", None)
    return end - start, stages, data


def raw_sumy_loop(texts: list[str]) -> float:
    """sumy TextRank, 3 sentences, on the same texts (offline Punkt tokenizer)."""
    cold_caches()
    start = time.perf_counter()
    summarizer = TextRankSummarizer(Stemmer("english"))
    summarizer.stop_words = textlib.stop_words()
    for text in texts:
        document = PlaintextParser.from_string(text, _TOKENIZER).document
        summarizer(document, 3)
    return time.perf_counter() - start


def long_document(sentence_count: int, texts: list[str]) -> Article:
    sentences: list[str] = []
    for text in texts:
        sentences.extend(textlib.split_sentences(text))
        if len(sentences) >= sentence_count + 100:  # joining merges a few: keep spare
            break
    body = " ".join(sentences[: sentence_count + 100])
    return Article(id="long", title="A long document", text=body, path="long")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEV_SET)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=0, help="0 = one per core")
    parser.add_argument("--long-sentences", type=int, default=2000)
    args = parser.parse_args()
    if not args.dataset.exists():
        print(f"dataset not found: {args.dataset}", file=sys.stderr)
        return 1

    texts = [record.article.text for record in iter_eval_set(args.dataset, args.limit)]
    n = len(texts)
    jobs = effective_jobs(args.jobs, n)
    with tempfile.TemporaryDirectory() as tmp:
        one, one_stages, one_data = build_once(args.dataset, args.limit, 1, Path(tmp))
        many, stages, many_data = build_once(args.dataset, args.limit, args.jobs, Path(tmp))
    sumy = raw_sumy_loop(texts)
    long_doc = long_document(args.long_sentences, texts * 10)
    long_times = {}
    for name in sorted(SUMMARIZERS):
        cold_caches()
        start = time.perf_counter()
        summarize(long_doc, SummaryOptions(algorithm=name))
        long_times[name] = time.perf_counter() - start

    figures = {
        "articles": n,
        "jobs": jobs,
        "build_seconds_jobs_1": round(one, 2),
        f"build_seconds_jobs_{jobs}": round(many, 2),
        "stage_seconds_jobs_1": one_stages,
        f"stage_seconds_jobs_{jobs}": stages,
        "articles_per_second": round(n / many, 1),
        "raw_sumy_textrank_seconds": round(sumy, 2),
        "ratio_to_raw_sumy": round(many / sumy, 2),
        "speedup_over_jobs_1": round(one / many, 2),
        "identical_output": one_data == many_data,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "long_document_sentences": len(textlib.split_sentences(long_doc.text)),
        "long_document_seconds": {k: round(v, 3) for k, v in long_times.items()},
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
