"""Fit the weights of the plain-text reader's scored boundary decision.

    .venv/bin/python benchmarks/fit_boundaries.py PATH/bbc-news-summary-dev.jsonl \\
        PATH/article-extraction-benchmark

Every headline-shaped line that reaches the scored decision (``plaintext.is_boundary``)
while reading split A of the BBC dev set (even lines: each article alone, five run
together by their headlines, the five as a saved page) and split A of scrapinghub's
ground-truth bodies (even files, under a headline line, and five run together under
their pages' headlines as the BBC five are) is a sample: its features
(``plaintext.boundary_features``) and whether a real article starts there. Decisions are
taken from the truth while reading (teacher forcing), so each line is seen with the text
it would have above it if the lines before were decided right. The model is an
L2-regularised logistic regression (Newton's method); the script prints the weights to
paste into ``BOUNDARY_WEIGHTS``, the fit's accuracy on its own samples and, to compare
feature sets or penalties before anything is measured on split B, a cross-validation on
split A (``--folds``; the texts an article is part of stay in one fold), overall and
for each corpus alone, with the weights fitted on each corpus alone next to the joint
ones (a feature whose sign flips between corpora tells the corpora apart, not headlines
from lines inside an article). ``--train``, ``--balance`` and ``--drop`` are how the
training data, sample weights and feature sets were compared. Split B is never read
here: ``benchmarks/boundaries.py`` measures it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from boundaries import (  # noqa: E402
    GROUP,
    bbc,
    bbc_records,
    bodies,
    bodies_run_together,
    body,
    read,
)

from briefing.ingest.readers import plaintext  # noqa: E402

# Ridge penalty on every weight but the bias, in units of one sample's log-likelihood.
# Small: it keeps the fit finite when a feature separates the samples. Chosen by 5-fold
# cross-validation on split A (--folds, --l2) with the 17 features: mean log-loss of the
# two classes 0.089 at 0.03, 0.086 at 0.1, 0.089 at 0.3, 0.106 at 1 (the value before),
# 0.138 at 3. With issue 12d's samples (scrapinghub's five-run texts added) the same
# cross-validation reads 0.154 at 0.1, 0.149 at 0.3, 0.150 at 1 (0.3 gives the same
# split-A file figures as 0.1 once the bias is set). With issue 12e's case feature
# (CASE_ACROSS_SITES), mean over the two corpora of balanced accuracy / log-loss: 0.894 /
# 0.288 at 0.1, 0.883 / 0.277 at 0.3; the penalty is chosen by log-loss, as before, and
# both read split A's files alike once the bias is set (five-article files 96.4%).
L2 = 0.3
# What the weights are fitted on (kinds of text from ``collect``), how the samples are
# weighed (--balance) and which features are held at 0 (--drop). The default is what
# BOUNDARY_WEIGHTS were fitted on (on this branch: all four kinds). Issue 12d compared, by
# 5-fold cross-validation on split A (mean over the two corpora of the balanced
# accuracy / log-loss): without the scrapinghub five-run texts 0.803 / 0.873; with them
# 0.875 / 0.310; each corpus-and-class cell weighed alike ("cells", penalty 3) 0.899 /
# 0.244, and without the three features whose sign flips between the corpora 0.900 /
# 0.242 -- but with the bias set on split A the last two read 93.7% of split A's
# five-article files right at the floors, against 96.4% for the plain refit. The plain
# refit (this branch; docs/quality.md) reads BBC split B's five-article files 94.6% ->
# 96.4% but splits a fixture's one-sentence section under a sentence-case subheading
# (tests/test_boundaries.py), which issue 12c's weights did not: CASE_ACROSS_SITES below.
TRAIN = ("BBC alone", "BBC five", "scrapinghub alone", "scrapinghub five")
BALANCE = "classes"
DROPPED: tuple[str, ...] = ()
# "case unlike the first headline" compares a line with its file's first headline: a
# file's own style for headlines against its style for subheadings. scrapinghub's five
# run together come from five sites, so there a real headline is in a case unlike the
# first one about as often as a subheading is (43% of its 102 headlines, 32% of its 422
# lines inside an article), against none of BBC's 884 headlines: the mix of sites, which
# no real file has, taught the fit that the case tells little (issue 12d: -4.91 -> -0.65),
# and a sentence-case subheading under a Title Case headline started an article again
# (tests/test_boundaries.py). Issue 12e takes the case there as unknown (the feature's 0,
# as for a script without case), so that only files of one site teach it. 5-fold
# cross-validation on split A, mean over the corpora of balanced accuracy / log-loss
# (penalty 0.1): case as read 0.875 / 0.310, unknown across sites 0.894 / 0.288. The
# price is on texts that do mix sites: scrapinghub's five bodies run together under
# their pages' headlines read worse (docs/quality.md). Tried first and left out: a
# feature for the line's words recalling the story above more than the text under it
# ("echo above" less the share in the text under it): 0.875 / 0.310 with it as without,
# weight -0.67, nearly what "echo above" and "lead echo" already say.
CASE_ACROSS_SITES = "unknown"


def collect(
    bbc: Path, bodies: Path, case_across_sites: str = CASE_ACROSS_SITES
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Features, labels and lines of the samples, which text each came from (the two
    readings of one five-article text count as one) and what kind of text it was (BBC or
    scrapinghub, "alone" or "five" run together).

    Each corpus gives both classes, so that no feature can separate the samples by
    telling BBC's house style from other sites': BBC articles alone and scrapinghub
    bodies alone give the lines inside an article (negatives: one-line quotes, lists,
    subheadings), five of either run together by their headlines give real headlines over
    real leads (positives; scrapinghub's headlines are its pages' ``og:title``/``<h1>``).
    """
    samples: list[tuple[tuple[float, ...], bool, str, str, str]] = []
    truth: set[str] = set()
    # which fold a sample falls in is decided by the articles of its text: an article
    # alone and the five-article text it is also part of share a key, so that no article
    # is fitted on in one fold and scored in another
    key = ""
    source = "BBC alone"

    def recorder(line: str, before: list[str], after: list[str], first: str = "") -> bool:
        label = line in truth
        if source == "scrapinghub five" and case_across_sites == "unknown":
            first = ""  # five sites' headlines: no one style to be unlike (CASE_ACROSS_SITES)
        features = plaintext.boundary_features(line, before, after, first)
        samples.append((features, label, line, key, source))
        return label

    scored = plaintext.is_boundary
    plaintext.is_boundary = recorder
    records = bbc_records(bbc, "A")
    for number, record in enumerate(records):  # alone: no line inside starts an article
        truth = set()
        key = f"BBC {number // GROUP}"
        read("one.txt", f"{record['title']}\n\n{body(record)}".encode())
    source = "BBC five"
    for start in range(0, len(records) - GROUP + 1, GROUP):
        group = records[start : start + GROUP]
        truth = {r["title"] for r in group[1:]}
        text = "\n\n".join(f"{r['title']}\n\n{body(r)}" for r in group)
        key = f"BBC {start // GROUP}"
        read("five.txt", text.encode())
        read("five.txt", text.replace("\n\n", "\n").encode())
    source = "scrapinghub alone"
    ground = json.loads((bodies / "ground-truth.json").read_text(encoding="utf-8"))
    names = sorted(ground)[0::2]
    groups = list(bodies_run_together(bodies, names))
    group_of = {name: n for n, (_, _, members) in enumerate(groups) for name in members}
    truth = set()
    for name in names:
        text = ground[name]["articleBody"]
        key = f"scrapinghub {group_of.get(name, name)}"
        read("body.txt", f"Full text of the news article\n\n{text}".encode())
    source = "scrapinghub five"
    for n, (text, headlines, _) in enumerate(groups):
        truth = set(headlines[1:])
        key = f"scrapinghub {n}"
        read("five.txt", text.encode())
        read("five.txt", text.replace("\n\n", "\n").encode())
    plaintext.is_boundary = scored
    x = np.array([s[0] for s in samples], dtype=float)
    y = np.array([s[1] for s in samples], dtype=float)
    texts = np.unique([s[3] for s in samples], return_inverse=True)[1]
    return x, y, [s[2] for s in samples], texts, np.array([s[4] for s in samples])


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = L2, corpus: np.ndarray | None = None
) -> np.ndarray:
    # Both classes weigh the same in all: the samples are mostly real headlines (the five
    # run together), while in files people have most headline-shaped lines inside a
    # headlined text are subheadings; the samples' base rate must not become the bias.
    # With ``corpus`` (--balance cells) every class of every corpus weighs the same, so
    # that the corpus with most samples of a class does not set what that class looks like.
    cells = y if corpus is None else y + 2 * corpus
    weight = np.zeros(len(y))
    kinds = np.unique(cells)
    for kind in kinds:
        weight[cells == kind] = len(y) / (len(kinds) * (cells == kind).sum())
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (weight * (p - y)) + penalty * w
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


