"""The console script: SIGINT and SIGTERM become ours before the slow imports start.

Importing the CLI takes a second or more; a Ctrl-C in that time used to print a
KeyboardInterrupt traceback. This module imports nothing heavy before installing handlers.
"""

from __future__ import annotations

import gc
import signal
import sys
from typing import Any

from briefing import interrupts
from briefing.errors import Interrupted


def main(argv: list[str] | None = None) -> Any:
    previous = interrupts.install()
    try:
        # A signal during the imports is held until they are done: raised at once it can
        # land in a library's finalizer, which prints a traceback and swallows it.
        with interrupts.deferred():
            # wordfreq first: its import walks the call stack (``locate.this_dir`` calls
            # ``inspect.stack``, which looks up every frame's module and source), and at
            # the bottom of the stack that costs a tenth of what it does 60 frames deep in
            # the CLI's imports, which load it anyway (0.25 s -> 0.02 s on the 2-core VM).
            import wordfreq  # noqa: F401

            from briefing.cli.app import run  # after the handlers, on purpose
        # What the imports made (modules, classes, tables, compiled patterns) lives as
        # long as the process: out of the collector's way, the full collections of a
        # 1,000-article build took 0.09-0.12 s instead of 0.27-0.32 s in the driver, and
        # the workers forked from it inherit the frozen generation.
        gc.freeze()
    except BaseException as exc:
        interrupts.restore(previous)
        if isinstance(exc, Interrupted):
            sys.stderr.write("interrupted; no output was written\n")
            raise SystemExit(128 + exc.signum) from None
        raise
    # Once the command is over the process only exits: a late signal must not turn a
    # finished run into a KeyboardInterrupt at shutdown, so it is ignored from then on.
    try:
        return run(argv, dict.fromkeys(interrupts.SIGNALS, signal.SIG_IGN))
    finally:
        # Python's shutdown runs full garbage collections over everything the command
        # built: 0.5-0.7 s after a 1,000-article build on the 2-core VM, against 0.1 s
        # with os._exit. Frozen objects are left out of those collections (and still
        # freed as usual); cycles among them go with the process. Issue 15.
        gc.freeze()
