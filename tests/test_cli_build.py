"""`briefing build` and `briefing summarize` as a user runs them."""

import json
import re

import docx
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()


def _build(tmp_path, *args):
    out, js = tmp_path / "brief.docx", tmp_path / "brief.json"
    result = runner.invoke(app, ["build", *args, "-o", str(out), "--json", str(js)])
    return result, out, js


def test_build_data_folder_writes_docx_and_json(data_dir, tmp_path):
    result, out, js = _build(tmp_path, str(data_dir))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    data = json.loads(js.read_text(encoding="utf-8"))
    assert set(data) >= {"title", "generated_at", "settings", "themes", "articles"}
    assert [t["id"] for t in data["themes"]][:3] == [
        "economic_security",
        "defense_spending",
        "cross_strait_politics",
    ]
    article_keys = {
        "id", "title", "title_derived", "source", "date", "url", "path", "truncated",
        "theme", "theme_scores", "secondary_themes", "summary", "word_count",
    }  # fmt: skip
    assert len(data["articles"]) >= 16
    for article in data["articles"]:
        assert set(article) >= article_keys
        assert article["summary"], article["title"]

    document = docx.Document(str(out))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    headings1 = [t for s, t in styles if s == "Heading 1"]
    assert "Key points" in headings1
    assert headings1.index("Economic security") < headings1.index("Defense spending")
    assert headings1.index("Defense spending") < headings1.index("Cross-strait politics")
    assert headings1[-1] == "Sources" or "Sources" in headings1
    heading2 = {t for s, t in styles if s == "Heading 2"}
    assert {a["title"] for a in data["articles"]} <= heading2
    assert document.core_properties.title == data["title"]
    assert document.core_properties.created is not None


def test_missing_and_empty_inputs_are_skipped_with_one_line_each(data_dir, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result, out, _ = _build(tmp_path, str(data_dir), str(tmp_path / "nope.txt"), str(empty))
    assert result.exit_code == 0
    assert re.search(r"skipped .*nope\.txt: no such file", result.stderr)
    assert re.search(r"skipped .*empty\.txt: empty", result.stderr)
    assert "Traceback" not in result.output
    assert out.exists()


def test_nothing_readable_exits_1_without_output(tmp_path):
    result, out, js = _build(tmp_path, str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "no readable article" in result.stderr
    assert not out.exists() and not js.exists()


def test_strict_turns_a_skip_into_a_failure(data_dir, tmp_path):
    result, out, _ = _build(tmp_path, "--strict", str(data_dir), str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr
    assert not out.exists()


def test_undecodable_file_is_skipped(data_dir, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    result, _, _ = _build(tmp_path, str(data_dir), str(binary))
    assert result.exit_code == 0
    assert re.search(r"skipped .*photo\.txt: ", result.stderr)


def test_default_output_name_is_dated(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(data_dir)])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "out").glob("brief-*.docx")
    assert re.fullmatch(r"brief-\d{4}-\d{2}-\d{2}\.docx", written.name)


def test_summarize_prints_verbatim_sentences(seed_path):
    result = runner.invoke(
        app, ["summarize", str(seed_path), "--sentences", "3", "--algorithm", "textrank"]
    )
    assert result.exit_code == 0, result.output
    source = seed_path.read_text(encoding="utf-8")
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 5
    for block in blocks:
        title, *sentences = block.split("\n")
        assert title.startswith("# ")
        assert 1 <= len(sentences) <= 3
        assert all(s in source for s in sentences)


def test_unknown_algorithm_is_a_usage_error(seed_path):
    result = runner.invoke(app, ["summarize", str(seed_path), "--algorithm", "nope"])
    assert result.exit_code == 2
    assert "unknown algorithm 'nope'" in result.stderr


def test_themes_file_replaces_the_defaults(seed_path, tmp_path):
    themes = tmp_path / "themes.toml"
    themes.write_text(
        '[themes.japan]\nname = "Japan"\n'
        'terms = ["Japan", "Tokyo", "Takaichi", "prime minister"]\n',
        encoding="utf-8",
    )
    result, _, js = _build(tmp_path, str(seed_path), "--themes", str(themes))
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["themes"][0]["id"] == "japan"
    assert data["articles"][0]["theme"] == "japan"
    assert set(data["articles"][0]["theme_scores"]) == {"japan"}


def test_malformed_themes_file_is_a_config_error(seed_path, tmp_path):
    themes = tmp_path / "themes.toml"
    themes.write_text('[themes.japan]\nname = "Japan"\n', encoding="utf-8")
    result, _, _ = _build(tmp_path, str(seed_path), "--themes", str(themes))
    assert result.exit_code == 3
    assert "terms must be a non-empty list" in result.stderr


def test_date_window_sets_the_period_on_the_cover(data_dir, tmp_path):
    result, out, js = _build(
        tmp_path, str(data_dir), "--since", "2026-11-01", "--until", "2026-11-30"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    dated = [a["date"] for a in data["articles"] if a["date"]]
    assert dated and all("2026-11-01" <= d <= "2026-11-30" for d in dated)
    subtitles = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Subtitle"]
    assert subtitles == ["Developments reported 1–30 November 2026"]
