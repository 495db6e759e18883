"""The seed page must become exactly five articles with the expected themes."""

import json

import docx
import pytest
from typer.testing import CliRunner

from briefing import text
from briefing.cli import app
from briefing.ingest import load_articles
from briefing.summarize import SummaryOptions, summarize
from briefing.summarizers import SUMMARIZERS
from briefing.themes import assign_themes, load_themes


@pytest.fixture
def seed_articles(seed_path):
    return load_articles([str(seed_path)]).articles


def test_seed_is_five_articles_the_last_four_cut_off(seed_articles, seed_path):
    assert len(seed_articles) == 5
    assert [a.truncated for a in seed_articles] == [False, True, True, True, True]
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    assert seed_articles[0].text.split("\n\n") == lines[:15]
    assert [a.text for a in seed_articles[1:]] == lines[15:]
    assert all(a.title_derived for a in seed_articles)
    assert len({a.id for a in seed_articles}) == 5


def test_seed_ids_are_stable(seed_path):
    first = [a.id for a in load_articles([str(seed_path)]).articles]
    second = [a.id for a in load_articles([str(seed_path)]).articles]
    assert first == second


def test_seed_themes(seed_articles):
    scores = assign_themes(seed_articles, load_themes())
    themes = [s.theme for s in scores]
    assert themes[0] == "economic_security"  # Taiwan–Japan cooperation
    assert themes[1] == "other"  # Kristof education column
    assert themes[3] == "economic_security"  # Lunar New Year, Taiwan–US trade agreement
    assert themes[4] == "cross_strait_politics"  # KMT at the Beijing forum
    for score in scores:
        assert set(score.scores) == {
            "economic_security",
            "defense_spending",
            "cross_strait_politics",
        }


@pytest.mark.parametrize("algorithm", sorted(SUMMARIZERS))
def test_every_algorithm_gives_verbatim_sentences_in_source_order(seed_articles, algorithm):
    for article in seed_articles:
        summary = summarize(article, SummaryOptions(algorithm=algorithm, sentences=2))
        sentences = text.split_sentences(article.text)
        positions = [sentences.index(s) for s in summary.texts]
        assert positions == sorted(positions)
        assert all(s in article.text for s in summary.texts)
        if article.truncated:
            assert sentences[-1] not in summary.texts  # the cut-off sentence is never used
        assert 1 <= len(summary.texts) <= 2


def test_seed_brief_through_the_cli(seed_path, tmp_path):
    out, js = tmp_path / "seed.docx", tmp_path / "seed.json"
    result = CliRunner().invoke(app, ["build", str(seed_path), "-o", str(out), "--json", str(js)])
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5
    by_theme = {t["id"]: t["article_ids"] for t in data["themes"]}
    assert len(by_theme["economic_security"]) >= 2
    assert len(by_theme["cross_strait_politics"]) >= 1
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    for story in data["stories"]:  # each told in full, those outside the themes compactly
        assert any(story["headline"] in p for p in paragraphs)
        shown = story["summary"] if story["theme"] != "other" else story["summary"][:1]
        for sentence in shown:
            assert any(sentence["text"] in p for p in paragraphs)
    assert any("蕭旭岑" in p for p in paragraphs)
