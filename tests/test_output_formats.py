"""`briefing build --format ...`: several formats at once, named from one base."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import RenderError
from briefing.pipeline import output_paths

runner = CliRunner()


def test_output_base_picks_each_extension():
    paths = output_paths("docx, md,html,json,md", Path("out/week48.docx"))
    assert paths == {
        "docx": Path("out/week48.docx"),
        "md": Path("out/week48.md"),
        "html": Path("out/week48.html"),
        "json": Path("out/week48.json"),
    }
    assert output_paths("html", Path("out/v1.2")) == {"html": Path("out/v1.2.html")}
    assert output_paths("md", Path("out/w"), required=["docx"]) == {
        "md": Path("out/w.md"),
        "docx": Path("out/w.docx"),
    }


def test_unknown_format_names_the_choices():
    with pytest.raises(RenderError, match=r"rtf.*docx, html, json, md, pdf"):
        output_paths("docx,rtf", None)


def test_build_writes_every_format_with_the_marking(data_dir, tmp_path):
    base = tmp_path / "week48"
    result = runner.invoke(
        app,
        ["build", str(data_dir), "-o", str(base), "--format", "docx,md,html,json",
         "--marking", "tlp:amber+strict", "--author", "Jane Analyst",
         "--organisation", "Strait Unit", "--title", "Weekly brief"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for ext in ("docx", "md", "html", "json"):
        assert f"wrote {base}.{ext}" in result.stdout
    document = docx.Document(str(base.with_suffix(".docx")))
    assert "TLP:AMBER+STRICT" in document.sections[0].footer.paragraphs[0].text
    assert document.core_properties.author == "Jane Analyst"
    assert "Weekly brief" in base.with_suffix(".md").read_text(encoding="utf-8")
    assert "Strait Unit" in base.with_suffix(".html").read_text(encoding="utf-8")
    assert json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))["title"] == (
        "Weekly brief"
    )


def test_bad_format_fails_with_one_line(data_dir, tmp_path):
    result = runner.invoke(app, ["build", str(data_dir), "-o", str(tmp_path / "x"), "-f", "rtf"])
    assert result.exit_code == 1
    assert "unknown format 'rtf'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_json_states_the_period_covered(data_brief):
    from briefing.renderers import RenderOptions, get_renderer

    data = json.loads(get_renderer("json", RenderOptions()).render(data_brief))
    dates = sorted(i.article.date.isoformat() for i in data_brief.items if i.article.date)
    assert data["period"] == {"start": dates[0], "end": dates[-1]}


def test_json_states_the_marking_and_the_settings_the_pages_show(data_dir, tmp_path):
    """The marking is part of the brief: the export carries it as the pages print it."""
    base = tmp_path / "week48"
    result = runner.invoke(
        app,
        ["build", str(data_dir), "-o", str(base), "--format", "docx,json",
         "--marking", "tlp:amber", "--sentences", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    header = docx.Document(str(base.with_suffix(".docx"))).sections[0].header.paragraphs[0].text
    assert data["marking"] == "TLP:AMBER" and "TLP:AMBER" in header
    assert data["settings"] == {
        "algorithm": "briefing", "sentences": 2, "ratio": None, "words": None,
        "themes_file": "default", "themes_profile": None,
    }  # fmt: skip


def test_render_options_may_print_another_marking_and_the_json_follows(data_brief):
    from briefing.renderers import RenderOptions, get_renderer

    assert data_brief.marking == "TLP:CLEAR"
    own = json.loads(get_renderer("json", RenderOptions()).render(data_brief))
    other = json.loads(get_renderer("json", RenderOptions(marking="tlp:red")).render(data_brief))
    assert (own["marking"], other["marking"]) == ("TLP:CLEAR", "TLP:RED")
