"""One typed settings object, loaded once.

Precedence, lowest first: built-in defaults < user config
(``~/.config/briefing/briefing.toml``) < project config (``./briefing.toml``, or
``--config FILE``, or ``BRIEFING_CONFIG``) < environment (``BRIEFING_*``) < flags.
Top-level keys mirror the long flag names; groups are tables (``[smtp] host = ...``).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import stat
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from briefing import fileio
from briefing.errors import ConfigError, UsageError

ENV_PREFIX = "BRIEFING_"
CONFIG_ENV = "BRIEFING_CONFIG"
PROJECT_CONFIG = "briefing.toml"
SECRET_KEYS = frozenset({"smtp.password"})
DEFAULT = "default"
ENVIRONMENT = "environment"
FLAG = "flag"
# Paths in a config file are relative to that file, so a config works from any folder.
PATH_KEYS = frozenset({"themes", "themes_profile", "template"})


MEGABYTE = 1024 * 1024
FLAG_FOR_NAME = "--<name>"  # placeholder: the flag is the field's name with dashes


@dataclass(frozen=True)
class Check:
    """A rule a setting's value must follow, in the words an error message uses."""

    valid: Callable[[Any], bool]
    rule: str


AT_LEAST_ONE = Check(lambda v: v is None or v >= 1, "must be at least 1")
POSITIVE = Check(lambda v: v > 0, "must be a positive number")
# Upper bounds are far above any real use; they exist so inf, nan, 1e308 or a typo of extra
# zeros gets a clear line instead of an OverflowError or a run that never ends.
MAX_MEGABYTES = 10_000
MAX_SECONDS = 24 * 3600
SECONDS = Check(
    lambda v: 0 < v <= MAX_SECONDS, f"must be a positive number of seconds, at most {MAX_SECONDS}"
)


def _plain_text(value: str | None) -> bool:
    """No control characters (newlines, ESC) and no lone surrogates (bytes not UTF-8)."""
    return value is None or not any(unicodedata.category(c) in ("Cc", "Cs") for c in value)


# For words that end up on the cover, in document properties and in e-mail headers.
PLAIN_TEXT = Check(
    _plain_text, "must be plain text, without control characters or bytes that are not UTF-8"
)


def setting(
    default: Any,
    help: str,
    *,
    flag: str | None = None,
    short: str | None = None,
    check: Check | None = None,
    example: Any = None,
    cli: bool = True,
) -> Any:
    """Declare a setting once: its default, help text, flag, check and an example value.

    The flag defaults to ``--name-with-dashes``; ``cli=False`` keeps a key to the config
    file and the environment (secrets, rarely changed keys). The environment variable and config key
    follow from the name (``env_name``). The command line, ``config show``, ``init``'s
    commented file and the settings table of docs/configuration.md are all derived from this.
    """
    if cli and flag is None:
        flag = FLAG_FOR_NAME
    metadata = {"help": help, "flag": flag, "short": short, "check": check, "example": example}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None = setting(None, "SMTP server", flag="--smtp-host", example="smtp.example.org")
    port: int | None = setting(
        None,
        "SMTP port; default 587 for starttls, 465 for ssl, 25 for none",
        flag="--smtp-port",
        check=Check(lambda v: v is None or 1 <= v <= 65535, "must be a port from 1 to 65535"),
        example=587,
    )
    user: str | None = setting(
        None, "SMTP login", flag="--smtp-user", check=PLAIN_TEXT, example="analyst@example.org"
    )
    password: str | None = setting(
        None,
        "BRIEFING_SMTP_PASSWORD or the prompt; here only in a private file (chmod 600)",
        cli=False,
    )
    security: Literal["starttls", "ssl", "none"] = setting(
        "starttls", "starttls, ssl or none", flag="--smtp-security"
    )
    sender: str | None = setting(
        None, "From: address", check=PLAIN_TEXT, example="briefing@example.org", cli=False
    )
    timeout: float = setting(30.0, "seconds to wait for the SMTP server", check=SECONDS, cli=False)
    retries: int = setting(
        3,
        "attempts before giving up",
        check=Check(lambda v: 1 <= v <= 100, "must be at least 1 (and at most 100)"),
        cli=False,
    )
    ca_file: str | None = setting(
        None,
        "CA bundle for a server signed by a private CA; default: the system's",
        example="/etc/ssl/certs/our-private-ca.pem",
        cli=False,
    )


