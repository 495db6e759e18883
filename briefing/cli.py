"""The ``briefing`` command: parse options, call one library function, print.

No logic lives here. ``ExitCode`` and the error → exit-code mapping are in this one place.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from briefing import pipeline
from briefing.brief import DEFAULT_TITLE, BriefOptions
from briefing.errors import (
    BriefingError,
    ConfigError,
    DeliveryError,
    SummarizeError,
    ThemesError,
)
from briefing.ingest import IngestOptions
from briefing.models import Skip
from briefing.renderers import RenderOptions
from briefing.settings import LoadedSettings, Settings, load_settings
from briefing.summarize import SummaryOptions


class ExitCode(enum.IntEnum):
    """Exit status of every command (documented in the README and ``--help``)."""

    SUCCESS = 0
    FAILURE = 1  # nothing readable, or the build failed
    USAGE = 2  # bad command line (typer/click's own code)
    CONFIG = 3  # config file, environment or themes file is wrong
    DELIVERY = 4  # e-mail could not be sent, or the brief could not be opened
    INTERRUPTED = 130  # Ctrl-C; no partial output is left behind


EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 nothing readable or build failed; 2 usage; "
    "3 configuration error; 4 delivery failure; 130 interrupted."
)

_ERROR_EXIT: list[tuple[type[BriefingError], ExitCode]] = [
    (ConfigError, ExitCode.CONFIG),
    (ThemesError, ExitCode.CONFIG),
    (SummarizeError, ExitCode.USAGE),
    (DeliveryError, ExitCode.DELIVERY),
    (BriefingError, ExitCode.FAILURE),
]

app = typer.Typer(
    name="briefing",
    help="Turn a pile of news articles into a themed policy brief in Word.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def exit_code_for(error: BriefingError) -> ExitCode:
    for cls, code in _ERROR_EXIT:
        if isinstance(error, cls):
            return code
    return ExitCode.FAILURE


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


@contextmanager
def _handled() -> Iterator[None]:
    """Turn the library's errors and Ctrl-C into one line and an exit code."""
    try:
        yield
    except BriefingError as error:
        _err(f"error: {error}")
        _fail(exit_code_for(error))
    except KeyboardInterrupt:
        _err("interrupted; no output was written")
        _fail(ExitCode.INTERRUPTED)


def _settings(config: Path | None, **flags: Any) -> Settings:
    loaded: LoadedSettings = load_settings(config_file=config, flags=flags)
    return loaded.settings


def _report_skips(skipped: tuple[Skip, ...]) -> None:
    for skip in skipped:
        _err(f"skipped {skip.input}: {skip.reason}")


Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, folders (read recursively) or - for standard input."),
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Project config file (TOML).", show_default=False)
]
AlgorithmOpt = Annotated[
    str | None, typer.Option("--algorithm", "-a", help="Summarizer name.", show_default=False)
]
SentencesOpt = Annotated[
    int | None, typer.Option("--sentences", "-n", help="Sentences per summary [3].", min=1)
]
RatioOpt = Annotated[
    float | None, typer.Option("--ratio", help="Share of the article's sentences instead.")
]
WordsOpt = Annotated[int | None, typer.Option("--words", help="Word budget per summary instead.")]
ThemesOpt = Annotated[
    Path | None, typer.Option("--themes", help="Themes file (TOML) replacing the defaults.")
]
StrictOpt = Annotated[
    bool | None, typer.Option("--strict/--no-strict", help="Fail on any skipped input.")
]


def _summary_options(settings: Settings) -> SummaryOptions:
    return SummaryOptions(
        algorithm=settings.algorithm,
        sentences=settings.sentences,
        ratio=settings.ratio,
        words=settings.words,
    )


def _ingest_options(settings: Settings) -> IngestOptions:
    return IngestOptions(max_bytes=int(settings.max_size * 1024 * 1024), strict=settings.strict)


@app.command()
def build(
    inputs: Inputs,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Word file to write [out/brief-YYYY-MM-DD.docx]."),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the brief as JSON here.")
    ] = None,
    themes: ThemesOpt = None,
    algorithm: AlgorithmOpt = None,
    sentences: SentencesOpt = None,
    ratio: RatioOpt = None,
    words: WordsOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the brief.")] = None,
    strict: StrictOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Build a brief from articles.

    Example: briefing build data/ notes.txt -o out/week48.docx --json out/week48.json
    """
    with _handled():
        settings = _settings(
            config,
            themes=str(themes) if themes else None,
            algorithm=algorithm,
            sentences=sentences,
            ratio=ratio,
            words=words,
            title=title,
            strict=strict,
        )
        outputs = {"docx": output or pipeline.default_output(folder=Path(settings.output_dir))}
        if json_path:
            outputs["json"] = json_path
        request = pipeline.BuildRequest(
            inputs=inputs,
            outputs=outputs,
            ingest=_ingest_options(settings),
            summary=_summary_options(settings),
            themes_file=Path(settings.themes) if settings.themes else None,
            brief=BriefOptions(title=settings.title or DEFAULT_TITLE),
            render=RenderOptions(
                template=Path(settings.template) if settings.template else None,
                marking=settings.marking,
                author=settings.author,
                organisation=settings.organisation,
            ),
        )
        result = pipeline.build(request)
        _report_skips(result.ingest.skipped)
        ingest = result.ingest
        _err(
            f"{len(ingest.articles)} articles from {ingest.inputs} inputs, "
            f"{len(ingest.skipped)} skipped, {ingest.duplicates_merged} duplicates merged"
        )
        for path in result.written.values():
            typer.echo(f"wrote {path}")


@app.command()
def summarize(
    inputs: Inputs,
    algorithm: AlgorithmOpt = None,
    sentences: SentencesOpt = None,
    ratio: RatioOpt = None,
    words: WordsOpt = None,
    strict: StrictOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print the summary of each article, without building a brief.

    Example: briefing summarize article.txt --sentences 3 --algorithm textrank
    """
    with _handled():
        settings = _settings(
            config,
            algorithm=algorithm,
            sentences=sentences,
            ratio=ratio,
            words=words,
            strict=strict,
        )
        ingest, summaries = pipeline.summarize_inputs(
            inputs, _ingest_options(settings), _summary_options(settings)
        )
        _report_skips(ingest.skipped)
        blocks = []
        for article, summary in zip(ingest.articles, summaries, strict=False):
            blocks.append("\n".join([f"# {article.title}", *summary.texts]))
        typer.echo("\n\n".join(blocks))


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Console-script entry point."""
    return app(args=argv if argv is not None else sys.argv[1:], prog_name="briefing")
