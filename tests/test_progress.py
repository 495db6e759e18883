"""Progress display and messages: drawn only for a person watching, filtered by verbosity."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from briefing.cli.progress import Reporter, Verbosity, is_terminal, progress_display
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
    assert Reporter().progress_console(_FakeTerminal()) is not None
    assert Reporter().progress_console(io.StringIO()) is None
    assert Reporter(Verbosity.QUIET).progress_console(_FakeTerminal()) is None
    monkeypatch.setenv("TERM", "dumb")
    assert not is_terminal(_FakeTerminal())


def test_reporter_levels_and_log_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "logs" / "briefing.log"
    quiet = Reporter(Verbosity.QUIET, log)
    quiet.error("bad thing")
    quiet.info("12 articles")
    quiet.detail("file a: 3 articles")
    quiet.result("wrote out/x.docx")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "bad thing\n")
    logged = log.read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 2)[1:] for line in logged] == [
        ["ERROR", "bad thing"],
        ["INFO", "12 articles"],
        ["DETAIL", "file a: 3 articles"],
        ["INFO", "wrote out/x.docx"],
    ]
    verbose = Reporter(Verbosity.VERBOSE)
    verbose.detail("file a: 3 articles")
    verbose.result("wrote out/x.docx")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("wrote out/x.docx\n", "file a: 3 articles\n")


def test_unwritable_log_file_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="--log-file"):
        Reporter(log_file=blocker / "sub" / "log.txt")