@dataclass(frozen=True)
class Settings:
    algorithm: str = setting(
        "briefing",
        "summarizer: briefing, textrank, lexrank, lsa, luhn, lead, ... (see docs/cli.md)",
        short="-a",
    )
    sentences: int = setting(
        3,
        "sentences per summary; an article with no more sentences is kept whole",
        short="-n",
        check=Check(lambda v: 1 <= v <= 1000, "must be at least 1 (and at most 1000)"),
    )
    ratio: float | None = setting(
        None,
        "share of each article's sentences instead of a fixed count, e.g. 0.2",
        check=Check(lambda v: v is None or 0 < v <= 1, "must be greater than 0 and at most 1"),
        example=0.2,
    )
    words: int | None = setting(
        None,
        "word budget per summary instead of a sentence count",
        check=Check(
            lambda v: v is None or 1 <= v <= 100_000, "must be at least 1 (and at most 100000)"
        ),
        example=120,
    )
    themes: str | None = setting(None, "themes file (TOML) replacing the default themes")
    themes_profile: str | None = setting(
        None,
        "profile learned by `briefing themes learn`, used beside the terms",
        example="themes-profile.json",
    )
    format: str = setting(
        "docx",
        "formats to write, comma-separated: docx, pdf, md, html, json; "
        "-o names the base and each format adds its extension",
        short="-f",
    )
    output_dir: str = setting(
        "out", "folder of the default output, brief-YYYY-MM-DD.docx", cli=False
    )
    title: str | None = setting(
        None, "title of the brief", check=PLAIN_TEXT, example="Weekly policy brief"
    )
    marking: str = setting(
        "TLP:CLEAR",
        "handling marking on the cover and every header and footer, e.g. TLP:AMBER",
        check=PLAIN_TEXT,
    )
    author: str = setting(
        "",
        "author named on the cover and in the document properties (none when empty)",
        check=PLAIN_TEXT,
    )
    organisation: str = setting("", "organisation named on the cover", check=PLAIN_TEXT)
    template: str | None = setting(
        None, "Word template (.docx or .dotx) whose styles the brief uses", example="house.docx"
    )
    strict: bool = setting(
        False, "fail on any skipped input instead of skipping it", flag="--strict/--no-strict"
    )
    max_size: float = setting(
        20.0,
        "skip any file or download larger than this, in megabytes",
        check=Check(
            lambda v: 0 < v <= MAX_MEGABYTES,
            f"must be a positive number of megabytes, at most {MAX_MEGABYTES}",
        ),
    )
    jobs: int = setting(
        0,
        "worker processes for themes, summaries and reading one large text; 0 means one per core",
        short="-j",
        check=Check(lambda v: 0 <= v <= 1024, "must be 0 (one per core) or more, at most 1024"),
    )
    max_stories: int = setting(
        0,
        "stories told in full per theme, the rest listed; 0 fits the brief to about 6-10 pages",
        check=Check(lambda v: v >= 0, "must be 0 (fit the brief to its pages) or more"),
    )
    executor: Literal["local", "dask"] = setting(
        "local",
        "where per-article work runs: local (worker processes) or dask (a Dask cluster; "
        "pip install 'briefing[dask]')",
    )
    scheduler: str | None = setting(
        None,
        "address of the Dask scheduler for --executor dask; none: a LocalCluster here",
        check=Check(lambda v: v is None or bool(v.strip()), "must be an address"),
        example="tcp://10.0.0.5:8786",
    )
    timeout: float = setting(
        20.0,
        "seconds allowed for each URL download",
        check=SECONDS,
    )
    undated: Literal["keep", "drop"] = setting(
        "keep", "keep or drop articles without a date when a date window is given"
    )
    include: tuple[str, ...] = setting(
        (),
        "glob patterns: read only the files of a folder that match one",
        example=["*.txt", "*.html"],
    )
    exclude: tuple[str, ...] = setting(
        (),
        "glob patterns: never read the files of a folder that match one",
        example=["drafts/*"],
    )
    smtp: SmtpSettings = field(default_factory=SmtpSettings)  # the [smtp] table

    @property
    def max_bytes(self) -> int:
        return int(self.max_size * MEGABYTE)


