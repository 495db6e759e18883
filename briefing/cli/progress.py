"""What the CLI shows while it works: a progress display, and log records by verbosity.

The library never prints; it calls ``progress(stage, done, total)`` and returns data.
This module turns both into output, only where a person is watching: the progress
display appears only when stderr is a terminal, so cron and pipes stay clean.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

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
    # Drawn when a stage reports, not by a thread of its own: with no other thread running,
    # a large input may be read in forked processes (``forking``; a fork beside a thread
    # drawing on the terminal could leave the child waiting on the console's lock).
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = STAGE_LABELS.get(stage, stage.capitalize())
                tasks[stage] = bars.add_task(label, total=total)
            bars.update(tasks[stage], completed=done, total=total, refresh=True)

        yield update


RESULT = "result"  # marks a record that says what was done; it goes to stdout
# Where third-party libraries log (pypdf, trafilatura, charset_normalizer, py.warnings...):
# their warnings are about their internals, not the user's inputs, so they reach the
# terminal only with --verbose (and the log file always).
OWN_LOGGER = "briefing"
_LEVEL_NAMES = {logging.DEBUG: "DETAIL"}
_installed: list[logging.Handler] = []


class _LogFileFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = dt.datetime.fromtimestamp(record.created).astimezone().isoformat("T", "seconds")
        level = _LEVEL_NAMES.get(record.levelno, record.levelname)
        return f"{stamp} {level} {record.getMessage()}"


def _for_terminal(verbosity: Verbosity, results: bool) -> Callable[[logging.LogRecord], bool]:
    """Which records a terminal stream shows at ``verbosity`` (stdout: results only)."""

    def wanted(record: logging.LogRecord) -> bool:
        if getattr(record, RESULT, False) != results:
            return False
        if not record.name.startswith(OWN_LOGGER):
            return verbosity >= Verbosity.VERBOSE and record.levelno >= logging.WARNING
        return True

    return wanted


def configure_logging(
    verbosity: Verbosity = Verbosity.NORMAL, log_file: Path | None = None
) -> None:
    """Route every log record of this run: ours by verbosity to stderr (results to stdout),
    everything (third-party included) to ``log_file``. Replaces an earlier setup, so one
    process may run several commands (tests, a Python session)."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            file_handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"--log-file {log_file}: cannot write there ({exc.strerror or exc})"
            ) from None
        file_handler.setFormatter(_LogFileFormatter())
        _installed.append(file_handler)
    thresholds = {
        Verbosity.QUIET: logging.WARNING,  # errors, and skipped inputs (problems to fix)
        Verbosity.NORMAL: logging.INFO,
        Verbosity.VERBOSE: logging.DEBUG,
    }
    for stream, results in ((sys.stderr, False), (sys.stdout, True)):
        handler = logging.StreamHandler(stream)
        handler.setLevel(thresholds[verbosity])
        handler.addFilter(_for_terminal(verbosity, results))
        _installed.append(handler)
    for handler in _installed:
        root.addHandler(handler)
    logging.getLogger(OWN_LOGGER).setLevel(logging.DEBUG)
    logging.captureWarnings(True)


def progress_console(stream: TextIO, verbosity: Verbosity) -> Console | None:
    """A console for the progress display, or None when nobody is watching."""
    if verbosity == Verbosity.QUIET or not is_terminal(stream):
        return None
    return Console(file=stream)
