"""Data loss: an input overwritten, a brief read back as articles, a mixed set of files."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import docx
import pytest

from briefing import fileio, interrupts
from briefing.cli.app import main
from tests.conftest import DATA
from tests.hostile.conftest import bytes_of, cli, files_in, outcome
from tests.processes import CliProcess


def _word_file(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Ministers met on Tuesday to agree the defence budget for next year.")
    document.add_paragraph("The budget rises by four percent, the finance ministry said later.")
    document.save(str(path))
    return path


def test_output_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    notes = _word_file(tmp_path / "notes.docx")
    before = bytes_of(tmp_path)
    result = cli("build", notes, "-o", notes)
    outcome(result, 2, f"refusing to write {notes}: it is the input {notes}")
    assert bytes_of(tmp_path) == before


def test_json_output_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    record = {"title": "Budget", "text": (DATA / "defense-roundup.txt").read_text()}
    source.write_text(json.dumps([record]), encoding="utf-8")
    before = bytes_of(tmp_path)
    result = cli("build", source, "-o", tmp_path / "b.docx", "--json", source)
    outcome(result, 2, "it is the input")
    assert bytes_of(tmp_path) == before


def test_output_inside_a_folder_input_that_is_a_user_file_is_refused(inbox: Path) -> None:
    notes = _word_file(inbox / "notes.docx")
    before = bytes_of(inbox)
    outcome(cli("build", inbox, "-o", notes), 2, "it is the input")
    assert bytes_of(inbox) == before


@pytest.mark.slow
def test_a_second_build_of_a_folder_does_not_read_its_own_briefs(
    inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(inbox)
    first = cli("build", ".", "-f", "docx,md,html,json")
    outcome(first, 0)
    beside = cli("build", ".", "-o", "brief.docx", "-f", "docx,md,html,json")
    outcome(beside, 0)
    again = cli("build", ".", "-o", "brief.docx", "-f", "docx,md,html,json")
    outcome(again, 0)
    counts = [r.stderr.splitlines()[-1] for r in (first, beside, again)]
    assert counts[0] == counts[1] == counts[2], counts
    assert " articles from 3 inputs, 0 skipped" in counts[0]


def test_o_existing_folder_writes_the_default_name_inside(inbox: Path, tmp_path: Path) -> None:
    target = tmp_path / "briefs"
    target.mkdir()
    result = cli("build", inbox, "-o", target)
    outcome(result, 0)
    (written,) = target.iterdir()
    assert written.name.startswith("brief-") and written.suffix == ".docx"
    assert not (tmp_path / "briefs.docx").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stage", "to_group", "signum", "code"),
    [
        ("Assigning themes", False, signal.SIGTERM, 143),
        ("Summarizing", True, signal.SIGINT, 130),  # Ctrl-C at a terminal: workers get it too
        ("Reading inputs", True, signal.SIGTERM, 143),
    ],
)
def test_a_signal_during_a_build_ends_the_workers_and_leaves_no_part_file(
    tmp_path: Path, stage: str, to_group: bool, signum: int, code: int
) -> None:
    inbox = tmp_path / "inbox"
    for copy in range(6):  # ~130 articles: a pool of two
        shutil.copytree(DATA, inbox / f"week{copy}")
    out = tmp_path / "out"
    build = CliProcess("--verbose", "build", inbox, "--keep-duplicates", "-j", "2", "-o", out / "b")
    build.wait_for(stage)
    (build.signal_group if to_group else build.signal)(signum)
    assert build.finish() == code, build.stderr
    assert build.stderr.splitlines()[-1] == "interrupted; no output was written"
    assert "Traceback" not in build.stderr
    assert not out.exists() or files_in(out) == []


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2])
def test_ctrl_c_in_the_first_moments_exits_130_without_a_traceback(
    tmp_path: Path, delay: float
) -> None:
    import time

    build = CliProcess("build", DATA, "-o", tmp_path / "b.docx")
    time.sleep(delay)
    build.signal(signal.SIGINT)
    code = build.finish()
    if "init_import_site" in build.stderr:
        pytest.skip("the signal came while the interpreter itself started (a loaded machine)")
    assert "Traceback" not in build.stderr and "KeyboardInterrupt" not in build.stderr
    if code == 0:  # a fast machine finished first: then the brief is complete
        assert "wrote" not in build.stderr and (tmp_path / "b.docx").stat().st_size > 10_000
        return
    assert code == 130, build.stderr
    assert not (tmp_path / "b.docx").exists()


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    return int(exit_.value.code or 0), capsys.readouterr().err


def test_signal_while_formats_are_written_leaves_none(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written: list[Path] = []
    real = fileio._write_temp

    def interrupted_on_the_third(path: Path, data: bytes) -> Path:
        written.append(path)
        if len(written) == 3:
            interrupts.on_signal(signal.SIGINT, None)  # Ctrl-C arrives here
        return real(path, data)

    monkeypatch.setattr(fileio, "_write_temp", interrupted_on_the_third)
    out = tmp_path / "out"
    code, err = _main(["build", inbox, "-o", out / "b", "-f", "docx,md,html,json"], capsys)
    assert code == 130
    assert err.splitlines()[-1] == "interrupted; no output was written"
    assert files_in(out) == []


def test_signal_during_the_renames_is_held_and_reports_what_was_written(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = os.replace
    calls = []

    def replace(source: str, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 1:
            interrupts.on_signal(signal.SIGTERM, None)
        real(source, target)

    monkeypatch.setattr(fileio.os, "replace", replace)
    out = tmp_path / "out"
    code, err = _main(["build", inbox, "-o", out / "b", "-f", "docx,md"], capsys)
    assert code == 143
    assert err.splitlines()[-1] == (
        f"interrupted after writing {out / 'b.docx'}, {out / 'b.md'}; nothing else was done"
    )
    assert files_in(out) == ["b.docx", "b.md"]


def test_ctrl_c_while_the_command_line_is_imported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The slow imports happen after the handlers are in place: a signal there is ours."""
    import builtins
    import sys

    from briefing import entry

    real_import = builtins.__import__

    def slow_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "briefing.cli.app":
            interrupts.on_signal(signal.SIGINT, None)
        return real_import(name, *args, **kwargs)

    import briefing.cli

    monkeypatch.delitem(sys.modules, "briefing.cli.app")
    # The held signal lets the fresh import finish, which rebinds the package's ``app``
    # to the new module; restored after the test with everything else.
    monkeypatch.setattr(briefing.cli, "app", briefing.cli.app)
    monkeypatch.setattr(builtins, "__import__", slow_import)
    with pytest.raises(SystemExit) as exit_:
        entry.main(["--version"])
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "interrupted; no output was written\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
