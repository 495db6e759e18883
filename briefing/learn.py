"""``briefing themes learn``: theme profiles from articles an analyst labelled.

Two inputs are understood: JSON Lines with ``title``, ``text`` and a label field (the
evaluation-set format), and a brief's own JSON export (``build --json``) whose
``theme`` fields were corrected by hand; there the article's title and summary stand in
for its text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing import fileio
from briefing.errors import ThemesError
from briefing.evaluate import load_eval_set
from briefing.models import OTHER_THEME_ID, Article, Theme
from briefing.themes import ThemeProfile, learn_profile, save_profile

LABEL_FIELDS = ("theme", "category")  # tried in this order when none is named


@dataclass(frozen=True)
class LearnResult:
    profile: ThemeProfile
    path: Path
    examples: dict[str, int]  # labelled articles per theme id, "other" included
    source: str  # "brief JSON" or "JSON Lines"


def _brief_articles(data: dict[str, object], path: Path) -> list[tuple[Article, str]]:
    rows = data.get("articles")
    if not isinstance(rows, list):
        raise ThemesError(f'{path}: a brief JSON needs an "articles" list')
    labelled = []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("theme"), str):
            raise ThemesError(f'{path}: article {number} has no "theme"')
        summary = row.get("summary") or []
        text = " ".join(s for s in summary if isinstance(s, str))
        title = str(row.get("title") or "")
        article = Article(id=str(row.get("id") or number), title=title, text=text, path=str(path))
        labelled.append((article, row["theme"]))
    return labelled


def _jsonl_articles(
    path: Path, label_field: str | None, split: str | None
) -> list[tuple[Article, str]]:
    first = ""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                first = line
                break
    try:
        row = json.loads(first) if first else {}
    except json.JSONDecodeError:
        row = {}
    field = label_field or next((f for f in LABEL_FIELDS if f in row), LABEL_FIELDS[0])
    records = load_eval_set(path, label_field=field, split=split)
    unlabelled = sum(r.label is None for r in records)
    if unlabelled:
        raise ThemesError(f'{path}: {unlabelled} article(s) lack the label field "{field}"')
    return [(r.article, str(r.label)) for r in records]


def read_labelled(
    path: str | Path, label_field: str | None = None, split: str | None = None
) -> tuple[list[tuple[Article, str]], str]:
    """(article, theme id) pairs from a labelled JSON Lines file (only the rows of
    ``split`` when given) or a brief's JSON."""
    path = Path(path)
    head = fileio.read_user_text(path, "labelled file", ThemesError)
    try:
        whole = json.loads(head)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and "articles" in whole:
        return _brief_articles(whole, path), "brief JSON"
    return _jsonl_articles(path, label_field, split), "JSON Lines"


def learn(
    labelled_path: str | Path,
    output: str | Path,
    themes: Sequence[Theme],
    label_field: str | None = None,
    split: str | None = None,
) -> LearnResult:
    """Learn a profile from ``labelled_path`` and write it to ``output``."""
    labelled, source = read_labelled(labelled_path, label_field, split)
    known = {t.id for t in themes}
    unknown = sorted({label for _, label in labelled} - known - {OTHER_THEME_ID})
    if unknown:
        raise ThemesError(
            f"{labelled_path}: label(s) {', '.join(unknown)} are not themes of the themes "
            f"file (known: {', '.join(sorted(known))}, {OTHER_THEME_ID})"
        )
    profile = learn_profile(labelled)
    if not profile.centroids:
        raise ThemesError(f"{labelled_path}: no article is labelled with a theme to learn")
    written = fileio.atomic_write(Path(output), save_profile(profile).encode("utf-8"))
    examples = Counter(label for _, label in labelled)
    return LearnResult(profile, written, dict(examples), source)