@dataclass(frozen=True)
class LoadedSettings:
    """The settings and, for every key, where its value came from."""

    settings: Settings
    origins: Mapping[str, str]


def user_config_path(home: Path | None = None) -> Path:
    base = os.environ.get("XDG_CONFIG_HOME")
    root = Path(base) if base and home is None else (home or Path.home()) / ".config"
    return root / "briefing" / "briefing.toml"


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
_STRINGS = tuple[str, ...]


def _expected(hint: Any) -> str:
    """``hint`` in words, for error messages."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _expected(inner[0])
    if origin is Literal:
        return "one of " + " | ".join(repr(a) for a in args)
    if hint == _STRINGS:
        return "a list of strings"
    return _TYPE_NAMES.get(hint, getattr(hint, "__name__", str(hint)))


def _coerce(value: Any, hint: Any, where: str, from_text: bool) -> Any:
    """``value`` as type ``hint``; text from the environment is parsed first."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    wrong = ConfigError(f"{where}: expected {_expected(hint)}, got {value!r}")
    if origin in (typing.Union, types.UnionType):
        if value is None or (from_text and value == ""):
            return None
        inner = [a for a in args if a is not type(None)]
        return _coerce(value, inner[0], where, from_text)
    if origin is Literal:
        if value not in args:
            raise wrong
        return value
    if hint == _STRINGS:
        if from_text and isinstance(value, str):  # an environment variable: comma-separated
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise wrong
    if hint is bool:
        if isinstance(value, bool):
            return value
        if from_text and str(value).lower() in ("1", "true", "yes", "on"):
            return True
        if from_text and str(value).lower() in ("0", "false", "no", "off"):
            return False
        raise wrong
    if hint in (int, float):
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, int | float) and (hint is float or isinstance(value, int)):
            return hint(value)
        if from_text:
            try:
                return hint(value)
            except ValueError:
                pass
        raise wrong
    if hint is str:
        if isinstance(value, str):
            return value
        raise wrong
    raise ConfigError(f"{where}: unsupported setting type")


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def env_name(key: str) -> str:
    """The environment variable of a setting: ``smtp.host`` -> ``BRIEFING_SMTP_HOST``."""
    return ENV_PREFIX + key.replace(".", "_").upper()


def _where(origin: str, key: str) -> str:
    """Where a value came from, as an error message names it."""
    if origin == ENVIRONMENT:
        return f"environment variable {env_name(key)}"
    if origin == FLAG:
        return f"option --{key.replace('_', '-').replace('.', '-')}"
    return f"{origin}: key {key!r}"


def _apply(
    values: dict[str, Any],
    origins: dict[str, str],
    data: Mapping[str, Any],
    origin: str,
    from_text: bool = False,
    group: str | None = None,
    base: Path | None = None,
) -> None:
    cls = SmtpSettings if group == "smtp" else Settings
    hints = _hints(cls)
    for key, value in data.items():
        dotted = f"{group}.{key}" if group else key
        name = key.replace("-", "_")
        if name not in hints:
            hint = _did_you_mean(name, hints)
            known = ", ".join(sorted(hints))
            raise ConfigError(f"{_where(origin, dotted)}: unknown key{hint}; known keys: {known}")
        if dataclasses.is_dataclass(hints[name]) and isinstance(hints[name], type):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{_where(origin, dotted)}: expected a table ([{dotted}])")
            _apply(values, origins, value, origin, from_text, group=name, base=base)
            continue
        if group is None and value is None:
            continue
        full = f"{group}.{name}" if group else name
        if full in SECRET_KEYS and origin == FLAG:
            raise ConfigError(
                "the SMTP password is never taken from a flag; set it in the environment"
            )
        try:
            values[full] = _coerce(value, hints[name], _where(origin, full), from_text)
        except ConfigError as exc:
            raise _invalid(origin, str(exc)) from None
        if base is not None and full in PATH_KEYS and values[full]:
            values[full] = str(base / values[full])  # an absolute value stays as it is
        origins[full] = origin


