"""The words of the brief that every format shares: lines, labels, rows.

Renderers differ in layout only; what a line says is decided once, here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING
from urllib.parse import urlparse, urlsplit

from briefing.ingest.own_output import GENERATOR_MARK
from briefing.languages import cjk_variant, primary
from briefing.models import (
    OTHER_THEME_ID,
    OTHER_THEME_NAME,
    Brief,
    BriefItem,
    BriefSettings,
    BriefStory,
    KeyPoint,
    SourceRef,
)
from briefing.themes import LOW_CONFIDENCE

if TYPE_CHECKING:
    from briefing.renderers.base import RenderOptions

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


def marking_of(brief: Brief, options: RenderOptions) -> str:
    """The marking a rendering prints: the brief's own, unless the options name another."""
    return options.marking or brief.marking


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
SOURCE_NOT_GIVEN = "source not given"


def source_name(item: BriefItem) -> str:
    """The publisher; an input without one says so rather than showing its file name."""
    return item.article.source or SOURCE_NOT_GIVEN


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
    where = where[:1].upper() + where[1:]  # it opens a sentence of the reference
    if item.article.date:
        where += f", {short_date(item.article.date)}"
    return where


def date_span(story: BriefStory) -> str:
    """``3 Nov 2026`` or ``3–5 Nov 2026``: the days a story's articles were published."""
    dates = sorted(item.article.date for item in story.items if item.article.date)
    if not dates:
        return ""
    first, last = dates[0], dates[-1]
    if first == last:
        return short_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{short_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {short_date(last)}"
    return f"{short_date(first)} – {short_date(last)}"


@dataclass(frozen=True)
class Outlet:
    """A publisher of a story and the citations of its articles (none for a merged copy,
    which has no entry of its own); articles without a publisher are one such entry."""

    name: str
    citations: tuple[int, ...]
    named: bool = True


def outlets(story: BriefStory) -> list[Outlet]:
    """Who reported the story, first mention first: its articles, then merged copies."""
    found: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for item in story.cited or story.items:
        key = (item.article.source or "").casefold()
        names.setdefault(key, source_name(item))
        found.setdefault(key, []).append(item.citation)
    for item in story.cited or story.items:
        for ref in item.article.also_in:
            if ref.source and ref.source.casefold() not in found:
                names[ref.source.casefold()] = ref.source
                found[ref.source.casefold()] = []
    return [Outlet(names[key], tuple(numbers), bool(key)) for key, numbers in found.items()]


def reported_by(story: BriefStory) -> str:
    """``Reported by 3 outlets`` (the names follow, each cited by the renderer), or
    ``4 reports`` when some publishers are not known."""
    named = {i.article.source.casefold() for i in story.items if i.article.source}
    named |= {r.source.casefold() for i in story.items for r in i.article.also_in if r.source}
    if all(item.article.source for item in story.items):
        return f"Reported by {len(named)} outlet{'s' if len(named) != 1 else ''}"
    return f"{len(story.items)} reports"


def more_reports(story: BriefStory) -> str:
    """``and 34 more``: the articles of the story the body does not cite by number."""
    return f"and {story.uncited} more" if story.uncited > 0 else ""


STATUS_LABEL = {"new": "New", "continuing": "Continuing"}


def status_label(story: BriefStory) -> str:
    """``New`` or ``Continuing`` against the previous brief; empty without one."""
    return STATUS_LABEL.get(story.story.status, "")


def multi_source(story: BriefStory) -> bool:
    """Told by several articles: each summary sentence then cites its own article."""
    return len(story.items) > 1


def story_sentences(story: BriefStory) -> list[tuple[str, int]]:
    """The story's summary as (sentence, citation of its article)."""
    return [(s.text, story.citation_of(s.article_id)) for s in story.story.summary]


def meta_line(
    story: BriefStory,
    escape: Callable[[str], str],
    cite: Callable[[int], str],
    nbsp: str,
    after_citation: str,
) -> str:
    """The line under a story's headline in a text markup (HTML, Markdown), given its
    ``escape``, ``cite`` and no-break space: the outlets that reported it, each with its
    citations, how many more did, and the dates; for a story of one article, its
    citation, ``after_citation``, and where it appeared."""
    lead = story.lead
    if not multi_source(story):
        return f"{cite(lead.citation)}{after_citation}{escape(source_line(lead))}"
    names = ", ".join(
        escape(outlet.name) + "".join(f"{nbsp}{cite(n)}" for n in outlet.citations)
        for outlet in outlets(story)
    )
    more = more_reports(story)
    names += f" {escape(more)}" if more else ""
    span = date_span(story)
    return f"{escape(reported_by(story))}: {names}" + (f" · {escape(span)}" if span else "")


def one_sentence(story: BriefStory) -> tuple[str, int] | None:
    """The single sentence a compact entry (Other developments) shows."""
    key = story.story.key_sentence
    if key is not None:
        return key.text, story.citation_of(key.article_id)
    sentences = story_sentences(story)
    return sentences[0] if sentences else None


@dataclass(frozen=True)
class ListedRow:
    """A story of the "More stories" table: headline, who, when, where to read it."""

    headline: str
    sources: str
    date: str
    url: str | None


@dataclass(frozen=True)
class ListedGroup:
    theme: str
    rows: tuple[ListedRow, ...]
    more: int  # stories of the theme beyond the table (in the JSON export)


def listed_groups(brief: Brief) -> list[ListedGroup]:
    """Per theme, the stories not told in full, up to the brief's table budget (shared
    evenly by the themes that have such stories, the unused share passed on)."""
    pending = [s for s in brief.sections if s.listed_stories]
    budget = brief.listed_limit
    groups = []
    for index, section in enumerate(pending):
        share = budget // (len(pending) - index)
        shown = section.listed_stories[:share]
        budget -= len(shown)
        rows = []
        for story in shown:
            names = [outlet.name for outlet in outlets(story)]
            extra = f" and {len(names) - 1} more" if len(names) > 1 else ""
            rows.append(ListedRow(story.story.headline, names[0] + extra, date_span(story),
                                  story.lead.article.url))  # fmt: skip
        groups.append(
            ListedGroup(section.theme.name, tuple(rows), len(section.listed_stories) - len(shown))
        )
    return groups


def more_in_json(count: int) -> str:
    return f"{count} more stor{'ies' if count != 1 else 'y'} in this theme: see the JSON export."


def ref_name(ref: SourceRef) -> str:
    return ref.source or (urlparse(ref.url).hostname if ref.url else None) or SOURCE_NOT_GIVEN


def title_stop(title: str) -> str:
    """The full stop that closes a title in a reference, unless it already ends in one."""
    return "" if title.rstrip().endswith((".", "?", "!", "…")) else "."


def key_point_groups(brief: Brief) -> list[tuple[str, list[KeyPoint]]]:
    """Key points under their theme's name, themes in brief order, citations ascending."""
    names = {section.theme.id: section.theme.name for section in brief.sections}
    groups: dict[str, list[KeyPoint]] = {}
    for point in brief.key_points:
        groups.setdefault(point.theme_id, []).append(point)
    return [
        (names.get(theme, theme), sorted(points, key=lambda p: p.citation))
        for theme, points in groups.items()
    ]


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
        lead = section.stories[0]
        rows.append(
            GlanceRow(
                section.theme.name,
                len(section.items),
                lead.story.headline,
                lead.lead.citation,
                sources,
            )
        )
    return rows


def budget_text(settings: BriefSettings) -> str:
    if settings.words:
        return f"about {settings.words} words per article (characters for Chinese and Japanese)"
    if settings.ratio:
        return f"{settings.ratio:.0%} of each article's sentences"
    if settings.sentences:
        return f"{settings.sentences} sentences per article"
    return "default summary length"


def method_lines(brief: Brief) -> list[str]:
    """The method note, one statement per line."""
    settings = brief.settings
    algorithm = settings.algorithm or "unknown"
    themes_file = settings.themes_file
    themes_text = "the built-in themes" if themes_file == "default" else themes_file
    skipped = len(brief.skipped)
    lines = [
        f"Summaries are extractive: sentences quoted verbatim from each article, chosen by the "
        f"{algorithm} algorithm ({budget_text(settings)}), kept in source order.",
        f"Articles are grouped by theme using {themes_text}, and articles about the same event "
        "are one story, ranked within its theme by the outlets reporting it, recency and "
        "centrality to the theme; each key point is a sentence of a top story that reads alone.",
        f"{brief.inputs} input{'s' if brief.inputs != 1 else ''} read, "
        f"{len(brief.items)} article{'s' if len(brief.items) != 1 else ''} in "
        f"{len(brief.stories)} stor{'ies' if len(brief.stories) != 1 else 'y'}, "
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
