"""The renderer Protocol and registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar

from briefing.errors import RenderError
from briefing.models import Brief


@dataclass(frozen=True)
class RenderOptions:
    """Options every renderer is constructed with (each uses what it needs)."""

    template: Path | None = None
    marking: str = "TLP:CLEAR"
    author: str = "briefing"
    organisation: str = ""


class Renderer(Protocol):
    name: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str]

    def __init__(self, options: RenderOptions) -> None: ...

    def render(self, brief: Brief) -> bytes: ...


RENDERERS: dict[str, type[Renderer]] = {}
_R = TypeVar("_R", bound=type)


def register(cls: _R) -> _R:
    RENDERERS[cls.name] = cls  # type: ignore[attr-defined]
    return cls


def get_renderer(name: str, options: RenderOptions | None = None) -> Renderer:
    try:
        cls = RENDERERS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise RenderError(f"unknown format {name!r}; choose one of: {known}") from None
    return cls(options or RenderOptions())
