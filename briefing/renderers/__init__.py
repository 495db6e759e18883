"""Renderers turn a Brief into bytes of one format; one module per format."""

from briefing.renderers import docx, html, json, markdown, pdf  # noqa: F401  (register themselves)
from briefing.renderers.base import (
    RENDERERS,
    Renderer,
    RenderOptions,
    get_renderer,
    register,
)

__all__ = ["RENDERERS", "RenderOptions", "Renderer", "get_renderer", "register"]