def _read_toml(path: Path) -> dict[str, Any]:
    data = fileio.read_user_toml(path, "config file", ConfigError)
    smtp = data.get("smtp")
    if isinstance(smtp, Mapping) and "password" in smtp:
        _require_private(path)
    return data


def _require_private(path: Path) -> None:
    """A password in a config file only when nobody else may read it (as .pgpass, .netrc)."""
    mode = path.stat().st_mode
    # Windows keeps no group/other bits (every file looks 0o666); its ACLs are not checked.
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: has an SMTP password but others may read the file "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 {path}, or remove the password "
            "and set BRIEFING_SMTP_PASSWORD"
        )


def _env_values(env: Mapping[str, str]) -> dict[str, Any]:
    """Settings from ``BRIEFING_*`` variables; a misspelt variable is an error, not ignored."""
    known = {env_name(key) for key in flatten(Settings())} | {CONFIG_ENV}
    unknown = sorted(k for k in env if k.startswith(ENV_PREFIX) and k not in known)
    if unknown:
        raise ConfigError(
            f"environment variable {unknown[0]}: unknown setting{_did_you_mean(unknown[0], known)}"
        )
    data: dict[str, Any] = {}
    hints = _hints(Settings)
    for name, hint in hints.items():
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            prefix = f"{ENV_PREFIX}{name.upper()}_"
            sub = {
                k[len(prefix) :].lower(): v
                for k, v in env.items()
                if k.startswith(prefix) and k[len(prefix) :].lower() in _hints(hint)
            }
            if sub:
                data[name] = sub
        elif f"{ENV_PREFIX}{name.upper()}" in env:
            data[name] = env[f"{ENV_PREFIX}{name.upper()}"]
    return data


def load_settings(
    config_file: str | Path | None = None,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    cwd: Path | None = None,
) -> LoadedSettings:
    """Merge every layer into one Settings; ``flags`` holds only options actually given."""
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    user = user_config_path(home)
    if user.is_file():
        _apply(values, origins, _read_toml(user), str(user), base=user.parent)
    project = config_file or env.get(CONFIG_ENV) or None
    project_path = Path(project) if project else cwd / PROJECT_CONFIG
    if project or project_path.is_file():
        _apply(
            values, origins, _read_toml(project_path), str(project_path), base=project_path.parent
        )
    _apply(values, origins, _env_values(env), ENVIRONMENT, from_text=True)
    if flags:
        nested: dict[str, Any] = {}
        for key, value in flags.items():
            if value is None:
                continue
            if "." in key:
                group, sub = key.split(".", 1)
                nested.setdefault(group, {})[sub] = value
            else:
                nested[key] = value
        _apply(values, origins, nested, FLAG)
    smtp = replace(SmtpSettings(), **{k[5:]: v for k, v in values.items() if k.startswith("smtp.")})
    top = {k: v for k, v in values.items() if "." not in k}
    settings = replace(Settings(), smtp=smtp, **top)
    _validate(settings, origins)
    return LoadedSettings(settings=settings, origins=origins)


# Each pair sets the summary length in its own way; given together, one would be ignored.
_EXCLUSIVE = (("ratio", "words"),)


def _invalid(origin: str, message: str) -> ConfigError:
    """A wrong value given as a flag is a usage error (exit 2); elsewhere a config error."""
    return UsageError(message) if origin == FLAG else ConfigError(message)


def broken_rule(key: str, value: Any) -> str | None:
    """The rule ``value`` breaks as setting ``key`` (``smtp.port`` style), or None."""
    check = declared(key).check
    if check is None or check.valid(value):
        return None
    return check.rule


