"""Opening a brief: the decision is tested with an injected desktop, nothing is launched."""

from __future__ import annotations

import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefing.deliver import CannotOpenError, Desktop, open_path
from briefing.deliver.opener import _launch
from briefing.errors import DeliveryError


@dataclass
class Launcher:
    """Stands in for the process launcher: records argv, answers with ``status``."""

    status: int | None = 0
    calls: list[list[str]] = field(default_factory=list)

    def __call__(self, argv: Sequence[str]) -> int | None:
        self.calls.append(list(argv))
        return self.status


def desktop(
    platform: str = "linux",
    env: dict[str, str] | None = None,
    programs: dict[str, str] | None = None,
    launcher: Launcher | None = None,
    **kwargs,
) -> Desktop:
    installed = {"xdg-open": "/usr/bin/xdg-open", "open": "/usr/bin/open"}
    found = installed if programs is None else programs
    return Desktop(
        platform=platform,
        env=env if env is not None else {"DISPLAY": ":0"},
        which=found.get,
        run=launcher or Launcher(),
        **kwargs,
    )


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "brief.docx"
    path.write_bytes(b"PK\x03\x04 not really a docx, but a file")
    return path


@pytest.mark.parametrize("session", [{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}])
def test_linux_desktop_uses_xdg_open(brief, session):
    launcher = Launcher()
    opened = open_path(brief, desktop(env=session, launcher=launcher))
    assert launcher.calls == [["/usr/bin/xdg-open", str(brief.resolve())]]
    assert opened.path == brief.resolve()


def test_relative_path_is_made_absolute(brief, monkeypatch):
    monkeypatch.chdir(brief.parent)
    launcher = Launcher()
    open_path("brief.docx", desktop(launcher=launcher))
    assert launcher.calls[0][1] == str(brief.resolve())


def test_no_desktop_session_says_why_and_gives_the_path(brief):
    launcher = Launcher()
    with pytest.raises(CannotOpenError) as caught:
        open_path(brief, desktop(env={}, launcher=launcher))
    assert launcher.calls == []
    message = str(caught.value)
    assert str(brief.resolve()) in message
    assert "DISPLAY" in message and "WAYLAND_DISPLAY" in message


def test_missing_xdg_open(brief):
    with pytest.raises(CannotOpenError, match="xdg-open was not found"):
        open_path(brief, desktop(programs={}))


def test_opener_failing_is_reported_with_its_status(brief):
    with pytest.raises(CannotOpenError, match="xdg-open exited with status 3"):
        open_path(brief, desktop(launcher=Launcher(status=3)))


def test_opener_still_running_counts_as_opened(brief):
    assert open_path(brief, desktop(launcher=Launcher(status=None))).path == brief.resolve()


def test_macos_uses_open_without_needing_display(brief):
    launcher = Launcher()
    open_path(brief, desktop(platform="darwin", env={}, launcher=launcher))
    assert launcher.calls == [["/usr/bin/open", str(brief.resolve())]]


def test_windows_uses_startfile(brief):
    started: list[str] = []
    launcher = Launcher()
    opened = open_path(
        brief, desktop(platform="win32", env={}, launcher=launcher, startfile=started.append)
    )
    assert started == [str(brief.resolve())] and launcher.calls == []
    assert opened.how == "os.startfile"


def test_windows_without_an_associated_application(brief):
    def no_association(path: str) -> None:
        raise OSError(1155, "No application is associated with the specified file")

    with pytest.raises(CannotOpenError, match="Windows could not open it"):
        open_path(brief, desktop(platform="win32", startfile=no_association))


def test_missing_file_is_refused_before_launching(tmp_path):
    launcher = Launcher()
    with pytest.raises(DeliveryError, match="no such file"):
        open_path(tmp_path / "nope.docx", desktop(launcher=launcher))
    assert launcher.calls == []


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script")
def test_the_real_launcher_runs_a_program_and_reports_its_status(tmp_path):
    record = tmp_path / "argv.txt"
    script = tmp_path / "fake-opener"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\nexit "$2"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    assert _launch([str(script), "hello", "0"]) == 0
    assert record.read_text() == "hello"
    assert _launch([str(script), "again", "4"]) == 4
    assert record.read_text() == "again"
