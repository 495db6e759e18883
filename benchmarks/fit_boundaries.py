"""Fit the weights of the plain-text reader's scored boundary decision.

    .venv/bin/python benchmarks/fit_boundaries.py PATH/bbc-news-summary-dev.jsonl \\
        PATH/article-extraction-benchmark

Every headline-shaped line that reaches the scored decision (``plaintext.is_boundary``)
while reading split A of the BBC dev set (even lines: each article alone, five run
together by their headlines, the five as a saved page) and split A of scrapinghub's
ground-truth bodies (even files, under a headline line) is a sample: its features
(``plaintext.boundary_features``) and whether a real article starts there. Decisions are
taken from the truth while reading (teacher forcing), so each line is seen with the text
it would have above it if the lines before were decided right. The model is an
L2-regularised logistic regression (Newton's method); the script prints the weights to
paste into ``BOUNDARY_WEIGHTS``, the fit's accuracy on its own samples and, to compare
feature sets or penalties before anything is measured on split B, a cross-validation on
split A (``--folds``; the samples of one text stay in one fold). Split B is never read
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

from boundaries import GROUP, bbc, bbc_records, bodies, body, read  # noqa: E402

from briefing.ingest.readers import plaintext  # noqa: E402

# Ridge penalty on every weight but the bias, in units of one sample's log-likelihood.
# Small: it only keeps the fit finite when a feature separates the samples. Not tuned
# (--l2 tries another; the cross-validation line of the output compares them on split A).
L2 = 1.0


def collect(bbc: Path, bodies: Path) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """Features, labels and lines of the samples, and which text each came from (the two
    readings of one five-article text count as one)."""
    samples: list[tuple[tuple[float, ...], bool, str, int]] = []
    truth: set[str] = set()
    text_number = 0

    def recorder(line: str, before: list[str], after: list[str]) -> bool:
        label = line in truth
        features = plaintext.boundary_features(line, before, after)
        samples.append((features, label, line, text_number))
        return label

    scored = plaintext.is_boundary
    plaintext.is_boundary = recorder
    records = bbc_records(bbc, "A")
    for record in records:  # alone: no line inside starts an article
        truth = set()
        text_number += 1
        read("one.txt", f"{record['title']}\n\n{body(record)}".encode())
    for start in range(0, len(records) - GROUP + 1, GROUP):
        group = records[start : start + GROUP]
        truth = {r["title"] for r in group[1:]}
        text = "\n\n".join(f"{r['title']}\n\n{body(r)}" for r in group)
        text_number += 1
        read("five.txt", text.encode())
        read("five.txt", text.replace("\n\n", "\n").encode())
    ground = json.loads((bodies / "ground-truth.json").read_text(encoding="utf-8"))
    truth = set()
    for name in sorted(ground)[0::2]:
        text = ground[name]["articleBody"]
        text_number += 1
        read("body.txt", f"Full text of the news article\n\n{text}".encode())
    plaintext.is_boundary = scored
    x = np.array([s[0] for s in samples], dtype=float)
    y = np.array([s[1] for s in samples], dtype=float)
    return x, y, [s[2] for s in samples], np.array([s[3] for s in samples])


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    # Both classes weigh the same in all: the samples are mostly real headlines (the five
    # run together), while in files people have most headline-shaped lines inside a
    # headlined text are subheadings; the samples' base rate must not become the bias.
    positives = y.sum()
    weight = np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * (len(y) - positives)))
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


# The measures the bias is chosen on, alike: one of each kind (the saved-page five and the
# header-block single move with the five and the single).
OBJECTIVE = (
    "single, headline + blank line",
    "five run together by headlines",
    "split A: body alone, one article",
    "split A: body under a headline, one article",
)


def file_measures(bbc_path: Path, bodies_path: Path) -> dict[str, float]:
    """Split A's file-level measures (share of files read right) with the weights in
    place: what the bias is chosen on."""
    found = {**bbc(bbc_path, "A", 0), **bodies(bodies_path, "A", 0)}
    return {name: right / total for name, (right, total) in found.items()}


def choose_bias(w: np.ndarray, bbc_path: Path, bodies_path: Path) -> np.ndarray:
    """The fit weighs every line alike, but the measures count files: the bias is moved
    to where the mean of split A's file-level measures is highest (ties: the smaller
    move)."""
    best: tuple[float, float, float] | None = None
    for shift in (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0):
        plaintext.BOUNDARY_WEIGHTS = (w[0] + shift, *w[1:])
        measures = file_measures(bbc_path, bodies_path)
        mean = sum(measures[name] for name in OBJECTIVE) / len(OBJECTIVE)
        print(
            f"  bias shift {shift:+.1f}: mean {mean:.4f}",
            {k: round(v, 3) for k, v in measures.items()},
        )
        if best is None or (mean, -abs(shift)) > (best[0], -abs(best[1])):
            best = (mean, shift, 0.0)
    assert best is not None
    chosen = w.copy()
    chosen[0] += best[1]
    return chosen


def cross_validate(
    x: np.ndarray, y: np.ndarray, texts: np.ndarray, folds: int, l2: float = L2
) -> tuple[float, float]:
    """Balanced accuracy and mean log-loss of the two classes, each sample scored by a fit
    on the folds it is not in (a text's samples stay in one fold: text number modulo
    ``folds``): how feature sets are compared without looking at split B."""
    fold = texts % folds
    scores = np.zeros(len(y))
    for k in range(folds):
        held = fold == k
        scores[held] = x[held] @ fit(x[~held], y[~held], l2)
    p = np.clip(1 / (1 + np.exp(-scores)), 1e-9, 1 - 1e-9)
    positive = y > 0
    recall = ((scores > 0) & positive).sum() / positive.sum()
    specificity = ((scores <= 0) & ~positive).sum() / (~positive).sum()
    loss = -(np.log(p[positive]).mean() + np.log(1 - p[~positive]).mean()) / 2
    return (recall + specificity) / 2, loss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bbc", type=Path, help="bbc-news-summary-dev.jsonl")
    parser.add_argument("bodies", type=Path, help="article-extraction-benchmark folder")
    parser.add_argument("--write", action="store_true", help="put the weights in plaintext.py")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds on split A")
    parser.add_argument("--l2", type=float, default=L2, help="ridge penalty (default %(default)s)")
    args = parser.parse_args()
    x, y, _, texts = collect(args.bbc, args.bodies)
    accuracy, loss = cross_validate(x, y, texts, args.folds, args.l2)
    print(f"{args.folds}-fold on split A: balanced accuracy {accuracy:.4f}, log-loss {loss:.4f}")
    w = fit(x, y, args.l2)
    w = choose_bias(w, args.bbc, args.bodies)
    right = ((x @ w > 0) == (y > 0)).mean()
    print(f"samples: {len(y)} ({int(y.sum())} boundaries); accuracy on them {right:.3f}")
    for name, weight in zip(plaintext.BOUNDARY_FEATURES, w, strict=True):
        print(f"  {name:24s} {weight:+.3f}")
    line = "BOUNDARY_WEIGHTS = (" + ", ".join(f"{v:.2f}" for v in w) + ")"
    print(line)
    if args.write:
        source = Path(plaintext.__file__)
        text = re.sub(r"^BOUNDARY_WEIGHTS = \(.*?\)$", line, source.read_text(), flags=re.M)
        source.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
