"""Chinese and Japanese summaries against Lead, before and after the news-lead rule.

    .venv/bin/python benchmarks/bench_cjk_summaries.py tests/devsets/cjk.jsonl \
        [--bbc ../shared/datasets/bbc-news-summary-dev.jsonl]

Per split (tune, holdout, holdout2: those the set has), language (zh, ja) and budget (2
and 3 sentences): character ROUGE-2 F of each summarizer divided by that of Lead cut to
the same number of characters (``briefing eval``'s × Lead). ``briefing (before)`` is the
default summarizer with the news-lead rule off (``KEEP_LEAD_CJK = False``: the method
before issue 16b), ``16b weights`` the rule with its first weights (FIRST_ROUND), both
measured in the same run; ``short words`` the method shipped with Japanese content
words taken as before issue 16d (the segmenter's short units filtered like English words:
``text.JAPANESE_COMPOUNDS = False``); ``briefing`` is the method shipped. ``--splits tune``
measures the tune split alone (while developing: the held-out ones are measured once). With
``--bbc``, the same two on the BBC dev set (words, 3 sentences), to show English is
untouched. Also prints the oracle: the best 2 or 3 sentences of each article by ROUGE-2
against its reference, the ceiling any extractive method can reach at that budget.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from briefing import text as textlib
from briefing.evaluate import (
    CharacterTokenizer,
    EvalRecord,
    _lead_characters,
    evaluate_summaries,
    load_eval_set,
)
from briefing.languages import length, primary
from briefing.summarize import SummaryOptions
from briefing.summarizers import briefing_rank

ALGORITHMS = ("briefing", "textrank", "lexrank", "lead")
# The news-lead rule's weights as first shipped (issue 16b), to measure the current ones
# against them in the same run.
FIRST_ROUND = {
    "TITLE_WEIGHT_CJK": 0.3,
    "LEAD_REDUNDANCY_CJK": 1.0,
    "QUANTITY_WEIGHT_CJK": 0.4,
    "TITLE_NUMBER_WEIGHT_CJK": 0.0,
}


def _with(weights: dict[str, float], records: Sequence[EvalRecord], sentences: int) -> float:
    kept = {name: getattr(briefing_rank, name) for name in weights}
    for name, value in weights.items():
        setattr(briefing_rank, name, value)
    try:
        (result,) = evaluate_summaries(records, ["briefing"], SummaryOptions(sentences=sentences))
    finally:
        for name, value in kept.items():
            setattr(briefing_rank, name, value)
    return result.ratio_to_lead


def _ratio_before_after(records: Sequence[EvalRecord], sentences: int) -> dict[str, float]:
    options = SummaryOptions(sentences=sentences)
    briefing_rank.KEEP_LEAD_CJK = False
    try:
        (before,) = evaluate_summaries(records, ["briefing"], options)
    finally:
        briefing_rank.KEEP_LEAD_CJK = True
    after = evaluate_summaries(records, list(ALGORITHMS), options)
    figures = {"briefing (before)": before.ratio_to_lead}
    figures["16b weights"] = _with(FIRST_ROUND, records, sentences)
    textlib.JAPANESE_COMPOUNDS = False
    try:
        (short,) = evaluate_summaries(records, ["briefing"], options)
    finally:
        textlib.JAPANESE_COMPOUNDS = True
    figures["short words"] = short.ratio_to_lead
    figures.update({r.algorithm: r.ratio_to_lead for r in after})
    return figures


def _oracle(records: Sequence[EvalRecord], sentences: int) -> float:
    """× Lead of the best ``sentences`` sentences of each article (the ceiling)."""
    scorer = rouge_scorer.RougeScorer(["rouge2"], tokenizer=CharacterTokenizer())

    def f(reference: str, text: str) -> float:
        return scorer.score(reference, text)["rouge2"].fmeasure

    ours = lead = 0.0
    for record in records:
        found = textlib.split_sentences(record.article.text)
        best = max(
            (
                "".join(found[i] for i in chosen)
                for chosen in itertools.combinations(range(len(found)), sentences)
            ),
            key=lambda text: f(record.reference, text),
        )
        ours += f(record.reference, best)
        count = length(best, record.article.language)[0]
        lead += f(record.reference, _lead_characters(record.article, count))
    return ours / lead


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("devset", type=Path)
    parser.add_argument("--bbc", type=Path, help="the BBC dev set, to check English")
    parser.add_argument(
        "--splits",
        default="tune,holdout,holdout2",
        help="comma-separated splits to measure (default: all; both holdouts are also "
        "measured together)",
    )
    args = parser.parse_args()
    records = load_eval_set(args.devset)
    names = ["briefing (before)", "16b weights", "short words", *ALGORITHMS, "oracle"]
    print("split            lang n  " + " ".join(f"{n:>17}" for n in names))
    present = {r.split for r in records} & set(args.splits.split(","))
    splits: list[str] = [s for s in ("tune", "holdout", "holdout2") if s in present]
    if {"holdout", "holdout2"} <= present:
        splits.append("holdout+holdout2")  # every article no weight was tuned on
    for split, language, sentences in itertools.product(splits, ("zh", "ja"), (2, 3)):
        chosen = [
            r
            for r in records
            if r.split in split.split("+") and primary(r.article.language) == language
        ]
        if not chosen:
            continue
        figures = _ratio_before_after(chosen, sentences)
        figures["oracle"] = _oracle(chosen, sentences)
        row = " ".join(f"{figures[n]:17.3f}" for n in names)
        print(f"{split:<16} {language:<4} {sentences}  {row}   ({len(chosen)} articles)")
    if args.bbc:
        bbc = load_eval_set(args.bbc)
        figures = _ratio_before_after(bbc, 3)
        print(
            f"BBC (English, {len(bbc)} articles, 3 sentences): × Lead before "
            f"{figures['briefing (before)']:.3f}, after {figures['briefing']:.3f}"
        )


if __name__ == "__main__":
    main()
