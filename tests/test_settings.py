"""Settings: precedence of the layers, origins, and error lines that say where and what."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import ConfigError
from briefing.settings import (
    MASK,
    SECRET_KEYS,
    Settings,
    effective_settings,
    flatten,
    load_settings,
    user_config_path,
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_nothing_is_configured(tmp_path: Path) -> None:
    loaded = load_settings(env={}, home=tmp_path / "home", cwd=tmp_path)
    assert loaded.settings.sentences == 3
    assert loaded.settings.algorithm == "briefing"  # issue 5: the measured default
    assert dict(loaded.origins) == {}


def test_each_layer_overrides_the_one_below(tmp_path: Path) -> None:
    home = tmp_path / "home"
    user = _write(user_config_path(home), 'sentences = 2\nalgorithm = "lexrank"\nmarking = "A"\n')
    project = _write(tmp_path / "briefing.toml", 'sentences = 4\nmarking = "B"\n')
    loaded = load_settings(
        flags={"marking": "D", "sentences": None},
        env={"BRIEFING_SENTENCES": "5"},
        home=home,
        cwd=tmp_path,
    )
    assert loaded.settings.algorithm == "lexrank"
    assert loaded.origins["algorithm"] == str(user)
    assert loaded.settings.sentences == 5
    assert loaded.origins["sentences"] == "environment"
    assert loaded.settings.marking == "D"
    assert loaded.origins["marking"] == "flag"
    loaded = load_settings(env={}, home=home, cwd=tmp_path)
    assert (loaded.settings.sentences, loaded.origins["sentences"]) == (4, str(project))


def test_config_file_named_by_environment(tmp_path: Path) -> None:
    team = _write(tmp_path / "team" / "team.toml", "words = 80\n")
    loaded = load_settings(env={"BRIEFING_CONFIG": str(team)}, home=tmp_path, cwd=tmp_path)
    assert loaded.settings.words == 80
    assert loaded.origins["words"] == str(team)


def test_smtp_table_and_environment(tmp_path: Path) -> None:
    _write(tmp_path / "briefing.toml", '[smtp]\nhost = "mail.example.org"\nport = 2525\n')
    env = {"BRIEFING_SMTP_PORT": "587", "BRIEFING_SMTP_PASSWORD": "hunter2"}
    loaded = load_settings(env=env, home=tmp_path / "h", cwd=tmp_path)
    assert loaded.settings.smtp.host == "mail.example.org"
    assert loaded.settings.smtp.port == 587
    assert loaded.origins["smtp.port"] == "environment"


def test_paths_in_a_config_file_are_relative_to_that_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "project" / "briefing.toml", 'themes = "my-themes.toml"\n')
    loaded = load_settings(config_file=config, env={}, home=tmp_path / "h", cwd=tmp_path)
    assert Path(loaded.settings.themes) == tmp_path / "project" / "my-themes.toml"


def test_wrong_type_in_file_names_file_key_and_type(tmp_path: Path) -> None:
    config = _write(tmp_path / "briefing.toml", 'sentences = "three"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(env={}, home=tmp_path / "h", cwd=tmp_path)
    message = str(caught.value)
    assert str(config) in message
    assert "'sentences'" in message
    assert "expected an integer" in message


def test_wrong_type_in_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"BRIEFING_SENTENCES: expected an integer, got 'x'"):
        load_settings(env={"BRIEFING_SENTENCES": "x"}, home=tmp_path, cwd=tmp_path)
    with pytest.raises(ConfigError, match=r"BRIEFING_SMTP_SECURITY: expected one of"):
        load_settings(env={"BRIEFING_SMTP_SECURITY": "tls"}, home=tmp_path, cwd=tmp_path)


def test_unknown_key_in_file_suggests_the_right_one(tmp_path: Path) -> None:
    _write(tmp_path / "briefing.toml", "[smtp]\nhots = 'x'\n")
    with pytest.raises(ConfigError, match=r"key 'smtp.hots': unknown key \(did you mean host\?\)"):
        load_settings(env={}, home=tmp_path / "h", cwd=tmp_path)


def test_misspelt_environment_variable_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"BRIEFING_SENTENSES: unknown setting \(did you mean"):
        load_settings(env={"BRIEFING_SENTENSES": "3"}, home=tmp_path, cwd=tmp_path)


def test_out_of_range_value_names_where_it_came_from(tmp_path: Path) -> None:
    config = _write(tmp_path / "briefing.toml", "ratio = 1.5\n")
    with pytest.raises(ConfigError, match=rf"{config}: key 'ratio': must be greater than 0"):
        load_settings(env={}, home=tmp_path / "h", cwd=tmp_path)
    with pytest.raises(ConfigError, match=r"option --sentences: must be at least 1"):
        load_settings(flags={"sentences": 0}, env={}, home=tmp_path / "h", cwd=tmp_path / "h")


def test_effective_settings_mask_secrets_and_name_origins(tmp_path: Path) -> None:
    loaded = load_settings(
        env={"BRIEFING_SMTP_PASSWORD": "hunter2", "BRIEFING_TITLE": "Week 48"},
        home=tmp_path,
        cwd=tmp_path,
    )
    rows = {row.key: row for row in effective_settings(loaded)}
    assert rows["smtp.password"].value == MASK
    assert rows["title"].value == "Week 48"
    assert rows["title"].origin == "environment"
    assert rows["sentences"].origin == "default"
    assert rows["smtp.host"].env_var == "BRIEFING_SMTP_HOST"


def test_each_setting_is_declared_once_and_everything_else_follows() -> None:
    from typer.testing import CliRunner

    from briefing.brief import BriefOptions
    from briefing.cli import app
    from briefing.cli.starter import starter_config
    from briefing.ingest import IngestOptions
    from briefing.ingest.fetch import FetchOptions
    from briefing.ingest.readers import ReaderOptions
    from briefing.renderers import RenderOptions
    from briefing.settings import DECLARED, DEFAULTS
    from briefing.stories import StoryOptions
    from briefing.summarize import SummaryOptions

    assert set(DECLARED) == set(flatten(Settings()))
    starter = starter_config()
    shown = CliRunner().invoke(app, ["config", "show"], env={"COLUMNS": "300"}).stdout
    helps = {
        command: CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"}).stdout
        for command in ("build", "email", "summarize", "inspect")
    }
    for key, found in DECLARED.items():
        assert found.help, key
        assert found.env_var in starter or key in SECRET_KEYS, key
        assert f"{key} " in shown, key
        if found.flag is not None:
            flag = found.flag.split("/")[0]
            assert any(flag in text and found.help[1:25] in text for text in helps.values()), key
    # The stages' own option objects start from the same defaults, not from copies.
    assert IngestOptions().max_bytes == FetchOptions().max_bytes == ReaderOptions().max_bytes
    assert IngestOptions().max_bytes == DEFAULTS.max_bytes == int(DEFAULTS.max_size * 2**20)
    assert IngestOptions().timeout == FetchOptions().timeout == DEFAULTS.timeout
    assert (BriefOptions().marking, RenderOptions().author) == (DEFAULTS.marking, DEFAULTS.author)
    assert RenderOptions().marking is None  # the brief's own marking is printed
    summary = SummaryOptions()
    assert (summary.algorithm, summary.sentences) == (DEFAULTS.algorithm, DEFAULTS.sentences)
    assert StoryOptions().sentences == DEFAULTS.sentences


def test_summary_options_from_python_follow_the_settings_rules() -> None:
    from briefing.errors import SummarizeError
    from briefing.summarize import SummaryOptions

    with pytest.raises(SummarizeError, match="--ratio must be greater than 0 and at most 1"):
        SummaryOptions(ratio=1.5)
    with pytest.raises(SummarizeError, match="--sentences must be at least 1"):
        SummaryOptions(sentences=0)


def test_every_setting_reaches_the_build_request_through_settings_options(
    tmp_path: Path,
) -> None:
    """Settings → stage options is one module beside settings.py; pipeline keeps its old
    names, and a configured value arrives in the request build() runs."""
    from briefing import pipeline, settings_options

    for name in ("summary_options", "ingest_options", "request_from_settings"):
        assert getattr(pipeline, name) is getattr(settings_options, name)
    config = _write(
        tmp_path / "briefing.toml",
        'title = "Week 48"\nmarking = "TLP:GREEN"\nauthor = "Desk"\nsentences = 2\n'
        'undated = "drop"\nmax_stories = 4\n',
    )
    settings = load_settings(config_file=config, env={}, home=tmp_path / "home", cwd=tmp_path)
    request = pipeline.request_from_settings(
        settings.settings, ["data"], output=tmp_path / "w.docx"
    )
    assert request.brief.title == "Week 48" and request.brief.marking == "TLP:GREEN"
    assert request.brief.max_stories == 4 and request.render.author == "Desk"
    assert request.summary.sentences == 2 and request.ingest.keep_undated is False
    assert request.outputs == {"docx": tmp_path / "w.docx"}
