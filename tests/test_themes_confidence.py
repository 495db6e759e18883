"""What an analyst sees of theme confidence and learning: the JSON export, the method
note, a profile learned from a corrected brief and used by build."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli.app import app

MIXED = (
    "Title: Export controls and the special budget dominate Legislative Yuan session\n\n"
    "Lawmakers spent Tuesday arguing over export controls on chipmaking equipment and over "
    "the special budget for weapons procurement. The economy ministry said the entity list "
    "would grow, while the defense ministry defended its budget request for air defense.\n"
)
CLEAR = (
    "Title: Cabinet approves NT$1.25 trillion special defense budget\n\n"
    "The Executive Yuan approved a special defense budget for arms procurement on Thursday, "
    "including HIMARS launchers, air defense missiles and drones. The special budget request "
    "goes to the Legislative Yuan next week, with defense spending set to reach 3.3 percent "
    "of GDP.\n"
)


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    (folder / "clear.txt").write_text(CLEAR, encoding="utf-8")
    (folder / "mixed.txt").write_text(MIXED, encoding="utf-8")
    return folder


def _build(tmp_path: Path, *extra: str) -> tuple[dict, str]:
    base = tmp_path / "out" / "brief"
    result = CliRunner().invoke(
        app, ["build", str(_inputs(tmp_path)), "-o", str(base), "--format", "md,json", *extra]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    return data, base.with_suffix(".md").read_text(encoding="utf-8")


def test_json_and_method_note_show_the_close_calls(tmp_path: Path) -> None:
    data, markdown = _build(tmp_path)
    by_title = {a["title"]: a for a in data["articles"]}
    clear = by_title["Cabinet approves NT$1.25 trillion special defense budget"]
    mixed = by_title["Export controls and the special budget dominate Legislative Yuan session"]
    assert clear["theme"] == "defense_spending"
    assert clear["theme_confidence"] > 0.5
    assert clear["theme_low_confidence"] is False
    assert 0 <= mixed["theme_confidence"] < 0.2
    assert mixed["theme_low_confidence"] is True
    note = markdown[markdown.index("Method note") :]
    assert "Low-confidence theme placements, worth a check (1)" in note
    listed = note.split("worth a check (1):")[1].split("\n")[0].replace("\\", "")
    assert f"[{mixed['citation']}] Defense spending, close to Economic security" in listed
    assert f"[{clear['citation']}]" not in listed


def test_profile_learned_from_a_corrected_brief_moves_the_close_call(tmp_path: Path) -> None:
    data, _ = _build(tmp_path)
    corrected = tmp_path / "corrected.json"
    for article in data["articles"]:
        if article["title"].startswith("Export controls"):
            article["theme"] = "economic_security"  # the analyst's correction
    corrected.write_text(json.dumps(data), encoding="utf-8")
    profile = tmp_path / "profile.json"
    runner = CliRunner()
    learned = runner.invoke(app, ["themes", "learn", str(corrected), "-o", str(profile)])
    assert learned.exit_code == 0, learned.output
    assert "from brief JSON" in learned.output
    again, _ = _build(tmp_path / "second", "--themes-profile", str(profile))
    moved = next(a for a in again["articles"] if a["title"].startswith("Export controls"))
    assert moved["theme"] == "economic_security"
    assert again["settings"]["themes_profile"] == str(profile)
    explained = runner.invoke(
        app, ["themes", "explain", str(tmp_path / "in"), "--themes-profile", str(profile)]
    )
    assert explained.exit_code == 0
    assert "examples " in explained.stdout


def test_learn_rejects_labels_the_themes_file_does_not_know(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        json.dumps({"title": "t", "text": "Some text here.", "theme": "weather"}) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["themes", "learn", str(labelled), "-o", str(tmp_path / "p.json")]
    )
    assert result.exit_code == 3
    assert "weather" in result.stderr
    assert not (tmp_path / "p.json").exists()


def test_a_broken_profile_is_a_config_error(tmp_path: Path) -> None:
    broken = tmp_path / "profile.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["build", str(_inputs(tmp_path)), "--themes-profile", str(broken)]
    )
    assert result.exit_code == 3
    assert "profile.json: themes profile is not valid JSON" in result.stderr
