"""Measure summaries (ROUGE against references), themes (accuracy against labels) and
story clustering (pairwise precision, recall and F1 against event labels).

The evaluation set is JSON Lines, one article per line, with ``text`` and, as needed,
``summary`` (a reference summary) and a label field such as ``category``.

Summaries are compared fairly: an algorithm that picks longer sentences would win ROUGE
recall by length alone, so each summary's ROUGE-2 F is divided by that of the article's
opening cut to the *same number of words* ("Lead at equal words").

Chinese and Japanese have no spaces between words, so their ROUGE counts characters
(letters and digits; punctuation and spaces left out), the usual practice for them, and
their Lead is cut to the same number of characters. A record's language is its
``language`` field (``zh``, ``zh-Hant``, ``ja``, … with an optional ``script``), else
detected from its text.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rouge_score import rouge_scorer

from briefing import text as textlib
from briefing.errors import EvaluationError
from briefing.ingest.dates import parse_date
from briefing.languages import counts_characters, detect_language, fold, length
from briefing.models import OTHER_THEME_ID, Article, Theme
from briefing.stories import THRESHOLD, StoryOptions, cluster_articles
from briefing.summarize import SummaryOptions, summarize
from briefing.summarizers import SUMMARIZERS
from briefing.themes import ThemeOptions, ThemeProfile, assign_themes

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class EvalRecord:
    """One article of an evaluation set, its reference summary and its label."""

    article: Article
    reference: str = ""
    label: str | None = None
    split: str | None = None  # "tune" or "holdout" in sets split for honest tuning


def iter_eval_set(
    path: str | Path,
    limit: int | None = None,
    label_field: str = "category",
    split: str | None = None,
) -> Iterator[EvalRecord]:
    """Records of a JSON Lines set, in file order, at most ``limit`` of them; with
    ``split``, only the rows whose ``split`` field has that value."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot open evaluation set ({exc.strerror})") from None
    with handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if limit is not None and count >= limit:
                return
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise EvaluationError(
                    f'{path}:{number}: each line must be an object with a "text" string'
                )
            if split is not None and row.get("split") != split:
                continue
            text = textlib.clean(row["text"])
            title = str(row.get("title") or "").strip()
            language = _row_language(row) or detect_language(f"{title}\n{text}")
            article = Article(
                id=str(row.get("id") or f"{path.stem}-{number}"),
                title=title or textlib.shorten(text, 90),
                text=text,
                path=f"{path}:{number}",
                title_derived=not title,
                source=str(row["source"]) if row.get("source") else None,
                date=parse_date(str(row["date"])) if row.get("date") else None,
                language=language,
            )
            label = row.get(label_field)
            yield EvalRecord(
                article=article,
                reference=str(row.get("summary") or ""),
                label=str(label) if label is not None else None,
                split=str(row["split"]) if row.get("split") else None,
            )
            count += 1


def _row_language(row: dict[str, object]) -> str | None:
    language, script = row.get("language"), row.get("script")
    if not isinstance(language, str) or not language.strip():
        return None
    if isinstance(script, str) and script.strip() and "-" not in language:
        return f"{language.strip()}-{script.strip()}"
    return language.strip()


def load_eval_set(
    path: str | Path,
    limit: int | None = None,
    label_field: str = "category",
    split: str | None = None,
) -> list[EvalRecord]:
    records = list(iter_eval_set(path, limit, label_field, split))
    if not records:
        where = f' with split "{split}"' if split is not None else ""
        raise EvaluationError(f"{path}: no articles{where} in the evaluation set")
    return records


# ---------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class SummaryScores:
    """Mean figures of one algorithm over a set."""

    algorithm: str
    rouge1: float
    rouge2: float
    rouge_l: float
    lead_rouge2: float  # Lead cut to the same number of words as each summary
    avg_words: float  # in ``unit``
    ms_per_article: float
    articles: int
    unit: str = "words"  # "characters" for Chinese, Japanese, Thai…; "mixed" for both kinds

    @property
    def ratio_to_lead(self) -> float:
        return self.rouge2 / self.lead_rouge2 if self.lead_rouge2 else 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "algorithm": self.algorithm,
            "rouge1_f": round(self.rouge1, 4),
            "rouge2_f": round(self.rouge2, 4),
            "rougeL_f": round(self.rouge_l, 4),
            "lead_equal_words_rouge2_f": round(self.lead_rouge2, 4),
            "ratio_to_lead": round(self.ratio_to_lead, 3),
            "avg_words": round(self.avg_words, 1),
            "length_unit": self.unit,
            "ms_per_article": round(self.ms_per_article, 2),
            "articles": self.articles,
        }


