"""``briefing init``: a commented starter config and a themes file to edit."""

from __future__ import annotations

from pathlib import Path

from briefing import fileio
from briefing.errors import ConfigError
from briefing.settings import DECLARED, PROJECT_CONFIG, SECRET_KEYS
from briefing.themes import default_themes_path

THEMES_FILE = "themes.toml"


def toml_value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lines(group: str | None, themes_file: str) -> list[str]:
    """Every key of ``group`` (None: the top level) with its help, commented out at its
    default (or at an example value when it has none), but ``themes``."""
    lines = []
    for key, found in DECLARED.items():
        if (key.split(".")[0] if "." in key else None) != group:
            continue
        name = key.rsplit(".", 1)[-1]
        if key in SECRET_KEYS:
            lines.append(f"# {name}: {found.help}")
            continue
        lines.append(f"# {found.help} (env {found.env_var})")
        if key == "themes":
            # The one live line: init writes a copy of the default themes beside this file,
            # so editing that copy takes effect at once.
            lines.append(f"themes = {toml_value(themes_file)}")
            continue
        if found.default in (None, ()) and found.example is not None:
            lines.append(f"# {name} = {toml_value(found.example)}")
        else:
            lines.append(f"# {name} = {toml_value(found.default)}")
    return lines


def starter_config(themes_file: str = THEMES_FILE) -> str:
    """A briefing.toml with every key commented out at its default (or an example), but
    ``themes``, which names the copy of the default themes written beside it."""
    header = [
        "# briefing configuration. Precedence, lowest first: built-in defaults <",
        "# ~/.config/briefing/briefing.toml < this file (or --config FILE, or BRIEFING_CONFIG) <",
        "# environment (BRIEFING_*) < command-line flags. Uncomment a line to change it;",
        "# `briefing config show` prints what is in effect and where each value came from.",
        "# Only `themes` is set: it names the copy of the default themes written beside this",
        "# file, so editing that copy takes effect at once.",
        "",
    ]
    smtp = ["", "[smtp]", *_lines("smtp", themes_file)]
    return "\n".join([*header, *_lines(None, themes_file), *smtp]) + "\n"


def write_starter(folder: str | Path = ".", force: bool = False) -> list[Path]:
    """Write briefing.toml and themes.toml into ``folder``; existing files need ``force``."""
    folder = Path(folder)
    targets = {
        folder / PROJECT_CONFIG: starter_config().encode("utf-8"),
        folder / THEMES_FILE: default_themes_path().read_bytes(),
    }
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        raise ConfigError(
            f"{', '.join(existing)} already exist(s); pass --force to overwrite "
            "or choose another folder"
        )
    return [fileio.atomic_write(path, data) for path, data in targets.items()]
