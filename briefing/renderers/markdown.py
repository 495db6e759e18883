"""The brief as Markdown (CommonMark with pipe tables): for wikis, chat and diffs."""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import quote

from briefing.models import OTHER_THEME_ID, Brief, BriefItem, BriefStory
from briefing.registry import Configured
from briefing.renderers import chart, wording
from briefing.renderers.base import RenderOptions, register

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&])")
# Kept as they are in a link destination; everything else (<, >, \\, spaces, quotes,
# non-ASCII) is percent-encoded, so a URL can neither end the link nor open raw HTML.
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def escape(text: str) -> str:
    """Text that Markdown shows as written (no accidental emphasis, links or tables)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def link(text: str, url: str | None) -> str:
    target = wording.link_target(url)
    if not target:
        return escape(text)
    return f"[{escape(text)}](<{quote(target, safe=_URL_SAFE)}>)"


def cite(number: int) -> str:
    return f"\\[{number}\\]"


@register
class MarkdownRenderer(Configured[RenderOptions]):
    name: ClassVar[str] = "md"
    extension: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"

    def render(self, brief: Brief) -> bytes:
        label = escape(wording.marking_label(wording.marking_of(brief, self.options)))
        lines: list[str] = [f"**{label}**", "", f"# {escape(brief.title)}", ""]
        lines.append(f"*{escape(wording.subtitle(brief))}*")
        lines.append("")
        options = self.options
        lines.append(escape(wording.cover_line(brief, options.author, options.organisation)))
        lines.append("")
        meaning = wording.marking_meaning(wording.marking_of(brief, self.options))
        lines.append(f"**{label}**" + (f" — {escape(meaning)}" if meaning else ""))
        lines.append("")
        if brief.key_points:
            lines += ["## Key points", ""]
            for theme, points in wording.key_point_groups(brief):
                lines += [f"**{escape(theme)}**", ""]
                for point in points:
                    lines.append(f"- {escape(point.sentence)}\u00a0{cite(point.citation)}")
                lines.append("")
        lines += self._glance(brief)
        if brief.previous_counts is not None:
            lines += ["## What changed", "", escape(chart.caption(brief)), ""]
            lines += ["| Theme | Stories | Previous brief |", "|---|--:|--:|"]
            lines += [
                f"| {escape(n)} | {now} | {before} |" for n, now, before in chart.counts(brief)
            ]
            lines.append("")
        for section in brief.sections:
            lines += [f"## {escape(section.theme.name)}", ""]
            if section.theme.description:
                lines += [f"*{escape(section.theme.description)}*", ""]
            for story in section.top_stories:
                if section.theme.id == OTHER_THEME_ID:
                    lines += [self._compact(story), ""]
                else:
                    lines += self._story(story)
        lines += self._more_stories(brief)
        lines += ["## Sources", ""]
        for item in brief.cited_items:
            lines.append(self._source(item))
        lines += ["", "## Method note", ""]
        lines += [f"{escape(line)}  " for line in wording.method_lines(brief)]
        lines += ["", f"<!-- {wording.generator()} -->", "", "---", "", f"**{label}**", ""]
        return "\n".join(lines).encode("utf-8")

    @staticmethod
    def _glance(brief: Brief) -> list[str]:
        rows = wording.glance_rows(brief)
        if not rows:
            return []
        lines = [
            "## At a glance",
            "",
            "| Theme | Articles | Lead headline | Sources |",
            "|---|--:|---|---|",
        ]
        for row in rows:
            lines.append(
                f"| {escape(row.theme)} | {row.articles} | {escape(row.lead_headline)} "
                f"{cite(row.lead_citation)} | {escape(row.sources)} |"
            )
        return [*lines, ""]

    @staticmethod
    def _status(story: BriefStory) -> str:
        label = wording.status_label(story)
        return f"**{label}** · " if label else ""

    @classmethod
    def _story(cls, story: BriefStory) -> list[str]:
        lead = story.lead
        lines = [f"### {link(story.story.headline, lead.article.url)}", ""]
        multi = wording.multi_source(story)
        meta = wording.meta_line(story, escape, cite, "\u00a0", " · ")
        lines += [cls._status(story) + meta, ""]
        for text, number in wording.story_sentences(story):
            lines.append(f"- {escape(text)}" + (f"\u00a0{cite(number)}" if multi else ""))
        if not multi and lead.article.also_in:
            refs = ", ".join(link(wording.ref_name(ref), ref.url) for ref in lead.article.also_in)
            lines += ["", f"*Also reported by {refs}*"]
        return [*lines, ""]

    @classmethod
    def _compact(cls, story: BriefStory) -> str:
        headline = link(story.story.headline, story.lead.article.url)
        line = wording.one_sentence(story)
        tail = (
            f" — {escape(line[0])}\u00a0{cite(line[1])}"
            if line
            else f" {cite(story.lead.citation)}"
        )
        return f"{cls._status(story)}**{headline}**{tail}"

    @staticmethod
    def _more_stories(brief: Brief) -> list[str]:
        groups = wording.listed_groups(brief)
        if not groups:
            return []
        lines = ["## More stories", ""]
        for group in groups:
            lines += [f"**{escape(group.theme)}**", ""]
            if group.rows:
                lines += ["| Headline | Source | Date |", "|---|---|---|"]
                for row in group.rows:
                    where = f"{escape(row.sources)} | {escape(row.date)}"
                    lines.append(f"| {link(row.headline, row.url)} | {where} |")
                lines.append("")
            if group.more:
                lines += [escape(wording.more_in_json(group.more)), ""]
        return lines

    @staticmethod
    def _source(item: BriefItem) -> str:
        article = item.article
        stop = wording.title_stop(article.title)
        where = escape(wording.source_where(item))
        return f"- {cite(item.citation)} {link(article.title, article.url)}{stop} {where}."
