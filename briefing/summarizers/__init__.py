"""Summarizers rank an article's sentences; one module per family, one registry.

Importing this package registers every built-in summarizer in ``SUMMARIZERS``.
"""

from briefing.summarizers import briefing_rank, lead, sumy_family  # noqa: F401  (register themselves)
from briefing.summarizers.base import (
    SUMMARIZERS,
    RankingInput,
    Summarizer,
    SummarizerOptions,
    get_summarizer,
    register,
)

__all__ = [
    "SUMMARIZERS",
    "RankingInput",
    "Summarizer",
    "SummarizerOptions",
    "get_summarizer",
    "register",
]
