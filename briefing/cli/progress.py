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


def _announcer(announce: Callable[[str], None]) -> ProgressCallback:
    """A ``progress`` callback saying once when each stage starts (for logs and pipes)."""
    started: set[str] = set()

    def update(stage: str, done: int, total: int) -> None:
        if stage not in started:
            started.add(stage)
            announce(f"{STAGE_LABELS.get(stage, stage.capitalize())} ({total})")

    return update


@contextmanager
def progress_display(
    console: Console | None, announce: Callable[[str], None] | None = None
) -> Iterator[ProgressCallback]:
    """A ``progress`` callback drawing one bar per stage on ``console``; without a console,
    ``announce`` (if given) gets one line as each stage starts, else nothing is shown."""
    if console is None:
        yield _announcer(announce) if announce else _silent
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
                with log_file.open("a", encoding="utf-8"):
                    pass  # proves it can be appended to (a folder or /proc file cannot)
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

    def warning(self, message: str) -> None:
        """A problem worth knowing that did not stop the run; shown unless --quiet."""
        self._log("WARNING", message)
        if self.verbosity >= Verbosity.NORMAL:
            typer.echo(f"warning: {message}", err=True)

    def listen(self, logger: logging.Logger) -> None:
        """Show ``logger``'s warnings as this reporter's (they reach the log file too)."""
        logger.handlers = [h for h in logger.handlers if not isinstance(h, _ToReporter)]
        logger.addHandler(_ToReporter(self))
        logger.setLevel(logging.WARNING)

    def progress_console(self, stream: TextIO) -> Console | None:
        """A console for the progress display, or None when nobody is watching."""
        if self.verbosity == Verbosity.QUIET or not is_terminal(stream):
            return None
        return Console(file=stream)


class _ToReporter(logging.Handler):
    """The library logs; the command line shows those lines through its reporter."""

    def __init__(self, reporter: Reporter) -> None:
        super().__init__()
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        self.reporter.warning(record.getMessage())