def _validate(settings: Settings, origins: Mapping[str, str]) -> None:
    for key, value in flatten(settings).items():
        rule = broken_rule(key, value)
        if rule is not None:
            origin = origins.get(key, DEFAULT)
            raise _invalid(origin, f"{_where(origin, key)}: {rule}, got {value!r}")
    for first, second in _EXCLUSIVE:
        if getattr(settings, first) is not None and getattr(settings, second) is not None:
            origin = FLAG if FLAG in (origins.get(first), origins.get(second)) else DEFAULT
            raise _invalid(
                origin,
                f"{_where(origins.get(first, DEFAULT), first)} and "
                f"{_where(origins.get(second, DEFAULT), second)} exclude each other; give one",
            )
    if origins.get("format", DEFAULT) not in (DEFAULT, FLAG):  # a flag's is a usage error
        _check_formats(settings.format, origins["format"])


def _check_formats(formats: str, origin: str) -> None:
    from briefing.renderers import RENDERERS  # late: settings load before any renderer

    known = sorted(RENDERERS)
    for name in formats.split(","):
        if name.strip() and name.strip().lower() not in known:
            raise ConfigError(
                f"{_where(origin, 'format')}: unknown format {name.strip()!r}; "
                f"choose from {', '.join(known)}"
            )


def flatten(settings: Settings) -> dict[str, Any]:
    """Every setting as ``key`` or ``group.key`` → value."""
    flat: dict[str, Any] = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if dataclasses.is_dataclass(value):
            for sub in fields(value):
                flat[f"{f.name}.{sub.name}"] = getattr(value, sub.name)
        else:
            flat[f.name] = value
    return flat


MASK = "********"


@dataclass(frozen=True)
class EffectiveSetting:
    """One line of ``briefing config show``."""

    key: str
    value: Any
    origin: str  # "default", "environment", "flag" or the config file's path
    env_var: str


def effective_settings(loaded: LoadedSettings) -> list[EffectiveSetting]:
    """Every setting with its value and origin; secrets that are set are masked."""
    rows = []
    for key, value in flatten(loaded.settings).items():
        shown = MASK if key in SECRET_KEYS and value else value
        rows.append(EffectiveSetting(key, shown, loaded.origins.get(key, DEFAULT), env_name(key)))
    return rows


@dataclass(frozen=True)
class Declared:
    """What is declared about one setting, for the CLI, ``config show``, ``init`` and docs."""

    key: str  # "sentences", "smtp.host"
    default: Any
    help: str
    flag: str | None  # None for keys that are config/environment only
    short: str | None
    check: Check | None
    example: Any

    @property
    def env_var(self) -> str:
        return env_name(self.key)


# Keys no flag may set: secrets (environment or prompt only) and plain config keys.
_NO_FLAG = frozenset(
    {"smtp.password", "smtp.sender", "smtp.timeout", "smtp.retries", "smtp.ca_file", "output_dir"}
)


def _declarations() -> dict[str, Declared]:
    found: dict[str, Declared] = {}
    for group, cls in ((None, Settings), ("smtp", SmtpSettings)):
        for f in fields(cls):
            if f.name == "smtp":
                continue
            key = f"{group}.{f.name}" if group else f.name
            meta = f.metadata
            if "help" not in meta:  # a programming error, met by the first test that runs
                raise TypeError(
                    f"setting {key!r} is declared without setting(default, help, ...); "
                    "declare it that way so the CLI, config files and docs follow from it"
                )
            flag = meta["flag"]
            if flag == FLAG_FOR_NAME:
                flag = "--" + f.name.replace("_", "-")
            found[key] = Declared(
                key=key,
                default=f.default,
                help=meta["help"],
                flag=flag,
                short=meta["short"],
                check=meta["check"],
                example=meta["example"],
            )
    return found


DECLARED: Mapping[str, Declared] = types.MappingProxyType(_declarations())
DEFAULTS = Settings()


def declared(key: str) -> Declared:
    return DECLARED[key]
