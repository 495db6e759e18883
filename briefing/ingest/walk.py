"""Stage 1: turn files, folders, stdin and URLs into articles.

Bad inputs never stop the run: each becomes a ``Skip`` with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
from lxml import etree

from briefing import collector, forking
from briefing.errors import ConfigError, IngestError, NothingReadableError
from briefing.ingest.dedupe import Compared, compared_all, merge_duplicates_at
from briefing.ingest.fetch import FetchOptions, fetch_url, is_url
from briefing.ingest.own_output import is_own_output
from briefing.ingest.readers import InputData, ReaderOptions, select_reader
from briefing.ingest.readers.base import over_size_cap
from briefing.languages import detect_language
from briefing.models import Article, IngestResult, Skip
from briefing.settings import DEFAULTS
from briefing.text import counted

STDIN = "-"


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULTS.max_bytes
    strict: bool = False
    timeout: float = DEFAULTS.timeout  # seconds per URL
    since: dt.date | None = None  # keep articles dated on or after this day
    until: dt.date | None = None  # ... and on or before this one
    merge_duplicates: bool = True
    keep_undated: bool = True  # an undated article cannot be placed in a date window
    # Glob patterns for the files of a folder (matched on the name and on the path below
    # the folder): only files matching an include pattern, none matching an exclude one.
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Folders a tree walk leaves out: where this run writes (its own earlier briefs live there)
    skip_folders: tuple[str, ...] = ()
    jobs: int = DEFAULTS.jobs  # processes one large input may be read in (0: one per core)

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ConfigError(
                f"--since {self.since.isoformat()} is after --until {self.until.isoformat()}; "
                "swap them"
            )

    @property
    def reader_options(self) -> ReaderOptions:
        return ReaderOptions(max_bytes=self.max_bytes, jobs=self.jobs)

    @property
    def fetch_options(self) -> FetchOptions:
        return FetchOptions(timeout=self.timeout, max_bytes=self.max_bytes)

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None or not self.keep_undated


# Files in a folder with these endings are programs or build files kept beside the articles,
# never articles; naming one explicitly still reads it.
CODE_SUFFIXES = frozenset(
    {
        ".py",
        ".pyc",
        ".sh",
        ".bash",
        ".zsh",
        ".ps1",
        ".bat",
        ".cmd",
        ".js",
        ".mjs",
        ".ts",
        ".rb",
        ".pl",
        ".php",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".go",
        ".rs",
        ".java",
        ".class",
        ".jar",
        ".so",
        ".dll",
        ".exe",
        ".o",
        ".a",
        ".whl",
        ".toml",
        ".cfg",
        ".ini",
        ".lock",
        ".yaml",
        ".yml",
        "",
    }
)


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def display_name(name: str) -> str:
    """``name`` safe to print and store: bytes that are not UTF-8 (kept by Python as lone
    surrogates) become U+FFFD, and control characters (a newline would forge an extra
    "skipped" line; ESC, terminal commands) and bidi overrides become ``\\xNN`` escapes."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(
        f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS else c
        for c in text
    )


_KINDS = (
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
)


def _not_regular(mode: int) -> str:
    kind = next((name for test, name in _KINDS if test(mode)), "special file")
    return f"not a regular file ({kind}); only files and folders are read"


def expand_inputs(
    inputs: Iterable[str], options: IngestOptions | None = None
) -> Iterator[str | Skip]:
    """Every file named by ``inputs``: folders recursively, sorted, hidden files skipped,
    code files and files outside ``options.include``/``exclude`` left out.

    Named pipes, sockets and devices are skipped with a reason (reading one could block
    forever). Inside a folder, symbolic links that lead out of it are skipped, and so are
    ``options.skip_folders`` and briefs this tool wrote; a file named directly is read.
    """
    options = options or IngestOptions()
    for raw in inputs:
        if raw == STDIN or is_url(raw):
            yield raw
            continue
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            yield Skip(display_name(raw), "broken symbolic link")
        elif path.is_dir():
            yield from _walk(path, options)
        elif path.exists():
            mode = path.stat().st_mode
            yield raw if stat.S_ISREG(mode) else Skip(display_name(raw), _not_regular(mode))
        else:
            yield Skip(display_name(raw), "no such file or folder")


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _wanted(path: Path, folder: Path, options: IngestOptions) -> bool:
    """Whether a file found in ``folder`` is one the user wants read."""
    relative = path.relative_to(folder).as_posix()

    def matches(patterns: tuple[str, ...]) -> bool:
        return any(fnmatch(path.name, p) or fnmatch(relative, p) for p in patterns)

    if options.include:
        return matches(options.include) and not matches(options.exclude)
    return path.suffix.lower() not in CODE_SUFFIXES and not matches(options.exclude)


