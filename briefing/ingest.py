"""Stage 1: turn files, folders, stdin and URLs into articles.

Bad inputs never stop the run: each becomes a ``Skip`` with a one-line reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import IngestError, NothingReadableError
from briefing.models import Article, IngestResult, Skip
from briefing.readers import InputData, ReaderOptions, select_reader

STDIN = "-"


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = 20 * 1024 * 1024
    strict: bool = False

    @property
    def reader_options(self) -> ReaderOptions:
        return ReaderOptions(max_bytes=self.max_bytes)


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Skip]:
    """Every file named by ``inputs``: folders recursively, sorted, hidden files skipped."""
    for raw in inputs:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            yield Skip(raw, "broken symbolic link")
        elif path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield raw
        else:
            yield Skip(raw, "no such file or folder")


def _walk(folder: Path) -> Iterator[str | Skip]:
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[str | Skip]:
        try:
            stat = directory.stat()
            key = (stat.st_dev, stat.st_ino)
            if key in seen:
                yield Skip(str(directory), "symbolic link loop, folder already read")
                return
            seen.add(key)
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Skip(str(directory), f"cannot list folder ({exc.strerror or exc})")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if path.is_symlink() and not path.exists():
                yield Skip(str(path), "broken symbolic link")
            elif path.is_dir():
                yield from visit(path)
            else:
                yield str(path)

    yield from visit(folder)


def read_input(name: str, options: IngestOptions) -> InputData:
    """The bytes of one file (or stdin), within the size cap."""
    if name == STDIN:
        return InputData(name="<stdin>", data=sys.stdin.buffer.read(options.max_bytes + 1))
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise IngestError(
                f"{name}: {size / 1e6:.1f} MB is over the {options.max_bytes / 1e6:.0f} MB "
                "size cap (raise it with --max-size)"
            )
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except PermissionError as exc:
        raise IngestError(f"{name}: permission denied; check the file's read rights") from exc
    except OSError as exc:
        raise IngestError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    return InputData(name=name, data=data)


def read_articles(source: InputData, options: IngestOptions) -> list[Article]:
    """Articles of one input, via the reader its content calls for."""
    if len(source.data) > options.max_bytes:
        raise IngestError(f"{source.name}: over the size cap of {options.max_bytes} bytes")
    if not source.data.strip():
        raise IngestError(f"{source.name}: empty file")
    reader = select_reader(source, options.reader_options)
    articles = reader.read(source)
    if not articles:
        raise IngestError(f"{source.name}: no article text found")
    return articles


def load_articles(
    inputs: Iterable[str],
    options: IngestOptions | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestResult:
    """Read every input; raise NothingReadableError when none yields an article.

    With ``options.strict`` the first skipped input raises instead. ``progress`` is
    called as ``progress("read", done, total)`` after each input.
    """
    options = options or IngestOptions()
    articles: list[Article] = []
    skipped: list[Skip] = []
    count = 0
    items = list(expand_inputs(inputs))
    for item in items:
        count += 1
        if isinstance(item, Skip):
            skipped.append(item)
        else:
            try:
                articles.extend(read_articles(read_input(item, options), options))
            except IngestError as exc:
                skipped.append(_skip_from(item, exc))
        if options.strict and skipped:
            raise IngestError(f"{skipped[0]} (--strict stops at the first skipped input)")
        if progress is not None:
            progress("read", count, len(items))
    if not articles:
        detail = f"; skipped: {'; '.join(str(s) for s in skipped)}" if skipped else ""
        raise NothingReadableError(f"no readable article in {count} input(s){detail}")
    return IngestResult(articles=tuple(articles), skipped=tuple(skipped), inputs=count)


def _skip_from(name: str, exc: IngestError) -> Skip:
    message = str(exc)
    prefix = f"{name}: "
    return Skip(name, message[len(prefix) :] if message.startswith(prefix) else message)
