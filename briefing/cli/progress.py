"""What the CLI shows while it works: a progress display and messages by verbosity.

The library never prints; it calls ``progress(stage, done, total)`` and returns data.
This module turns both into output, only where a person is watching: the progress
display appears only when stderr is a terminal, so cron and pipes stay clean.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from briefing.errors import ConfigError

ProgressCallback = Callable[[str, int, int], None]

STAGE_LABELS = {
    "read": "Reading inputs",
    "themes": "Assigning themes",
    "summarize": "Summarizing",
    "render": "Rendering",
}


class Verbosity(enum.IntEnum):
    QUIET = 0  # errors only
    NORMAL = 1
    VERBOSE = 2  # per-file details


def is_terminal(stream: TextIO) -> bool:
    """True when a person is likely watching ``stream`` (not a pipe, file, cron or dumb tty)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "") != "dumb"


def _silent(stage: str, done: int, total: int) -> None:
    return None


@contextmanager
def progress_display(console: Console | None) -> Iterator[ProgressCallback]:
    """A ``progress`` callback drawing one bar per stage on ``console``; None draws nothing."""
    if console is None:
        yield _silent
        return
    columns = (
        TextColumn("{task.description:<17}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bars:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = STAGE_LABELS.get(stage, stage.capitalize())
                tasks[stage] = bars.add_task(label, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update


class Reporter:
    """Messages for the user on stderr by verbosity; everything also goes to the log file."""

    def __init__(self, verbosity: Verbosity = Verbosity.NORMAL, log_file: Path | None = None):
        self.verbosity = verbosity
        self.log_file = log_file
        if log_file is not None:
            try:
                log_file.parent.mkdir(parents=True, exist_ok=True)
                log_file.touch()
            except OSError as exc:
                raise ConfigError(
                    f"--log-file {log_file}: cannot write there ({exc.strerror or exc})"
                ) from None

    def _log(self, level: str, message: str) -> None:
        if self.log_file is None:
            return
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"{stamp} {level} {message}\n")

    def error(self, message: str) -> None:
        """Always shown."""
        self._log("ERROR", message)
        typer.echo(message, err=True)

    def info(self, message: str) -> None:
        """Shown unless --quiet."""
        self._log("INFO", message)
        if self.verbosity >= Verbosity.NORMAL:
            typer.echo(message, err=True)

    def detail(self, message: str) -> None:
        """Shown with --verbose only."""
        self._log("DETAIL", message)
        if self.verbosity >= Verbosity.VERBOSE:
            typer.echo(message, err=True)

    def result(self, message: str) -> None:
        """A line on stdout saying what was done (e.g. a written file); hidden by --quiet."""
        self._log("INFO", message)
        if self.verbosity >= Verbosity.NORMAL:
            typer.echo(message)

    def log_handler(self) -> logging.Handler:
        """A logging handler that shows log records as this reporter's messages."""
        return _ReporterHandler(self)

    def progress_console(self, stream: TextIO) -> Console | None:
        """A console for the progress display, or None when nobody is watching."""
        if self.verbosity == Verbosity.QUIET or not is_terminal(stream):
            return None
        return Console(file=stream)


OWN_LOGGER = "briefing"


class _ReporterHandler(logging.Handler):
    """Log records as messages by verbosity, so ``--quiet`` holds for libraries too.

    Our own warnings are messages (hidden by --quiet); our own errors always show. What
    the libraries log or warn (pypdf on fonts, trafilatura and htmldate on odd pages,
    charset_normalizer, feedparser) is a detail: shown with --verbose, always in the log
    file, never in a quiet or normal run, where it would bury the skip lines.
    """

    def __init__(self, reporter: Reporter) -> None:
        super().__init__()
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        # A logger with its own level (a library's, a test server's) passes records below
        # the root's level on to the root's handlers; they are not messages for anyone.
        if record.levelno < logging.WARNING:
            return
        message = record.getMessage()
        if not (record.name == OWN_LOGGER or record.name.startswith(OWN_LOGGER + ".")):
            self.reporter.detail(f"{record.name}: {message}")
        elif record.levelno >= logging.ERROR:
            self.reporter.error(message)
        else:
            self.reporter.info(message)


@contextmanager
def logging_to(reporter: Reporter) -> Iterator[None]:
    """Route every log record and Python warning to ``reporter`` while the block runs."""
    root = logging.getLogger()
    handler = reporter.log_handler()
    saved_level, saved_handlers = root.level, root.handlers[:]
    root.handlers = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        root.handlers, root.level = saved_handlers, saved_level
