"""The ``briefing`` command: parse options, call one library function, print.

No logic lives here. ``ExitCode`` and the error → exit-code mapping are in this one place.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.markup import escape

from briefing import __version__, interrupts, pipeline
from briefing.cli import explain, inspection, starter
from briefing.cli.options import option
from briefing.cli.progress import (
    RESULT,
    Verbosity,
    configure_logging,
    progress_console,
    progress_display,
)
from briefing.errors import (
    BriefingError,
    ConfigError,
    DeliveryError,
    Interrupted,
    SummarizeError,
    ThemesError,
    UsageError,
)
from briefing.ingest.fetch import read_url_list
from briefing.ingest.walk import report_line
from briefing.models import OTHER_THEME_ID, Skip
from briefing.settings import LoadedSettings, Settings, effective_settings, load_settings
from briefing.text import counted
from briefing.themes import load_profile, load_themes

# Imported by the commands that use them (``_deliver`` and the like): with ROUGE and the
# mail stack at the top, every build paid a fifth of a second more to start.
if TYPE_CHECKING:
    from briefing import deliver


class ExitCode(enum.IntEnum):
    """Exit status of every command (documented in the README and ``--help``)."""

    SUCCESS = 0
    FAILURE = 1  # nothing readable, or the build failed
    USAGE = 2  # bad command line (typer/click's own code)
    CONFIG = 3  # config file, environment or themes file is wrong
    DELIVERY = 4  # e-mail could not be sent, or the brief could not be opened
    INTERRUPTED = 130  # Ctrl-C (SIGINT); no partial output is left behind
    TERMINATED = 143  # SIGTERM; likewise


EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 nothing readable or build failed; 2 usage; "
    "3 configuration error; 4 delivery failure; 130 interrupted; 143 terminated."
)

_ERROR_EXIT: list[tuple[type[BriefingError], ExitCode]] = [
    (UsageError, ExitCode.USAGE),
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


log = logging.getLogger("briefing.cli")
# Set by the app callback from --quiet/--verbose before any command runs.
_verbosity = Verbosity.NORMAL


def _err(message: str) -> None:
    log.error(message)


def _result(message: str) -> None:
    """A line on stdout saying what was done (a written file); hidden by --quiet."""
    log.info(message, extra={RESULT: True})


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
    """The settings with this command's flags on top; a path flag is given as typed."""
    given = {key: str(v) if isinstance(v, Path) else v for key, v in flags.items()}
    loaded: LoadedSettings = load_settings(config_file=config, flags=given)
    return loaded.settings


def _report_skips(skipped: tuple[Skip, ...]) -> None:
    # A skipped input is a problem the user can fix, so it shows even with --quiet.
    for skip in skipped:
        log.warning(f"skipped {skip.input}: {skip.reason}")


