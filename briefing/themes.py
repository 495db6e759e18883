"""Stage 4: place each article in a theme from a themes file, or in "other".

Users write a dozen terms per theme, so the engine does the rest, in two passes.

First pass, term matching: terms match after stemming, case-insensitively, multi-word
terms only as phrases. A term counts more when it is rare among the articles of the run
(inverse document frequency), in the title or the lead, or a phrase; less when several
themes share it. The words of a theme's description count as weaker terms.

Second pass, pseudo-relevance feedback: the articles the first pass placed with a clear
margin form a centroid (content-stem profile) per theme, and every article's score gains
its cosine similarity to each centroid. This learns the vocabulary the user did not
write down ("striker", "chancellor") from the articles themselves. It runs only when a
theme has enough confident articles for its centroid to mean something.

An article whose best score is too weak goes to "other"; themes scoring close to the
best become ``secondary_themes``. Constants were set on half of the BBC dev set and
checked on the other half (README, "Quality and speed").
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
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
DESCRIPTION_WEIGHT = 0.5  # a description word is a weaker hint than a chosen term
# Say of the centroid against the terms: 1.0 makes a typical confident article's best
# cosine worth as much as its best term score.
CENTROID_WEIGHT = 8.0
MIN_SIMILARITY = 0.1  # cosine to a centroid below which an article has no learned theme
CONFIDENT_MARGIN = 1.5  # best score at least this many times the runner-up's
MIN_CENTROID_ARTICLES = 10  # fewer confident articles make a noisy centroid
FEEDBACK_ROUNDS = 2  # the second round learns from the articles the first one placed


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
    by_language = {
        key.removeprefix("terms_"): _language_terms(where, key, value)
        for key, value in body.items()
        if _LANGUAGE_TERMS.fullmatch(key)
    }
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
    unknown = {k for k in body if not _LANGUAGE_TERMS.fullmatch(k)} - {
        "name",
        "terms",
        "description",
    }
    if unknown:
        raise ThemesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return Theme(
        id=theme_id,
        name=name.strip(),
        terms=tuple(t.strip() for t in terms),
        description=description.strip(),
        terms_by_language=tuple(by_language.items()),
    )


# ``terms_zh``, ``terms_ja``: terms in one language, keyed by its primary subtag.
_LANGUAGE_TERMS = re.compile(r"terms_[a-z]{2,3}")


def _language_terms(where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ThemesError(f'{where}: {key} must be a list of strings, e.g. ["國防部"]')
    return tuple(t.strip() for t in value)


def _stems(text: str, language: str | None = None) -> tuple[str, ...]:
    return tuple(textlib.stem(w) for w in textlib.words(text, language))


@dataclass(frozen=True)
class _Zones:
    """Stemmed n-gram counts of an article's title, lead and body, and its length."""

    counts: tuple[Counter[tuple[str, ...]], ...]
    weights: tuple[float, ...]
    length: int

    def present(self) -> set[tuple[str, ...]]:
        return {key for counts in self.counts for key in counts}


def _term_counts(
    tokens: Sequence[str], keys: frozenset[tuple[str, ...]]
) -> Counter[tuple[str, ...]]:
    """How often each of ``keys`` (stemmed terms, phrases too) occurs in ``tokens``."""
    counts: Counter[tuple[str, ...]] = Counter((t,) for t in tokens if (t,) in keys)
    lengths: dict[str, set[int]] = {}
    for key in keys:
        if len(key) > 1:
            lengths.setdefault(key[0], set()).add(len(key))
    for i, token in enumerate(tokens):
        for n in lengths.get(token, ()):
            window = tuple(tokens[i : i + n])
            if window in keys:
                counts[window] += 1
    return counts


@dataclass(frozen=True)
class ArticleFeatures:
    """What theme placement needs from one article; computed apart so it can run in
    worker processes (plain, picklable data)."""

    zones: _Zones
    profile: Counter[str]


def _zones(article: Article, keys: frozenset[tuple[str, ...]]) -> _Zones:
    sentences = textlib.split_sentences(article.text)
    lead = " ".join(sentences[:LEAD_SENTENCES])
    rest = " ".join(sentences[LEAD_SENTENCES:])
    parts = [(lead, LEAD_WEIGHT), (rest, 1.0)]
    if not article.title_derived:  # a derived title repeats the lead: count it once
        parts.insert(0, (article.title, TITLE_WEIGHT))
    language = article.language
    counts = tuple(_term_counts(_stems(part, language), keys) for part, _ in parts)
    return _Zones(counts, tuple(w for _, w in parts), len(textlib.words(article.text, language)))


