"""Open a file with the desktop's default application, or say why that is impossible.

The desktop is passed in as a plain object (platform, environment, how to find and run a
program) so the decision can be tested without launching anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import DeliveryError

# An opener that is still running after this long has handed the file to an application.
LAUNCH_WAIT = 10.0


def _launch(argv: Sequence[str]) -> int | None:
    """Run an opener detached from our terminal; its exit code, or None if still running."""
    process = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait(timeout=LAUNCH_WAIT)
    except subprocess.TimeoutExpired:
        return None


def _startfile(path: str) -> None:
    os.startfile(path)  # type: ignore[attr-defined]  # Windows only


@dataclass(frozen=True)
class Desktop:
    """What opening a file depends on; ``Desktop.current()`` is this machine."""

    platform: str = sys.platform
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    which: Callable[[str], str | None] = shutil.which
    run: Callable[[Sequence[str]], int | None] = _launch
    startfile: Callable[[str], None] = _startfile

    @classmethod
    def current(cls) -> Desktop:
        return cls()


@dataclass(frozen=True)
class Opened:
    path: Path
    how: str  # the command or call that opened it


class CannotOpenError(DeliveryError):
    """The file exists but no application could be started for it."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"could not open {path}: {reason}; open it from that path yourself")


def _command(desktop: Desktop, path: Path) -> list[str]:
    if desktop.platform == "darwin":
        program = desktop.which("open")
        if not program:
            raise CannotOpenError(path, "the macOS 'open' command was not found")
        return [program, str(path)]
    if not (desktop.env.get("DISPLAY") or desktop.env.get("WAYLAND_DISPLAY")):
        raise CannotOpenError(
            path, "no desktop session (neither DISPLAY nor WAYLAND_DISPLAY is set)"
        )
    program = desktop.which("xdg-open")
    if not program:
        raise CannotOpenError(path, "xdg-open was not found; install xdg-utils")
    return [program, str(path)]


def open_path(path: str | Path, desktop: Desktop | None = None) -> Opened:
    """Hand ``path`` to the default application; CannotOpenError says why if impossible."""
    desktop = desktop or Desktop.current()
    path = Path(path).resolve()
    if not path.is_file():
        raise DeliveryError(f"{path}: no such file; build the brief first or check the path")
    if desktop.platform == "win32":
        try:
            desktop.startfile(str(path))
        except OSError as exc:
            raise CannotOpenError(path, f"Windows could not open it ({exc})") from None
        return Opened(path=path, how="os.startfile")
    argv = _command(desktop, path)
    try:
        status = desktop.run(argv)
    except OSError as exc:
        raise CannotOpenError(path, f"{argv[0]} could not be started ({exc})") from None
    if status not in (None, 0):
        raise CannotOpenError(
            path, f"{Path(argv[0]).name} exited with status {status} (no application for it?)"
        )
    return Opened(path=path, how=" ".join(argv))
