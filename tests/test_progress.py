"""Progress display and messages: drawn only for a person watching, filtered by verbosity."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from briefing.cli.progress import (
    RESULT,
    Verbosity,
    configure_logging,
    is_terminal,
    progress_console,
    progress_display,
)
from briefing.errors import ConfigError


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_each_stage_on_a_terminal_console() -> None:
    stream = _FakeTerminal()
    console = Console(file=stream, force_terminal=True, width=100)
    with progress_display(console) as progress:
        progress("read", 1, 2)
        progress("read", 2, 2)
        progress("summarize", 3, 3)
    drawn = stream.getvalue()
    assert "Reading inputs" in drawn
    assert "Summarizing" in drawn
    assert "3/3" in drawn


def test_progress_without_console_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_display(None) as progress:
        progress("read", 1, 1)
    assert capsys.readouterr() == ("", "")


def test_progress_console_only_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    assert progress_console(_FakeTerminal(), Verbosity.NORMAL) is not None
    assert progress_console(io.StringIO(), Verbosity.NORMAL) is None
    assert progress_console(_FakeTerminal(), Verbosity.QUIET) is None
    monkeypatch.setenv("TERM", "dumb")
    assert not is_terminal(_FakeTerminal())


def _say_everything() -> None:
    own = logging.getLogger("briefing.cli")
    own.error("bad thing")
    own.warning("skipped a.bin: binary file")
    own.info("12 articles")
    own.debug("file a: 3 articles")
    own.info("wrote out/x.docx", extra={RESULT: True})
    logging.getLogger("pypdf._reader").warning("fontTools is required")


def test_levels_by_verbosity_and_everything_in_the_log_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "logs" / "briefing.log"
    configure_logging(Verbosity.QUIET, log)
    _say_everything()
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "bad thing\nskipped a.bin: binary file\n")
    logged = log.read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 2)[1:] for line in logged] == [
        ["ERROR", "bad thing"],
        ["WARNING", "skipped a.bin: binary file"],
        ["INFO", "12 articles"],
        ["DETAIL", "file a: 3 articles"],
        ["INFO", "wrote out/x.docx"],
        ["WARNING", "fontTools is required"],
    ]
    configure_logging(Verbosity.NORMAL)
    _say_everything()
    captured = capsys.readouterr()
    assert captured.out == "wrote out/x.docx\n"
    assert captured.err == "bad thing\nskipped a.bin: binary file\n12 articles\n"
    configure_logging(Verbosity.VERBOSE)
    _say_everything()
    captured = capsys.readouterr()
    assert captured.out == "wrote out/x.docx\n"
    assert "file a: 3 articles\n" in captured.err and "fontTools is required" in captured.err
    assert len(log.read_text(encoding="utf-8").splitlines()) == 6  # the file was let go


@pytest.mark.slow
@pytest.mark.parametrize(("verbosity", "shown"), [("NORMAL", False), ("VERBOSE", True)])
def test_python_warnings_reach_the_terminal_only_when_verbose(verbosity: str, shown: bool) -> None:
    # In a process of its own: pytest records warnings itself inside a test.
    script = (
        "import warnings\n"
        "from briefing.cli.progress import Verbosity, configure_logging\n"
        f"configure_logging(Verbosity.{verbosity})\n"
        "warnings.warn('a library grumbles', UserWarning, stacklevel=1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert ("a library grumbles" in done.stderr) is shown
    assert done.stdout == ""


def test_unwritable_log_file_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="--log-file"):
        configure_logging(log_file=blocker / "sub" / "log.txt")