def _all_keys(themes: Sequence[Theme]) -> frozenset[tuple[str, ...]]:
    return frozenset(key for theme in themes for key in _theme_terms(theme))


def prepare(articles: Sequence[Article], themes: Sequence[Theme]) -> list[ArticleFeatures]:
    """Per article, the term counts by zone and the content-stem profile."""
    keys = _all_keys(themes)
    return [ArticleFeatures(_zones(a, keys), _profile(a)) for a in articles]


def _theme_terms(theme: Theme) -> dict[tuple[str, ...], tuple[str, float]]:
    """Stemmed term → (term as written, base weight), description words included."""
    terms: dict[tuple[str, ...], tuple[str, float]] = {}
    for term, language in theme.all_terms():
        key = _stems(term, language)
        if key and key not in terms:
            terms[key] = (term, 1 + PHRASE_BONUS * (len(key) - 1))
    stops = textlib.stop_words()
    for word in textlib.words(theme.description):
        if word.lower() in stops or len(word) < 3:
            continue
        key = (textlib.stem(word),)
        if key not in terms:
            terms[key] = (word.lower(), DESCRIPTION_WEIGHT)
    return terms


def _term_weights(
    themes: Sequence[Theme], zones: Sequence[_Zones]
) -> dict[str, dict[tuple[str, ...], tuple[str, float]]]:
    """Per theme: stemmed term → (term as written, weight by specificity and rarity)."""
    per_theme = {theme.id: _theme_terms(theme) for theme in themes}
    owners: Counter[tuple[str, ...]] = Counter()
    for terms in per_theme.values():
        owners.update(terms.keys())
    document_frequency: Counter[tuple[str, ...]] = Counter()
    for zone in zones:
        document_frequency.update(zone.present() & owners.keys())
    total = len(zones)

    def rarity(key: tuple[str, ...]) -> float:
        # Smoothed IDF, 1.0 for a term in every article; a single article gives 1.0 too.
        return 1.0 + math.log((total + 1) / (document_frequency[key] + 1))

    return {
        theme_id: {
            key: (term, weight * rarity(key) / owners[key]) for key, (term, weight) in terms.items()
        }
        for theme_id, terms in per_theme.items()
    }


def score_article(
    article: Article, themes: Sequence[Theme], options: ThemeOptions | None = None
) -> ThemeScore:
    return assign_themes([article], themes, options)[0]


def _first_pass(
    zones: _Zones,
    themes: Sequence[Theme],
    weights: dict[str, dict[tuple[str, ...], tuple[str, float]]],
) -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, int]]:
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
            contribution = sum(c[key] * w for c, w in zip(zones.counts, zones.weights, strict=True))
            if contribution:
                terms[term] = round(terms.get(term, 0.0) + contribution * weight * norm, 4)
                raw += contribution * weight
                count += sum(c[key] for c in zones.counts)
        scores[theme.id] = raw * norm
        matched[theme.id] = terms
        hits[theme.id] = count
    return scores, matched, hits


def _profile(article: Article) -> Counter[str]:
    return Counter(textlib.content_stems(f"{article.title} {article.text}", article.language))


