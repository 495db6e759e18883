"""Shared fixtures: paths to the seed, the bundled data and the shared datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.cases import PROFILE

settings.load_profile(PROFILE)

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


@pytest.fixture(scope="session")
def data_brief():
    """The brief of data/ with default settings, built once for the renderer tests."""
    from briefing.pipeline import BuildRequest, make_brief

    brief, _ = make_brief(BuildRequest(inputs=[str(DATA)], outputs={}))
    return brief


@pytest.fixture
def small_brief():
    """A hand-made brief: a merged duplicate, an article without URL, CJK and markup
    characters in titles; ``small_brief(themes=1)`` puts everything under one theme."""
    import datetime as dt

    from briefing.brief import assemble_brief
    from briefing.models import (
        Article,
        BriefSettings,
        ScoredSentence,
        SourceRef,
        Summary,
        Theme,
        ThemeScore,
    )

    def make(themes: int = 2):
        all_themes = (
            Theme("trade", "Trade <& chips>", ("chip",), "Chips, tariffs and *supply* chains."),
            Theme("strait", "Cross-strait", ("Beijing",), "Taipei and Beijing."),
        )[:themes]
        specs = [
            (
                "a1",
                "Chips [draft] *bold* <b>not</b> & more",
                "trade",
                "https://example.org/a?x=1&y=2",
            ),
            ("a2", "President 賴清德 speaks", all_themes[-1].id, None),
        ]
        articles, summaries, scores = [], {}, {}
        for number, (aid, title, theme, url) in enumerate(specs, 1):
            also = (
                (SourceRef("Wire Two", "https://example.com/copy", "b.txt", title),
                 SourceRef(None, None, "c.txt", title))
                if aid == "a1" else ()
            )  # fmt: skip
            articles.append(
                Article(
                    id=aid, title=title, text=f"First sentence {number}. Second one.",
                    path=f"/in/{aid}.txt", source="Wire One" if url else None,
                    date=dt.date(2026, 11, number * 3), url=url, also_in=also,
                )
            )  # fmt: skip
            sentences = (
                ScoredSentence(f"Lead sentence of {title} with 高明賢 [x].", 0, 1.0),
                ScoredSentence(f"Second sentence of article {number}.", 1, 0.5),
            )
            summaries[aid] = Summary(aid, "lead", sentences)
            scores[aid] = ThemeScore(aid, theme, {theme: 1.0})
        return assemble_brief(
            articles, summaries, scores, all_themes,
            settings=BriefSettings(algorithm="lead", sentences=2),
            inputs=3, generated_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC),
        )  # fmt: skip

    return make
