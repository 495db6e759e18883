"""Shared fixtures: paths to the seed, the bundled data and the shared datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_d97972c3ae583c8e.txt"
BBC_DEV = SHARED / "datasets" / "bbc-news-summary-dev.jsonl"
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED} (../shared is expected beside the repo)")
    return SEED


@pytest.fixture
def bbc_dev() -> Path:
    if not BBC_DEV.exists():
        pytest.skip(f"dataset not found at {BBC_DEV}")
    return BBC_DEV


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads the developer's own config or BRIEFING_* variables."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    import os

    for key in list(os.environ):
        if key.startswith("BRIEFING_"):
            monkeypatch.delenv(key)
