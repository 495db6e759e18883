"""Key points: 1-3 per theme, verbatim summary sentences, cited as their article."""

from __future__ import annotations

from pathlib import Path

from briefing.ingest import load_articles
from briefing.pipeline import BuildRequest, brief_from_articles
from briefing.themes import load_themes


def test_key_points_are_cited_summary_sentences_of_their_theme(data_dir: Path) -> None:
    articles = load_articles([str(data_dir)]).articles
    brief = brief_from_articles(articles, load_themes(), BuildRequest([], {}))
    items = {item.article.id: item for item in brief.items}
    per_theme: dict[str, list[str]] = {}
    for point in brief.key_points:
        item = items[point.article_id]
        assert point.citation == item.citation
        assert point.sentence in item.summary.texts
        assert item.theme_score.theme == point.theme_id
        per_theme.setdefault(point.theme_id, []).append(point.article_id)
    placed = {section.theme.id for section in brief.sections} - {"other"}
    assert set(per_theme) == placed
    for article_ids in per_theme.values():
        assert 1 <= len(article_ids) <= 3
        assert len(set(article_ids)) == len(article_ids)  # one point per article at most


def test_a_sentence_that_needs_its_neighbours_is_not_a_key_point() -> None:
    from briefing.brief import build_brief
    from briefing.models import Article, ScoredSentence, Summary, Theme, ThemeScore

    theme = Theme("ports", "Ports", ("port",))
    texts = {
        "a": "But the port strike over pay halted container traffic at the port.",
        "b": "The port strike over pay halted container traffic for a second day.",
    }
    articles = [Article(id=k, title=k, text=v, path=k) for k, v in texts.items()]
    summaries = {k: Summary(k, "briefing", (ScoredSentence(v, 0, 1.0),)) for k, v in texts.items()}
    scores = {k: ThemeScore(k, "ports", {"ports": 5.0}) for k in texts}
    brief = build_brief(articles, summaries, scores, [theme])
    assert [p.sentence for p in brief.key_points] == [texts["b"]]
