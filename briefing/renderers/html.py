"""The brief as one self-contained HTML page: a browser view and the e-mail body.

Every style is inline (mail clients drop <style> blocks and external sheets), there are no
scripts and no external images (the "What changed" chart, when there is one, is inline as
a data: URL), and the layout is a single centred column that reads on a phone.
"""

from __future__ import annotations

import base64
from html import escape
from typing import ClassVar

from briefing.models import OTHER_THEME_ID, Brief, BriefItem, BriefStory
from briefing.registry import Configured
from briefing.renderers import chart, wording
from briefing.renderers.base import RenderOptions, register
from briefing.renderers.docx_styles import ACCENT, MUTED, RULE, TEXT

BODY_FONT = (
    "Calibri, Carlito, 'Segoe UI', Arial, 'Noto Sans CJK TC', 'Microsoft JhengHei', sans-serif"
)
HEADING_FONT = "Cambria, Caladea, Georgia, 'Times New Roman', serif"
STYLE = {
    "body": f"margin:0;padding:0;background:#ffffff;color:#{TEXT};",
    "wrap": f"max-width:720px;margin:0 auto;padding:24px 20px;font-family:{BODY_FONT};"
    "font-size:15px;line-height:1.45;",
    "title": f"font-family:{HEADING_FONT};color:#{ACCENT};font-size:28px;line-height:1.2;"
    "margin:12px 0 4px 0;",
    "subtitle": f"color:#{MUTED};font-size:17px;margin:0 0 10px 0;",
    "cover": f"color:#{MUTED};font-size:12px;margin:0 0 2px 0;",
    "marking_line": f"font-size:12px;margin:6px 0 18px 0;padding-bottom:8px;"
    f"border-bottom:2px solid #{ACCENT};",
    "h2": f"font-family:{HEADING_FONT};color:#{ACCENT};font-size:20px;margin:22px 0 6px 0;"
    f"padding-bottom:3px;border-bottom:1px solid #{RULE};",
    "h3": f"font-size:15px;margin:14px 0 2px 0;color:#{TEXT};",
    "h3_link": f"color:#{TEXT};text-decoration:none;",
    "scope": f"color:#{MUTED};font-style:italic;font-size:13px;margin:0 0 6px 0;",
    "meta": f"color:#{MUTED};font-size:12px;margin:0 0 4px 0;",
    "ul": "margin:0 0 6px 0;padding-left:22px;",
    "li": "margin:0 0 3px 0;",
    "also": f"color:#{MUTED};font-style:italic;font-size:12px;margin:0 0 6px 22px;",
    "link": f"color:#{ACCENT};",
    "cite": f"color:#{ACCENT};text-decoration:none;font-weight:bold;",
    "table": "border-collapse:collapse;width:100%;font-size:13px;",
    "th": f"background:#{ACCENT};color:#ffffff;text-align:left;padding:5px 7px;",
    "td": f"border-bottom:1px solid #{RULE};padding:5px 7px;vertical-align:top;",
    "sources": "margin:0;padding-left:0;list-style:none;font-size:12px;",
    "source": "margin:0 0 3px 0;padding-left:34px;text-indent:-34px;",
    "small": f"color:#{MUTED};font-size:11px;margin:0 0 3px 0;",
    "group": f"color:#{ACCENT};font-weight:bold;font-size:13px;margin:10px 0 2px 0;",
    "compact": "font-size:14px;margin:0 0 6px 0;",
}


def marking_badge(marking: str) -> str:
    label = escape(wording.marking_label(marking))
    colour = wording.marking_colour(marking)
    if colour:
        style = f"background:#000000;color:#{colour};font-weight:bold;padding:1px 6px;"
    else:
        style = f"color:#{ACCENT};font-weight:bold;"
    return f'<span style="{style}">{label}</span>'


def link(text: str, url: str | None, style: str = STYLE["link"]) -> str:
    target = wording.link_target(url)
    if not target:
        return escape(text)
    return f'<a href="{escape(target, quote=True)}" style="{style}">{escape(text)}</a>'


