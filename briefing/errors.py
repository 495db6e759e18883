"""The project's exceptions: one base, one subclass per stage.

Messages are written for the user: they name the input and say how to fix it.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the library raises on purpose."""


class ConfigError(BriefingError):
    """A configuration file, environment variable or flag has a wrong key or value."""


class UsageError(ConfigError):
    """A command-line option has a wrong value, options that exclude each other, or the
    command asks for something that must not be done (e.g. write over an input)."""


class IngestError(BriefingError):
    """An input could not be read as articles."""


class NothingReadableError(IngestError):
    """No input yielded a single article."""


class SummarizeError(BriefingError):
    """A summarizer was asked for something it cannot do."""


class ThemesError(BriefingError):
    """A themes file is missing, malformed or inconsistent."""


class RenderError(BriefingError):
    """The brief could not be written in the requested format."""


class DeliveryError(BriefingError):
    """The brief could not be sent or opened."""


class EvaluationError(BriefingError):
    """An evaluation set is unusable."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM ended the run; ``written`` names files already complete in place.

    A BaseException, like KeyboardInterrupt, so no ``except Exception`` can swallow it.
    """

    def __init__(self, signum: int, written: tuple[str, ...] = ()) -> None:
        super().__init__(signum)
        self.signum = signum
        self.written = written
