"""The renderer Protocol and registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from briefing.errors import RenderError
from briefing.models import Brief
from briefing.registry import Registry
from briefing.settings import DEFAULTS


@dataclass(frozen=True)
class RenderOptions:
    """Options every renderer is constructed with (each uses what it needs).

    The marking belongs to the brief (``BriefOptions.marking``); ``marking`` here, when
    given, prints another one instead, and the JSON export states that one too."""

    template: Path | None = None
    marking: str | None = None
    author: str = DEFAULTS.author
    organisation: str = ""


class Renderer(Protocol):
    name: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str]

    def __init__(self, options: RenderOptions) -> None: ...

    def render(self, brief: Brief) -> bytes: ...


RENDERERS: Registry[Renderer] = Registry("format", RenderError)
register = RENDERERS.register


def get_renderer(name: str, options: RenderOptions | None = None) -> Renderer:
    return RENDERERS.lookup(name)(options or RenderOptions())
