"""Stage 4: place each article in a theme from a themes file, or in "other".

Terms are matched after stemming, case-insensitively, and multi-word terms only as
phrases. Hits in the title and the lead count more than hits further down, and a term
shared by several themes counts less for each.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from briefing import text as textlib
from briefing.errors import ThemesError
from briefing.models import OTHER_THEME_ID, Article, Theme, ThemeScore

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
LEAD_SENTENCES = 2
PHRASE_BONUS = 0.5  # per extra word: a phrase is more specific than a single word


@dataclass(frozen=True)
class ThemeOptions:
    """``min_score`` sends weak matches to "other"; ``secondary_ratio`` names runners-up."""

    min_score: float = 1.0
    min_hits: int = 2
    secondary_ratio: float = 0.6


def default_themes_path() -> Path:
    return Path(str(resources.files("briefing") / "defaults" / "themes.toml"))


def load_themes(path: str | Path | None = None) -> tuple[Theme, ...]:
    """Themes from a TOML file (the packaged defaults when ``path`` is None), in file order."""
    path = Path(path) if path else default_themes_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ThemesError(
            f"{path}: themes file not found; pass an existing --themes FILE"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemesError(f"{path}: cannot read themes file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThemesError(f"{path}: not valid TOML ({exc})") from None
    table = data.get("themes")
    if not isinstance(table, dict) or not table:
        raise ThemesError(
            f"{path}: no themes found; declare each as [themes.<id>] with name and terms"
        )
    themes = [_parse_theme(path, theme_id, body) for theme_id, body in table.items()]
    return tuple(themes)


def _parse_theme(path: Path, theme_id: str, body: object) -> Theme:
    where = f"{path}: [themes.{theme_id}]"
    if theme_id == OTHER_THEME_ID:
        raise ThemesError(f"{where}: 'other' is reserved for articles that fit no theme")
    if not isinstance(body, dict):
        raise ThemesError(f"{where} must be a table with name and terms")
    name, terms, description = body.get("name"), body.get("terms"), body.get("description", "")
    if not isinstance(name, str) or not name.strip():
        raise ThemesError(f'{where}: missing name; add name = "Readable name"')
    if (
        not isinstance(terms, list)
        or not terms
        or not all(isinstance(t, str) and t.strip() for t in terms)
    ):
        raise ThemesError(f'{where}: terms must be a non-empty list of strings, e.g. ["tariff"]')
    if not isinstance(description, str):
        raise ThemesError(f"{where}: description must be a string")
    unknown = set(body) - {"name", "terms", "description"}
    if unknown:
        raise ThemesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return Theme(
        id=theme_id,
        name=name.strip(),
        terms=tuple(t.strip() for t in terms),
        description=description.strip(),
    )


def _stems(text: str) -> tuple[str, ...]:
    return tuple(textlib.stem(w) for w in textlib.words(text))


@dataclass(frozen=True)
class _Zones:
    """Stemmed n-gram counts of an article's title, lead and body, and its length."""

    counts: tuple[Counter[tuple[str, ...]], ...]
    weights: tuple[float, ...]
    length: int


def _ngram_counts(tokens: Sequence[str], sizes: Iterable[int]) -> Counter[tuple[str, ...]]:
    counts: Counter[tuple[str, ...]] = Counter()
    for n in sizes:
        for i in range(len(tokens) - n + 1):
            counts[tuple(tokens[i : i + n])] += 1
    return counts


def _zones(article: Article, sizes: set[int]) -> _Zones:
    sentences = textlib.split_sentences(article.text)
    lead = " ".join(sentences[:LEAD_SENTENCES])
    rest = " ".join(sentences[LEAD_SENTENCES:])
    parts = [(lead, LEAD_WEIGHT), (rest, 1.0)]
    if not article.title_derived:  # a derived title repeats the lead: count it once
        parts.insert(0, (article.title, TITLE_WEIGHT))
    counts = tuple(_ngram_counts(_stems(part), sizes) for part, _ in parts)
    return _Zones(counts, tuple(w for _, w in parts), len(textlib.words(article.text)))


def _term_weights(themes: Sequence[Theme]) -> dict[str, dict[tuple[str, ...], tuple[str, float]]]:
    """Per theme: stemmed term → (term as written, weight)."""
    owners: Counter[tuple[str, ...]] = Counter()
    stemmed: dict[str, dict[tuple[str, ...], str]] = {}
    for theme in themes:
        stemmed[theme.id] = {}
        for term in theme.terms:
            key = _stems(term)
            if key and key not in stemmed[theme.id]:
                stemmed[theme.id][key] = term
                owners[key] += 1
    return {
        theme_id: {
            key: (term, (1 + PHRASE_BONUS * (len(key) - 1)) / owners[key])
            for key, term in terms.items()
        }
        for theme_id, terms in stemmed.items()
    }


def score_article(
    article: Article, themes: Sequence[Theme], options: ThemeOptions | None = None
) -> ThemeScore:
    return assign_themes([article], themes, options)[0]


def assign_themes(
    articles: Sequence[Article], themes: Sequence[Theme], options: ThemeOptions | None = None
) -> list[ThemeScore]:
    """A ThemeScore per article, in the same order."""
    options = options or ThemeOptions()
    weights = _term_weights(themes)
    sizes = {len(key) for terms in weights.values() for key in terms} or {1}
    results = []
    for article in articles:
        zones = _zones(article, sizes)
        scores: dict[str, float] = {}
        matched: dict[str, dict[str, float]] = {}
        hits: dict[str, int] = {}
        # Hits per 100 words, damped so that a short teaser is not over-rewarded.
        norm = 100.0 / math.sqrt((zones.length + 100) * 100)
        for theme in themes:
            raw = 0.0
            terms: dict[str, float] = {}
            count = 0
            for key, (term, weight) in weights[theme.id].items():
                contribution = sum(
                    c[key] * w for c, w in zip(zones.counts, zones.weights, strict=True)
                )
                if contribution:
                    terms[term] = round(contribution * weight * norm, 4)
                    raw += contribution * weight
                    count += sum(c[key] for c in zones.counts)
            scores[theme.id] = round(raw * norm, 4)
            matched[theme.id] = terms
            hits[theme.id] = count
        results.append(_decide(article.id, scores, matched, hits, options))
    return results


def _decide(
    article_id: str,
    scores: dict[str, float],
    matched: dict[str, dict[str, float]],
    hits: dict[str, int],
    options: ThemeOptions,
) -> ThemeScore:
    ranked = sorted(scores, key=lambda t: scores[t], reverse=True)
    best = ranked[0] if ranked else None
    if best is None or scores[best] < options.min_score or hits[best] < options.min_hits:
        primary = OTHER_THEME_ID
        secondary: tuple[str, ...] = ()
    else:
        primary = best
        secondary = tuple(
            t
            for t in ranked[1:]
            if scores[t] >= options.min_score
            and scores[t] >= options.secondary_ratio * scores[best]
        )
    return ThemeScore(
        article_id=article_id,
        theme=primary,
        scores=MappingProxyType(scores),
        secondary_themes=secondary,
        matched_terms=MappingProxyType({k: MappingProxyType(v) for k, v in matched.items()}),
    )
