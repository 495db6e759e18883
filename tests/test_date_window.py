"""--since / --until keep a window of dates; undated articles are kept and counted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ConfigError, IngestError
from briefing.ingest import IngestOptions, load_articles, report_line


def story(title: str, date: str | None, topic: str) -> str:
    header = f"Title: {title}\n" + (f"Date: {date}\n" if date else "")
    return (
        f"{header}\nThe {topic} report was published this week by the ministry. "
        f"It sets out what the {topic} plan will cost and who will pay for it.\n"
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "october.txt").write_text(story("October Budget", "2026-10-20", "budget"))
    (folder / "early.txt").write_text(story("Early November Grid", "2026-11-02", "grid"))
    (folder / "late.txt").write_text(story("Late November Water", "2026-11-28", "water"))
    (folder / "undated.txt").write_text(story("Undated Schools", None, "schools"))
    return folder


def titles(folder: Path, **window: dt.date) -> list[str]:
    return sorted(a.title for a in load_articles([str(folder)], IngestOptions(**window)).articles)


def test_since_and_until_are_inclusive(inbox: Path) -> None:
    assert titles(inbox, since=dt.date(2026, 11, 2), until=dt.date(2026, 11, 28)) == [
        "Early November Grid",
        "Late November Water",
        "Undated Schools",
    ]


def test_an_open_ended_window(inbox: Path) -> None:
    assert titles(inbox, until=dt.date(2026, 10, 31)) == ["October Budget", "Undated Schools"]
    assert titles(inbox, since=dt.date(2026, 11, 3)) == ["Late November Water", "Undated Schools"]


def test_counts_of_the_window_are_reported(inbox: Path) -> None:
    result = load_articles([str(inbox)], IngestOptions(since=dt.date(2026, 11, 1)))
    assert (result.out_of_window, result.undated, result.windowed) == (1, 1, True)
    assert report_line(result) == (
        "3 articles from 4 inputs, 0 skipped, 0 duplicates merged, "
        "1 outside the date window, 1 undated kept"
    )


def test_without_a_window_nothing_is_dropped_or_counted(inbox: Path) -> None:
    result = load_articles([str(inbox)])
    assert len(result.articles) == 4
    assert report_line(result) == "4 articles from 4 inputs, 0 skipped, 0 duplicates merged"


def test_a_window_that_empties_the_brief_says_so(inbox: Path) -> None:
    with pytest.raises(IngestError, match="outside the window 2027-01-01 to now"):
        load_articles([str(inbox / "early.txt")], IngestOptions(since=dt.date(2027, 1, 1)))


def test_a_reversed_window_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="swap them"):
        IngestOptions(since=dt.date(2026, 12, 1), until=dt.date(2026, 11, 1))


def test_build_applies_the_window_and_reports_undated(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = CliRunner().invoke(
        app,
        ["build", str(inbox), "--since", "2026-11-01", "--until", "2026-11-30",
         "-o", str(tmp_path / "b.docx"), "--json", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 articles from 4 inputs, 0 skipped, 0 duplicates merged, " in result.output
    assert "1 outside the date window, 1 undated kept" in result.output
    data = json.loads(out.read_text())
    assert sorted(a["date"] or "" for a in data["articles"]) == ["", "2026-11-02", "2026-11-28"]


def test_build_rejects_a_malformed_date(inbox: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(inbox), "--since", "last tuesday"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_build_with_a_reversed_window_exits_with_the_config_code(inbox: Path) -> None:
    result = CliRunner().invoke(
        app, ["build", str(inbox), "--since", "2026-12-01", "--until", "2026-11-01"]
    )
    assert result.exit_code == 3
    assert "swap them" in result.output
