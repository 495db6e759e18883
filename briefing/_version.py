"""The package version, read from the installed metadata: written once, in pyproject.toml."""

import importlib.metadata

try:
    VERSION = importlib.metadata.version("briefing")
except importlib.metadata.PackageNotFoundError:  # running from a checkout that is not installed
    VERSION = "0+unknown"