# The bias is moved to where the measure issue 12 aims at, five articles run together by
# their headlines, reads most files right on split A, among the moves that keep the other
# measures at their floors: a single article stays one (the 99.5%), and
# scrapinghub split A's bodies read at least as well as under the model this fit replaced
# (its split-A figures in docs/quality.md, 86.8% and 80.2%). The mean of the four measures,
# the criterion before, traded five-article files for bodies once the new features made
# both better; the issue asks for the first without losing the second.
TARGET = "five run together by headlines"
FLOORS = {
    "single, headline + blank line": 0.995,
    "split A: body alone, one article": 0.868,
    "split A: body under a headline, one article": 0.802,
}
SHIFTS = tuple(k / 4 for k in range(-4, 9))  # -1.0 to +2.0 in quarters


def file_measures(bbc_path: Path, bodies_path: Path) -> dict[str, float]:
    """Split A's file-level measures (share of files read right) with the weights in
    place: what the bias is chosen on."""
    found = {**bbc(bbc_path, "A", 0), **bodies(bodies_path, "A", 0)}
    return {name: right / total for name, (right, total) in found.items()}


def choose_bias(w: np.ndarray, bbc_path: Path, bodies_path: Path) -> np.ndarray:
    """The fit weighs every line alike, but the measures count files: the bias is moved
    to where split A's five-article measure is highest with the others at their FLOORS
    (ties: the smaller move; none at the floors: the move that keeps most of them)."""
    best: tuple[tuple[int, float, float], float] | None = None
    for shift in SHIFTS:
        plaintext.BOUNDARY_WEIGHTS = (w[0] + shift, *w[1:])
        measures = file_measures(bbc_path, bodies_path)
        kept = sum(measures[name] >= floor for name, floor in FLOORS.items())
        print(
            f"  bias shift {shift:+.2f}: {TARGET} {measures[TARGET]:.3f}, floors kept {kept}",
            {k: round(v, 3) for k, v in measures.items()},
        )
        rank = (kept, measures[TARGET], -abs(shift))
        if best is None or rank > best[0]:
            best = (rank, shift)
    assert best is not None
    chosen = w.copy()
    chosen[0] += best[1]
    return chosen