def _walk(folder: Path, options: IngestOptions) -> Iterator[str | Skip]:
    seen: set[tuple[int, int]] = set()
    root = _real(folder)
    skip_folders = {_real(Path(f)) for f in options.skip_folders}

    def inside(path: Path) -> bool:
        real = _real(path)
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    def visit(directory: Path) -> Iterator[str | Skip]:
        try:
            info = directory.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen:
                yield Skip(display_name(str(directory)), "symbolic link loop, folder already read")
                return
            seen.add(key)
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Skip(display_name(str(directory)), f"cannot list folder ({exc.strerror or exc})")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            shown = display_name(str(path))
            if path.is_symlink() and not path.exists():
                yield Skip(shown, "broken symbolic link")
                continue
            if path.is_symlink() and not inside(path):
                yield Skip(shown, "symbolic link to outside the folder; name its target to read it")
                continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                yield Skip(shown, f"cannot read ({exc.strerror or exc})")
                continue
            if stat.S_ISDIR(mode):
                if _real(path) not in skip_folders:
                    yield from visit(path)
            elif not stat.S_ISREG(mode):
                yield Skip(shown, _not_regular(mode))
            elif _wanted(path, folder, options) and not is_own_output(path):
                yield str(path)

    yield from visit(folder)


def read_input(name: str, options: IngestOptions) -> InputData:
    """The bytes of one file, URL or stdin, within the size cap."""
    if name == STDIN:
        return InputData(name="<stdin>", data=sys.stdin.buffer.read(options.max_bytes + 1))
    if is_url(name):
        return fetch_url(name, options.fetch_options)
    path = Path(name)
    shown = display_name(name)
    try:
        info = path.stat()
        if info.st_size > options.max_bytes:
            raise over_size_cap(shown, options.max_bytes, info.st_size)
        if not _may_read(path, info):
            raise PermissionError
        data = _read_regular(path, options.max_bytes + 1)
    except PermissionError as exc:
        raise IngestError(f"{shown}: permission denied; check the file's read rights") from exc
    except OSError as exc:
        raise IngestError(f"{shown}: cannot read ({exc.strerror or exc})") from exc
    return InputData(name=shown, data=data)


def _read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``, refusing anything but a regular file.

    Opened without blocking, so a file swapped for a named pipe after the walk cannot hang
    the run waiting for a writer.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise IngestError(f"{display_name(str(path))}: {_not_regular(mode)}")
        return handle.read(limit)


def _may_read(path: Path, info: os.stat_result) -> bool:
    """Whether the permission bits let the running user read ``path``.

    Root bypasses permission bits, so as root a file nobody is allowed to read
    (no read bit for its owner, group or others as they apply) is treated as unreadable,
    just as it is for everybody else: a run behaves the same in a container or CI job.
    """
    if not os.access(path, os.R_OK):
        return False
    if os.geteuid() != 0:
        return True
    if info.st_uid == 0:
        return bool(info.st_mode & stat.S_IRUSR)
    if info.st_gid == 0:
        return bool(info.st_mode & stat.S_IRGRP)
    return bool(info.st_mode & stat.S_IROTH)


def read_articles(source: InputData, options: IngestOptions) -> list[Article]:
    """Articles of one input, via the reader its content calls for."""
    if len(source.data) > options.max_bytes:
        raise over_size_cap(source.name, options.max_bytes)
    if not source.data or source.data.isspace():  # (strip() copied the bytes to tell)
        raise IngestError(f"{source.name}: empty file")
    reader = select_reader(source, options.reader_options)
    try:
        articles = reader.read(source)
    except RecursionError:  # JSON, XML or HTML nested thousands deep
        raise IngestError(f"{source.name}: nested too deeply to read") from None
    except etree.LxmlError as exc:  # malformed XML inside a .docx, an entity bomb, a huge node
        raise IngestError(f"{source.name}: damaged markup, not read ({exc})") from None
    if not articles:
        raise IngestError(f"{source.name}: no article text found")
    found = forking.map_in_parts(language_of, articles, options.jobs, LANGUAGE_PART)
    return [
        a if a.language == language else replace(a, language=language)
        for a, language in zip(articles, found, strict=True)
    ]


