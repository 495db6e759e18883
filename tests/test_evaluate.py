"""briefing eval: ROUGE of summaries and accuracy of themes, from Python and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import EvaluationError
from briefing.evaluate import evaluate_summaries, evaluate_themes, load_eval_set
from briefing.models import Theme

FIXTURES = Path(__file__).parent / "fixtures"


def _write_set(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_lead_against_itself_at_equal_words_is_exactly_one(bbc_dev: Path) -> None:
    records = load_eval_set(bbc_dev, limit=20)
    (lead,) = evaluate_summaries(records, ["lead"])
    assert lead.articles == 20
    assert lead.ratio_to_lead == pytest.approx(1.0)
    assert 0 < lead.rouge2 <= lead.rouge1 <= 1


@pytest.mark.slow
def test_words_budget_limits_summary_length(bbc_dev: Path) -> None:
    from briefing.summarize import SummaryOptions

    records = load_eval_set(bbc_dev, limit=20)
    (short,) = evaluate_summaries(records, ["briefing"], SummaryOptions(words=30))
    (long,) = evaluate_summaries(records, ["briefing"], SummaryOptions(sentences=5))
    assert short.avg_words < long.avg_words


@pytest.mark.slow
def test_theme_report_counts_every_article_once(tmp_path: Path) -> None:
    rows = [
        {
            "text": "The striker scored twice as the football team won the cup match.",
            "category": "sport",
        },
        {
            "text": "Shares fell as the bank reported lower profit and weak sales.",
            "category": "business",
        },
        {"text": "Walnuts and dried figs keep well in a cool larder.", "category": "sport"},
    ]
    records = load_eval_set(_write_set(tmp_path / "s.jsonl", rows))
    themes = [
        Theme("sport", "Sport", ("football", "match", "cup", "team")),
        Theme("business", "Business", ("shares", "bank", "profit", "sales")),
    ]
    result = evaluate_themes(records, themes)
    assert result.confusion["sport"] == {"business": 0, "sport": 1, "other": 1}
    assert result.confusion["business"]["business"] == 1
    assert result.accuracy == pytest.approx(2 / 3)


def test_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad.jsonl:2: not valid JSON"):
        load_eval_set(path)


@pytest.mark.slow
def test_cli_summaries_json(bbc_dev: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "summaries",
            str(bbc_dev),
            "--limit",
            "15",
            "-a",
            "briefing",
            "-a",
            "lead",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    figures = {row["algorithm"]: row for row in json.loads(result.output)}
    assert set(figures) == {"briefing", "lead"}
    assert figures["lead"]["ratio_to_lead"] == 1.0
    assert figures["briefing"]["articles"] == 15


def test_cli_themes_table(tmp_path: Path) -> None:
    rows = [{"text": "The film star won an award for the album.", "category": "entertainment"}]
    path = _write_set(tmp_path / "s.jsonl", rows)
    result = CliRunner().invoke(
        app, ["eval", "themes", str(path), "--themes", str(FIXTURES / "bbc-themes.toml")]
    )
    assert result.exit_code == 0, result.output
    assert "1 articles: accuracy 1.0000" in result.output
    assert "entertainment" in result.output


def test_cli_missing_set_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "summaries", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert "cannot open evaluation set" in result.output