def _progress() -> Any:
    """The progress display for this run: bars on a terminal, else a line per stage
    with --verbose (so scripts and tests can tell where a build is)."""
    return progress_display(progress_console(sys.stderr, _verbosity), log.debug)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Errors only: no progress, no summary lines.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print per-file details.")
    ] = False,
    log_file: Annotated[
        Path | None,
        typer.Option("--log-file", help="Append every message, timestamped, to this file."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn a pile of news articles into a themed policy brief in Word.

    Example: briefing --quiet build data/ -o out/week48.docx

    Progress bars appear on stderr only when it is a terminal; scripts and cron see
    nothing but errors and the names of written files (--quiet hides those too).
    """
    global _verbosity
    if quiet and verbose:
        raise typer.BadParameter("choose --quiet or --verbose, not both")
    level = Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL
    with _handled():
        configure_logging(level, log_file)
        _verbosity = level


Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, folders (read recursively) or - for standard input."),
]
BuildInputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, folders (read recursively), http(s) URLs or - for standard input.",
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Project config file (TOML).", show_default=False)
]
AlgorithmOpt = Annotated[str | None, option("algorithm")]
SentencesOpt = Annotated[int | None, option("sentences", min=1)]
RatioOpt = Annotated[float | None, option("ratio")]
WordsOpt = Annotated[int | None, option("words")]
ThemesOpt = Annotated[Path | None, option("themes")]
ProfileOpt = Annotated[Path | None, option("themes_profile")]
StrictOpt = Annotated[bool | None, option("strict")]
IncludeOpt = Annotated[list[str] | None, option("include")]
ExcludeOpt = Annotated[list[str] | None, option("exclude")]


@app.command(epilog=EXIT_CODES_HELP)
def build(
    inputs: BuildInputs = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=escape(
                "File to write; its suffix picks the format unless --format is given "
                "[out/brief-YYYY-MM-DD.docx]."
            ),
        ),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the brief as JSON here.")
    ] = None,
    themes: ThemesOpt = None,
    themes_profile: ProfileOpt = None,
    algorithm: AlgorithmOpt = None,
    sentences: SentencesOpt = None,
    ratio: RatioOpt = None,
    words: WordsOpt = None,
    title: Annotated[str | None, option("title")] = None,
    formats: Annotated[str | None, option("format")] = None,
    marking: Annotated[str | None, option("marking")] = None,
    author: Annotated[str | None, option("author")] = None,
    organisation: Annotated[str | None, option("organisation")] = None,
    template: Annotated[Path | None, option("template")] = None,
    strict: StrictOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    email_to: Annotated[
        list[str] | None,
        typer.Option("--email-to", help="E-mail the brief to this address (repeatable)."),
    ] = None,
    open_after: Annotated[
        bool, typer.Option("--open", help="Open the brief with the desktop's default app.")
    ] = False,
    url_list: Annotated[
        Path | None, typer.Option("--url-list", help="File listing URLs to read, one a line.")
    ] = None,
    max_size: Annotated[float | None, option("max_size")] = None,
    timeout: Annotated[float | None, option("timeout")] = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d"], help="Keep articles dated on or after."),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option("--until", formats=["%Y-%m-%d"], help="Keep articles dated on or before."),
    ] = None,
    undated: Annotated[str | None, option("undated")] = None,
    keep_duplicates: Annotated[
        bool, typer.Option("--keep-duplicates", help="Keep every copy of a story.")
    ] = False,
    jobs: Annotated[int | None, option("jobs", min=0)] = None,
    max_stories: Annotated[int | None, option("max_stories", min=0)] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="JSON of the previous brief: mark stories new or continuing, chart the change.",
        ),
    ] = None,
    executor: Annotated[str | None, option("executor")] = None,
    scheduler: Annotated[str | None, option("scheduler")] = None,
    config: ConfigOpt = None,
) -> None:
    """Build a brief from articles.

    Example: briefing build data/ notes.txt -o out/week48.docx --json out/week48.json

    Example: briefing build data/ -o out/week48 --format docx,md,html --marking TLP:AMBER
    """
    with _handled():
        settings = _settings(
            config,
            themes=themes,
            themes_profile=themes_profile,
            algorithm=algorithm,
            sentences=sentences,
            ratio=ratio,
            words=words,
            title=title,
            # -o brief.pdf asks for a PDF, as a --format would; --format itself wins.
            format=formats or (pipeline.format_of(output) if output else None),
            marking=marking,
            author=author,
            organisation=organisation,
            template=template,
            strict=strict,
            max_size=max_size,
            timeout=timeout,
            jobs=jobs,
            undated=undated,
            include=include,
            exclude=exclude,
            max_stories=max_stories,
            executor=executor,
            scheduler=scheduler,
        )
        listed: list[Skip] = []
        urls = read_url_list(url_list, None if settings.strict else listed) if url_list else []
        _report_skips(tuple(listed))
        request = pipeline.request_from_settings(
            settings,
            [*(inputs or []), *urls],
            output=output,
            json_path=json_path,
            since=since.date() if since else None,
            until=until.date() if until else None,
            merge_duplicates=not keep_duplicates,
            required_formats=("docx",) if email_to or open_after else (),
            previous=previous,
        )
        with _progress() as progress:
            result = pipeline.build(request, progress)
        _report_skips(result.brief.skipped)
        for item in result.brief.items:
            log.debug(
                f"[{item.citation}] {item.article.path}: {item.article.title} "
                f"({item.article.length_label}) -> {item.theme_score.theme}"
            )
        log.info(report_line(result.ingest))
        for path in result.written.values():
            _result(f"wrote {path}")
        if email_to or open_after:
            from briefing import deliver
        if email_to:
            email = deliver.EmailRequest(
                brief=result.written["docx"],
                to=tuple(email_to),
                marking=result.brief.marking,
                # The body from the brief in memory; the .docx is only attached, not parsed.
                digest=deliver.digest_from_brief(result.brief, request.render),
            )
            _report_email(
                deliver.email_brief(email, settings.smtp, ask_password=_password_prompt())
            )
        if open_after:
            _result(f"opened {deliver.open_path(result.written['docx']).path}")


@app.command(epilog=EXIT_CODES_HELP)
def summarize(
    inputs: Inputs,
    algorithm: AlgorithmOpt = None,
    sentences: SentencesOpt = None,
    ratio: RatioOpt = None,
    words: WordsOpt = None,
    themes: ThemesOpt = None,
    strict: StrictOpt = None,
    config: ConfigOpt = None,
    explain_: Annotated[
        bool,
        typer.Option("--explain", help="Show each chosen sentence's score and rank (1 = best)."),
    ] = False,
) -> None:
    """Print the summary of each article, without building a brief.

    Example: briefing summarize article.txt --sentences 3 --algorithm textrank --explain
    """
    with _handled():
        settings = _settings(
            config,
            algorithm=algorithm,
            sentences=sentences,
            ratio=ratio,
            words=words,
            themes=themes,
            strict=strict,
        )
        with _progress() as progress:
            ingest, summaries = pipeline.summarize_inputs(
                inputs,
                pipeline.ingest_options(settings),
                pipeline.summary_options(settings),
                progress,
                themes_file=Path(settings.themes) if settings.themes else None,
                profile_file=Path(settings.themes_profile) if settings.themes_profile else None,
            )
        _report_skips(ingest.skipped)
        blocks = []
        for article, summary in zip(ingest.articles, summaries, strict=False):
            if explain_:
                lines = [
                    f"[rank {s.rank}, score {s.score:.4f}, sentence {s.index + 1}] {s.text}"
                    for s in summary.sentences
                ]
            else:
                lines = list(summary.texts)
            blocks.append("\n".join([f"# {article.title}", *lines]))
        typer.echo("\n\n".join(blocks))


@app.command(epilog=EXIT_CODES_HELP)
def inspect(
    inputs: Inputs,
    strict: StrictOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show how inputs become articles, without summarizing: reader, encoding, titles, words.

    Example: briefing inspect data/ scraped-page.txt
    """
    with _handled():
        settings = _settings(config, strict=strict, include=include, exclude=exclude)
        report = inspection.inspect_inputs(inputs, pipeline.ingest_options(settings))
        for item in report.inputs:
            if item.skipped is not None:
                log.warning(f"skipped {item.input}: {item.skipped}")
                continue
            typer.echo(
                f"{item.input}: reader {item.reader}, encoding {item.encoding or 'n/a'}, "
                f"{item.size} bytes, {counted(len(item.articles), 'article')}"
            )
            for number, article in enumerate(item.articles, 1):
                origin = "derived" if article.title_derived else "given"
                truncated = ", truncated" if article.truncated else ""
                size = "headline only" if article.headline_only else article.length_label
                typer.echo(
                    f"  {number}. {article.title} [title {origin}] {size}, "
                    f"language {article.language or 'unknown'}{truncated}"
                )
        log.info(
            f"{counted(len(report.inputs), 'input')}, {counted(len(report.articles), 'article')}, "
            f"{len(report.skipped)} skipped"
        )
        if not report.articles:
            _fail(ExitCode.FAILURE)


themes_app = typer.Typer(
    help="List the themes and see why an article landed in its theme.", no_args_is_help=True
)
app.add_typer(themes_app, name="themes")


@themes_app.command("list", epilog=EXIT_CODES_HELP)
def themes_list(themes: ThemesOpt = None, config: ConfigOpt = None) -> None:
    """List the themes with their descriptions and terms.

    Example: briefing themes list --themes my-themes.toml
    """
    with _handled():
        settings = _settings(config, themes=themes)
        for theme in load_themes(settings.themes):
            typer.echo(f"{theme.id}: {theme.name}")
            if theme.description:
                typer.echo(f"  {theme.description}")
            typer.echo(f"  terms: {', '.join(theme.terms)}")
            for lang, terms in theme.language_terms.items():
                typer.echo(f"  terms ({lang}): {', '.join(terms)}")
            if theme.context:
                typer.echo(f"  context (weight, no evidence): {', '.join(theme.context)}")
            if theme.exclude:
                typer.echo(f"  exclude: {', '.join(theme.exclude)}")
        typer.echo(f"{OTHER_THEME_ID}: articles that fit no theme well enough")


@themes_app.command("explain", epilog=EXIT_CODES_HELP)
def themes_explain(
    inputs: Inputs,
    themes: ThemesOpt = None,
    themes_profile: ProfileOpt = None,
    strict: StrictOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Per article: the score of every theme, the matched terms with their weights, what
    came from a learned profile's examples, and how confident the placement is.

    Example: briefing themes explain data/defense-roundup.txt --themes my-themes.toml
    """
    with _handled():
        settings = _settings(
            config,
            themes=themes,
            themes_profile=themes_profile,
            strict=strict,
        )
        report = explain.explain_themes(
            inputs,
            settings.themes,
            pipeline.ingest_options(settings),
            profile_file=settings.themes_profile,
        )
        _report_skips(report.ingest.skipped)
        blocks = []
        for item in report.explanations:
            score = item.score
            secondary = (
                f" (also: {', '.join(score.secondary_themes)})" if score.secondary_themes else ""
            )
            check = "  LOW CONFIDENCE: check this placement" if item.low_confidence else ""
            lines = [
                f"# {item.article.title} ({item.article.path}, "
                f"language {item.article.language or 'unknown'})",
                f"  theme: {score.theme}{secondary}, confidence {score.confidence:.2f}{check}",
            ]
            for theme_id, value in item.ranked_themes():
                terms = ", ".join(f"{t} {w:.3f}" for t, w in item.ranked_terms(theme_id))
                examples = item.from_examples(theme_id)
                learned = f"  examples {examples:.3f}" if examples else ""
                lines.append(f"  {theme_id:<24} {value:8.4f}  {terms or '-'}{learned}")
            blocks.append("\n".join(lines))
        typer.echo("\n\n".join(blocks))
        low = [item for item in report.explanations if item.low_confidence]
        if low:
            log.info(f"{len(low)} low-confidence placement(s) to check:")
            for item in low:
                log.info(f"  {item.article.title} -> {item.score.theme}")
        log.info(
            f"an article goes to {OTHER_THEME_ID!r} unless a theme has "
            f"{report.options.min_hits} distinct terms or a phrase in its title or lead; "
            "place names, description words and context terms are no evidence alone"
        )


@themes_app.command("learn", epilog=EXIT_CODES_HELP)
def themes_learn(
    labelled: Annotated[
        Path,
        typer.Argument(
            help="JSON Lines of labelled articles (title, text, theme), or a brief's JSON "
            "whose themes were corrected by hand."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Profile file to write (JSON).")],
    themes: ThemesOpt = None,
    label_field: Annotated[
        str | None,
        typer.Option(
            "--label-field",
            help="Field holding the theme id [theme, else category].",
            show_default=False,
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option("--split", help='Learn only from rows whose "split" field is this.'),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Learn theme profiles from labelled articles, for build --themes-profile.

    Example: briefing themes learn labelled.jsonl -o themes-profile.json
    """
    with _handled():
        settings = _settings(config, themes=themes)
        from briefing import learn

        result = learn.learn(labelled, output, load_themes(settings.themes), label_field, split)
        counts = ", ".join(f"{t} {n}" for t, n in sorted(result.examples.items()))
        _result(f"wrote {result.path} from {result.source}: {counts}")


config_app = typer.Typer(help="See the effective configuration.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("show", epilog=EXIT_CODES_HELP)
def config_show(config: ConfigOpt = None) -> None:
    """Print every setting, its value and where it came from (secrets masked).

    Example: briefing config show --config team.toml  (try BRIEFING_SENTENCES=5 in front)
    """
    with _handled():
        loaded = load_settings(config_file=config)
        rows = effective_settings(loaded)
        width = max(len(row.key) for row in rows)
        for row in rows:
            value = "(unset)" if row.value is None else starter.toml_value(row.value)
            typer.echo(f"{row.key:<{width}} = {value:<24} # {row.origin} ({row.env_var})")


@app.command(epilog=EXIT_CODES_HELP)
def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write briefing.toml and themes.toml into.")
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write a commented starter briefing.toml and a copy of the default themes to edit.

    Example: briefing init weekly-brief/
    """
    with _handled():
        for path in starter.write_starter(folder, force=force):
            _result(f"wrote {path}")


def _password_prompt() -> Callable[[str], str] | None:
    """Ask for the SMTP password only when someone is at the keyboard to answer."""
    if not sys.stdin.isatty():
        return None
    return lambda prompt: typer.prompt(prompt, hide_input=True)


def _report_email(result: deliver.EmailResult) -> None:
    recipients = ", ".join(result.recipients)
    if result.written:
        _result(f"wrote {result.written} ({result.size:,} bytes); nothing was sent")
        _result(f"subject: {result.subject}")
        _result(f"would send to: {recipients}")
        return
    _result(f"sent {result.subject!r} to {recipients} ({result.size:,} bytes)")
    log.info(f"message-id: {result.message_id}")


@app.command(epilog=EXIT_CODES_HELP)
def email(
    brief: Annotated[Path, typer.Argument(help="The .docx brief to send.")],
    to: Annotated[list[str], typer.Option("--to", help="Recipient (repeatable).")],
    cc: Annotated[list[str] | None, typer.Option("--cc", help="Copy to (repeatable).")] = None,
    bcc: Annotated[
        list[str] | None, typer.Option("--bcc", help="Blind copy to (repeatable).")
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", help="[default: [MARKING] Title — 26 Nov 2026]"),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option("--from", help="Sender (default: smtp.sender).", show_default=False),
    ] = None,
    dry_run: Annotated[
        Path | None,
        typer.Option("--dry-run", metavar="FILE.eml", help="Write the message; send nothing."),
    ] = None,
    smtp_host: Annotated[str | None, option("smtp.host")] = None,
    smtp_port: Annotated[int | None, option("smtp.port")] = None,
    smtp_user: Annotated[str | None, option("smtp.user")] = None,
    smtp_security: Annotated[str | None, option("smtp.security")] = None,
    config: ConfigOpt = None,
) -> None:
    """E-mail a built brief: key points and contents in the body, the .docx attached.

    The SMTP password comes from BRIEFING_SMTP_PASSWORD or a prompt, never a flag.

    Exit 0 sent to everyone; 3 SMTP settings missing or wrong; 4 not sent, or some
    recipients refused (each listed; the others got it).

    Example: briefing email out/brief.docx --to desk@example.org --cc chief@example.org
    """
    with _handled():
        settings = _settings(
            config,
            **{
                "smtp.host": smtp_host,
                "smtp.port": smtp_port,
                "smtp.user": smtp_user,
                "smtp.security": smtp_security,
            },
        )
        from briefing import deliver

        request = deliver.EmailRequest(
            brief=brief,
            to=tuple(to),
            cc=tuple(cc or ()),
            bcc=tuple(bcc or ()),
            subject=subject,
            sender=sender,
            dry_run=dry_run,
            marking=settings.marking,
        )
        _report_email(deliver.email_brief(request, settings.smtp, ask_password=_password_prompt()))


@app.command(name="open", epilog=EXIT_CODES_HELP)
def open_file(
    path: Annotated[Path, typer.Argument(help="The file to open, e.g. a built brief.")],
) -> None:
    """Open a file with the desktop's default application (xdg-open, open, startfile).

    Exit 0 opened; 4 no such file, or no desktop to open it with (the path is printed).

    Example: briefing open out/brief-2026-11-26.docx
    """
    with _handled():
        from briefing import deliver

        _result(f"opened {deliver.open_path(path).path}")


eval_app = typer.Typer(
    help="Measure summaries and themes against a labelled JSON Lines set.",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

EvalSet = Annotated[
    Path, typer.Argument(help="JSON Lines set: one object per line with text, summary, label.")
]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", help="Use only the first N articles.", min=1)
]
EvalJsonOpt = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]


@eval_app.command("summaries")
def eval_summaries(
    dataset: EvalSet,
    algorithm: Annotated[
        list[str] | None,
        typer.Option("--algorithm", "-a", help="Algorithm to measure (repeat; default: all)."),
    ] = None,
    sentences: SentencesOpt = None,
    words: WordsOpt = None,
    limit: LimitOpt = None,
    as_json: EvalJsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """ROUGE-1/2/L F per algorithm, and ROUGE-2 against Lead cut to equal words.

    Example: briefing eval summaries ../shared/datasets/bbc-news-summary-dev.jsonl --limit 200
    """
    with _handled():
        settings = _settings(config, sentences=sentences, words=words)
        options = pipeline.summary_options(settings)
        from briefing import evaluate

        results = evaluate.evaluate_summaries(
            evaluate.load_eval_set(dataset, limit), algorithm or None, options
        )
        if as_json:
            typer.echo(json.dumps([r.as_dict() for r in results], indent=2))
        else:
            typer.echo(evaluate.format_summary_table(results))


@eval_app.command("themes")
def eval_themes(
    dataset: EvalSet,
    themes: ThemesOpt = None,
    label_field: Annotated[
        str, typer.Option("--label-field", help="Field holding the expected theme id.")
    ] = "category",
    split: Annotated[
        str | None,
        typer.Option("--split", help='Score only rows whose "split" field is this.'),
    ] = None,
    themes_profile: ProfileOpt = None,
    limit: LimitOpt = None,
    as_json: EvalJsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Accuracy, macro-F1 and confusion matrix of theme placement against labels.

    Example: briefing eval themes SET.jsonl --themes themes.toml --label-field category

    Example: briefing eval themes tests/devsets/policy_en.jsonl --split holdout
    """
    with _handled():
        settings = _settings(
            config,
            themes=themes,
            themes_profile=themes_profile,
        )
        from briefing import evaluate

        result = evaluate.evaluate_themes(
            evaluate.load_eval_set(dataset, limit, label_field, split),
            load_themes(settings.themes),
            profile=load_profile(settings.themes_profile) if settings.themes_profile else None,
        )
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
        else:
            typer.echo(evaluate.format_theme_report(result))


@eval_app.command("stories")
def eval_stories(
    dataset: EvalSet,
    label_field: Annotated[
        str, typer.Option("--label-field", help="Field holding the event id.")
    ] = "event",
    split: Annotated[
        str | None, typer.Option("--split", help="Only the rows whose split field is this.")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", help="Similarity to cluster at (default: the tuned threshold)."
        ),
    ] = None,
    distractors: Annotated[
        Path | None,
        typer.Option("--distractors", help="JSON Lines set of unrelated articles to mix in."),
    ] = None,
    distractor_limit: Annotated[
        int | None,
        typer.Option("--distractor-limit", help="Use only the first N distractors.", min=0),
    ] = None,
    as_json: EvalJsonOpt = False,
) -> None:
    """Pairwise precision, recall and F1 of story clustering against event labels.

    Example: briefing eval stories tests/devsets/policy_en.jsonl --split holdout
    """
    with _handled():
        from briefing import evaluate

        records = evaluate.load_eval_set(dataset, label_field=label_field)
        if split is not None:
            records = [r for r in records if r.split == split]
        noise = []
        if distractors is not None and distractor_limit != 0:
            noise = [r.article for r in evaluate.load_eval_set(distractors, distractor_limit)]
        result = evaluate.evaluate_stories(
            records, threshold if threshold is not None else evaluate.THRESHOLD, noise
        )
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
        else:
            typer.echo(evaluate.format_story_report(result))


_SIGNAL_EXIT = {signal.SIGINT: ExitCode.INTERRUPTED, signal.SIGTERM: ExitCode.TERMINATED}


def _signal_exit(signum: int) -> ExitCode:
    return _SIGNAL_EXIT.get(signal.Signals(signum), ExitCode.INTERRUPTED)


# Global options, and whether each takes a value; they may also follow the command name.
GLOBAL_OPTIONS = {
    "--quiet": False,
    "-q": False,
    "--verbose": False,
    "-v": False,
    "--log-file": True,
}


def hoist_global_options(args: list[str]) -> list[str]:
    """``briefing build -q data/`` as ``briefing -q build data/``: git-style global options
    are accepted after the command too, so users need not remember where they go."""
    hoisted: list[str] = []
    rest: list[str] = []
    seen_command = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        name = arg.split("=", 1)[0]
        if seen_command and name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in arg
            hoisted.extend(args[index : index + 1 + takes_value])
            index += 1 + takes_value
            continue
        if not arg.startswith("-"):
            seen_command = True
        elif not seen_command and GLOBAL_OPTIONS.get(name) and "=" not in arg:
            rest.extend(args[index : index + 2])  # the value of a leading --log-file
            index += 2
            continue
        rest.append(arg)
        index += 1
    return hoisted + rest


def run(argv: list[str] | None, previous: dict[int, object]) -> Any:
    """Run the app with ``interrupts`` installed; SIGINT exits 130, SIGTERM 143."""
    try:
        args = hoist_global_options(argv if argv is not None else sys.argv[1:])
        return app(args=args, prog_name="briefing")
    except Interrupted as exc:
        if exc.written:
            _err(f"interrupted after writing {', '.join(exc.written)}; nothing else was done")
        else:
            _err("interrupted; no output was written")
        raise SystemExit(int(_signal_exit(exc.signum))) from None
    except SystemExit as done:
        signum = interrupts.received()
        if signum is not None and done.code in (0, None):
            # Something swallowed the signal's exception: still end as interrupted.
            _err("interrupted")
            raise SystemExit(int(_signal_exit(signum))) from None
        raise
    finally:
        interrupts.restore(previous)


def main(argv: list[str] | None = None) -> Any:
    """Entry point; Ctrl-C or SIGTERM anywhere exits 130/143 (files are written all or none)."""
    return run(argv, interrupts.install())