# Articles of one input per process detecting their languages: a fork costs about as
# much as detecting the languages of 350 English articles (medians of five, one process
# against parts, on 250 to 1,613 articles of bench_scale.py's 3.4 MB text: parts lose
# at 500 articles, gain from 1,000).
LANGUAGE_PART = 800
# Articles per process taking their shingles for the duplicate test, when the run has no
# pool that took them already: a fork costs about 100 articles' shingles (same runs:
# parts gain from 250 articles).
SHINGLES_PART = 500


def language_of(article: Article) -> str | None:
    """The article's language: its reader's, else detected in its title and text."""
    return article.language or detect_language(f"{article.title}\n{article.text}")


def load_articles(
    inputs: Iterable[str],
    options: IngestOptions | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pool: Executor | None = None,
) -> IngestResult:
    """Read every input, merge duplicate stories, keep the date window.

    With ``pool``, inputs are parsed in its workers; the result is the same.

    Raise NothingReadableError when no input yields an article; with ``options.strict``
    the first skipped input raises instead. ``progress`` is
    called as ``progress("read", done, total)`` after each input.
    """
    options = options or IngestOptions()
    return finish_ingest(read_all(inputs, options, progress, pool), options)[0]


@dataclass(frozen=True)
class ReadInputs:
    """Every article read, before duplicates merge and the date window applies."""

    articles: list[Article]
    skipped: list[Skip]
    inputs: int


def read_all(
    inputs: Iterable[str],
    options: IngestOptions,
    progress: Callable[[str, int, int], None] | None = None,
    pool: Executor | None = None,
) -> ReadInputs:
    """The first half of ``load_articles``: read every input (its errors too)."""
    inputs = list(inputs)
    if not inputs:
        raise NothingReadableError(
            "no inputs given; name files, folders, URLs, - for standard input, or --url-list FILE"
        )
    articles: list[Article] = []
    skipped: list[Skip] = []
    items = list(expand_inputs(inputs, options))
    for done, item in enumerate(_read_all(items, options, pool), 1):
        if isinstance(item, Skip):
            skipped.append(item)
        else:
            articles.extend(item)
        if options.strict and skipped:
            raise IngestError(f"{skipped[0]} (--strict stops at the first skipped input)")
        if progress is not None:
            progress("read", done, len(items))
    if not articles:
        detail = f"; skipped: {'; '.join(str(s) for s in skipped)}" if skipped else ""
        raise NothingReadableError(f"no readable article in {len(items)} input(s){detail}")
    return ReadInputs(articles, skipped, len(items))


def finish_ingest(
    read: ReadInputs, options: IngestOptions, found: Sequence[Compared] | None = None
) -> tuple[IngestResult, list[int]]:
    """The second half of ``load_articles``: merge duplicates (``found``: what they are
    compared by, per article, computed already), keep the date window. Also the index
    in ``read.articles`` of the copy each kept article is."""
    merged = 0
    at = list(range(len(read.articles)))
    articles = read.articles
    if options.merge_duplicates:
        with collector.paused():  # (arrays and pairs, no cycles: a full pass took 0.06 s)
            if found is None:
                found = [
                    pair
                    for part in forking.in_parts(
                        _packed_shingles, read.articles, options.jobs, SHINGLES_PART
                    )
                    for pair in _unpacked_shingles(*part)
                ]
            kept_at, merged = merge_duplicates_at(read.articles, found=found)
        at = [i for i, _ in kept_at]
        articles = [article for _, article in kept_at]
    inside = [i for i, a in enumerate(articles) if in_window(a.date, options)]
    kept = [articles[i] for i in inside]
    if not kept:
        raise IngestError(
            f"all {len(articles)} articles are outside {window_text(options)}; "
            "widen --since/--until" + ("" if options.keep_undated else " or keep undated ones")
        )
    result = IngestResult(
        articles=tuple(kept),
        skipped=tuple(read.skipped),
        inputs=read.inputs,
        duplicates_merged=merged,
        undated=sum(1 for a in articles if a.date is None) if options.windowed else 0,
        out_of_window=sum(1 for a in articles if a.date and not in_window(a.date, options)),
        windowed=options.windowed,
        undated_kept=options.keep_undated,
    )
    return result, [at[i] for i in inside]


