"""The whole job, stage after stage: inputs in, a brief on disk out."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from briefing import collector, fileio, interrupts, languages
from briefing.brief import BriefOptions, assemble_brief
from briefing.errors import ConfigError, IngestError, RenderError, UsageError
from briefing.features import text_features
from briefing.ingest.dedupe import Compared, compared
from briefing.ingest.fetch import is_url
from briefing.ingest.walk import (
    STDIN,
    IngestOptions,
    display_name,
    expand_inputs,
    finish_ingest,
    in_window,
    load_articles,
    read_all,
)
from briefing.models import (
    Article,
    Brief,
    BriefSettings,
    IngestResult,
    Skip,
    Summary,
    Theme,
    ThemeScore,
)
from briefing.renderers import RENDERERS, RenderOptions, get_renderer
from briefing.settings import DEFAULTS
from briefing.settings_options import ingest_options as ingest_options
from briefing.settings_options import request_from_settings as request_from_settings
from briefing.settings_options import summary_options as summary_options
from briefing.stories import (
    Lede,
    StoryOptions,
    candidate_stems,
    group_stories,
    load_previous,
    mark_continuing,
    story_lede,
    story_stems,
)
from briefing.summarize import SummaryOptions, summarize
from briefing.themes import (
    ArticleFeatures,
    ThemeOptions,
    ThemeProfile,
    any_cjk,
    assign_themes,
    load_profile,
    load_themes,
    theme_alone,
    theme_index,
)
from briefing.themes import prepare as prepare_themes

Progress = Callable[[str, int, int], None]
T = TypeVar("T")

# Below this many articles a process pool costs more to start than it saves.
MIN_ARTICLES_PER_JOB = 50
# At most this many articles go to a worker at once: with one chunk per worker, 20,000
# articles meant 10,000-article pickles in flight and a worker holding half the
# features, the build's peak memory. 500 keeps the per-chunk cost (~10 ms) negligible.
MAX_CHUNK = 500
# Each worker gets its share in about this many chunks: the driver unpickles one chunk's
# results while the workers compute the next, and no worker idles long at the end (one
# chunk per worker left the driver waiting, then busy, for 0.2 s of a 1,000-article run).
CHUNKS_PER_WORKER = 4
MIN_CHUNK = 50


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
    themes_profile: Path | None = None  # learned by `briefing themes learn`
    themes: ThemeOptions = field(default_factory=ThemeOptions)
    brief: BriefOptions = field(default_factory=BriefOptions)
    render: RenderOptions = field(default_factory=RenderOptions)
    jobs: int = 0  # worker processes; 0 means one per core
    previous: Path | None = None  # JSON of the previous brief, to mark what is new
    executor: str = "local"  # "dask": per-article work on a Dask cluster
    scheduler: str | None = None  # that cluster's address; None: a LocalCluster


@dataclass(frozen=True)
class BuildResult:
    brief: Brief
    ingest: IngestResult
    written: dict[str, Path]


def effective_jobs(jobs: int, articles: int) -> int:
    """Processes worth using: ``jobs`` (0 = cores), fewer for small inputs."""
    wanted = jobs or os.cpu_count() or 1
    return max(1, min(wanted, articles // MIN_ARTICLES_PER_JOB))


_NO_SHINGLES: Compared = (np.empty(0, dtype=np.uint64), False)


@dataclass(frozen=True)
class Mapped:
    """What the per-article map finds for one article: what duplicates are compared by;
    unless the article cannot be in the brief (dated outside the window), its theme
    features, the theme it takes on its own and its summary focused on that theme."""

    compared: Compared
    features: ArticleFeatures | None = None
    theme: str | None = None
    summary: Summary | None = None
    story_stems: Counter[str] | None = None
    lede: Lede | None = None
    sentence_stems: dict[int, tuple[str, ...]] | None = None


def _map_chunk(
    articles: Sequence[Article],
    wanted: Sequence[bool],
    themes: Sequence[Theme],
    theme_options: ThemeOptions,
    summary_options: SummaryOptions,
    profile: ThemeProfile | None,
    shingled: bool = True,
) -> list[Mapped]:
    """The per-article work, each article on its own: its words are split and stemmed
    once (``TextFeatures``) and read by the duplicate test, theme scoring and the
    summarizer; only their small results leave the worker (``shingled`` False: the run
    has one article, which has no copy to be compared with)."""
    index = theme_index(themes, any_cjk(articles))
    terms_of = {t.id: t.terms for t in themes}
    mapped = []
    for article, want in zip(articles, wanted, strict=True):
        shared = text_features(article)
        found = (
            compared(article, shared.words if shared.whole else None) if shingled else _NO_SHINGLES
        )
        if not want:
            mapped.append(Mapped(found))
            continue
        (features,) = prepare_themes([article], index, [shared], vectors=profile is not None)
        # The theme the article takes on its own is its theme in the brief unless the
        # run's centroids settle it otherwise (only ever for sparse themes): then the
        # driver summarizes it again (``place_and_summarize``).
        theme = theme_alone(features, index, theme_options, profile)
        focus = terms_of.get(theme, ()) if summary_options.focus else ()
        summary = summarize(article, summary_options, focus_terms=focus, features=shared)
        mapped.append(
            Mapped(
                found,
                features,
                theme,
                summary,
                story_stems(article, shared),
                story_lede(article, shared),
                candidate_stems(article, summary, shared),
            )
        )
    return mapped


def _summarize_chunk(
    articles: Sequence[Article], focus: Sequence[Sequence[str]], options: SummaryOptions
) -> list[Summary]:
    return [
        summarize(article, options, focus_terms=terms)
        for article, terms in zip(articles, focus, strict=True)
    ]


def _in_chunks(
    function: Callable[..., list[T]],
    per_article: Sequence[Sequence[Any]],
    shared: Sequence[Any],
    pool: Executor | None,
    workers: int,
) -> list[T]:
    """``function(*per_article, *shared)`` over contiguous chunks, results in input order.

    Each article is handled on its own, so the result does not depend on the pool.
    """
    count = len(per_article[0])
    if pool is None or not count:
        return function(*per_article, *shared)
    size = max(MIN_CHUNK, min(-(-count // (workers * CHUNKS_PER_WORKER)), MAX_CHUNK))
    parts = [slice(i, i + size) for i in range(0, count, size)]
    columns = [[values[p] for p in parts] for values in per_article]
    columns += [[value] * len(parts) for value in shared]
    # The first map starts the worker processes: a signal must not cut that in half.
    with interrupts.deferred():
        chunks = pool.map(function, *columns)
    return [item for chunk in chunks for item in chunk]


def map_articles(
    articles: Sequence[Article],
    themes: Sequence[Theme],
    theme_options: ThemeOptions,
    summary_options: SummaryOptions,
    profile: ThemeProfile | None = None,
    pool: Executor | None = None,
    workers: int = 1,
    wanted: Sequence[bool] | None = None,
) -> list[Mapped]:
    """``Mapped`` per article, in input order; with a pool, in its workers (``wanted``:
    which articles may be in the brief, all when None)."""
    wanted = wanted if wanted is not None else [True] * len(articles)
    # Compiled here, before the first map starts the worker processes: forked, they
    # inherit it (and the word frequencies it loads) instead of each compiling it.
    theme_index(themes, any_cjk(articles))
    # One article alone (a long report, a huge page) is compared with nothing: its
    # shingles would cost a pass over its words for no use (``duplicate_groups``).
    shared = [themes, theme_options, summary_options, profile, len(articles) > 1]
    return _in_chunks(_map_chunk, [articles, wanted], shared, pool, workers)


def summarize_all(
    articles: Sequence[Article],
    options: SummaryOptions,
    focus: Sequence[Sequence[str]] | None = None,
    pool: Executor | None = None,
    workers: int = 1,
) -> list[Summary]:
    """Summaries in input order; with a pool, in worker processes."""
    focus = focus if focus is not None else [() for _ in articles]
    return _in_chunks(_summarize_chunk, [articles, focus], [options], pool, workers)


def _stop_workers(pool: Executor) -> None:
    """End every worker now: none may outlive the run (they would hold its pipes open)."""
    with interrupts.deferred():
        workers = multiprocessing.active_children()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join()
        # The pool's manager thread sees its workers gone and closes its pipes; waiting for
        # it here matters: Python's exit hook would otherwise write to a pipe that thread is
        # closing (CPython 3.11 _python_exit, an "OSError: Bad file descriptor" at exit).
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _worker_pool(workers: int) -> Iterator[Executor | None]:
    """A process pool that is shut down, or on any error or signal ended, on leaving."""
    if workers == 1:
        yield None
        return
    with interrupts.deferred():
        pool = ProcessPoolExecutor(max_workers=workers, initializer=interrupts.reset_in_worker)
    try:
        yield pool
        pool.shutdown(wait=True)
    except BaseException:  # also SIGINT/SIGTERM: stop the workers, then let it go on
        _stop_workers(pool)
        raise


Cluster = tuple[Executor, int]  # an executor on a cluster and its worker threads


@contextmanager
def dask_cluster(scheduler: str | None, jobs: int = 0) -> Iterator[Cluster]:
    """The Dask cluster at ``scheduler``, or a LocalCluster of ``jobs`` worker processes
    (0: one per core), as a concurrent.futures Executor."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "--executor dask needs Dask; install it with: pip install 'briefing[dask]'"
        ) from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(
                n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"cannot reach the Dask scheduler {scheduler} ({exc})") from None
    try:
        # pure=False: tasks are not named by hashing their (large) arguments.
        yield client.get_executor(pure=False), max(1, sum(client.nthreads().values()))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def _cluster(request: BuildRequest) -> Iterator[Cluster | None]:
    if request.executor == "dask":
        with dask_cluster(request.scheduler, request.jobs) as cluster:
            yield cluster
        return
    if request.scheduler:
        raise ConfigError("--scheduler is the address of a Dask cluster; add --executor dask")
    yield None


