"""``briefing init`` files: a config that loads as written and the default themes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from briefing.cli.starter import starter_config, write_starter
from briefing.errors import ConfigError
from briefing.settings import Settings, load_settings
from briefing.themes import default_themes_path, load_themes


def test_starter_config_loads_to_the_defaults_plus_its_themes_file(tmp_path: Path) -> None:
    paths = write_starter(tmp_path)
    assert sorted(p.name for p in paths) == ["briefing.toml", "themes.toml"]
    loaded = load_settings(env={}, home=tmp_path / "home", cwd=tmp_path)
    assert loaded.settings.themes == str(tmp_path / "themes.toml")
    assert loaded.settings.sentences == Settings().sentences
    assert load_themes(loaded.settings.themes) == load_themes(default_themes_path())


def _uncommented(leave_commented: str) -> str:
    """The starter config with every ``# key = value`` line uncommented but one key."""
    return "\n".join(
        line[2:]
        if line.startswith("# ") and " = " in line and not line.startswith(f"# {leave_commented} ")
        else line
        for line in starter_config().splitlines()
    )


def test_every_commented_setting_is_valid_when_uncommented(tmp_path: Path) -> None:
    # ratio and words set the summary length in two ways that exclude each other.
    for left_out, present in (("words", "ratio"), ("ratio", "words")):
        config = tmp_path / "briefing.toml"
        config.write_text(_uncommented(left_out), encoding="utf-8")
        data = tomllib.loads(config.read_text(encoding="utf-8"))
        assert present in data and left_out not in data
        assert data["smtp"]["port"] == 587
        assert "password" not in data["smtp"]  # a secret has no place in a file
        load_settings(config_file=config, env={}, home=tmp_path / "home", cwd=tmp_path)
    config.write_text(_uncommented("nothing"), encoding="utf-8")
    with pytest.raises(ConfigError, match="exclude each other"):
        load_settings(config_file=config, env={}, home=tmp_path / "home", cwd=tmp_path)


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "themes.toml").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="--force"):
        write_starter(tmp_path)
    assert (tmp_path / "themes.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "briefing.toml").exists()
    write_starter(tmp_path, force=True)
    assert (tmp_path / "themes.toml").read_bytes() == default_themes_path().read_bytes()
