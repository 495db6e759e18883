"""How inputs become articles, file by file, without summarizing (``briefing inspect``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from briefing.errors import IngestError
from briefing.ingest.readers import InputData, select_reader
from briefing.ingest.readers.base import detect_encoding
from briefing.ingest.walk import IngestOptions, expand_inputs, read_articles, read_input
from briefing.models import Article, Skip


@dataclass(frozen=True)
class InputReport:
    """One input file: which reader took it, its encoding and the articles it gave."""

    input: str
    reader: str | None = None
    encoding: str | None = None  # None for binary formats or when unknown
    size: int = 0
    articles: tuple[Article, ...] = ()
    skipped: str | None = None  # why nothing was read from it


@dataclass(frozen=True)
class InspectReport:
    inputs: tuple[InputReport, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for report in self.inputs for a in report.articles)

    @property
    def skipped(self) -> tuple[Skip, ...]:
        return tuple(Skip(r.input, r.skipped) for r in self.inputs if r.skipped is not None)


def _reader_name(source: InputData, options: IngestOptions) -> str | None:
    try:
        return select_reader(source, options.reader_options).name
    except IngestError:
        return None


def _inspect_one(name: str, options: IngestOptions) -> InputReport:
    try:
        source = read_input(name, options)
    except IngestError as exc:
        return InputReport(input=name, skipped=str(exc).removeprefix(f"{name}: "))
    found = InputReport(
        input=source.name,
        reader=_reader_name(source, options),
        encoding=detect_encoding(source.data),
        size=len(source.data),
    )
    try:
        articles = read_articles(source, options)
    except IngestError as exc:
        return replace(found, skipped=str(exc).removeprefix(f"{source.name}: "))
    return replace(found, articles=tuple(articles))


def inspect_inputs(inputs: Iterable[str], options: IngestOptions | None = None) -> InspectReport:
    """Read every input as ``build`` would and report on each; never raises for bad inputs."""
    options = options or IngestOptions()
    reports = []
    for item in expand_inputs(inputs, options):
        if isinstance(item, Skip):
            reports.append(InputReport(input=item.input, skipped=item.reason))
        else:
            reports.append(_inspect_one(item, options))
    return InspectReport(inputs=tuple(reports))
