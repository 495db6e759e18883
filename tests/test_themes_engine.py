"""Theme placement beyond term counting: description words, learned vocabulary, "other",
secondary themes."""

from __future__ import annotations

from pathlib import Path

from briefing.models import Article, Theme
from briefing.themes import assign_themes, load_themes

FIXTURES = Path(__file__).parent / "fixtures"
SPORT = Theme("sport", "Sport", ("match", "team", "football", "cup"))
BUSINESS = Theme("business", "Business", ("shares", "profit", "bank", "market"))


def _article(i: int, text: str, title: str = "") -> Article:
    return Article(id=f"a{i}", title=title or f"Story {i}", text=text, path=f"{i}.txt")


def _corpus() -> list[Article]:
    sport = [
        f"The team won the cup match {i} to nil. The striker scored and the goalkeeper "
        "saved a penalty as the football team celebrated. The striker and the goalkeeper "
        "were praised by the manager."
        for i in range(12)
    ]
    business = [
        f"Shares in the bank rose {i} percent on the market after profit beat forecasts. "
        "Investors welcomed the dividend and the bank's profit. The dividend pleased "
        "investors on the market."
        for i in range(12)
    ]
    return [_article(i, t) for i, t in enumerate(sport + business)]


def test_vocabulary_learned_from_confident_articles_places_an_article_without_terms() -> None:
    unseen = _article(
        99,
        "The striker was injured in training. The goalkeeper and the striker will miss "
        "the weekend, the manager said.",
    )
    alone = assign_themes([unseen], [SPORT, BUSINESS])[0]
    assert alone.theme == "other"  # none of the user's terms occurs
    among = assign_themes([*_corpus(), unseen], [SPORT, BUSINESS])[-1]
    assert among.theme == "sport"  # "striker", "goalkeeper" learned from the sport articles


def test_off_theme_article_is_other_even_among_many() -> None:
    recipe = _article(
        98,
        "Soak the dried figs overnight. Chop the walnuts, fold them into the dough and "
        "bake the loaf for forty minutes until golden.",
    )
    scores = assign_themes([*_corpus(), recipe], [SPORT, BUSINESS])
    assert scores[-1].theme == "other"
    assert scores[-1].secondary_themes == ()


def test_description_words_count() -> None:
    ferries = Theme(
        "transport", "Transport", ("railway",), description="Ferries, harbours and buses."
    )
    article = _article(1, "Two new ferries will serve the harbours. The ferries carry buses.")
    assert assign_themes([article], [ferries, SPORT])[0].theme == "transport"


def test_two_close_themes_give_a_secondary_theme() -> None:
    article = _article(
        1,
        "The football team reported a profit. Shares in the football team rose on the market "
        "after the cup match, and the bank that owns the team welcomed the profit.",
    )
    score = assign_themes([article], [SPORT, BUSINESS])[0]
    assert score.theme in {"sport", "business"}
    assert score.secondary_themes == tuple({"sport", "business"} - {score.theme})


def test_bbc_themes_fixture_has_five_themes_of_twelve_terms() -> None:
    themes = load_themes(FIXTURES / "bbc-themes.toml")
    assert [t.id for t in themes] == ["business", "entertainment", "politics", "sport", "tech"]
    assert all(len(t.terms) == 12 for t in themes)
