"""The CLI in a real process of its own, for signals and leftovers: one session per run.

Each run gets its own process group, so after it ends ``no_process_left`` can prove that no
worker outlived it — without polling /proc, and whatever the number of CPUs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


class CliProcess:
    """``python -m briefing ARGS`` with stderr read line by line as it comes."""

    def __init__(self, *args: str | Path, cwd: Path | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", *(str(a) for a in args)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            start_new_session=True,  # its own process group: workers included
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        """Block until a stderr line contains ``text`` (the process is then at that step)."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(text in line for line in self.lines) or self.process.poll() is not None,
                timeout,
            )
        assert found and any(text in line for line in self.lines), self.stderr

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def signal_group(self, signum: int) -> None:
        """As a terminal's Ctrl-C does: to the process and every worker at once."""
        os.killpg(self.process.pid, signum)

    def finish(self, timeout: float = 60) -> int:
        """Wait for the exit; fail if any process of its group is left or holds stderr open."""
        code = self.process.wait(timeout)
        self._reader.join(timeout=10)
        leftover = self._reader.is_alive()
        group_alive = no_process_left(self.process.pid) is False
        assert not leftover and not group_alive, f"a process outlived the run:\n{self.stderr}"
        return code


def no_process_left(group: int) -> bool:
    """True when no process of ``group`` remains (after a short grace for dying workers)."""
    deadline = time.monotonic() + 5
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            os.killpg(group, signal.SIGKILL)  # do not leave them running after the test
            return False
        time.sleep(0.05)
