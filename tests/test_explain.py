"""``explain_themes``: every theme's score per article and the terms behind it."""

from __future__ import annotations

from pathlib import Path

from briefing.cli.explain import explain_themes
from briefing.models import OTHER_THEME_ID


def test_scores_every_theme_with_matched_terms(data_dir: Path) -> None:
    report = explain_themes([str(data_dir / "defense-roundup.txt")])
    theme_ids = {t.id for t in report.themes}
    for item in report.explanations:
        assert set(item.score.scores) == theme_ids
        ranked = item.ranked_themes()
        assert ranked == sorted(ranked, key=lambda pair: pair[1], reverse=True)
        best_id, best_score = ranked[0]
        terms = item.ranked_terms(best_id)
        assert terms, "a winning theme matched at least one term"
        assert [w for _, w in terms] == sorted((w for _, w in terms), reverse=True)
        # the weights of the matched terms make up the theme's score
        assert abs(sum(w for _, w in terms) - best_score) < 0.01
    assert report.explanations[0].score.theme == "defense_spending"


def test_custom_themes_file_and_other(tmp_path: Path, data_dir: Path) -> None:
    themes = tmp_path / "themes.toml"
    themes.write_text('[themes.food]\nname = "Food"\nterms = ["noodle", "beef"]\n', "utf-8")
    report = explain_themes([str(data_dir / "off-theme-taipei-life.txt")], themes)
    by_title = {e.article.title: e for e in report.explanations}
    noodles = next(e for t, e in by_title.items() if "Noodle" in t)
    assert noodles.score.theme == "food"
    assert {t for t, _ in noodles.ranked_terms("food")} == {"noodle", "beef"}
    baseball = next(e for t, e in by_title.items() if "Lions" in t)
    assert baseball.score.theme == OTHER_THEME_ID
