"""Typer options derived from the settings' one declaration (``briefing.settings``).

A setting's flag, short flag, help text and shown default are written once, where the
setting is declared; a command only says which settings it takes and any CLI-only bounds.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from briefing.settings import declared


def _shown(default: Any) -> str:
    """The default as ``--help`` shows it, or nothing when there is none worth showing."""
    if default in (None, "", ()) or isinstance(default, bool):
        return ""
    return f" [{default}]"


def setting_help(key: str) -> str:
    """The help line of ``key``, escaped: help is rendered as rich markup, where a default
    in brackets such as ``[docx]`` would otherwise vanish as an unknown style."""
    found = declared(key)
    return escape(found.help[0].upper() + found.help[1:] + _shown(found.default) + ".")


def option(key: str, **extra: Any) -> Any:
    """The typer option that sets ``key``; ``extra`` adds typer-only details (``min=1``)."""
    found = declared(key)
    if found.flag is None:
        raise ValueError(f"setting {key} has no command-line flag")  # a programming error
    names = [found.flag, *([found.short] if found.short else [])]
    return typer.Option(*names, help=setting_help(key), show_default=False, **extra)
