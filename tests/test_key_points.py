"""Key points: one per top story, grouped by theme, each a sentence that reads alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import evaluate
from briefing.ingest import load_articles
from briefing.models import Article, Brief
from briefing.pipeline import BuildRequest, make_brief_from_articles
from briefing.renderers import wording
from briefing.themes import load_themes

DEVSET = Path(__file__).resolve().parent / "devsets" / "policy_en.jsonl"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Openings whose referent is in an earlier sentence, written out here independently of the
# code's own list: a key point is printed alone, so none may start like this.
DANGLING = re.compile(
    r"^[\"“‘']?(he|she|it|its|they|them|their|his|her|this|that|these|those|such|but|and|"
    r"or|so|yet|also|however|meanwhile|moreover|furthermore|instead|still|thus|hence|"
    r"then|there|we|our|i|you|the latter|the former|in addition|as a result)\b",
    re.IGNORECASE,
)


def brief_of(articles: list[Article], themes_file: Path | None = None) -> Brief:
    themes = load_themes(themes_file)
    return make_brief_from_articles(articles, themes, BuildRequest([], {}, themes_file=themes_file))


def data_articles(data_dir: Path) -> list[Article]:
    return list(load_articles([str(data_dir)]).articles)


def check_key_points(brief: Brief) -> None:
    items = {item.article.id: item for item in brief.items}
    assert brief.key_points
    for point in brief.key_points:
        assert not DANGLING.match(point.sentence), point.sentence
        assert point.sentence[:1].isupper() or point.sentence[:1] in "\"“‘'0123456789"
        item = items[point.article_id]
        assert point.citation == item.citation
        assert point.sentence in item.article.text  # verbatim
    for section in brief.sections:
        points = [p for p in brief.key_points if p.theme_id == section.theme.id]
        if section.theme.id == "other":
            assert not points
            continue
        # One per top story, the top stories first, never two from one story.
        top = section.top_stories[: len(points)]
        assert len(points) <= 3
        assert {p.article_id for p in points} <= {i for s in top for i in s.story.article_ids}
        assert len({s.story.id for s in top}) == len(points)
    for _, points in wording.key_point_groups(brief):
        citations = [p.citation for p in points]
        assert citations == sorted(citations)


def test_key_points_of_the_sample_data(data_dir: Path) -> None:
    brief = brief_of(data_articles(data_dir))
    check_key_points(brief)
    placed = {section.theme.id for section in brief.sections} - {"other"}
    assert {p.theme_id for p in brief.key_points} == placed


@pytest.mark.slow
def test_key_points_of_the_english_dev_set() -> None:
    articles = [r.article for r in evaluate.load_eval_set(DEVSET)]
    check_key_points(brief_of(articles))


@pytest.mark.slow
def test_key_points_of_the_bbc_dev_set(bbc_dev: Path) -> None:
    articles = [r.article for r in evaluate.load_eval_set(bbc_dev)]
    check_key_points(brief_of(articles, FIXTURES / "bbc-themes.toml"))


@pytest.mark.parametrize(
    "sentence",
    [
        "But the port strike over pay halted container traffic at the port.",
        "He said the strike over pay would halt container traffic at the port.",
        "However, the port strike over pay halted container traffic.",
        '"We will halt container traffic at the port over pay," the union said.',
    ],
)
def test_a_sentence_that_needs_its_neighbours_is_not_a_key_point(sentence: str) -> None:
    from briefing.brief import assemble_brief
    from briefing.models import ScoredSentence, Summary, Theme, ThemeScore

    good = "The port strike over pay halted container traffic in Kaohsiung for a second day."
    article = Article(id="a", title="Port strike", text=f"{sentence} {good}", path="a.txt")
    summary = Summary("a", "lead", (ScoredSentence(sentence, 0, 1.0, 1),
                                    ScoredSentence(good, 1, 0.5, 2)))  # fmt: skip
    score = ThemeScore("a", "ports", {"ports": 5.0})
    brief = assemble_brief([article], {"a": summary}, {"a": score}, [Theme("ports", "Ports", ())])
    assert [p.sentence for p in brief.key_points] == [good]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("BEIJING, Oct. 9 (Xinhua) -- China's ministry acted.", "China's ministry acted."),
        ("TAIPEI, Taiwan (AP) — China's military launched drills.",
         "China's military launched drills."),
        ("AKITA, Japan, Oct. 25 Kyodo - Bear attacks rose.", "Bear attacks rose."),
        ("Kaohsiung, Nov. 8 (CNA) Taiwan's first submarine sailed.",
         "Taiwan's first submarine sailed."),
        ("NATO - the alliance met.", "NATO - the alliance met."),
        ("Taipei, the capital, said so.", "Taipei, the capital, said so."),
    ],
)  # fmt: skip
def test_a_wire_dateline_is_not_part_of_a_key_point(sentence: str, expected: str) -> None:
    from briefing.text import without_dateline

    assert without_dateline(sentence) == expected


@pytest.mark.slow
def test_no_key_point_of_the_english_dev_set_opens_with_a_dateline() -> None:
    articles = [r.article for r in evaluate.load_eval_set(DEVSET)]
    dateline = re.compile(r"^[A-Z]{3,}[A-Z/ ,.]*.{0,30}(—|--| - )|^[A-Z][a-z]+, [A-Z][a-z]{2}")
    assert not [p.sentence for p in brief_of(articles).key_points if dateline.match(p.sentence)]