@contextmanager
def _pool(
    request: BuildRequest, articles: int, cluster: Cluster | None
) -> Iterator[tuple[Executor | None, int]]:
    if cluster is not None:
        yield cluster[0], effective_jobs(cluster[1], articles)
        return
    workers = effective_jobs(request.jobs, articles)
    with _worker_pool(workers) as pool:
        yield pool, workers


def place_and_summarize(
    articles: Sequence[Article],
    themes: Sequence[Theme],
    theme_options: ThemeOptions,
    summary_options: SummaryOptions,
    profile: ThemeProfile | None = None,
    pool: Executor | None = None,
    workers: int = 1,
    progress: Progress = _silent,
    mapped: Sequence[Mapped] | None = None,
) -> tuple[dict[str, ThemeScore], dict[str, Summary]]:
    """Each article's theme, then its summary focused on that theme's terms: the one path
    ``build`` and ``summarize`` share, so both print the same summary of an article
    (``mapped``: the per-article map's results for ``articles``, found already)."""
    if mapped is None:
        progress("themes", 0, len(articles))
        mapped = map_articles(
            articles, themes, theme_options, summary_options, profile, pool, workers
        )
    # Every article here was wanted by the map (a shorter list fails in assign_themes).
    features = [m.features for m in mapped if m.features is not None]
    placed = assign_themes(articles, themes, theme_options, features, profile)
    scores = {s.article_id: s for s in placed}
    progress("summarize", 0, len(articles))
    summaries = {m.summary.article_id: m.summary for m in mapped if m.summary is not None}
    if summary_options.focus:
        # Where the run's centroids gave an article another theme than it took alone, its
        # summary is focused on the wrong terms: summarize it again, on its theme's.
        terms_of = {t.id: t.terms for t in themes}
        again = [
            a
            for a, m in zip(articles, mapped, strict=True)
            if terms_of.get(scores[a.id].theme, ()) != terms_of.get(m.theme or "", ())
        ]
        focus = [terms_of.get(scores[a.id].theme, ()) for a in again]
        for summary in summarize_all(again, summary_options, focus, pool, workers):
            summaries[summary.article_id] = summary
    return scores, summaries


