"""Frozen dataclasses that travel between the stages of the pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from briefing.languages import length as text_length

OTHER_THEME_ID = "other"
OTHER_THEME_NAME = "Other developments"


@dataclass(frozen=True)
class SourceRef:
    """Where a (duplicate) copy of an article was also found."""

    source: str | None
    url: str | None
    path: str
    title: str


@dataclass(frozen=True)
class Article:
    """One article, as read from an input."""

    id: str
    title: str
    text: str
    path: str
    title_derived: bool = False
    source: str | None = None
    date: dt.date | None = None
    url: str | None = None
    author: str | None = None
    truncated: bool = False
    also_in: tuple[SourceRef, ...] = ()
    # A headline item: a title (and usually a link) with no body worth summarizing, such as
    # a headline-only feed entry or a teaser on a scraped page.
    headline_only: bool = False
    # BCP 47 tag, when known: the primary subtag ("en", "ja"), with the script for
    # Chinese ("zh-Hant", "zh-Hans").
    language: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def length(self) -> tuple[int, str]:
        """``(count, unit)``: characters for Chinese and Japanese, words otherwise."""
        return text_length(self.text, self.language)

    @property
    def length_label(self) -> str:
        """``1,234 words`` or ``856 characters``."""
        count, unit = self.length
        return f"{count:,} {unit}"


@dataclass(frozen=True)
class Skip:
    """An input (or part of one) that was not turned into articles, and why."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass(frozen=True)
class IngestResult:
    """Articles read from a set of inputs, plus what was skipped."""

    articles: tuple[Article, ...]
    skipped: tuple[Skip, ...] = ()
    inputs: int = 0
    duplicates_merged: int = 0
    undated: int = 0
    out_of_window: int = 0
    windowed: bool = False  # a --since/--until window was applied
    undated_kept: bool = True  # --undated keep (the default) or drop


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence picked by a summarizer, with its position in the article."""

    text: str
    index: int
    score: float = 0.0
    rank: int = 0  # 1 for the summarizer's best sentence; 0 when not ranked


@dataclass(frozen=True)
class Summary:
    """An extractive summary: verbatim sentences of one article, in source order."""

    article_id: str
    algorithm: str
    sentences: tuple[ScoredSentence, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.sentences)


@dataclass(frozen=True)
class Theme:
    """A theme as declared in a themes file."""

    id: str
    name: str
    terms: tuple[str, ...]
    description: str = ""
    # Phrases in which the theme's terms mean something else ("drone light show").
    exclude: tuple[str, ...] = ()
    # Actors and industries that add weight beside the terms but are no evidence alone.
    context: tuple[str, ...] = ()
    # Terms for articles in other languages, by language subtag ("zh", "ja").
    language_terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def all_terms(self) -> tuple[str, ...]:
        """The terms of every language, the file's ``terms`` first."""
        extra = (t for terms in self.language_terms.values() for t in terms)
        return tuple(dict.fromkeys((*self.terms, *extra)))

    def terms_with_language(self) -> tuple[tuple[str, str | None], ...]:
        """Every term with its language: None for ``terms``, which serve every language.
        Chinese and Japanese terms are cut into words as articles in their language are."""
        return (
            *((term, None) for term in self.terms),
            *((t, lang) for lang, terms in self.language_terms.items() for t in terms),
        )


@dataclass(frozen=True)
class ThemeScore:
    """How one article scored against every theme."""

    article_id: str
    theme: str
    scores: Mapping[str, float]
    secondary_themes: tuple[str, ...] = ()
    matched_terms: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # How clearly the primary theme wins: the margin over the runner-up, from 0 (a tie)
    # to 1 (no other theme has any evidence).
    confidence: float = 0.0
    # Score points per theme from a learned profile's examples (``--themes-profile``).
    learned: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class StorySentence:
    """A sentence of a story's summary, quoted verbatim from one of its articles."""

    text: str
    article_id: str


