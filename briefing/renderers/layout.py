"""The words of the brief that every format shares: lines, labels, rows.

Renderers differ in layout only; what a line says is decided once, here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import PurePath
from urllib.parse import urlparse, urlsplit

from briefing.ingest.own_output import GENERATOR_MARK
from briefing.languages import cjk_variant, primary
from briefing.models import OTHER_THEME_ID, OTHER_THEME_NAME, Brief, BriefItem, SourceRef
from briefing.themes import LOW_CONFIDENCE

# TLP 2.0 (FIRST): label colours on black, and what each label allows.
TLP_COLOURS = {
    "TLP:RED": "FF2B2B",
    "TLP:AMBER+STRICT": "FFC000",
    "TLP:AMBER": "FFC000",
    "TLP:GREEN": "33FF00",
    "TLP:CLEAR": "FFFFFF",
}
TLP_MEANING = {
    "TLP:RED": "For the eyes and ears of individual recipients only; no further disclosure.",
    "TLP:AMBER+STRICT": "Limited disclosure, restricted to the recipient's organisation only.",
    "TLP:AMBER": "Limited disclosure, on a need-to-know basis within the recipient's "
    "organisation and its clients.",
    "TLP:GREEN": "Limited disclosure, within the recipient's community.",
    "TLP:CLEAR": "Disclosure is not limited.",
}


LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def link_target(url: str | None) -> str | None:
    """``url`` when it may become a link (http, https with a host, or mailto), else None.

    Anything else — javascript:, data:, file:, \\\\host\\share, or a URL hiding control
    characters or spaces that browsers strip before reading the scheme — is shown as text.
    """
    if not url or any(c.isspace() or unicodedata.category(c) == "Cc" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return url


def generator() -> str:
    """The mark every format carries, by which a later run knows its own briefs."""
    return f"{GENERATOR_MARK} {tool_version()}"


def tool_version() -> str:
    try:
        return metadata.version("briefing")
    except metadata.PackageNotFoundError:
        return "unknown"


def marking_label(marking: str) -> str:
    """The marking as printed: capitals, ``TLP:`` prefix kept as the user typed it."""
    return " ".join(marking.split()).upper()


def marking_colour(marking: str) -> str | None:
    """TLP text colour (on black) for a TLP 2.0 label; None for free-text markings."""
    return TLP_COLOURS.get(marking_label(marking))


def marking_meaning(marking: str) -> str:
    return TLP_MEANING.get(marking_label(marking), "")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def period(brief: Brief) -> tuple[dt.date, dt.date] | None:
    """First and last day covered: since/until when given, else the articles' dates."""
    dates = [item.article.date for item in brief.items if item.article.date]
    start = brief.since or (min(dates) if dates else None)
    end = brief.until or (max(dates) if dates else None)
    if start is None or end is None:
        return None
    return (start, end) if start <= end else (end, start)


def period_text(brief: Brief) -> str:
    """``14 October – 25 November 2026``, shortened when months or years repeat."""
    span = period(brief)
    if span is None:
        return ""
    start, end = span
    if start == end:
        return long_date(start)
    if start.year != end.year:
        return f"{long_date(start)} – {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{start.day}–{long_date(end)}"


def subtitle(brief: Brief) -> str:
    span = period_text(brief)
    return f"Developments reported {span}" if span else "Developments in the sources supplied"


def issued_text(brief: Brief) -> str:
    moment = brief.generated_at
    zone = moment.strftime("%Z") or moment.strftime("%z")
    return f"Issued {long_date(moment.date())}, {moment:%H:%M} {zone}".strip()


def prepared_by(author: str, organisation: str) -> str:
    names = [part for part in (author.strip(), organisation.strip()) if part]
    return "Prepared by " + ", ".join(names) if names else ""


def cover_line(brief: Brief, author: str, organisation: str) -> str:
    """``Issued 26 November 2026, 09:30 CST · Prepared by ...`` under the subtitle."""
    by = prepared_by(author, organisation)
    return " · ".join(part for part in (issued_text(brief), by) if part)


# Said of a headline item (a title and link with no text to summarize) where others
# give their length.
HEADLINE_ONLY = "headline only"


def source_name(item: BriefItem) -> str:
    article = item.article
    return article.source or PurePath(article.path).name or "Unknown source"


def source_line(item: BriefItem) -> str:
    """``Source · date · N words`` (``N characters`` and the language for Chinese and
    Japanese: ``… · 568 characters · Japanese``; the language for any other than English),
    or ``Source · date · headline only`` for a headline item."""
    article = item.article
    parts = [source_name(item)]
    if article.date:
        parts.append(short_date(article.date))
    parts.append(HEADLINE_ONLY if article.headline_only else article.length_label)
    if article.language and primary(article.language) != "en":
        parts.append(language_name(article.language))
    return " · ".join(parts)