def make_brief_from_articles(
    articles: Sequence[Article],
    themes: Sequence[Theme],
    request: BuildRequest,
    progress: Progress = _silent,
    ingested: IngestResult | None = None,
    profile: ThemeProfile | None = None,
    cluster: Cluster | None = None,
) -> Brief:
    """Theme, summarize and assemble articles already read.

    Per-article work (term counting, summaries) runs in ``request.jobs`` processes, or
    on ``cluster``; the steps that look at all articles at once (centroids, key points)
    run here.
    """
    with _pool(request, len(articles), cluster) as (pool, workers):
        progress("themes", 0, len(articles))
        mapped = map_articles(
            articles, themes, request.themes, request.summary, profile, pool, workers
        )
        scores, summaries = place_and_summarize(
            articles,
            themes,
            request.themes,
            request.summary,
            profile,
            pool,
            workers,
            progress,
            mapped,
        )
    stories = _story_inputs(articles, mapped)
    del mapped
    return _assemble(articles, themes, request, scores, summaries, progress, ingested, stories)


StoryInputs = tuple[
    list[Counter[str]], dict[str, Lede | None], dict[str, dict[int, tuple[str, ...]]]
]


def _story_inputs(articles: Sequence[Article], mapped: Sequence[Mapped]) -> StoryInputs:
    """What ``group_stories`` takes from the per-article map: stems, ledes, the stems of
    the sentences it may choose."""
    return (
        [m.story_stems for m in mapped if m.story_stems is not None],
        {a.id: m.lede for a, m in zip(articles, mapped, strict=True)},
        {a.id: m.sentence_stems or {} for a, m in zip(articles, mapped, strict=True)},
    )


