"""briefing: turn a pile of news articles into a themed policy brief in Word.

The library API the CLI itself uses::

    import briefing
    result = briefing.load_articles(["data/"])
    themes = briefing.load_themes()
    ...
"""

from briefing.brief import BriefOptions, build_brief
from briefing.errors import BriefingError
from briefing.ingest import IngestOptions, load_articles
from briefing.pipeline import BuildRequest, build, make_brief, render_brief
from briefing.summarize import SummaryOptions, summarize
from briefing.themes import ThemeOptions, assign_themes, load_themes

__version__ = "0.1.0"

__all__ = [
    "BriefOptions",
    "BriefingError",
    "BuildRequest",
    "IngestOptions",
    "SummaryOptions",
    "ThemeOptions",
    "__version__",
    "assign_themes",
    "build",
    "build_brief",
    "load_articles",
    "load_themes",
    "make_brief",
    "render_brief",
    "summarize",
]