LANGUAGE_NAMES = {
    "zh-Hant": "Chinese (Traditional)",
    "zh-Hans": "Chinese (Simplified)",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ru": "Russian",
    "hi": "Hindi",
    "th": "Thai",
    "my": "Burmese",
    "vi": "Vietnamese",
}


def language_name(language: str) -> str:
    """The English name of a BCP 47 tag, or the tag itself when it has none here."""
    return (
        LANGUAGE_NAMES.get(cjk_variant(language) or language)
        or LANGUAGE_NAMES.get(primary(language) or "")
        or language
    )


def source_where(item: BriefItem) -> str:
    """Who published the article and when, as a reference ends: ``Source, 3 Nov 2026``."""
    where = source_name(item)
    if item.article.date:
        where += f", {short_date(item.article.date)}"
    return where


def ref_name(ref: SourceRef) -> str:
    return (
        ref.source or (urlparse(ref.url).hostname if ref.url else None) or PurePath(ref.path).name
    )


def title_stop(title: str) -> str:
    """The full stop that closes a title in a reference, unless it already ends in one."""
    return "" if title.rstrip().endswith((".", "?", "!", "…")) else "."


def citation(number: int) -> str:
    return f"[{number}]"


@dataclass(frozen=True)
class GlanceRow:
    theme: str
    articles: int
    lead_headline: str
    lead_citation: int
    sources: str


def glance_rows(brief: Brief, max_sources: int = 3) -> list[GlanceRow]:
    """One row per theme section: how much, the top story, and who reported it."""
    rows = []
    for section in brief.sections:
        # Named publishers only, first mention first; inputs without one count as one more.
        sources_named = [item.article.source for item in section.items if item.article.source]
        names = list(dict.fromkeys(sources_named))
        shown = names[:max_sources]
        if shown:
            unattributed = len(sources_named) < len(section.items)
            extra = len(names) - len(shown) + (1 if unattributed else 0)
            sources = ", ".join(shown) + (f" and {extra} more" if extra else "")
        else:
            sources = "Unattributed inputs"
        lead = section.items[0]
        rows.append(
            GlanceRow(
                section.theme.name, len(section.items), lead.article.title, lead.citation, sources
            )
        )
    return rows


def budget_text(settings: dict[str, object]) -> str:
    if settings.get("words"):
        return f"about {settings['words']} words per article (characters for Chinese and Japanese)"
    if settings.get("ratio"):
        return f"{float(settings['ratio']):.0%} of each article's sentences"  # type: ignore[arg-type]
    if settings.get("sentences"):
        return f"{settings['sentences']} sentences per article"
    return "default summary length"


def method_lines(brief: Brief) -> list[str]:
    """The method note, one statement per line."""
    settings = dict(brief.settings)
    algorithm = settings.get("algorithm", "unknown")
    themes_file = settings.get("themes_file", "default")
    themes_text = "the built-in themes" if themes_file in ("default", None) else str(themes_file)
    skipped = len(brief.skipped)
    lines = [
        f"Summaries are extractive: sentences quoted verbatim from each article, chosen by the "
        f"{algorithm} algorithm ({budget_text(settings)}), kept in source order.",
        f"Articles are grouped by theme using {themes_text}; key points are the most central, "
        "least redundant summary sentences of each theme.",
        f"{brief.inputs} input{'s' if brief.inputs != 1 else ''} read, "
        f"{len(brief.items)} article{'s' if len(brief.items) != 1 else ''} in this brief, "
        f"{skipped} input{'s' if skipped != 1 else ''} skipped, "
        f"{brief.duplicates_merged} duplicate{'s' if brief.duplicates_merged != 1 else ''} merged.",
        f"Generated {brief.generated_at.isoformat()} by briefing {tool_version()}.",
    ]
    checks = low_confidence_text(brief)
    if checks:
        lines.insert(2, checks)
    return lines


def low_confidence_text(brief: Brief) -> str:
    """The articles whose theme was a close call, for the analyst to check."""
    names = {theme.id: theme.name for theme in brief.themes}
    names[OTHER_THEME_ID] = OTHER_THEME_NAME
    close = []
    for item in brief.items:
        score = item.theme_score
        if score.confidence >= LOW_CONFIDENCE:
            continue
        ranked = sorted(
            (t for t in score.scores if t != score.theme),
            key=lambda t: score.scores[t],
            reverse=True,
        )
        near = f", close to {names.get(ranked[0], ranked[0])}" if ranked else ""
        close.append(f"{citation(item.citation)} {names.get(score.theme, score.theme)}{near}")
    if not close:
        return ""
    return (
        f"Low-confidence theme placements, worth a check ({len(close)}): " + "; ".join(close) + "."
    )