# Inputs sent to the pool at a time: enough to keep every worker busy, few enough that
# only a slice of a large pile is held as raw bytes.
READ_BATCH = 32


def _parse(name: str, source: InputData | Skip, options: IngestOptions) -> list[Article] | Skip:
    """The articles of one input already read, or why there are none (runs in a worker)."""
    if isinstance(source, Skip):
        return source
    try:
        # (one input's lines, paragraphs and articles: a large text's made the collector
        # run full passes that freed nothing, 0.05-0.08 s of reading a 3.4 MB text)
        with collector.paused():
            return read_articles(source, options)
    except IngestError as exc:
        return _skip_from(name, exc)


def _fetch(name: str, options: IngestOptions) -> InputData | Skip:
    try:
        return read_input(name, options)
    except IngestError as exc:
        return _skip_from(name, exc)


def _read_all(
    items: list[str | Skip], options: IngestOptions, pool: Executor | None
) -> Iterator[list[Article] | Skip]:
    """Per input, in order: its articles or its Skip. Bytes are read here (files, URLs,
    stdin are where this process runs); with a pool, they are parsed in its workers."""
    if pool is None:
        for item in items:
            yield item if isinstance(item, Skip) else _parse(item, _fetch(item, options), options)
        return
    for start in range(0, len(items), READ_BATCH):
        batch = items[start : start + READ_BATCH]
        names = [item if isinstance(item, str) else item.input for item in batch]
        sources = [item if isinstance(item, Skip) else _fetch(item, options) for item in batch]
        yield from pool.map(_parse, names, sources, [options] * len(batch))


def _packed_shingles(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray, list[bool]]:
    """``compared`` of each article as one array of every code, the count of each
    article's codes and whether it is short (pickled back from a child as three objects:
    800 arrays took 0.1 s)."""
    pairs = compared_all(articles)
    codes = np.concatenate([codes for codes, _ in pairs]) if pairs else np.empty(0, np.uint64)
    return codes, np.array([len(codes) for codes, _ in pairs]), [short for _, short in pairs]


def _unpacked_shingles(codes: np.ndarray, lengths: np.ndarray, short: list[bool]) -> list[Compared]:
    if not short:
        return []
    return list(zip(np.split(codes, np.cumsum(lengths)[:-1]), short, strict=True))


def in_window(date: dt.date | None, options: IngestOptions) -> bool:
    """Undated articles are in the window unless the options drop them (either way counted)."""
    if date is None:
        return options.keep_undated
    return (options.since is None or date >= options.since) and (
        options.until is None or date <= options.until
    )


def window_text(options: IngestOptions) -> str:
    since = options.since.isoformat() if options.since else "the beginning"
    until = options.until.isoformat() if options.until else "now"
    return f"the window {since} to {until}"


def report_line(result: IngestResult) -> str:
    """The one-line account of a run printed at its end."""
    headlines = sum(a.headline_only for a in result.articles)
    of_which = f" ({counted(headlines, 'headline item')})" if headlines else ""
    line = (
        f"{counted(len(result.articles), 'article')}{of_which} from "
        f"{counted(result.inputs, 'input')}, "
        f"{len(result.skipped)} skipped, {counted(result.duplicates_merged, 'duplicate')} merged"
    )
    if result.windowed:
        fate = "kept" if result.undated_kept else "dropped"
        line += f", {result.out_of_window} outside the date window, {result.undated} undated {fate}"
    return line


def _skip_from(name: str, exc: IngestError) -> Skip:
    shown = display_name(name)
    message = display_name(str(exc))
    prefix = f"{shown}: "
    return Skip(shown, message[len(prefix) :] if message.startswith(prefix) else message)