def cite(number: int) -> str:
    return f'<a href="#source-{number}" style="{STYLE["cite"]}">[{number}]</a>'


@register
class HtmlRenderer(Configured[RenderOptions]):
    name: ClassVar[str] = "html"
    extension: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html; charset=utf-8"

    def render(self, brief: Brief) -> bytes:
        badge = marking_badge(wording.marking_of(brief, self.options))
        cover = wording.cover_line(brief, self.options.author, self.options.organisation)
        meaning = wording.marking_meaning(wording.marking_of(brief, self.options))
        parts = [
            f'<p style="{STYLE["cover"]}">{badge}</p>',
            f'<h1 style="{STYLE["title"]}">{escape(brief.title)}</h1>',
            f'<p style="{STYLE["subtitle"]}">{escape(wording.subtitle(brief))}</p>',
            f'<p style="{STYLE["cover"]}">{escape(cover)}</p>',
            f'<p style="{STYLE["marking_line"]}">{badge} {escape(meaning)}</p>',
        ]
        if brief.key_points:
            parts.append(f'<h2 style="{STYLE["h2"]}">Key points</h2>')
            for theme, points in wording.key_point_groups(brief):
                parts.append(f'<p style="{STYLE["group"]}">{escape(theme)}</p>')
                parts.append(f'<ul style="{STYLE["ul"]}">')
                for point in points:
                    sentence = escape(point.sentence)
                    parts.append(
                        f'<li style="{STYLE["li"]}">{sentence}&nbsp;{cite(point.citation)}</li>'
                    )
                parts.append("</ul>")
        parts += self._glance(brief)
        parts += self._what_changed(brief)
        for section in brief.sections:
            parts.append(f'<h2 style="{STYLE["h2"]}">{escape(section.theme.name)}</h2>')
            if section.theme.description:
                parts.append(f'<p style="{STYLE["scope"]}">{escape(section.theme.description)}</p>')
            for story in section.top_stories:
                if section.theme.id == OTHER_THEME_ID:
                    parts.append(self._compact(story))
                else:
                    parts += self._story(story)
        parts += self._more_stories(brief)
        parts.append(f'<h2 style="{STYLE["h2"]}">Sources</h2>')
        parts.append(f'<ol style="{STYLE["sources"]}">')
        parts += [self._source(item) for item in brief.cited_items]
        parts.append("</ol>")
        parts.append(f'<h2 style="{STYLE["h2"]}">Method note</h2>')
        parts += [
            f'<p style="{STYLE["small"]}">{escape(line)}</p>'
            for line in wording.method_lines(brief)
        ]
        parts.append(f'<p style="{STYLE["cover"]};margin-top:18px;">{badge}</p>')
        body = "\n".join(parts)
        page = (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{escape(wording.generator())}">\n'
            f"<title>{escape(brief.title)}</title>\n</head>\n"
            f'<body style="{STYLE["body"]}">\n<div style="{STYLE["wrap"]}">\n{body}\n</div>\n'
            "</body>\n</html>\n"
        )
        return page.encode("utf-8")

    @staticmethod
    def _glance(brief: Brief) -> list[str]:
        rows = wording.glance_rows(brief)
        if not rows:
            return []
        head = "".join(
            f'<th style="{STYLE["th"]}">{name}</th>'
            for name in ("Theme", "Articles", "Lead headline", "Sources")
        )
        parts = [
            f'<h2 style="{STYLE["h2"]}">At a glance</h2>',
            f'<table role="table" style="{STYLE["table"]}"><tr>{head}</tr>',
        ]
        for row in rows:
            parts.append(
                f'<tr><td style="{STYLE["td"]}"><b>{escape(row.theme)}</b></td>'
                f'<td style="{STYLE["td"]}">{row.articles}</td>'
                f'<td style="{STYLE["td"]}">{escape(row.lead_headline)} '
                f"{cite(row.lead_citation)}</td>"
                f'<td style="{STYLE["td"]}">{escape(row.sources)}</td></tr>'
            )
        parts.append("</table>")
        return parts

    @staticmethod
    def _what_changed(brief: Brief) -> list[str]:
        if brief.previous_counts is None:
            return []
        png = base64.b64encode(chart.stories_chart(brief)).decode("ascii")
        caption = escape(chart.caption(brief))
        return [
            f'<h2 style="{STYLE["h2"]}">What changed</h2>',
            f'<p style="{STYLE["scope"]}">{caption}</p>',
            f'<img src="data:image/png;base64,{png}" alt="{caption}" '
            'style="max-width:100%;height:auto;">',
        ]

    @staticmethod
    def _status(story: BriefStory) -> str:
        label = wording.status_label(story)
        return f'<b style="color:#{ACCENT};">{label}</b>&ensp;' if label else ""

    @classmethod
    def _story(cls, story: BriefStory) -> list[str]:
        lead = story.lead
        multi = wording.multi_source(story)
        meta = wording.meta_line(story, escape, cite, "&nbsp;", " ")
        headline = link(story.story.headline, lead.article.url, STYLE["h3_link"])
        language = lead.article.language
        lang = f' lang="{escape(language)}"' if language else ""
        parts = [
            f'<h3 style="{STYLE["h3"]}"{lang}>{headline}</h3>',
            f'<p style="{STYLE["meta"]}">{cls._status(story)}{meta}</p>',
        ]
        sentences = wording.story_sentences(story)
        if sentences:
            parts.append(f'<ul style="{STYLE["ul"]}"{lang}>')
            parts += [
                f'<li style="{STYLE["li"]}">{escape(text)}'
                + (f"&nbsp;{cite(number)}" if multi else "")
                + "</li>"
                for text, number in sentences
            ]
            parts.append("</ul>")
        if not multi and lead.article.also_in:
            refs = ", ".join(link(wording.ref_name(ref), ref.url) for ref in lead.article.also_in)
            parts.append(f'<p style="{STYLE["also"]}">Also reported by {refs}</p>')
        return parts

    @classmethod
    def _compact(cls, story: BriefStory) -> str:
        headline = link(story.story.headline, story.lead.article.url, STYLE["h3_link"])
        line = wording.one_sentence(story)
        tail = (
            f" — {escape(line[0])}&nbsp;{cite(line[1])}"
            if line
            else f"&nbsp;{cite(story.lead.citation)}"
        )
        return f'<p style="{STYLE["compact"]}">{cls._status(story)}<b>{headline}</b>{tail}</p>'

    @staticmethod
    def _more_stories(brief: Brief) -> list[str]:
        groups = wording.listed_groups(brief)
        if not groups:
            return []
        parts = [f'<h2 style="{STYLE["h2"]}">More stories</h2>']
        for group in groups:
            parts.append(f'<p style="{STYLE["group"]}">{escape(group.theme)}</p>')
            if group.rows:
                head = "".join(
                    f'<th style="{STYLE["th"]}">{name}</th>'
                    for name in ("Headline", "Source", "Date")
                )
                parts.append(f'<table role="table" style="{STYLE["table"]}"><tr>{head}</tr>')
                for row in group.rows:
                    parts.append(
                        f'<tr><td style="{STYLE["td"]}">{link(row.headline, row.url)}</td>'
                        f'<td style="{STYLE["td"]}">{escape(row.sources)}</td>'
                        f'<td style="{STYLE["td"]}">{escape(row.date)}</td></tr>'
                    )
                parts.append("</table>")
            if group.more:
                parts.append(
                    f'<p style="{STYLE["small"]}">{escape(wording.more_in_json(group.more))}</p>'
                )
        return parts

    @staticmethod
    def _source(item: BriefItem) -> str:
        article = item.article
        return (
            f'<li id="source-{item.citation}" style="{STYLE["source"]}">'
            f"<b>[{item.citation}]</b>&nbsp; {link(article.title, article.url)}"
            f"{wording.title_stop(article.title)} "
            f"{escape(wording.source_where(item))}.</li>"
        )