def _lead_words(article: Article, count: int) -> str:
    return " ".join(article.text.split()[:count])


def _lead_characters(article: Article, count: int) -> str:
    """The opening of ``article`` holding ``count`` characters other than spaces."""
    seen = 0
    for end, char in enumerate(article.text, 1):
        seen += not char.isspace()
        if seen >= count:
            return article.text[:end]
    return article.text


class CharacterTokenizer:
    """rouge-score tokens for languages written without spaces (Chinese, Japanese, Thai…):
    each letter or digit, folded (Thai vowel and tone marks, which are not letters, are
    left out like punctuation)."""

    @staticmethod
    def tokenize(text: str) -> list[str]:
        return [c for c in fold(text) if c.isalnum()]


def default_algorithms() -> list[str]:
    return sorted(SUMMARIZERS)


def evaluate_summaries(
    records: Sequence[EvalRecord],
    algorithms: Sequence[str] | None = None,
    options: SummaryOptions | None = None,
) -> list[SummaryScores]:
    """ROUGE F (stemmed) of each algorithm's summaries against the references."""
    options = options or SummaryOptions()
    usable = [r for r in records if r.reference.strip()]
    if not usable:
        raise EvaluationError('no article in the set has a reference "summary"')
    word_scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    char_scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=CharacterTokenizer())
    units = {
        "characters" if counts_characters(r.article.language, r.article.text) else "words"
        for r in usable
    }
    unit = units.pop() if len(units) == 1 else "mixed"
    lead_cache: dict[tuple[str, int], float] = {}
    results = []
    for name in algorithms or default_algorithms():
        algo_options = SummaryOptions(
            algorithm=name, sentences=options.sentences, ratio=options.ratio, words=options.words
        )
        sums = Counter[str]()
        lead_sum = 0.0
        words_sum = 0
        elapsed = 0.0
        textlib.clear_caches()  # every algorithm pays for its own sentence splitting
        for record in usable:
            start = time.perf_counter()
            summary = summarize(record.article, algo_options)
            elapsed += time.perf_counter() - start
            cjk = counts_characters(record.article.language, record.article.text)
            produced = ("" if cjk else " ").join(summary.texts)
            words = length(produced, record.article.language)[0]
            words_sum += words
            scorer = char_scorer if cjk else word_scorer
            scores = scorer.score(record.reference, produced)
            for kind in ROUGE_TYPES:
                sums[kind] += scores[kind].fmeasure
            key = (record.article.id, words)
            if key not in lead_cache:
                cut = _lead_characters if cjk else _lead_words
                lead = cut(record.article, words)
                lead_cache[key] = scorer.score(record.reference, lead)["rouge2"].fmeasure
            lead_sum += lead_cache[key]
        n = len(usable)
        results.append(
            SummaryScores(
                algorithm=name,
                rouge1=sums["rouge1"] / n,
                rouge2=sums["rouge2"] / n,
                rouge_l=sums["rougeL"] / n,
                lead_rouge2=lead_sum / n,
                avg_words=words_sum / n,
                ms_per_article=1000 * elapsed / n,
                articles=n,
                unit=unit,
            )
        )
    return results


def format_summary_table(results: Sequence[SummaryScores]) -> str:
    header = (
        f"{'algorithm':<12} {'R-1 F':>7} {'R-2 F':>7} {'R-L F':>7} "
        f"{'Lead R-2':>8} {'x Lead':>7} {_unit_header(results):>6} {'ms/art':>7}"
    )
    lines = [header, "-" * len(header)]
    for r in sorted(results, key=lambda r: r.ratio_to_lead, reverse=True):
        lines.append(
            f"{r.algorithm:<12} {r.rouge1:7.4f} {r.rouge2:7.4f} {r.rouge_l:7.4f} "
            f"{r.lead_rouge2:8.4f} {r.ratio_to_lead:7.3f} {r.avg_words:6.1f} "
            f"{r.ms_per_article:7.2f}"
        )
    n = results[0].articles if results else 0
    unit = results[0].unit if results else "words"
    lines.append(
        f"{n} articles; x Lead = ROUGE-2 F / ROUGE-2 F of the lead cut to equal "
        + ("length (characters for Chinese, Japanese, Thai…)" if unit != "words" else "words")
    )
    return "\n".join(lines)


def _unit_header(results: Sequence[SummaryScores]) -> str:
    unit = results[0].unit if results else "words"
    return {"words": "words", "characters": "chars"}.get(unit, "length")


