"""briefing: turn a pile of news articles into a themed policy brief in Word.

The library API the CLI itself uses; each stage is a plain function over plain data::

    import briefing

    read = briefing.load_articles(["data/"])               # -> IngestResult
    themes = briefing.load_themes()                         # packaged defaults, or a path
    scores = {s.article_id: s for s in briefing.assign_themes(read.articles, themes)}
    summaries = {a.id: briefing.summarize(a) for a in read.articles}
    brief = briefing.build_brief(read.articles, summaries, scores, themes)
    briefing.render(brief, "out/brief.docx")                # format from the suffix

``briefing.build(BuildRequest(...))`` does all of it in one call;
``briefing.send(EmailRequest(brief=path, to=(...)), smtp_settings)`` e-mails the result.
Nothing here prints or exits: failures raise ``BriefingError`` subclasses whose
messages say how to fix them.
"""

from briefing._version import VERSION as __version__
from briefing.brief import BriefOptions, build_brief
from briefing.deliver import EmailRequest, open_path
from briefing.deliver import email_brief as send
from briefing.errors import BriefingError
from briefing.ingest import IngestOptions, load_articles
from briefing.pipeline import BuildRequest, build, make_brief, render, render_brief
from briefing.renderers import RenderOptions
from briefing.settings import Settings, SmtpSettings, load_settings
from briefing.summarize import SummaryOptions, summarize
from briefing.themes import ThemeOptions, assign_themes, load_themes

__all__ = [
    "BriefOptions",
    "BriefingError",
    "BuildRequest",
    "EmailRequest",
    "IngestOptions",
    "RenderOptions",
    "Settings",
    "SmtpSettings",
    "SummaryOptions",
    "ThemeOptions",
    "__version__",
    "assign_themes",
    "build",
    "build_brief",
    "load_articles",
    "load_settings",
    "load_themes",
    "make_brief",
    "open_path",
    "render",
    "render_brief",
    "send",
    "summarize",
]
