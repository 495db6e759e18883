"""Stage 6: assemble stories into a Brief: sections, citations, key points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing.models import (
    LISTED_BUDGET,
    OTHER_THEME_ID,
    OTHER_THEME_NAME,
    Article,
    Brief,
    BriefItem,
    BriefSection,
    BriefSettings,
    BriefStory,
    KeyPoint,
    Skip,
    Story,
    Summary,
    Theme,
    ThemeScore,
)
from briefing.settings import DEFAULTS
from briefing.stories import group_stories

DEFAULT_TITLE = "Policy Brief: Economic Security, Defense Spending and Cross-Strait Politics"
OTHER_THEME = Theme(
    id=OTHER_THEME_ID,
    name=OTHER_THEME_NAME,
    terms=(),
    description="Articles that fit none of the themes.",
)
MAX_KEY_POINTS_PER_THEME = 3
# Stories told in full across all themes when --max-stories is not given: with about a
# quarter page each, the body stays near six pages whatever the pile (measured on data/
# and the 1,000-article BBC pile: README, "The brief").
STORY_BUDGET = 24
MIN_STORIES_PER_THEME = 2
MAX_STORIES_PER_THEME = 6
# Articles of one story cited by number in the body: enough for every article its summary
# quotes and the lead; a story told by 40 outlets would otherwise fill pages of sources.
MAX_CITED = 6


@dataclass(frozen=True)
class BriefOptions:
    title: str = DEFAULT_TITLE
    key_points_per_theme: int = MAX_KEY_POINTS_PER_THEME
    since: dt.date | None = None
    until: dt.date | None = None
    max_stories: int = 0  # per theme; 0 fits the brief to about 6-10 pages
    listed_stories: int = LISTED_BUDGET  # rows of the "More stories" table, all themes
    marking: str = DEFAULTS.marking  # printed on every page, exported with the brief


def stories_per_theme(options: BriefOptions, themes_with_stories: int) -> int:
    """How many stories each theme tells in full."""
    if options.max_stories:
        return options.max_stories
    share = STORY_BUDGET // max(1, themes_with_stories)
    return max(MIN_STORIES_PER_THEME, min(MAX_STORIES_PER_THEME, share))


def _cited(story: Story) -> list[str]:
    """The lead, the articles the summary and key point quote, then others, up to the cap."""
    quoted = [s.article_id for s in story.summary]
    if story.key_sentence is not None:
        quoted.append(story.key_sentence.article_id)
    first = list(dict.fromkeys([story.article_ids[0], *quoted]))
    rest = [a for a in story.article_ids if a not in first]
    return first + rest[: max(0, MAX_CITED - len(first))]


def _key_points(theme: Theme, stories: Sequence[BriefStory], limit: int) -> list[KeyPoint]:
    """One point per top story, up to ``limit``, in citation order."""
    points = []
    for told in stories[:limit]:
        key = told.story.key_sentence
        if key is None:
            continue
        points.append(
            KeyPoint(theme.id, key.text, key.article_id, told.citation_of(key.article_id))
        )
    return sorted(points, key=lambda p: p.citation)


def assemble_brief(
    articles: Sequence[Article],
    summaries: Mapping[str, Summary],
    theme_scores: Mapping[str, ThemeScore],
    themes: Sequence[Theme],
    options: BriefOptions | None = None,
    settings: BriefSettings | None = None,
    skipped: Sequence[Skip] = (),
    inputs: int = 0,
    duplicates_merged: int = 0,
    generated_at: dt.datetime | None = None,
    stories: Sequence[Story] | None = None,
    previous_counts: Mapping[str, int] | None = None,
) -> Brief:
    """Order stories into theme sections, number citations, choose key points.

    ``stories`` come from :func:`briefing.stories.group_stories` (made here when not
    given). Articles of the stories told in full are cited first, in reading order, so
    the sources list is 1..n; the articles of listed stories are numbered after them.
    """
    options = options or BriefOptions()
    if stories is None:
        stories = group_stories(articles, summaries, theme_scores)
    by_id = {article.id: article for article in articles}
    all_themes = [*themes, OTHER_THEME]
    by_theme: dict[str, list[Story]] = {t.id: [] for t in all_themes}
    for story in stories:
        by_theme[story.theme].append(story)
    present = [t for t in all_themes if by_theme[t.id]]
    shown = stories_per_theme(options, len(present))
    told = [s for t in present for s in by_theme[t.id][:shown]]
    cited = {story.id: _cited(story) for story in told}
    # Numbers in reading order: the articles the body cites, then the other articles of
    # the stories it tells, then those of the listed stories.
    ordered = [a for story in told for a in cited[story.id]]
    ordered += [a for story in told for a in story.article_ids]
    ordered += [a for t in present for s in by_theme[t.id][shown:] for a in s.article_ids]
    citations: dict[str, int] = {}
    for article_id in ordered:
        citations.setdefault(article_id, len(citations) + 1)

    def item(article_id: str) -> BriefItem:
        return BriefItem(
            by_id[article_id],
            summaries[article_id],
            theme_scores[article_id],
            citations[article_id],
        )

    sections: list[BriefSection] = []
    key_points: list[KeyPoint] = []
    for theme in present:
        stories_here = tuple(
            BriefStory(
                story,
                tuple(item(a) for a in story.article_ids),
                tuple(item(a) for a in cited.get(story.id, ())),
            )
            for story in by_theme[theme.id]
        )
        items = tuple(sorted((i for t in stories_here for i in t.items), key=lambda i: i.citation))
        section = BriefSection(
            theme=theme, items=items, stories=stories_here, shown=min(shown, len(stories_here))
        )
        sections.append(section)
        if theme.id != OTHER_THEME_ID:
            key_points.extend(_key_points(theme, section.top_stories, options.key_points_per_theme))
    return Brief(
        title=options.title,
        generated_at=generated_at or dt.datetime.now().astimezone().replace(microsecond=0),
        settings=settings or BriefSettings(),
        themes=tuple(themes),
        sections=tuple(sections),
        key_points=tuple(key_points),
        skipped=tuple(skipped),
        inputs=inputs,
        duplicates_merged=duplicates_merged,
        since=options.since,
        until=options.until,
        previous_counts=previous_counts,
        listed_limit=options.listed_stories,
        marking=options.marking,
    )