def scores_of(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Balanced accuracy and mean log-loss of the two classes."""
    p = np.clip(1 / (1 + np.exp(-scores)), 1e-9, 1 - 1e-9)
    positive = y > 0
    recall = ((scores > 0) & positive).sum() / max(positive.sum(), 1)
    specificity = ((scores <= 0) & ~positive).sum() / max((~positive).sum(), 1)
    loss = -(np.log(p[positive]).mean() + np.log(1 - p[~positive]).mean()) / 2
    return (recall + specificity) / 2, loss


def cross_validate(
    x: np.ndarray,
    y: np.ndarray,
    texts: np.ndarray,
    folds: int,
    l2: float = L2,
    train: np.ndarray | None = None,
    corpus: np.ndarray | None = None,
) -> np.ndarray:
    """Each sample's score by a fit on the folds it is not in (a text's samples stay in
    one fold: text number modulo ``folds``), fitted only on the samples in ``train`` (all
    by default) but scored on all: how feature sets and training data are compared
    without looking at split B."""
    fold = texts % folds
    train = np.ones(len(y), dtype=bool) if train is None else train
    scores = np.zeros(len(y))
    for k in range(folds):
        held = fold == k
        use = ~held & train
        cells = None if corpus is None else corpus[use]
        scores[held] = x[held] @ fit(x[use], y[use], l2, cells)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bbc", type=Path, help="bbc-news-summary-dev.jsonl")
    parser.add_argument("bodies", type=Path, help="article-extraction-benchmark folder")
    parser.add_argument("--write", action="store_true", help="put the weights in plaintext.py")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds on split A")
    parser.add_argument("--l2", type=float, default=L2, help="ridge penalty (default %(default)s)")
    parser.add_argument(
        "--train",
        default=",".join(TRAIN),
        help="kinds of text fitted on, comma-separated (default %(default)s)",
    )
    parser.add_argument(
        "--balance", choices=["classes", "cells"], default=BALANCE, help="sample weights"
    )
    parser.add_argument(
        "--drop", default=",".join(DROPPED), help="features held at weight 0, comma-separated"
    )
    parser.add_argument(
        "--case-across-sites",
        choices=["unknown", "as read"],
        default=CASE_ACROSS_SITES,
        help="the case feature in scrapinghub's five-site texts (default %(default)s)",
    )
    parser.add_argument("--no-bias", action="store_true", help="skip the bias move (quicker)")
    args = parser.parse_args()
    x, y, _, texts, sources = collect(args.bbc, args.bodies, args.case_across_sites)
    corpus = np.array([s.startswith("scrapinghub") for s in sources], dtype=float)
    for kind in sorted(set(sources)):
        here = sources == kind
        print(f"  {kind:18s} {here.sum():5d} lines, {int(y[here].sum()):4d} boundaries")
    dropped = [name for name in args.drop.split(",") if name]
    for name in dropped:
        x[:, plaintext.BOUNDARY_FEATURES.index(name)] = 0.0
    train = np.isin(sources, args.train.split(","))
    cells = corpus if args.balance == "cells" else None
    scores = cross_validate(x, y, texts, args.folds, args.l2, train, cells)
    accuracy, loss = scores_of(scores, y)
    print(f"{args.folds}-fold on split A: balanced accuracy {accuracy:.4f}, log-loss {loss:.4f}")
    # each corpus weighs the same in the figure models are chosen by: the samples are
    # mostly BBC headlines and scrapinghub subheadings, and a model must serve both
    by_corpus = []
    for kind in ("BBC", "scrapinghub"):
        here = corpus == (kind == "scrapinghub")
        accuracy, loss = scores_of(scores[here], y[here])
        by_corpus.append((accuracy, loss))
        print(f"  {kind:12s} balanced accuracy {accuracy:.4f}, log-loss {loss:.4f}")
    accuracy, loss = np.mean(by_corpus, axis=0)
    print(f"  mean of the corpora: balanced accuracy {accuracy:.4f}, log-loss {loss:.4f}")
    # a feature whose weight has opposite signs when fitted on each corpus alone tells
    # the corpora apart rather than headlines from the lines inside an article
    alone = {
        k: fit(x[train & (corpus == v)], y[train & (corpus == v)], args.l2)
        for k, v in (("BBC", 0), ("scrapinghub", 1))
    }
    w = fit(x[train], y[train], args.l2, corpus[train] if cells is not None else None)
    print(f"  {'feature':40s} {'BBC':>7s} {'scraping':>8s} {'both':>7s}")
    for k, name in enumerate(plaintext.BOUNDARY_FEATURES):
        a, b = alone["BBC"][k], alone["scrapinghub"][k]
        # (weights under 0.25 either way are taken for noise, not a flip; not tuned)
        flag = "  sign flips" if a * b < 0 and min(abs(a), abs(b)) > 0.25 else ""
        print(f"  {name:40s} {a:+7.2f} {b:+8.2f} {w[k]:+7.2f}{flag}")
    if args.no_bias:
        return 0
    w = choose_bias(w, args.bbc, args.bodies)
    right = ((x @ w > 0) == (y > 0)).mean()
    print(f"samples: {len(y)} ({int(y.sum())} boundaries); accuracy on them {right:.3f}")
    for name, weight in zip(plaintext.BOUNDARY_FEATURES, w, strict=True):
        print(f"  {name:24s} {weight:+.3f}")
    # one weight a line, as ruff formats a tuple too long for one
    line = "BOUNDARY_WEIGHTS = (\n" + "".join(f"    {v:.2f},\n" for v in w) + ")"
    print(line)
    if args.write:
        source = Path(plaintext.__file__)
        # (the tuple may be wrapped over several lines: no parenthesis inside it)
        text = re.sub(r"^BOUNDARY_WEIGHTS = \([^)]*\)", line, source.read_text(), flags=re.M)
        source.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