@dataclass(frozen=True)
class Story:
    """Articles about one event, from one or more outlets, told as one."""

    id: str
    theme: str
    article_ids: tuple[str, ...]  # the lead article (whose headline heads the story) first
    headline: str
    summary: tuple[StorySentence, ...]
    score: float = 0.0  # rank within its theme: coverage, recency, centrality
    # The sentence that sums the story up on its own: its key point.
    key_sentence: StorySentence | None = None
    # "new" or "continuing" against a previous brief; "" when none was given.
    status: str = ""


@dataclass(frozen=True)
class BriefItem:
    """An article as it appears in the brief: summary, theme and citation number."""

    article: Article
    summary: Summary
    theme_score: ThemeScore
    citation: int


@dataclass(frozen=True)
class BriefStory:
    """A story as it appears in the brief: its articles as cited items, lead first."""

    story: Story
    items: tuple[BriefItem, ...]
    # The articles the body cites by number (lead first, then every article the summary
    # quotes, then others up to a cap); the rest are counted, and listed in the JSON.
    cited: tuple[BriefItem, ...] = ()

    @property
    def lead(self) -> BriefItem:
        return self.items[0]

    @property
    def uncited(self) -> int:
        return len(self.items) - len(self.cited)

    def citation_of(self, article_id: str) -> int:
        return next(item.citation for item in self.items if item.article.id == article_id)


@dataclass(frozen=True)
class BriefSection:
    theme: Theme
    items: tuple[BriefItem, ...]  # every article of the theme, in citation order
    stories: tuple[BriefStory, ...] = ()  # ranked, best first
    shown: int = 0  # the first ``shown`` stories are told in full; the rest are listed

    @property
    def top_stories(self) -> tuple[BriefStory, ...]:
        return self.stories[: self.shown]

    @property
    def listed_stories(self) -> tuple[BriefStory, ...]:
        return self.stories[self.shown :]


@dataclass(frozen=True)
class KeyPoint:
    theme_id: str
    sentence: str
    article_id: str
    citation: int


# Rows of the "More stories" table over all themes; the rest are in the JSON export.
LISTED_BUDGET = 40


@dataclass(frozen=True)
class BriefSettings:
    """How the brief was made, as its method note and JSON export state it."""

    algorithm: str | None = None  # None: not known (a brief assembled from given summaries)
    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None
    themes_file: str = "default"  # a path, or "default" for the packaged themes
    themes_profile: str | None = None


@dataclass(frozen=True)
class Brief:
    """Everything a renderer needs; renderers add nothing but layout."""

    title: str
    generated_at: dt.datetime
    settings: BriefSettings
    themes: tuple[Theme, ...]
    sections: tuple[BriefSection, ...]
    key_points: tuple[KeyPoint, ...]
    skipped: tuple[Skip, ...] = ()
    inputs: int = 0
    duplicates_merged: int = 0
    # The period the brief covers when given (--since/--until); else the articles' dates.
    since: dt.date | None = None
    until: dt.date | None = None
    # Stories per theme id in the previous brief, when one was given (--previous).
    previous_counts: Mapping[str, int] | None = None
    listed_limit: int = LISTED_BUDGET  # rows of the "More stories" table, over all themes
    # The handling marking (TLP:AMBER, OFFICIAL...) printed on every page and exported.
    marking: str = ""

    @property
    def stories(self) -> tuple[BriefStory, ...]:
        """Every story, section by section, best first."""
        return tuple(story for section in self.sections for story in section.stories)

    @property
    def items(self) -> tuple[BriefItem, ...]:
        """Every article in citation order."""
        every = (item for section in self.sections for item in section.items)
        return tuple(sorted(every, key=lambda item: item.citation))

    @property
    def cited_items(self) -> tuple[BriefItem, ...]:
        """The articles of the stories told in full, in citation order: the sources."""
        told = (i for s in self.sections for story in s.top_stories for i in story.cited)
        return tuple(sorted(told, key=lambda item: item.citation))
