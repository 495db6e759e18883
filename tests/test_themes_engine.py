"""Theme placement: evidence rules, negative cues, batch invariance, learned vocabulary,
confidence, "other", secondary themes."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing import background
from briefing import themes as themes_module
from briefing.errors import ThemesError
from briefing.models import Article, Theme
from briefing.themes import assign_themes, learn_profile, load_themes
from tests.cases import cases

FIXTURES = Path(__file__).parent / "fixtures"
SPORT = Theme("sport", "Sport", ("match", "team", "football", "cup"))
BUSINESS = Theme("business", "Business", ("shares", "profit", "bank", "market"))

_SPORT_LINES = [
    "The team won the cup match after extra time.",
    "The striker scored twice and the goalkeeper saved a penalty.",
    "The manager praised the football team's defending.",
    "Fans sang as the striker lifted the cup.",
    "The goalkeeper kept a clean sheet in the match.",
    "The manager said the striker would start on Saturday.",
]
_BUSINESS_LINES = [
    "Shares in the bank rose after profit beat forecasts.",
    "Investors welcomed the dividend on the market.",
    "The bank's profit pleased analysts and investors.",
    "The market rallied as shares in lenders climbed.",
    "The dividend was raised for the third year.",
    "Analysts expect profit to grow as the market recovers.",
]


def _article(i: int, text: str, title: str = "") -> Article:
    return Article(id=f"a{i}", title=title or f"Story {i}", text=text, path=f"{i}.txt")


def _corpus() -> list[Article]:
    """Twelve varied articles per theme, each three lines of its theme's pool."""
    articles = []
    for offset, pool in ((0, _SPORT_LINES), (100, _BUSINESS_LINES)):
        for i in range(12):
            lines = [pool[(i + k) % len(pool)] for k in (0, 1, 3)]
            articles.append(_article(offset + i, " ".join(lines)))
    return articles


