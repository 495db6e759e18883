"""Work on one large input in forked children while this process goes on with the rest.

A process pool (``pipeline``) spreads many articles over the cores; one large input (a
3.4 MB text of 1,600 articles, a mailbox of 10,000 messages) is read by one process. Its
reader can hand parts of the work to children forked from this process: a child shares
what is already in memory (nothing is sent to it), sends its result back through a pipe
and exits. Forking is used only where it is safe and cheap: a start method of ``fork``
(not on macOS), no other thread running (a thread may hold a lock the child would wait
on for ever), and not inside a daemonic worker, which may not have children. Elsewhere
``spare_processes`` is 0 and the reader does all the work itself, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from briefing import interrupts

T = TypeVar("T")
A = TypeVar("A")


def spare_processes(jobs: int, parts: int) -> int:
    """Children this process may fork to do ``parts`` parts of one input (``jobs``: the
    processes the run may use, 0 for one per core; this process is one of them)."""
    if jobs == 1 or parts < 2:
        return 0
    # (macOS has fork, but its system libraries are not safe in a forked child: Python
    # itself starts processes there by spawning them)
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return 0
    if multiprocessing.current_process().daemon or threading.active_count() > 1:
        return 0
    return max(0, min(jobs or _cores(), parts) - 1)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Forked(Generic[T]):
    """``function(*args)`` running in a forked child from the moment this is made."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        with interrupts.deferred():  # no signal between the fork and the child's start
            self._child = context.Process(target=_run, args=(send, function, args), daemon=True)
            self._child.start()
        send.close()

    def result(self) -> T | None:
        """The child's result; None if it failed or died (the caller then does the work:
        a child's failure must cost time, never articles)."""
        try:
            found: tuple[bool, T | None] = self._receive.recv()
        except (EOFError, OSError):
            return None
        finally:
            self._child.join()
        return found[1] if found[0] else None

    def close(self) -> None:
        """End the child if it still runs (its result is not wanted)."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._receive.close()


def _run(send: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    interrupts.reset_in_worker()  # Ctrl-C and the end of the run are the parent's
    try:
        send.send((True, function(*args)))
    except Exception:  # noqa: BLE001 - any failure: the parent does this part itself
        send.send((False, None))
    finally:
        send.close()


def map_in_parts(function: Callable[[A], T], items: Sequence[A], jobs: int, part: int) -> list[T]:
    """``[function(item) for item in items]``, the later parts (at least ``part`` items
    each) in forked children while this process does the first; a part whose child fails
    is done here."""
    return [
        result
        for results in in_parts(partial(_apply, function), items, jobs, part)
        for result in results
    ]


def in_parts(
    function: Callable[[Sequence[A]], T], items: Sequence[A], jobs: int, part: int
) -> list[T]:
    """``function`` of each part of ``items`` (at least ``part`` items each; one part
    when no child may be forked), in order: the later parts in forked children while
    this process does the first; a part whose child fails is done here. (What a part
    gives is pickled back: a few large arrays travel faster than many small ones.)"""
    children = spare_processes(jobs, len(items) // part)
    if not children:
        return [function(items)]
    bounds = [len(items) * k // (children + 1) for k in range(children + 2)]
    forked = [Forked(_part, function, items, a, b) for a, b in pairwise(bounds[1:])]
    try:
        results = [_part(function, items, 0, bounds[1])]
        for (a, b), child in zip(pairwise(bounds[1:]), forked, strict=True):
            done = child.result()
            results.append(done if done is not None else _part(function, items, a, b))
        return results
    finally:
        for child in forked:
            child.close()


def _part(function: Callable[[Sequence[A]], T], items: Sequence[A], start: int, stop: int) -> T:
    return function(items[start:stop])


def _apply(function: Callable[[A], T], items: Sequence[A]) -> list[T]:
    return [function(item) for item in items]
