"""The command line: a thin typer layer over the library, plus CLI-only reports.

``app`` parses and prints; ``inspection``, ``explain``, ``starter`` and ``progress`` hold
what only the command line shows (input inspection, theme explanations, starter files,
progress and messages).
"""

from briefing.cli.app import ExitCode, app, main

__all__ = ["ExitCode", "app", "main"]