def _assemble(
    articles: Sequence[Article],
    themes: Sequence[Theme],
    request: BuildRequest,
    scores: dict[str, ThemeScore],
    summaries: dict[str, Summary],
    progress: Progress,
    ingested: IngestResult | None,
    story_inputs: StoryInputs,
) -> Brief:
    """Stories, the comparison with the previous brief, the brief: the steps that look at
    every article at once (``story_inputs``: from the per-article map)."""
    progress("summarize", len(articles), len(articles))
    # A ratio or word budget has no sentence count: stories then take the default one.
    per_story = request.summary.sentences or StoryOptions().sentences
    stories = group_stories(
        articles, summaries, scores, StoryOptions(sentences=per_story), *story_inputs
    )
    skipped = list(ingested.skipped) if ingested else []
    previous_counts = None
    if request.previous is not None:
        try:
            previous = load_previous(request.previous)
        except IngestError as error:  # the brief is still worth having without the comparison
            skipped.append(Skip(str(request.previous), str(error).split(": ", 1)[-1]))
        else:
            stories = mark_continuing(stories, {a.id: a for a in articles}, previous)
            previous_counts = previous.counts
    settings = BriefSettings(
        algorithm=request.summary.algorithm,
        sentences=request.summary.sentences,
        ratio=request.summary.ratio,
        words=request.summary.words,
        themes_file=str(request.themes_file) if request.themes_file else "default",
        themes_profile=str(request.themes_profile) if request.themes_profile else None,
    )
    return assemble_brief(
        articles,
        summaries,
        scores,
        themes,
        options=request.brief,
        settings=settings,
        skipped=skipped,
        inputs=ingested.inputs if ingested else len(articles),
        duplicates_merged=ingested.duplicates_merged if ingested else 0,
        stories=stories,
        previous_counts=previous_counts,
    )


def make_brief(request: BuildRequest, progress: Progress = _silent) -> tuple[Brief, IngestResult]:
    """Read, summarize, theme and assemble; nothing is written."""
    themes = load_themes(request.themes_file)
    profile = load_profile(request.themes_profile) if request.themes_profile else None
    frozen = gc.get_freeze_count()
    with _cluster(request) as cluster, _thawed(frozen):
        read = read_all(request.inputs, request.ingest, progress, cluster[0] if cluster else None)
        # Languages are known now: the model is freed before the workers start (they would
        # inherit it) and before the stages whose data make the build's peak memory.
        languages.release_identifier()
        with _pool(request, len(read.articles), cluster) as (pool, workers):
            # Every article read goes through the map once, before duplicates merge: the
            # duplicate test reads the words it splits. Articles dated outside the window
            # cannot be in the brief (a kept copy has its own date, or an undated one
            # borrows a copy's): for them only the duplicate test's shingles.
            wanted = [a.date is None or in_window(a.date, request.ingest) for a in read.articles]
            progress("themes", 0, len(read.articles))
            # What the map finds lives until the brief is made (a million objects at
            # 20,000 articles): the collector's full passes over the growing pile as the
            # results came in took 1.9 s of the driver's CPU; none are made during the map
            # (it makes no cycles), and the results are then frozen, as the console script
            # freezes its imports (``entry``): left out of later full collections, still
            # freed when nothing refers to them (only cycles wait for ``_thawed``).
            with collector.paused():
                mapped = map_articles(
                    read.articles,
                    themes,
                    request.themes,
                    request.summary,
                    profile,
                    pool,
                    workers,
                    wanted,
                )
            gc.freeze()
            ingested, at = finish_ingest(read, request.ingest, [m.compared for m in mapped])
            del read
            # The shingles are done with: keep what the kept articles need.
            kept = [replace(mapped[i], compared=_NO_SHINGLES) for i in at]
            del mapped
            articles = ingested.articles
            scores, summaries = place_and_summarize(
                articles,
                themes,
                request.themes,
                request.summary,
                profile,
                pool,
                workers,
                progress,
                kept,
            )
        stories = _story_inputs(articles, kept)
        del kept  # the theme features are done with: stories need far less (20,000: ~100 MB)
        brief = _assemble(articles, themes, request, scores, summaries, progress, ingested, stories)
    return brief, ingested