def test_sparse_theme_learns_vocabulary_from_the_run_for_an_article_without_terms() -> None:
    unseen = _article(
        99,
        "The striker scored twice and the goalkeeper saved a penalty. The manager said the "
        "striker would start on Saturday.",
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


def test_description_words_back_up_a_term_but_are_no_evidence_alone() -> None:
    ferries = Theme(
        "transport", "Transport", ("railway",), description="Ferries, harbours and buses."
    )
    only_description = _article(1, "Two new ferries will serve the harbours. They carry buses.")
    assert assign_themes([only_description], [ferries, SPORT])[0].theme == "other"
    with_term = _article(2, "The railway will meet the ferries at the harbours every hour.")
    assert assign_themes([with_term], [ferries, SPORT])[0].theme == "transport"


def test_one_term_repeated_is_one_piece_of_evidence() -> None:
    defense = Theme("defense", "Defense", ("drone", "budget", "procurement"))
    repeated = _article(1, "A drone, a drone and another drone flew over the drone festival.")
    assert assign_themes([repeated], [defense])[0].theme == "other"
    two_terms = _article(2, "The ministry plans drone procurement under next year's plan.")
    assert assign_themes([two_terms], [defense])[0].theme == "defense"


def test_a_phrase_in_the_title_is_enough_but_not_in_the_body() -> None:
    econ = Theme("econ", "Economic security", ("export controls", "entity list", "tariff"))
    body = "Officials met on Tuesday. Later, the talks touched on export controls."
    in_title = _article(1, body, title="Washington widens export controls")
    assert assign_themes([in_title], [econ])[0].theme == "econ"
    in_body = _article(2, "Officials met on Tuesday. " * 3 + body, title="Officials meet")
    assert assign_themes([in_body], [econ])[0].theme == "other"


def test_place_names_and_datelines_are_no_evidence() -> None:
    cross_strait = Theme("cs", "Cross-strait", ("Taipei", "Beijing", "cross-strait", "KMT"))
    heat = _article(
        1,
        "TAIPEI (CNA) — Taipei recorded its hottest day as a heatwave spread from Beijing "
        "to Taipei; hospitals in Taipei treated dozens for heatstroke.",
        title="Taipei swelters",
    )
    assert assign_themes([heat], [cross_strait])[0].theme == "other"


def test_exclude_phrases_stop_a_misleading_term() -> None:
    show = _article(
        1,
        "A drone light show lit the sky at midnight. Organisers said the "
        "finale recreated a missile launch in light.",
        title="New Year drone light show",
    )
    plain = Theme("defense", "Defense", ("drone", "missile"))
    assert assign_themes([show], [plain])[0].theme == "defense"
    guarded = Theme("defense", "Defense", ("drone", "missile"), exclude=("drone light show",))
    score = assign_themes([show], [guarded])[0]
    assert score.theme == "other"
    assert set(score.matched_terms["defense"]) == {"missile"}
    assert score.scores["defense"] < assign_themes([show], [plain])[0].scores["defense"]


def test_context_terms_add_weight_but_no_evidence() -> None:
    econ = Theme(
        "econ",
        "Economic security",
        ("export controls", "entity list", "tariff"),
        context=("TSMC", "chip", "semiconductor"),
    )
    earnings = _article(
        1,
        "TSMC posted record quarterly profit on chip demand. The semiconductor maker's "
        "revenue rose as chip orders for AI servers grew.",
        title="TSMC profit jumps on AI chip demand",
    )
    assert assign_themes([earnings], [econ])[0].theme == "other"
    controls = _article(
        2,
        "Washington tightened export controls and added firms to the entity list. TSMC "
        "said its chip shipments would comply.",
        title="New curbs",
    )
    placed = assign_themes([controls], [econ])[0]
    assert placed.theme == "econ"
    assert "TSMC" in placed.matched_terms["econ"]


def test_primary_theme_does_not_depend_on_the_rest_of_the_run() -> None:
    # A clear business story keeps its theme in a pile of sport stories, and vice versa.
    story = _article(50, " ".join(_BUSINESS_LINES[:3]), title="Bank profit beats forecasts")
    alone = assign_themes([story], [SPORT, BUSINESS])[0]
    sport_pile = [a for a in _corpus() if a.id.startswith("a") and int(a.id[1:]) < 100]
    among = assign_themes([*sport_pile, story], [SPORT, BUSINESS])[-1]
    assert alone.theme == among.theme == "business"
    assert alone.confidence == among.confidence


def test_confidence_is_the_margin_and_is_low_for_a_close_call() -> None:
    clear = assign_themes([_article(1, " ".join(_SPORT_LINES))], [SPORT, BUSINESS])[0]
    assert clear.theme == "sport"
    assert clear.confidence == 1.0  # no other theme has any evidence
    mixed = _article(
        2,
        "The football team reported a profit. Shares in the football team rose on the market "
        "after the cup match, and the bank that owns the team welcomed the profit.",
    )
    score = assign_themes([mixed], [SPORT, BUSINESS])[0]
    assert score.theme in {"sport", "business"}
    assert 0.0 <= score.confidence < 0.5
    assert score.secondary_themes == tuple({"sport", "business"} - {score.theme})


def test_learned_profile_places_an_article_alone_and_off_theme_examples_hold() -> None:
    unseen = _article(
        99,
        "The striker was injured in training. The goalkeeper and the striker will miss "
        "the weekend, the manager said.",
    )
    recipe = _article(
        98, "Soak the figs overnight, fold the walnuts into the dough and bake the loaf."
    )
    labelled = [(a, "sport" if int(a.id[1:]) < 100 else "business") for a in _corpus()]
    baking = [
        (_article(200 + i, f"Knead the dough {i} times, bake the loaf and cool the figs."), "other")
        for i in range(5)
    ]
    profile = learn_profile([*labelled, *baking])
    placed = assign_themes([unseen], [SPORT, BUSINESS], profile=profile)[0]
    assert placed.theme == "sport"
    assert placed.learned["sport"] > 0
    assert assign_themes([recipe], [SPORT, BUSINESS], profile=profile)[0].theme == "other"


def test_themes_file_keys_exclude_context_and_language_terms(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text(
        '[themes.defense]\nname = "Defense"\nterms = ["drone"]\n'
        'exclude = ["drone light show"]\ncontext = ["Pentagon"]\n'
        'terms_zh = ["國防預算"]\nterms_ja = ["防衛費"]\n',
        encoding="utf-8",
    )
    (theme,) = load_themes(path)
    assert theme.exclude == ("drone light show",)
    assert theme.context == ("Pentagon",)
    assert dict(theme.language_terms) == {"zh": ("國防預算",), "ja": ("防衛費",)}
    assert theme.all_terms() == ("drone", "國防預算", "防衛費")


def test_themes_file_with_a_bad_exclude_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text('[themes.d]\nname = "D"\nterms = ["x"]\nexclude = "y"\n', encoding="utf-8")
    with pytest.raises(ThemesError, match=r"\[themes.d\]: exclude must be"):
        load_themes(path)


def test_default_themes_have_forty_terms_each() -> None:
    assert all(len(set(t.terms)) >= 40 for t in load_themes())


def test_bbc_themes_fixture_has_five_themes_of_twelve_terms() -> None:
    themes = load_themes(FIXTURES / "bbc-themes.toml")
    assert [t.id for t in themes] == ["business", "entertainment", "politics", "sport", "tech"]
    assert all(len(t.terms) == 12 for t in themes)


@cases(500)
@given(
    st.lists(
        st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, 5), min_size=1),
        min_size=6,  # five members, one left out: a centroid
        max_size=12,
    ),
    st.integers(0, 4),
)
def test_run_vectors_give_the_numbers_dicts_gave(stems, skip):
    # The run's word vectors are kept as stems and an array of weights, for memory: the
    # weights, centroids and cosines must be those of the dict vectors, to the last bit.
    counts = [Counter(c) for c in stems]
    vectors = themes_module._run_vectors([(tuple(c), tuple(c.values())) for c in counts])
    spread = Counter(s for c in counts for s in c)
    idf = {s: math.log((len(counts) + 1) / (n + 1)) for s, n in spread.items()}
    dicts = [background.weighted(c, idf) for c in counts]
    assert [dict(zip(k, v, strict=True)) for k, v in vectors] == dicts
    placed = [("t", 1.0)] * len(counts)
    placed[skip] = ("other", 1.0)
    centroids, typical = themes_module._centroids(vectors, placed)
    summed: Counter[str] = Counter()
    members = [d for i, d in enumerate(dicts) if i != skip]
    for d in members:
        summed.update(d)
    centroid = background.normalized(dict(summed))
    assert centroids == {"t": centroid}
    assert typical == {"t": statistics.median(_dot(d, centroid) for d in members)}
    for vector, d in zip(vectors, dicts, strict=True):
        for other in [centroid, dicts[0], {}]:
            assert themes_module._run_dot(vector, other) == _dot(d, other)
            assert background.dot(d, other) == _dot(d, other)


def _dot(a, b):
    """background.dot as it was written before: one Python step per word."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())
