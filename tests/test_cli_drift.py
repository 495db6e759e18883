"""Places where what a user meets drifted from what the docs promise, one test each."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefing
from briefing.cli import app
from briefing.cli.app import hoist_global_options

STORY = (
    "Title: {title}\n{date}\n"
    "The {topic} plan was published by the ministry this week after months of talks. "
    "Officials said the {topic} plan would cost more than first thought and take longer. "
    "Critics in the legislature asked who would pay for the {topic} plan in the end.\n"
)


def _story(folder: Path, name: str, title: str, topic: str, date: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(STORY.format(title=title, topic=topic, date=f"Date: {date}" if date else ""))
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def _json_titles(path: Path) -> list[str]:
    return [a["title"] for a in json.loads(path.read_text(encoding="utf-8"))["articles"]]


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        (["build", "-q", "d/"], ["-q", "build", "d/"]),
        (
            ["build", "d/", "--log-file", "x.log", "-o", "b"],
            ["--log-file", "x.log", "build", "d/", "-o", "b"],
        ),
        (
            ["--log-file", "x.log", "build", "d/", "-v"],
            ["-v", "--log-file", "x.log", "build", "d/"],
        ),
        (
            ["themes", "explain", "a.txt", "--log-file=z"],
            ["--log-file=z", "themes", "explain", "a.txt"],
        ),
        (["build", "--", "-q"], ["build", "--", "-q"]),
    ],
)
def test_global_options_may_follow_the_command(given: list[str], parsed: list[str]) -> None:
    assert hoist_global_options(given) == parsed


@pytest.mark.slow
def test_quiet_after_the_command_silences_a_real_build(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "a.txt", "Grid Plan Published", "grid", "2026-11-02")
    out = tmp_path / "brief.docx"
    quiet = _run("build", str(inbox), "-o", str(out), "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert out.is_file()
    loud = _run("build", str(inbox), "-o", str(out), "--verbose")
    assert loud.returncode == 0, loud.stderr
    assert "Grid Plan Published" in loud.stdout + loud.stderr  # the per-article detail line


def test_a_wrong_flag_value_is_a_usage_error_and_a_wrong_config_value_a_config_error(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "a.txt", "Grid Plan Published", "grid")
    runner = CliRunner()
    flag = runner.invoke(app, ["build", str(inbox), "--ratio", "1.5"])
    assert flag.exit_code == 2, flag.output
    assert "option --ratio: must be greater than 0 and at most 1, got 1.5" in flag.output
    both = runner.invoke(app, ["build", str(inbox), "--ratio", "0.3", "--words", "50"])
    assert both.exit_code == 2, both.output
    assert "--ratio and option --words exclude each other" in both.output
    config = tmp_path / "team.toml"
    config.write_text("ratio = 1.5\n")
    from_config = runner.invoke(app, ["build", str(inbox), "--config", str(config)])
    assert from_config.exit_code == 3, from_config.output
    assert not list(tmp_path.glob("**/*.docx"))
    choice = runner.invoke(app, ["build", str(inbox), "--undated", "sometimes"])
    assert choice.exit_code == 2, choice.output
    assert "option --undated: expected one of 'keep' | 'drop'" in choice.output


def test_counts_on_the_report_line_agree_with_their_nouns(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "a.txt", "Grid Plan Published", "grid")
    result = CliRunner().invoke(app, ["build", str(inbox), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 0, result.output
    assert "1 article from 1 input, 0 skipped, 0 duplicates merged" in result.output
    inspected = CliRunner().invoke(app, ["inspect", str(inbox)])
    assert "1 article" in inspected.output and "article(s)" not in inspected.output


def test_undated_articles_can_be_dropped_from_a_window_and_are_counted(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "dated.txt", "Dated Grid Plan", "grid", "2026-11-02")
    _story(inbox, "undated.txt", "Undated Water Plan", "water")
    out = tmp_path / "b.json"
    args = ["build", str(inbox), "-o", str(tmp_path / "b.docx"), "--json", str(out)]
    kept = CliRunner().invoke(app, [*args, "--since", "2026-11-01"])
    assert kept.exit_code == 0, kept.output
    assert "0 outside the date window, 1 undated kept" in kept.output
    assert sorted(_json_titles(out)) == ["Dated Grid Plan", "Undated Water Plan"]
    dropped = CliRunner().invoke(app, [*args, "--since", "2026-11-01", "--undated", "drop"])
    assert dropped.exit_code == 0, dropped.output
    assert "0 outside the date window, 1 undated dropped" in dropped.output
    assert _json_titles(out) == ["Dated Grid Plan"]


def test_a_folder_leaves_out_code_files_and_honours_include_and_exclude(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "grid.txt", "Grid Plan Published", "grid")
    _story(inbox / "drafts", "water.md", "Water Plan Drafted", "water")
    (inbox / "fetch_feeds.py").write_text(
        "import sys\n\n# Download this week's feeds into the folder before the brief is built.\n"
        "print(sys.argv)\n"
    )
    out = tmp_path / "b.json"
    base = ["build", str(inbox), "-o", str(tmp_path / "b.docx"), "--json", str(out)]
    plain = CliRunner().invoke(app, base)
    assert plain.exit_code == 0, plain.output
    assert sorted(_json_titles(out)) == ["Grid Plan Published", "Water Plan Drafted"]
    only_md = CliRunner().invoke(app, [*base, "--include", "*.md"])
    assert only_md.exit_code == 0, only_md.output
    assert _json_titles(out) == ["Water Plan Drafted"]
    no_drafts = CliRunner().invoke(app, [*base, "--exclude", "drafts/*"])
    assert no_drafts.exit_code == 0, no_drafts.output
    assert _json_titles(out) == ["Grid Plan Published"]
    named = CliRunner().invoke(app, ["inspect", str(inbox / "fetch_feeds.py")])
    assert "fetch_feeds.py: reader" in named.output  # naming a file still reads it


def test_include_patterns_come_from_the_config_file_too(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "grid.txt", "Grid Plan Published", "grid")
    _story(inbox, "water.md", "Water Plan Drafted", "water")
    config = tmp_path / "briefing.toml"
    config.write_text('include = ["*.txt"]\n')
    out = tmp_path / "b.json"
    args = ["build", str(inbox), "--config", str(config), "-o", str(tmp_path / "b.docx")]
    result = CliRunner().invoke(app, [*args, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert _json_titles(out) == ["Grid Plan Published"]


def test_library_api_takes_plain_strings_and_exports_render_options(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "grid.txt", "Grid Plan Published", "grid", "2026-11-02")
    docx_path = tmp_path / "brief.docx"
    built = briefing.build(briefing.BuildRequest(inputs=[str(inbox)], outputs={"docx": docx_path}))
    assert built.written["docx"] == docx_path
    assert briefing.RenderOptions is not None
    eml = tmp_path / "brief.eml"
    request = briefing.EmailRequest(
        brief=str(docx_path),  # type: ignore[arg-type]  # a str, as scripts pass it
        to="desk@example.org",  # type: ignore[arg-type]
        sender="analyst@example.org",
        dry_run=str(eml),  # type: ignore[arg-type]
    )
    result = briefing.send(request, briefing.SmtpSettings())
    assert result.written == eml
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "desk@example.org"
    assert any(part.get_filename() == "brief.docx" for part in message.iter_attachments())


def test_build_email_without_a_sender_names_a_way_build_understands(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _story(inbox, "grid.txt", "Grid Plan Published", "grid")
    result = CliRunner().invoke(
        app,
        ["build", str(inbox), "-o", str(tmp_path / "b.docx"), "--email-to", "desk@example.org"],
        env={"BRIEFING_SMTP_HOST": "127.0.0.1"},
    )
    assert result.exit_code == 3, result.output
    assert "BRIEFING_SMTP_SENDER" in result.output
    assert "pass --from" not in result.output


def test_summarize_prints_the_briefs_own_summary_of_every_data_article(
    tmp_path: Path, data_dir: Path
) -> None:
    out = tmp_path / "b.json"
    built = CliRunner().invoke(
        app, ["build", str(data_dir), "-o", str(tmp_path / "b.docx"), "--json", str(out)]
    )
    assert built.exit_code == 0, built.output
    in_brief = {a["title"]: a["summary"] for a in json.loads(out.read_text())["articles"]}
    printed = CliRunner().invoke(app, ["summarize", str(data_dir)])
    assert printed.exit_code == 0, printed.output
    blocks = [b.splitlines() for b in printed.stdout.strip().split("\n\n")]
    by_title = {lines[0].removeprefix("# "): lines[1:] for lines in blocks}
    assert len(by_title) == len(in_brief) == 22
    assert by_title == in_brief