@contextmanager
def _thawed(before: int) -> Iterator[None]:
    """On leaving, unfreeze what the build froze, unless the process had frozen objects of
    its own (``before``, the console script's): a library caller's collector is left as
    it was; the console script ends right after, as it freezes everything at exit."""
    try:
        yield
    finally:
        if not before:
            gc.unfreeze()


def render_all(
    brief: Brief, outputs: dict[str, Path], options: RenderOptions, progress: Progress = _silent
) -> dict[str, Path]:
    """Render every requested format first, then write them all or none (``fileio``)."""
    rendered = {}
    for done, fmt in enumerate(outputs, 1):
        rendered[fmt] = get_renderer(fmt, options).render(brief)
        progress("render", done, len(outputs))
    fileio.write_all({outputs[fmt]: data for fmt, data in rendered.items()})
    return dict(outputs)


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
    return render_all(brief, {fmt: output}, options or RenderOptions())[fmt]


def _identity(path: str | Path) -> set[object]:
    """What makes two names one file: the real path, and for an existing file its inode."""
    keys: set[object] = {os.path.realpath(path)}
    try:
        info = os.stat(path)
        keys.add((info.st_dev, info.st_ino))
    except OSError:
        pass
    return keys


def refuse_overwriting_inputs(request: BuildRequest) -> None:
    """UsageError when an output would replace an input (checked before anything is read).

    Inputs are the files named directly and the files a folder walk would read; briefs
    this tool wrote earlier are not inputs, so a rerun may replace them.
    """
    outputs = [Path(p) for p in request.outputs.values()]
    seen: dict[object, Path] = {}
    for path in outputs:
        real = os.path.realpath(path)
        if real in seen:
            raise UsageError(f"{seen[real]} and {path} are the same file; give each its own name")
        seen[real] = path
    inputs: dict[object, str] = {}
    for item in expand_inputs(request.inputs, request.ingest):
        if isinstance(item, str) and item != STDIN and not is_url(item):
            inputs.update(dict.fromkeys(_identity(item), item))
    for path in outputs:
        clash = next((inputs[key] for key in _identity(path) if key in inputs), None)
        if clash is not None:
            raise UsageError(
                f"refusing to write {display_name(str(path))}: it is the input "
                f"{display_name(clash)}; choose another -o or --json name"
            )


def build(request: BuildRequest, progress: Progress = _silent) -> BuildResult:
    """Read, summarize, theme, assemble and write; never writes over an input.

    The folders written to are left out when an input folder contains them.
    """
    folders = tuple(dict.fromkeys(str(Path(p).parent) for p in request.outputs.values()))
    ingest = replace(request.ingest, skip_folders=(*request.ingest.skip_folders, *folders))
    request = replace(request, ingest=ingest)
    refuse_overwriting_inputs(request)
    brief, ingested = make_brief(request, progress)
    written = render_all(brief, request.outputs, request.render, progress)
    return BuildResult(brief=brief, ingest=ingested, written=written)


def output_paths(
    formats: str | Sequence[str],
    output: Path | None = None,
    folder: Path = Path(DEFAULTS.output_dir),
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
    if output is not None and output.is_dir():  # -o DIR: the default name, inside DIR
        output = default_output(folder=output)
    base = output or default_output(folder=folder)
    known_suffixes = {cls.extension for cls in RENDERERS.values()}
    if base.suffix.lower() in known_suffixes:
        base = base.with_suffix("")
    return {name: base.with_name(base.name + RENDERERS[name].extension) for name in wanted}


def format_of(path: Path) -> str | None:
    """The format a file name asks for by its suffix (``brief.pdf`` -> ``pdf``), if any."""
    suffix = path.suffix.lower()
    return next((name for name, cls in RENDERERS.items() if cls.extension == suffix), None)


def default_output(today: dt.date | None = None, folder: Path = Path(DEFAULTS.output_dir)) -> Path:
    return folder / f"brief-{(today or dt.date.today()).isoformat()}.docx"


def summarize_inputs(
    inputs: Sequence[str],
    ingest: IngestOptions,
    summary: SummaryOptions,
    progress: Progress = _silent,
    themes_file: Path | None = None,
    profile_file: Path | None = None,
) -> tuple[IngestResult, list[Summary]]:
    """Read ``inputs`` and summarize every article, in input order, as ``build`` does:
    each summary focused on its article's theme."""
    ingested = load_articles(inputs, ingest, progress)
    profile = load_profile(profile_file) if profile_file else None
    _, summaries = place_and_summarize(
        ingested.articles,
        load_themes(themes_file),
        ThemeOptions(),
        summary,
        profile,
        progress=progress,
    )
    return ingested, [summaries[a.id] for a in ingested.articles]
