"""Stage 5: assemble summaries and themes into a Brief, and pick the key points."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing import text as textlib
from briefing.models import (
    OTHER_THEME_ID,
    OTHER_THEME_NAME,
    Article,
    Brief,
    BriefItem,
    BriefSection,
    KeyPoint,
    Skip,
    Summary,
    Theme,
    ThemeScore,
)

DEFAULT_TITLE = "Policy Brief: Economic Security, Defense Spending and Cross-Strait Politics"
OTHER_THEME = Theme(
    id=OTHER_THEME_ID,
    name=OTHER_THEME_NAME,
    terms=(),
    description="Articles that fit none of the themes.",
)
# Maximal marginal relevance: how much a key point's centrality outweighs its overlap
# with key points already chosen.
MMR_LAMBDA = 0.7
MAX_KEY_POINTS_PER_THEME = 3
KEY_POINT_POOL = 50  # MMR looks at the most central few; beyond them nothing would win


@dataclass(frozen=True)
class BriefOptions:
    title: str = DEFAULT_TITLE
    key_points_per_theme: int = MAX_KEY_POINTS_PER_THEME
    since: dt.date | None = None
    until: dt.date | None = None


def _vector(sentence: str, language: str | None = None) -> Counter[str]:
    return Counter(textlib.content_stems(sentence, language))


def _key_points(theme: Theme, items: Sequence[BriefItem], limit: int) -> list[KeyPoint]:
    """Central, non-redundant summary sentences across the theme's articles."""
    candidates = [(item, s.text) for item in items for s in item.summary.sentences]
    if not candidates:
        return []
    vectors = [_vector(text, item.article.language) for item, text in candidates]
    n = len(candidates)
    # Cosine to the rest of the theme's sentences taken together: the same idea as
    # averaging pairwise similarities, but linear in the number of sentences.
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    total_sq = sum(n * n for n in total.values())
    centrality = [textlib.cosine_to_rest(vector, total, total_sq) for vector in vectors]
    # A key point stands alone under its theme: sentences that need their neighbours
    # ("But he said ...") go behind every one that does not.
    alone = [not textlib.leans_on_context(text) for _, text in candidates]
    pool = sorted(range(n), key=lambda i: (not alone[i], -centrality[i], i))[:KEY_POINT_POOL]
    # One key point per article at most, and about one per two articles, up to the limit.
    wanted = max(1, min(limit, math.ceil(len(items) / 2)))
    chosen: list[int] = []
    used_articles: set[str] = set()
    while len(chosen) < wanted:
        best, best_score = None, -math.inf
        for i in pool:
            if i in chosen or candidates[i][0].article.id in used_articles:
                continue
            redundancy = max((textlib.cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            score = MMR_LAMBDA * centrality[i] - (1 - MMR_LAMBDA) * redundancy - (not alone[i])
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
        used_articles.add(candidates[best][0].article.id)
    return [
        KeyPoint(
            theme_id=theme.id,
            sentence=candidates[i][1],
            article_id=candidates[i][0].article.id,
            citation=candidates[i][0].citation,
        )
        for i in chosen
    ]


def build_brief(
    articles: Sequence[Article],
    summaries: Mapping[str, Summary],
    theme_scores: Mapping[str, ThemeScore],
    themes: Sequence[Theme],
    options: BriefOptions | None = None,
    settings: Mapping[str, object] | None = None,
    skipped: Sequence[Skip] = (),
    inputs: int = 0,
    duplicates_merged: int = 0,
    generated_at: dt.datetime | None = None,
) -> Brief:
    """Order articles into theme sections, number citations, choose key points."""
    options = options or BriefOptions()
    all_themes = [*themes, OTHER_THEME]
    by_theme: dict[str, list[Article]] = {t.id: [] for t in all_themes}
    for article in articles:
        by_theme[theme_scores[article.id].theme].append(article)

    def order(article: Article) -> tuple[float, str]:
        score = theme_scores[article.id]
        return (-score.scores.get(score.theme, 0.0), (article.date or dt.date.min).isoformat())

    sections: list[BriefSection] = []
    key_points: list[KeyPoint] = []
    citation = 0
    for theme in all_themes:
        items = []
        for article in sorted(by_theme[theme.id], key=order):
            citation += 1
            items.append(
                BriefItem(article, summaries[article.id], theme_scores[article.id], citation)
            )
        if not items:
            continue
        sections.append(BriefSection(theme=theme, items=tuple(items)))
        if theme.id != OTHER_THEME_ID:
            key_points.extend(_key_points(theme, items, options.key_points_per_theme))
    return Brief(
        title=options.title,
        generated_at=generated_at or dt.datetime.now().astimezone().replace(microsecond=0),
        settings=dict(settings or {}),
        themes=tuple(themes),
        sections=tuple(sections),
        key_points=tuple(key_points),
        skipped=tuple(skipped),
        inputs=inputs,
        duplicates_merged=duplicates_merged,
        since=options.since,
        until=options.until,
    )
