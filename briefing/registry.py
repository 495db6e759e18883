"""One registry type for readers, summarizers and renderers: name -> class."""

from __future__ import annotations

from typing import Generic, TypeVar

from briefing.errors import BriefingError

T = TypeVar("T")
C = TypeVar("C", bound=type)
OptionsT = TypeVar("OptionsT")


class Configured(Generic[OptionsT]):
    """A registered class is made with its stage's options and keeps them: readers,
    summarizers and renderers inherit this rather than each writing the same __init__."""

    def __init__(self, options: OptionsT) -> None:
        self.options = options


class Registry(dict[str, type[T]], Generic[T]):
    """A dict of name -> class; ``register`` is the class decorator that fills it."""

    def __init__(self, kind: str, error: type[BriefingError]) -> None:
        super().__init__()
        self.kind = kind
        self.error = error

    def register(self, cls: C) -> C:
        self[cls.name] = cls  # type: ignore[attr-defined]
        return cls

    def lookup(self, name: str) -> type[T]:
        """The class named ``name`` (any case); the registry's error lists the choices."""
        try:
            return self[name.strip().lower()]
        except KeyError:
            known = ", ".join(sorted(self))
            raise self.error(f"unknown {self.kind} {name!r}; choose one of: {known}") from None