# ------------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class ThemeEvaluation:
    """Accuracy, macro-F1 over the labels, and the confusion matrix (label → predicted)."""

    articles: int
    accuracy: float
    macro_f1: float
    f1: dict[str, float]
    confusion: dict[str, dict[str, int]]
    predicted_labels: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "f1": {k: round(v, 4) for k, v in self.f1.items()},
            "confusion": self.confusion,
        }


def evaluate_themes(
    records: Sequence[EvalRecord],
    themes: Sequence[Theme],
    options: ThemeOptions | None = None,
    profile: ThemeProfile | None = None,
) -> ThemeEvaluation:
    """Place every article and compare with its label (theme ids are the labels)."""
    labelled = [r for r in records if r.label is not None]
    if not labelled:
        raise EvaluationError("no article in the set has the label field; check --label-field")
    scores = assign_themes([r.article for r in labelled], themes, options, profile=profile)
    gold = [str(r.label) for r in labelled]
    predicted = [s.theme for s in scores]
    labels = sorted(set(gold))
    columns = [*labels, *sorted(set(predicted) - set(labels) - {OTHER_THEME_ID})]
    columns.append(OTHER_THEME_ID)
    confusion = {g: dict.fromkeys(columns, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    f1 = {}
    for label in labels:
        tp = confusion[label][label]
        fp = sum(confusion[g].get(label, 0) for g in labels if g != label)
        fn = sum(confusion[label].values()) - tp
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return ThemeEvaluation(
        articles=len(labelled),
        accuracy=correct / len(labelled),
        macro_f1=sum(f1.values()) / len(f1),
        f1=f1,
        confusion=confusion,
        predicted_labels=tuple(predicted),
    )


def format_theme_report(result: ThemeEvaluation) -> str:
    labels = list(result.confusion)
    columns = list(next(iter(result.confusion.values())))
    corner = "label \\ predicted"
    width = max(len(c) for c in [*columns, corner]) + 1
    lines = [
        f"{result.articles} articles: accuracy {result.accuracy:.4f}, "
        f"macro-F1 {result.macro_f1:.4f}",
        "",
        f"{corner:<{width}}" + "".join(f"{c:>{width}}" for c in columns),
    ]
    for label in labels:
        row = result.confusion[label]
        lines.append(f"{label:<{width}}" + "".join(f"{row[c]:>{width}}" for c in columns))
    lines.append("")
    lines.append("F1: " + ", ".join(f"{k} {v:.3f}" for k, v in result.f1.items()))
    return "\n".join(lines)


# ------------------------------------------------------------------------------ stories


@dataclass(frozen=True)
class StoryEvaluation:
    """Pairwise figures of story clustering: a pair of labelled articles is a true pair
    when both have the same event label, a predicted pair when they share a story."""

    articles: int
    events: int
    distractors: int
    threshold: float
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "events": self.events,
            "distractors": self.distractors,
            "threshold": self.threshold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def evaluate_stories(
    records: Sequence[EvalRecord],
    threshold: float = THRESHOLD,
    distractors: Sequence[Article] = (),
) -> StoryEvaluation:
    """Cluster the labelled articles together with ``distractors`` (unlabelled articles
    from elsewhere, as in a real pile) and score the pairs that involve a labelled one:
    a distractor pulled into a labelled story costs precision."""
    labelled = [r for r in records if r.label is not None]
    if not labelled:
        raise EvaluationError("no article in the set has the label field; check --label-field")
    pile = [r.article for r in labelled] + list(distractors)
    groups = cluster_articles(pile, StoryOptions(threshold=threshold))
    n = len(labelled)
    story_of = {i: k for k, group in enumerate(groups) for i in group}
    predicted = 0
    sizes = Counter(story_of[i] for i in range(len(pile)))
    inside = Counter(story_of[i] for i in range(n))
    # Predicted pairs touching a labelled article: within its story, minus the pairs of
    # two distractors.
    for story, size in sizes.items():
        outside = size - inside[story]
        predicted += size * (size - 1) // 2 - outside * (outside - 1) // 2
    events = Counter(str(r.label) for r in labelled)
    true = sum(k * (k - 1) // 2 for k in events.values())
    both = sum(
        k * (k - 1) // 2
        for k in Counter((str(r.label), story_of[i]) for i, r in enumerate(labelled)).values()
    )
    precision = both / predicted if predicted else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return StoryEvaluation(n, len(events), len(distractors), threshold, precision, recall, f1)


def format_story_report(result: StoryEvaluation) -> str:
    pile = f" among {result.distractors} distractors" if result.distractors else ""
    return (
        f"{result.articles} articles in {result.events} events{pile}, threshold "
        f"{result.threshold:.2f}: pairwise precision {result.precision:.4f}, "
        f"recall {result.recall:.4f}, F1 {result.f1:.4f}"
    )
