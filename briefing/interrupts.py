"""SIGINT and SIGTERM end a run at any moment, without orphans or half-written files.

The CLI installs ``on_signal`` for both signals; it raises ``Interrupted`` in the main
thread. A few steps must not be cut in the middle — starting worker processes, renaming
finished files into place, stopping workers — so they run ``deferred()``: a signal that
arrives meanwhile is kept and raised as soon as the step is over. Used without the CLI
(as a library) nothing here is installed and Python's own KeyboardInterrupt applies.
"""

from __future__ import annotations

import os
import signal
from types import FrameType, TracebackType

from briefing.errors import Interrupted

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_depth = 0
_pending: int | None = None
_received: int | None = None
_owner: int | None = None  # the process that installed the handlers


def on_signal(signum: int, frame: FrameType | None) -> None:
    global _pending, _received
    if _owner is not None and os.getpid() != _owner:
        # A worker forked with our handler, before its initializer set its own: a signal
        # to the whole group lands here. SIGINT is the parent's to handle; SIGTERM ends
        # the worker at once, quietly, as its default would.
        if signum == signal.SIGTERM:
            os._exit(128 + signum)
        return
    _received = _received or signum
    if _depth:
        _pending = _pending or signum
        return
    raise Interrupted(signum)


def install() -> dict[int, object]:
    """Route SIGINT and SIGTERM to ``on_signal``; the previous handlers, to restore."""
    global _owner
    _owner = os.getpid()
    return {signum: signal.signal(signum, on_signal) for signum in SIGNALS}


def restore(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


def received() -> int | None:
    """The first signal this process got, even if something swallowed its exception."""
    return _received


def reset_in_worker() -> None:
    """Worker processes leave signals to the parent: it ends them when the run ends.

    A terminal's Ctrl-C reaches the whole process group, so workers ignore SIGINT; SIGTERM
    (what the parent sends them) keeps its default of ending the process at once.
    """
    global _depth, _pending, _received
    _depth, _pending, _received = 0, None, None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class deferred:
    """Hold SIGINT/SIGTERM until the block ends, then raise ``Interrupted``.

    When the block itself fails, that error goes on and the held signal is dropped: the
    run ends either way and one message is enough.
    """

    def __enter__(self) -> None:
        global _depth
        _depth += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _depth, _pending
        _depth -= 1
        if _depth or _pending is None:
            return
        signum, _pending = _pending, None
        if exc_type is None:
            raise Interrupted(signum)
