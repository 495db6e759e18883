"""The hostile battery: inputs, faults and signals an attacker or an unlucky user brings.

Every test asserts the exact outcome a user sees: the exit code, one clear line, no
traceback, no leftover file, no orphaned process, and input bytes unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from briefing.cli import app
from tests.conftest import DATA
from tests.smtp_server import Certificates, make_certificates

runner = CliRunner()


def cli(*args: str | Path, **kwargs: object) -> Result:
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def outcome(result: Result, code: int, line: str | None = None) -> None:
    """Exit ``code``; ``line`` on stderr; no traceback, no escaped exception."""
    shown = result.stdout + result.stderr
    assert result.exit_code == code, shown
    assert "Traceback" not in shown, shown
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if line is not None:
        assert line in result.stderr, result.stderr


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def bytes_of(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in files_in(folder)}


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Three sample articles in a folder of their own."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("defense-roundup.txt", "typhoon-report.txt", "japan-defense-budget.txt"):
        shutil.copy(DATA / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))
