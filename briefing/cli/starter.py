"""``briefing init``: a commented starter config and a themes file to edit."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from briefing import fileio
from briefing.errors import ConfigError
from briefing.settings import PROJECT_CONFIG, SECRET_KEYS, Settings, SmtpSettings, env_name
from briefing.themes import default_themes_path

THEMES_FILE = "themes.toml"

# Why each key exists, in the words a user needs to choose a value.
_HELP = {
    "algorithm": "summarizer: textrank, lexrank, lsa, luhn, lead, ... (briefing summarize --help)",
    "sentences": "sentences per summary",
    "ratio": "share of each article's sentences instead of a fixed count, e.g. 0.2",
    "words": "word budget per summary instead of a sentence count",
    "themes": "themes file; edit the copy written next to this file",
    "format": "output format of `briefing build`",
    "output_dir": "folder for the default output out/brief-YYYY-MM-DD.docx",
    "title": "title on the cover of the brief",
    "marking": "handling marking printed on every page",
    "author": "author in the document properties",
    "organisation": "organisation on the cover",
    "template": "Word template (.docx) whose styles the brief uses",
    "strict": "fail on the first unreadable input instead of skipping it",
    "max_size": "largest input file read, in megabytes",
    "jobs": "parallel workers; 0 means one per core",
    "timeout": "seconds to wait for a URL",
    "undated": "keep or drop articles without a date",
    "include": 'glob patterns: read only these files of a folder, e.g. ["*.txt", "*.html"]',
    "exclude": 'glob patterns: never read these files of a folder, e.g. ["drafts/*"]',
    "host": "SMTP server",
    "port": "default: 587 for starttls, 465 for ssl, 25 for none",
    "user": "SMTP login",
    "password": "never here: set BRIEFING_SMTP_PASSWORD in the environment",
    "security": "starttls, ssl or none",
    "sender": "From: address",
    "timeout_smtp": "seconds to wait for the SMTP server",
    "retries": "attempts before giving up",
    "ca_file": "CA bundle for a server signed by a private CA; default: the system's",
}


# Values to show for settings that default to "unset".
_EXAMPLES = {
    "ratio": 0.2,
    "words": 120,
    "title": "Weekly policy brief",
    "template": "house-style.docx",
    "smtp.host": "smtp.example.org",
    "smtp.port": 587,
    "smtp.user": "analyst@example.org",
    "smtp.sender": "briefing@example.org",
    "smtp.ca_file": "/etc/ssl/certs/our-private-ca.pem",
}


def toml_value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lines(settings: object, group: str | None, themes_file: str) -> list[str]:
    lines = []
    for f in fields(settings):  # type: ignore[arg-type]
        value = getattr(settings, f.name)
        if f.name == "smtp":
            continue
        key = f"{group}.{f.name}" if group else f.name
        if key in SECRET_KEYS:
            lines.append(f"# password: {_HELP['password']}")
            continue
        help_key = "timeout_smtp" if key == "smtp.timeout" else f.name
        lines.append(f"# {_HELP.get(help_key, f.name)} (env {env_name(key)})")
        if f.name == "themes" and group is None:
            lines.append(f"themes = {toml_value(themes_file)}")
        elif value is None:
            lines.append(f"# {f.name} = {toml_value(_EXAMPLES[key])}")
        else:
            lines.append(f"# {f.name} = {toml_value(value)}")
    return lines


def starter_config(themes_file: str = THEMES_FILE) -> str:
    """A briefing.toml with every key, commented out at its default, except ``themes``."""
    header = [
        "# briefing configuration. Precedence, lowest first: built-in defaults <",
        "# ~/.config/briefing/briefing.toml < this file (or --config FILE, or BRIEFING_CONFIG) <",
        "# environment (BRIEFING_*) < command-line flags. Uncomment a line to change it;",
        "# `briefing config show` prints what is in effect and where each value came from.",
        "",
    ]
    smtp = ["", "[smtp]", *_lines(SmtpSettings(), "smtp", themes_file)]
    return "\n".join([*header, *_lines(Settings(), None, themes_file), *smtp]) + "\n"


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
