"""File output, all or nothing: a reader never sees a half-written brief or a mixed set."""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefing import interrupts
from briefing.errors import BriefingError, Interrupted, RenderError


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    return write_all({Path(path): data})[0]


def _make_parent(path: Path, created: list[Path]) -> None:
    """Create ``path``'s missing folders, remembering them so a failure can remove them."""
    missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    created += missing  # deepest first, the order to remove them in


def _write_temp(path: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _names(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths) or "nothing"


def write_all(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file or none of them.

    Each goes first to a temporary file beside its destination (which also proves the
    place is writable); only when all are complete are they renamed into place, with
    SIGINT/SIGTERM held for those few renames. On any error or signal every temporary
    file is removed, and the error says which files were and were not written.
    """
    temps: dict[Path, Path] = {}
    created: list[Path] = []
    done: list[Path] = []
    current = Path()
    try:
        for current, data in files.items():
            if current.is_dir():
                raise IsADirectoryError(21, "it is a folder")
            _make_parent(current, created)
            temps[current] = _write_temp(current, data)
        try:
            with interrupts.deferred():
                for current, tmp in temps.items():
                    os.replace(tmp, current)
                    done.append(current)
        except Interrupted as exc:
            exc.written = tuple(str(p) for p in done)
            raise
    except OSError as exc:
        left = [p for p in files if p not in done]
        wrote = f"wrote {_names(done)}; " if done else ""
        raise RenderError(
            f"{current}: cannot write there ({exc.strerror or exc}); {wrote}"
            f"not written: {_names(left)}"
        ) from None
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        if len(done) < len(files):
            for folder in created:
                try:
                    folder.rmdir()
                except OSError:
                    break  # not empty: something else lives there now
    return done


def read_user_text(path: Path, what: str, error: type[BriefingError], missing: str = "") -> str:
    """A file the user named (config, themes, profile, labels) as text, or ``error`` with
    one line naming it: ``{path}: {what} not found{missing}``, or why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: {what} not found{missing}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what} ({exc})") from None


def read_user_toml(
    path: Path, what: str, error: type[BriefingError], missing: str = ""
) -> dict[str, Any]:
    """A TOML file the user named (config, themes) as a table, or ``error`` with one line
    naming it: not found, unreadable, not valid TOML, or nested too deeply (tomllib
    recurses, so an absurdly deep file raises RecursionError, never a traceback here)."""
    text = read_user_text(path, what, error, missing)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise error(f"{path}: nested too deeply to be a {what}") from None
