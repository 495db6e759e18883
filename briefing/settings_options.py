"""Settings → the options of each stage: the one place a ``Settings`` field becomes an
option, so a setting declared in settings.py is wired to its stage here and nowhere else.

It lives beside settings.py, not in it: the stage modules import ``settings.DEFAULTS``,
so settings.py cannot import their option types back. ``briefing.pipeline`` re-exports
``summary_options``, ``ingest_options`` and ``request_from_settings`` under their old names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.brief import DEFAULT_TITLE, BriefOptions
from briefing.ingest.walk import IngestOptions
from briefing.renderers.base import RenderOptions
from briefing.settings import Settings
from briefing.summarize import SummaryOptions

if TYPE_CHECKING:
    from briefing.pipeline import BuildRequest


def summary_options(settings: Settings) -> SummaryOptions:
    return SummaryOptions(
        algorithm=settings.algorithm,
        sentences=settings.sentences,
        ratio=settings.ratio,
        words=settings.words,
    )


def ingest_options(
    settings: Settings,
    since: dt.date | None = None,
    until: dt.date | None = None,
    merge_duplicates: bool = True,
) -> IngestOptions:
    return IngestOptions(
        max_bytes=settings.max_bytes,
        strict=settings.strict,
        timeout=settings.timeout,
        since=since,
        until=until,
        merge_duplicates=merge_duplicates,
        keep_undated=settings.undated == "keep",
        include=settings.include,
        exclude=settings.exclude,
        jobs=settings.jobs,
    )


def brief_options(
    settings: Settings, since: dt.date | None = None, until: dt.date | None = None
) -> BriefOptions:
    return BriefOptions(
        title=settings.title or DEFAULT_TITLE,
        since=since,
        until=until,
        max_stories=settings.max_stories,
        marking=settings.marking,
    )


def render_options(settings: Settings) -> RenderOptions:
    return RenderOptions(
        template=Path(settings.template) if settings.template else None,
        author=settings.author,
        organisation=settings.organisation,
    )


def request_from_settings(
    settings: Settings,
    inputs: Sequence[str],
    output: Path | None = None,
    json_path: Path | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    merge_duplicates: bool = True,
    required_formats: Sequence[str] = (),
    previous: Path | None = None,
) -> BuildRequest:
    """The BuildRequest that ``settings`` and the build command's own options describe."""
    # Imported here: pipeline re-exports this module's functions, so it imports this
    # module first; a top-level import back would be a cycle.
    from briefing.pipeline import BuildRequest, output_paths

    outputs = output_paths(settings.format, output, Path(settings.output_dir), required_formats)
    if json_path:
        outputs["json"] = json_path
    return BuildRequest(
        inputs=inputs,
        outputs=outputs,
        ingest=ingest_options(settings, since, until, merge_duplicates),
        summary=summary_options(settings),
        themes_file=Path(settings.themes) if settings.themes else None,
        themes_profile=Path(settings.themes_profile) if settings.themes_profile else None,
        brief=brief_options(settings, since, until),
        render=render_options(settings),
        jobs=settings.jobs,
        previous=previous,
        executor=settings.executor,
        scheduler=settings.scheduler,
    )
