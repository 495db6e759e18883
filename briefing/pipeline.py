"""The whole job, stage after stage: inputs in, a brief on disk out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing import fileio
from briefing.brief import BriefOptions, build_brief
from briefing.errors import RenderError
from briefing.ingest import IngestOptions, load_articles
from briefing.models import Brief, IngestResult, Summary
from briefing.renderers import RENDERERS, RenderOptions, get_renderer
from briefing.summarize import SummaryOptions, summarize
from briefing.themes import ThemeOptions, assign_themes, load_themes

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class BuildRequest:
    """Everything ``build`` needs, as plain data (the CLI fills it from settings)."""

    inputs: Sequence[str]
    outputs: dict[str, Path]  # format name -> path
    ingest: IngestOptions = field(default_factory=IngestOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    themes_file: Path | None = None
    themes: ThemeOptions = field(default_factory=ThemeOptions)
    brief: BriefOptions = field(default_factory=BriefOptions)
    render: RenderOptions = field(default_factory=RenderOptions)


@dataclass(frozen=True)
class BuildResult:
    brief: Brief
    ingest: IngestResult
    written: dict[str, Path]


def make_brief(request: BuildRequest, progress: Progress = _silent) -> tuple[Brief, IngestResult]:
    """Read, summarize, theme and assemble; nothing is written."""
    themes = load_themes(request.themes_file)
    ingested = load_articles(request.inputs, request.ingest, progress)
    articles = ingested.articles
    progress("themes", 0, len(articles))
    scores = {s.article_id: s for s in assign_themes(articles, themes, request.themes)}
    terms_of = {t.id: t.terms for t in themes}
    summaries = {}
    for done, article in enumerate(articles, 1):
        focus = terms_of.get(scores[article.id].theme, ())
        summaries[article.id] = summarize(article, request.summary, focus_terms=focus)
        progress("summarize", done, len(articles))
    settings = {
        "algorithm": request.summary.algorithm,
        "sentences": request.summary.sentences,
        "ratio": request.summary.ratio,
        "words": request.summary.words,
        "themes_file": str(request.themes_file) if request.themes_file else "default",
    }
    brief = build_brief(
        articles,
        summaries,
        scores,
        themes,
        options=request.brief,
        settings=settings,
        skipped=ingested.skipped,
        inputs=ingested.inputs,
        duplicates_merged=ingested.duplicates_merged,
    )
    return brief, ingested


def render_brief(
    brief: Brief, outputs: dict[str, Path], options: RenderOptions, progress: Progress = _silent
) -> dict[str, Path]:
    """Render every requested format first, then write each file atomically."""
    rendered = {}
    for done, fmt in enumerate(outputs, 1):
        rendered[fmt] = get_renderer(fmt, options).render(brief)
        progress("render", done, len(outputs))
    return {fmt: fileio.atomic_write(outputs[fmt], data) for fmt, data in rendered.items()}


def render(
    brief: Brief,
    output: str | Path,
    options: RenderOptions | None = None,
    format: str | None = None,
) -> Path:
    """Write ``brief`` to ``output``; the format is named or taken from the file's suffix."""
    output = Path(output)
    fmt = format or output.suffix.lstrip(".").lower()
    if fmt not in RENDERERS:
        known = ", ".join(sorted(RENDERERS))
        raise RenderError(f"{output}: cannot tell the format; use a suffix or format= ({known})")
    return render_brief(brief, {fmt: output}, options or RenderOptions())[fmt]


def build(request: BuildRequest, progress: Progress = _silent) -> BuildResult:
    brief, ingested = make_brief(request, progress)
    written = render_brief(brief, request.outputs, request.render, progress)
    return BuildResult(brief=brief, ingest=ingested, written=written)


def output_paths(
    formats: str | Sequence[str],
    output: Path | None = None,
    folder: Path = Path("out"),
    required: Sequence[str] = (),
) -> dict[str, Path]:
    """Format name -> path: ``-o`` (or the dated default) names the base, each format
    its extension, so ``-o out/week48.docx --format docx,md`` writes week48.docx and .md.
    ``required`` formats are added (e-mailing and opening need the .docx)."""
    names = formats.split(",") if isinstance(formats, str) else list(formats)
    names = [*names, *required]
    wanted = list(dict.fromkeys(name.strip().lower() for name in names if name.strip()))
    if not wanted:
        raise RenderError("no output format given; use e.g. --format docx,md,html,json")
    for name in wanted:
        RENDERERS.lookup(name)
    base = output or default_output(folder=folder)
    known_suffixes = {cls.extension for cls in RENDERERS.values()}
    if base.suffix.lower() in known_suffixes:
        base = base.with_suffix("")
    return {name: base.with_name(base.name + RENDERERS[name].extension) for name in wanted}


def default_output(today: dt.date | None = None, folder: Path = Path("out")) -> Path:
    return folder / f"brief-{(today or dt.date.today()).isoformat()}.docx"


def summarize_inputs(
    inputs: Sequence[str],
    ingest: IngestOptions,
    summary: SummaryOptions,
    progress: Progress = _silent,
) -> tuple[IngestResult, list[Summary]]:
    """Read ``inputs`` and summarize every article, in input order."""
    ingested = load_articles(inputs, ingest, progress)
    summaries = []
    for done, article in enumerate(ingested.articles, 1):
        summaries.append(summarize(article, summary))
        progress("summarize", done, len(ingested.articles))
    return ingested, summaries
