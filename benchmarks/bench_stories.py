"""How story clustering scales: time per article for growing piles, as ratios.

    .venv/bin/python benchmarks/bench_stories.py [--set PATH/bbc-news-summary-dev.jsonl]

Piles of 1/8, 1/4, 1/2 and all of the set are clustered (undated, the worst case: no date
window prunes a pair), then copies of the set are added to reach 4x and 8x. In each copy two
thirds of the vocabulary is renamed (``budget`` -> ``budget3``), so a copy is new events to
the clustering while the other third (the common words) is shared by every copy, as topic
words are in a real pile. Near-linear clustering keeps the time per article flat;
all-pairs comparison would grow it with the pile.
"""

from __future__ import annotations

import argparse
import re
import time
import zlib
from dataclasses import replace
from pathlib import Path

from briefing import evaluate
from briefing.models import Article
from briefing.stories import cluster_articles

WORD = re.compile(r"[A-Za-z]{3,}")
DEFAULT_SET = Path(__file__).resolve().parents[2] / "shared/datasets/bbc-news-summary-dev.jsonl"


def _renamed(text: str, copy: int) -> str:
    return WORD.sub(lambda m: m.group(0) + str(copy) if zlib.crc32(m.group(0).lower().encode()) % 3
                    else m.group(0), text)  # fmt: skip


def renamed_copy(article: Article, copy: int) -> Article:
    """The article with two thirds of its vocabulary renamed for copy ``copy``."""
    return replace(
        article,
        id=f"{article.id}-{copy}",
        title=_renamed(article.title, copy),
        text=_renamed(article.text, copy),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    args = parser.parse_args()
    base = [r.article for r in evaluate.load_eval_set(args.set)]
    piles = [base[: len(base) // 8], base[: len(base) // 4], base[: len(base) // 2], base]
    for factor in (4, 8):
        piles.append(base + [renamed_copy(a, k) for k in range(1, factor) for a in base])
    baseline = None
    print(f"{'articles':>9} {'seconds':>9} {'ms/article':>11} {'x smallest':>11}")
    for pile in piles:
        start = time.perf_counter()
        cluster_articles(pile)
        seconds = time.perf_counter() - start
        per = seconds / len(pile) * 1000
        baseline = baseline or per
        print(f"{len(pile):>9} {seconds:>9.2f} {per:>11.3f} {per / baseline:>11.2f}")


if __name__ == "__main__":
    main()
