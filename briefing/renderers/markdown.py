"""The brief as Markdown (CommonMark with pipe tables): for wikis, chat and diffs."""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import quote

from briefing.models import Brief, BriefItem
from briefing.renderers import layout
from briefing.renderers.base import RenderOptions, register

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&])")
# Kept as they are in a link destination; everything else (<, >, \\, spaces, quotes,
# non-ASCII) is percent-encoded, so a URL can neither end the link nor open raw HTML.
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def escape(text: str) -> str:
    """Text that Markdown shows as written (no accidental emphasis, links or tables)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def link(text: str, url: str | None) -> str:
    target = layout.link_target(url)
    if not target:
        return escape(text)
    return f"[{escape(text)}](<{quote(target, safe=_URL_SAFE)}>)"


def cite(number: int) -> str:
    return f"\\[{number}\\]"


@register
class MarkdownRenderer:
    name: ClassVar[str] = "md"
    extension: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def render(self, brief: Brief) -> bytes:
        label = escape(layout.marking_label(self.options.marking))
        lines: list[str] = [f"**{label}**", "", f"# {escape(brief.title)}", ""]
        lines.append(f"*{escape(layout.subtitle(brief))}*")
        lines.append("")
        options = self.options
        lines.append(escape(layout.cover_line(brief, options.author, options.organisation)))
        lines.append("")
        meaning = layout.marking_meaning(self.options.marking)
        lines.append(f"**{label}**" + (f" — {escape(meaning)}" if meaning else ""))
        lines.append("")
        if brief.key_points:
            lines += ["## Key points", ""]
            for point in brief.key_points:
                lines.append(f"- {escape(point.sentence)}\u00a0{cite(point.citation)}")
            lines.append("")
        lines += self._glance(brief)
        for section in brief.sections:
            lines += [f"## {escape(section.theme.name)}", ""]
            if section.theme.description:
                lines += [f"*{escape(section.theme.description)}*", ""]
            for item in section.items:
                lines += self._article(item)
        lines += ["## Sources", ""]
        for item in brief.items:
            lines.append(self._source(item))
        lines += ["", "## Method note", ""]
        lines += [f"{escape(line)}  " for line in layout.method_lines(brief)]
        lines += ["", f"<!-- {layout.generator()} -->", "", "---", "", f"**{label}**", ""]
        return "\n".join(lines).encode("utf-8")

    @staticmethod
    def _glance(brief: Brief) -> list[str]:
        rows = layout.glance_rows(brief)
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
    def _article(item: BriefItem) -> list[str]:
        article = item.article
        lines = [f"### {link(article.title, article.url)}", ""]
        lines.append(f"{cite(item.citation)} · {escape(layout.source_line(item))}")
        lines.append("")
        lines += [f"- {escape(sentence)}" for sentence in item.summary.texts]
        if article.also_in:
            refs = ", ".join(link(layout.ref_name(ref), ref.url) for ref in article.also_in)
            lines += ["", f"*Also reported by {refs}*"]
        return [*lines, ""]

    @staticmethod
    def _source(item: BriefItem) -> str:
        article = item.article
        stop = layout.title_stop(article.title)
        where = escape(layout.source_where(item))
        return f"- {cite(item.citation)} {link(article.title, article.url)}{stop} {where}."
