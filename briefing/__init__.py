"""briefing: turn a pile of news articles into a themed policy brief in Word.

The library API the CLI itself uses; each stage is a plain function over plain data::

    import briefing

    read = briefing.load_articles(["data/"])               # -> IngestResult
    themes = briefing.load_themes()                         # packaged defaults, or a path
    scores = {s.article_id: s for s in briefing.assign_themes(read.articles, themes)}
    summaries = {a.id: briefing.summarize(a) for a in read.articles}
    brief = briefing.assemble_brief(read.articles, summaries, scores, themes)
    briefing.render(brief, "out/brief.docx")                # format from the suffix

``briefing.build(BuildRequest(...))`` does all of it in one call;
``briefing.email_brief(EmailRequest(brief=path, to=(...)), smtp_settings)`` e-mails the
result. One verb per stage (README, "Architecture"): load, summarize, assign, group,
assemble, render, email; ``make_brief`` runs the stages in memory, ``build`` also writes.
The names of earlier releases (``build_brief``, ``build_stories``, ``render_brief``,
``send``) still work as aliases.
Nothing here prints or exits: failures raise ``BriefingError`` subclasses whose
messages say how to fix them.
"""

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from briefing._version import VERSION as __version__

if TYPE_CHECKING:
    from briefing.brief import BriefOptions, assemble_brief

    # the earlier names (_ALIASES)
    from briefing.brief import assemble_brief as build_brief
    from briefing.deliver import EmailRequest, email_brief, open_path
    from briefing.deliver import email_brief as send
    from briefing.errors import BriefingError
    from briefing.ingest import IngestOptions, load_articles
    from briefing.models import BriefSettings
    from briefing.pipeline import (
        BuildRequest,
        build,
        make_brief,
        make_brief_from_articles,
        render,
        render_all,
    )
    from briefing.pipeline import render_all as render_brief
    from briefing.renderers import RenderOptions
    from briefing.settings import Settings, SmtpSettings, load_settings
    from briefing.stories import StoryOptions, group_stories
    from briefing.stories import group_stories as build_stories
    from briefing.summarize import SummaryOptions, summarize
    from briefing.themes import ThemeOptions, assign_themes, load_themes

# Imported on first use (PEP 562): the command line must be able to catch Ctrl-C before
# the second or so these imports take, and `import briefing` stays cheap.
_LAZY = {
    "BriefOptions": ("briefing.brief", "BriefOptions"),
    "BriefSettings": ("briefing.models", "BriefSettings"),
    "assemble_brief": ("briefing.brief", "assemble_brief"),
    "EmailRequest": ("briefing.deliver", "EmailRequest"),
    "open_path": ("briefing.deliver", "open_path"),
    "email_brief": ("briefing.deliver", "email_brief"),
    "BriefingError": ("briefing.errors", "BriefingError"),
    "IngestOptions": ("briefing.ingest", "IngestOptions"),
    "load_articles": ("briefing.ingest", "load_articles"),
    "BuildRequest": ("briefing.pipeline", "BuildRequest"),
    "build": ("briefing.pipeline", "build"),
    "make_brief": ("briefing.pipeline", "make_brief"),
    "make_brief_from_articles": ("briefing.pipeline", "make_brief_from_articles"),
    "render": ("briefing.pipeline", "render"),
    "render_all": ("briefing.pipeline", "render_all"),
    "RenderOptions": ("briefing.renderers", "RenderOptions"),
    "Settings": ("briefing.settings", "Settings"),
    "SmtpSettings": ("briefing.settings", "SmtpSettings"),
    "load_settings": ("briefing.settings", "load_settings"),
    "StoryOptions": ("briefing.stories", "StoryOptions"),
    "group_stories": ("briefing.stories", "group_stories"),
    "SummaryOptions": ("briefing.summarize", "SummaryOptions"),
    "summarize": ("briefing.summarize", "summarize"),
    "ThemeOptions": ("briefing.themes", "ThemeOptions"),
    "assign_themes": ("briefing.themes", "assign_themes"),
    "load_themes": ("briefing.themes", "load_themes"),
}

# Earlier names of the documented API, kept so scripts written against them still run.
_ALIASES = {
    "build_brief": "assemble_brief",
    "build_stories": "group_stories",
    "render_brief": "render_all",
    "send": "email_brief",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY and name not in _ALIASES:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    module, attribute = _LAZY[_ALIASES.get(name, name)]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``briefing.summarize`` is the function, as it always was, though a submodule of that
    name exists: importing the submodule must not replace the function by the module."""

    @property
    def summarize(self) -> Any:
        return importlib.import_module("briefing.summarize").summarize

    @summarize.setter
    def summarize(self, module: Any) -> None:
        pass  # the import system records the submodule here; sys.modules still has it


sys.modules[__name__].__class__ = _Package


__all__ = [
    "BriefOptions",
    "BriefSettings",
    "BriefingError",
    "BuildRequest",
    "EmailRequest",
    "IngestOptions",
    "RenderOptions",
    "Settings",
    "SmtpSettings",
    "StoryOptions",
    "SummaryOptions",
    "ThemeOptions",
    "__version__",
    "assemble_brief",
    "assign_themes",
    "build",
    "build_brief",
    "build_stories",
    "email_brief",
    "group_stories",
    "load_articles",
    "load_settings",
    "load_themes",
    "make_brief",
    "make_brief_from_articles",
    "open_path",
    "render",
    "render_all",
    "render_brief",
    "send",
    "summarize",
]
