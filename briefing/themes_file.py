"""The themes file: TOML read, validated and turned into ``Theme`` values.

What a user writes (``[themes.<id>]`` with name, terms, description, exclude, context and
per-language ``terms_<lang>``) is checked here, with messages that say how to fix it;
``briefing.themes`` scores articles against the result and never reads a file itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from briefing import fileio
from briefing import text as textlib
from briefing.errors import ThemesError
from briefing.models import OTHER_THEME_ID, Theme

logger = logging.getLogger(__name__)


def default_themes_path() -> Path:
    return Path(str(resources.files("briefing") / "defaults" / "themes.toml"))


_LANGUAGE_TERMS = re.compile(r"^terms_([a-z]{2,3})$")
_THEME_KEYS = {"name", "terms", "description", "exclude", "context"}
# Far above any readable brief; the cap keeps a runaway file from costing minutes and GBs.
MAX_THEMES = 200
MAX_TERMS = 500  # per theme


def load_themes(path: str | Path | None = None) -> tuple[Theme, ...]:
    """Themes from a TOML file (the packaged defaults when ``path`` is None), in file order."""
    path = Path(path) if path else default_themes_path()
    data = fileio.read_user_toml(
        path, "themes file", ThemesError, "; pass an existing --themes FILE"
    )
    table = data.get("themes")
    if not isinstance(table, dict) or not table:
        raise ThemesError(
            f"{path}: no themes found; declare each as [themes.<id>] with name and terms"
        )
    if len(table) > MAX_THEMES:
        raise ThemesError(
            f"{path}: {len(table)} themes; at most {MAX_THEMES} are allowed "
            "(a brief with more sections is not readable): merge some"
        )
    themes = [_parse_theme(path, theme_id, body) for theme_id, body in table.items()]
    return tuple(themes)


def _strings(where: str, key: str, value: object, required: bool) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or (required and not value)
        or not all(isinstance(t, str) and t.strip() for t in value)
    ):
        raise ThemesError(f'{where}: {key} must be a non-empty list of strings, e.g. ["tariff"]')
    return tuple(t.strip() for t in value)


def _parse_theme(path: Path, theme_id: str, body: object) -> Theme:
    where = f"{path}: [themes.{theme_id}]"
    if theme_id.strip().lower() == OTHER_THEME_ID:
        raise ThemesError(f"{where}: 'other', in any case, is reserved for articles of no theme")
    if not isinstance(body, dict):
        raise ThemesError(f"{where} must be a table with name and terms")
    name, description = body.get("name"), body.get("description", "")
    if not isinstance(name, str) or not name.strip():
        raise ThemesError(f'{where}: missing name; add name = "Readable name"')
    terms = _strings(where, "terms", body.get("terms"), required=True)
    if not isinstance(description, str):
        raise ThemesError(f"{where}: description must be a string")
    exclude = _strings(where, "exclude", body.get("exclude", []), required=False)
    context = _strings(where, "context", body.get("context", []), required=False)
    by_language = {}
    for key, value in body.items():
        match = _LANGUAGE_TERMS.match(key)
        if match:
            by_language[match.group(1)] = _strings(where, key, value, required=False)
    unknown = set(body) - _THEME_KEYS - {k for k in body if _LANGUAGE_TERMS.match(k)}
    if unknown:
        raise ThemesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if len(terms) > MAX_TERMS:
        raise ThemesError(f"{where}: {len(terms)} terms; at most {MAX_TERMS} are allowed")
    usable = _usable_terms(where, terms)
    if not usable:
        raise ThemesError(f"{where}: no term has a word of two letters or more; use real words")
    return Theme(
        id=theme_id,
        name=name.strip(),
        terms=usable,
        description=description.strip(),
        exclude=exclude,
        context=context,
        language_terms=by_language,
    )


def _usable_terms(where: str, terms: Sequence[str]) -> tuple[str, ...]:
    """Terms that match words; one reducing to nothing (punctuation) or to a single letter
    (``(a+)+$`` -> "a", which every article has) is dropped with a warning."""
    usable = []
    for term in terms:
        stems = textlib.stems(term)
        # One CJK character is a word; one Latin letter matches nearly every article.
        if not stems or all(len(stem) < 2 and stem.isascii() for stem in stems):
            reduced = " ".join(stems) or "nothing"
            logger.warning("%s: term %r reduces to %s and is ignored", where, term, reduced)
            continue
        usable.append(term.strip())
    return tuple(usable)
