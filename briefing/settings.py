"""One typed settings object, loaded once.

Precedence, lowest first: built-in defaults < user config
(``~/.config/briefing/briefing.toml``) < project config (``./briefing.toml``, or
``--config FILE``, or ``BRIEFING_CONFIG``) < environment (``BRIEFING_*``) < flags.
Top-level keys mirror the long flag names; groups are tables (``[smtp] host = ...``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from briefing.errors import ConfigError

ENV_PREFIX = "BRIEFING_"
CONFIG_ENV = "BRIEFING_CONFIG"
PROJECT_CONFIG = "briefing.toml"
SECRET_KEYS = frozenset({"smtp.password"})


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None = None
    port: int | None = None  # None: 587 for starttls, 465 for ssl, 25 for none
    user: str | None = None
    password: str | None = None  # environment or prompt only, never a flag
    security: Literal["starttls", "ssl", "none"] = "starttls"
    sender: str | None = None
    timeout: float = 30.0
    retries: int = 3


@dataclass(frozen=True)
class Settings:
    algorithm: str = "textrank"
    sentences: int = 3
    ratio: float | None = None
    words: int | None = None
    themes: str | None = None
    format: str = "docx"
    output_dir: str = "out"
    title: str | None = None
    marking: str = "TLP:CLEAR"
    author: str = "briefing"
    organisation: str = ""
    template: str | None = None
    strict: bool = False
    max_size: float = 20.0  # megabytes
    jobs: int = 0  # 0: one per core
    timeout: float = 20.0  # seconds, for URLs
    smtp: SmtpSettings = field(default_factory=SmtpSettings)


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


def _coerce(value: Any, hint: Any, where: str, from_text: bool) -> Any:
    """``value`` as type ``hint``; text from the environment is parsed first."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None or (from_text and value == ""):
            return None
        inner = [a for a in args if a is not type(None)]
        return _coerce(value, inner[0], where, from_text)
    if origin is Literal:
        if value not in args:
            choices = " | ".join(str(a) for a in args)
            raise ConfigError(f"{where}: expected one of {choices}, got {value!r}")
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        if from_text and str(value).lower() in ("1", "true", "yes", "on"):
            return True
        if from_text and str(value).lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if hint in (int, float):
        if isinstance(value, bool):
            raise ConfigError(f"{where}: expected {hint.__name__}, got a boolean")
        if isinstance(value, int | float) and (hint is float or isinstance(value, int)):
            return hint(value)
        if from_text:
            try:
                return hint(value)
            except ValueError:
                pass
        raise ConfigError(f"{where}: expected {hint.__name__}, got {value!r}")
    if hint is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    raise ConfigError(f"{where}: unsupported setting type")


def _apply(
    values: dict[str, Any],
    origins: dict[str, str],
    data: Mapping[str, Any],
    origin: str,
    from_text: bool = False,
    group: str | None = None,
) -> None:
    cls = SmtpSettings if group == "smtp" else Settings
    hints = _hints(cls)
    for key, value in data.items():
        dotted = f"{group}.{key}" if group else key
        name = key.replace("-", "_")
        if name not in hints:
            known = ", ".join(sorted(hints))
            raise ConfigError(f"{origin}: unknown key {dotted!r}; known keys: {known}")
        if dataclasses.is_dataclass(hints[name]) and isinstance(hints[name], type):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{origin}: {dotted!r} must be a table ([{dotted}])")
            _apply(values, origins, value, origin, from_text, group=name)
            continue
        if group is None and value is None:
            continue
        full = f"{group}.{name}" if group else name
        if full in SECRET_KEYS and origin.startswith("flag"):
            raise ConfigError(
                "the SMTP password is never taken from a flag; set it in the environment"
            )
        values[full] = _coerce(value, hints[name], f"{origin}: {dotted}", from_text)
        origins[full] = origin


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def _env_values(env: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    hints = _hints(Settings)
    for name, hint in hints.items():
        if dataclasses.is_dataclass(hint):
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
        _apply(values, origins, _read_toml(user), str(user))
    project = config_file or env.get(CONFIG_ENV) or None
    project_path = Path(project) if project else cwd / PROJECT_CONFIG
    if project or project_path.is_file():
        _apply(values, origins, _read_toml(project_path), str(project_path))
    _apply(values, origins, _env_values(env), "environment", from_text=True)
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
        _apply(values, origins, nested, "flag")
    smtp = replace(SmtpSettings(), **{k[5:]: v for k, v in values.items() if k.startswith("smtp.")})
    top = {k: v for k, v in values.items() if "." not in k}
    settings = replace(Settings(), smtp=smtp, **top)
    _validate(settings)
    return LoadedSettings(settings=settings, origins=origins)


def _validate(settings: Settings) -> None:
    if settings.sentences < 1:
        raise ConfigError("sentences: must be at least 1")
    if settings.ratio is not None and not 0 < settings.ratio <= 1:
        raise ConfigError("ratio: must be greater than 0 and at most 1")
    if settings.words is not None and settings.words < 1:
        raise ConfigError("words: must be at least 1")
    if settings.max_size <= 0:
        raise ConfigError("max_size: must be a positive number of megabytes")
    if settings.jobs < 0:
        raise ConfigError("jobs: must be 0 (one per core) or more")


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