def _tfidf(profile: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {stem: (1 + math.log(n)) * idf.get(stem, 0.0) for stem, n in profile.items()}
    length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {stem: v / length for stem, v in vector.items()}


def _confident_theme(
    scores: dict[str, float], hits: dict[str, int], options: ThemeOptions
) -> str | None:
    """The best theme when it leads the runner-up by a clear margin, else None."""
    ranked = sorted(scores, key=lambda t: scores[t], reverse=True)
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if (
        scores[best] >= options.min_score
        and hits[best] >= options.min_hits
        and scores[best] >= CONFIDENT_MARGIN * runner_up
    ):
        return best
    return None


def _document_vectors(profiles: Sequence[Counter[str]]) -> list[dict[str, float]]:
    spread: Counter[str] = Counter()
    for profile in profiles:
        spread.update(profile.keys())
    total = len(profiles)
    idf = {stem: math.log((total + 1) / (n + 1)) for stem, n in spread.items()}
    return [_tfidf(p, idf) for p in profiles]


def _centroid_similarity(
    vectors: Sequence[dict[str, float]], placed: Sequence[str | None]
) -> list[dict[str, float]]:
    """Per article: cosine to the centroid of each theme's confidently placed articles."""
    members: dict[str, list[int]] = {}
    for index, theme_id in enumerate(placed):
        if theme_id is not None:
            members.setdefault(theme_id, []).append(index)
    centroids: dict[str, dict[str, float]] = {}
    for theme_id, indexes in members.items():
        if len(indexes) < MIN_CENTROID_ARTICLES:
            continue
        summed: Counter[str] = Counter()
        for i in indexes:
            summed.update(vectors[i])
        length = math.sqrt(sum(v * v for v in summed.values())) or 1.0
        centroids[theme_id] = {stem: v / length for stem, v in summed.items()}
    return [
        {
            theme_id: sum(v * centroid.get(stem, 0.0) for stem, v in vector.items())
            for theme_id, centroid in centroids.items()
        }
        for vector in vectors
    ]


def _cosine_scale(
    first: Sequence[tuple[dict[str, float], dict[str, dict[str, float]], dict[str, int]]],
    similarity: Sequence[dict[str, float]],
    placed: Sequence[str | None],
) -> float:
    """Median ratio of best term score to best cosine among the confident articles."""
    ratios = sorted(
        max(first[i][0].values()) / max(similarity[i].values())
        for i, theme_id in enumerate(placed)
        if theme_id is not None and similarity[i] and max(similarity[i].values()) > 0
    )
    return ratios[len(ratios) // 2] if ratios else 0.0


def assign_themes(
    articles: Sequence[Article],
    themes: Sequence[Theme],
    options: ThemeOptions | None = None,
    features: Sequence[ArticleFeatures] | None = None,
) -> list[ThemeScore]:
    """A ThemeScore per article, in the same order (``features`` from ``prepare``)."""
    options = options or ThemeOptions()
    if not articles:
        return []
    features = features if features is not None else prepare(articles, themes)
    zones = [f.zones for f in features]
    weights = _term_weights(themes, zones)
    first = [_first_pass(z, themes, weights) for z in zones]
    placed = [_confident_theme(scores, hits, options) for scores, _, hits in first]
    combined = [scores for scores, _, _ in first]
    learned: list[dict[str, float]] = [{} for _ in articles]
    if sum(p is not None for p in placed) >= MIN_CENTROID_ARTICLES:
        vectors = _document_vectors([f.profile for f in features])
        scale = 0.0
        for _ in range(FEEDBACK_ROUNDS):
            learned = _centroid_similarity(vectors, placed)
            scale = scale or _cosine_scale(first, learned, placed)
            combined = [
                {
                    t: round(score + CENTROID_WEIGHT * scale * sim.get(t, 0.0), 4)
                    for t, score in scores.items()
                }
                for (scores, _, _), sim in zip(first, learned, strict=True)
            ]
            placed = [
                _confident_theme(c, _with_learned_hits(hits, sim), options)
                for c, (_, _, hits), sim in zip(combined, first, learned, strict=True)
            ]
    results = []
    for article, (scores, matched, hits), final, sim in zip(
        articles, first, combined, learned, strict=True
    ):
        # Off-theme when neither the user's terms nor the learned centroids point anywhere.
        weak_terms = (
            max(scores.values()) < options.min_score or max(hits.values()) < options.min_hits
        )
        weak_learned = max(sim.values(), default=0.0) < MIN_SIMILARITY
        results.append(_decide(article.id, final, matched, weak_terms and weak_learned, options))
    return results


def _with_learned_hits(hits: dict[str, int], similarity: dict[str, float]) -> dict[str, int]:
    """Hits, counting a theme whose centroid the article resembles as if it were matched."""
    return {
        t: max(n, 0 if similarity.get(t, 0.0) < MIN_SIMILARITY else 10**6) for t, n in hits.items()
    }


def _decide(
    article_id: str,
    scores: dict[str, float],
    matched: dict[str, dict[str, float]],
    off_theme: bool,
    options: ThemeOptions,
) -> ThemeScore:
    ranked = sorted(scores, key=lambda t: scores[t], reverse=True)
    best = ranked[0] if ranked else None
    if best is None or off_theme:
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
