"""The ``briefing`` command as a user runs it: output, exit codes and habits."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import docx
import pytest
import typer
from typer.testing import CliRunner

from briefing import fileio, load_articles
from briefing.cli import ExitCode, app
from briefing.ingest import report_line
from briefing.renderers.docx import DocxRenderer
from tests.processes import CliProcess

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, [str(a) for a in args])


def _summary_line(folder: Path) -> str:
    """The line ``build`` ends with, from what the library reads in ``folder``."""
    read = load_articles([str(folder)])
    return report_line(read)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


# --- build: output habits -------------------------------------------------------------


def test_build_writes_brief_and_reports(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "out" / "brief.docx"
    result = run("build", data_dir, "-o", out)
    assert result.exit_code == ExitCode.SUCCESS
    assert result.stdout == f"wrote {out}\n"
    assert _summary_line(data_dir) in result.stderr
    assert out.exists()


def test_quiet_prints_nothing_but_errors(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(data_dir / "defense-roundup.txt", tmp_path / "in")
    (tmp_path / "in" / "blank.txt").write_text("\n", encoding="utf-8")
    result = run("--quiet", "build", tmp_path / "in", "-o", tmp_path / "b.docx")
    assert result.exit_code == ExitCode.SUCCESS
    assert result.stdout == ""
    assert result.stderr.strip().startswith("skipped ")
    assert "blank.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_verbose_prints_per_file_details_and_log_file_keeps_them(
    tmp_path: Path, data_dir: Path
) -> None:
    log = tmp_path / "logs" / "run.log"
    result = run(
        "--verbose", "--log-file", log, "build", data_dir / "defense-roundup.txt",
        "-o", tmp_path / "b.docx",
    )  # fmt: skip
    assert result.exit_code == ExitCode.SUCCESS
    detail = [line for line in result.stderr.splitlines() if "defense-roundup.txt" in line]
    assert len(detail) == 3  # one line per article of the file
    assert all("words)" in line and "-> defense_spending" in line for line in detail)
    logged = log.read_text(encoding="utf-8")
    assert "DETAIL" in logged and "INFO wrote" in logged


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    result = run("--quiet", "--verbose", "config", "show")
    assert result.exit_code == ExitCode.USAGE


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n", encoding="utf-8")
    result = run("build", tmp_path, "-o", tmp_path / "b.docx")
    assert result.exit_code == ExitCode.FAILURE
    assert "no readable article" in result.stderr
    assert not (tmp_path / "b.docx").exists()


def test_config_errors_exit_3_and_name_the_variable(tmp_path: Path, data_dir: Path) -> None:
    result = runner.invoke(
        app, ["build", str(data_dir), "-o", str(tmp_path / "b.docx")],
        env={"BRIEFING_SENTENCES": "three"},
    )  # fmt: skip
    assert result.exit_code == ExitCode.CONFIG
    assert result.stderr == (
        "error: environment variable BRIEFING_SENTENCES: expected an integer, got 'three'\n"
    )
    config = tmp_path / "bad.toml"
    config.write_text("colour = 'red'\n", encoding="utf-8")
    result = run("summarize", data_dir, "--config", config)
    assert result.exit_code == ExitCode.CONFIG
    assert f"{config}: key 'colour': unknown key" in result.stderr


@pytest.mark.parametrize("stage", ["render", "write"])
def test_ctrl_c_leaves_no_partial_output(
    stage: str, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if stage == "render":
        monkeypatch.setattr(DocxRenderer, "render", interrupt)
    else:
        monkeypatch.setattr(fileio.os, "fsync", interrupt)
    out = tmp_path / "out"
    result = run("build", data_dir, "-o", out / "b.docx", "--json", out / "b.json")
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert "interrupted" in result.stderr
    assert _files(tmp_path) == []  # neither the brief nor a *.part file


# --- summarize --explain --------------------------------------------------------------


def test_summarize_explain_shows_rank_and_score(data_dir: Path) -> None:
    path = data_dir / "japan-defense-budget.txt"
    plain = run("summarize", path, "--sentences", "3")
    explained = run("summarize", path, "--sentences", "3", "--explain")
    assert explained.exit_code == ExitCode.SUCCESS
    lines = [ln for ln in explained.stdout.splitlines() if ln.startswith("[rank")]
    assert len(lines) == 3
    assert sorted(int(ln.split()[1].rstrip(",")) for ln in lines) == [1, 2, 3]
    # the same sentences as without --explain, only annotated
    texts = [ln.split("] ", 1)[1] for ln in lines]
    assert texts == plain.stdout.splitlines()[1:]


# --- inspect ----------------------------------------------------------------------------


def test_inspect_lists_files_articles_and_skips(tmp_path: Path, data_dir: Path) -> None:
    shutil.copy(data_dir / "cross-strait-weekly.txt", tmp_path)
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    result = run("inspect", tmp_path)
    assert result.exit_code == ExitCode.SUCCESS
    header = next(ln for ln in result.stdout.splitlines() if "cross-strait-weekly.txt" in ln)
    assert "reader text" in header and "encoding utf-8" in header
    articles = [ln for ln in result.stdout.splitlines() if ln.startswith("  ")]
    assert header.endswith(f"{len(articles)} articles")
    assert all("[title given]" in ln or "[title derived]" in ln for ln in articles)
    assert any(ln.endswith("truncated") for ln in articles)
    assert f"skipped {tmp_path / 'blob.bin'}:" in result.stderr
    assert "2 inputs" in result.stderr and "1 skipped" in result.stderr


def test_inspect_nothing_readable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("inspect", tmp_path)
    assert result.exit_code == ExitCode.FAILURE
    assert "empty" in result.stderr


# --- themes -----------------------------------------------------------------------------


def test_themes_list_shows_names_descriptions_terms(tmp_path: Path) -> None:
    default = run("themes", "list")
    assert default.exit_code == ExitCode.SUCCESS
    assert "economic_security: Economic security" in default.stdout
    assert "terms: " in default.stdout
    assert "  exclude: drone light show" in default.stdout
    assert "  context (weight, no evidence): " in default.stdout
    custom = tmp_path / "t.toml"
    custom.write_text(
        '[themes.food]\nname = "Food"\ndescription = "What Taipei eats."\n'
        'terms = ["noodle", "night market"]\n',
        encoding="utf-8",
    )
    result = run("themes", "list", "--themes", custom)
    assert result.stdout.splitlines()[:3] == [
        "food: Food",
        "  What Taipei eats.",
        "  terms: noodle, night market",
    ]


def test_themes_list_bad_file_exits_3(tmp_path: Path) -> None:
    custom = tmp_path / "t.toml"
    custom.write_text('[themes.food]\nname = "Food"\n', encoding="utf-8")
    result = run("themes", "list", "--themes", custom)
    assert result.exit_code == ExitCode.CONFIG
    assert "[themes.food]: terms must be" in result.stderr


def test_themes_explain_scores_every_theme_with_terms(data_dir: Path) -> None:
    result = run("themes", "explain", data_dir / "japan-defense-budget.txt")
    assert result.exit_code == ExitCode.SUCCESS
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# Japan")
    assert lines[1].startswith("  theme: defense_spending, confidence ")
    rows = {ln.split()[0]: ln.split(None, 2) for ln in lines[2:5]}
    assert set(rows) == {"economic_security", "defense_spending", "cross_strait_politics"}
    assert "missile" in rows["defense_spending"][2]
    assert "place names, description words and context terms are no evidence" in result.stderr


# --- config show and init -------------------------------------------------------------


def test_config_show_values_origins_and_masked_secret(tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text('marking = "TLP:GREEN"\n', encoding="utf-8")
    env = {"BRIEFING_SENTENCES": "5", "BRIEFING_SMTP_PASSWORD": "hunter2"}
    result = runner.invoke(app, ["config", "show", "--config", str(config)], env=env)
    assert result.exit_code == ExitCode.SUCCESS
    rows = {ln.split()[0]: ln for ln in result.stdout.splitlines()}
    assert rows["sentences"].split("#")[1].strip() == "environment (BRIEFING_SENTENCES)"
    assert '"TLP:GREEN"' in rows["marking"] and str(config) in rows["marking"]
    assert "# default" in rows["algorithm"]
    assert "hunter2" not in result.stdout
    assert "********" in rows["smtp.password"]


def test_init_writes_then_refuses_then_forces(tmp_path: Path) -> None:
    target = tmp_path / "project"
    first = run("init", target)
    assert first.exit_code == ExitCode.SUCCESS
    assert _files(target) == ["briefing.toml", "themes.toml"]
    assert f"wrote {target / 'briefing.toml'}" in first.stdout
    (target / "themes.toml").write_text("# edited\n", encoding="utf-8")
    again = run("init", target)
    assert again.exit_code == ExitCode.CONFIG
    assert "--force" in again.stderr
    assert (target / "themes.toml").read_text(encoding="utf-8") == "# edited\n"
    assert run("init", target, "--force").exit_code == ExitCode.SUCCESS
    assert (target / "themes.toml").read_text(encoding="utf-8") != "# edited\n"


def test_init_then_build_uses_the_project_config(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init", tmp_path)
    themes = tmp_path / "themes.toml"
    themes.write_text('[themes.food]\nname = "Food"\nterms = ["noodle", "beef"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("themes", "list")
    assert result.stdout.startswith("food: Food")


# --- help, docs, completion -------------------------------------------------------------


def _command_tree() -> list[tuple[tuple[str, ...], object]]:
    root = typer.main.get_command(app)
    found: list[tuple[tuple[str, ...], object]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(root, ())
    return found


def _long_options(command: object) -> set[str]:
    names: set[str] = set()
    for param in getattr(command, "params", []):
        for opt in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]:
            if opt.startswith("--"):
                names.add(opt)
    return names


def _handwritten_docs() -> str:
    """The README and docs/ without the parts generated from ``--help`` and the settings,
    so an option counts as documented only when a person wrote about it."""
    root = Path(__file__).resolve().parent.parent
    texts = []
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        while "<!-- BEGIN GENERATED" in text:
            head, rest = text.split("<!-- BEGIN GENERATED", 1)
            text = head + rest.split("<!-- END GENERATED -->", 1)[1]
        texts.append(text)
    return "\n".join(texts)


def test_every_command_and_long_option_is_in_the_docs() -> None:
    readme = _handwritten_docs()
    missing = []
    for path, command in _command_tree():
        is_leaf = path and not getattr(command, "commands", None)
        if is_leaf and f"briefing {' '.join(path)}" not in readme:
            missing.append(f"command: briefing {' '.join(path)}")
        missing += [
            f"option {opt} of briefing {' '.join(path)}".rstrip()
            for opt in sorted(_long_options(command))
            if f"`{opt}" not in readme and f"{opt} " not in readme
        ]
    assert missing == [], "add these to docs/cli.md"


def test_every_command_help_has_an_example_and_the_exit_codes() -> None:
    leaves = [p for p, c in _command_tree() if p and not getattr(c, "commands", None)]
    assert {"build", "summarize", "inspect", "init"} <= {p[0] for p in leaves}
    for path in leaves:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, path
        assert "Example: briefing" in result.stdout, path
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "130 interrupted" in top.stdout


def test_completion_is_offered() -> None:
    assert "--install-completion" in _long_options(typer.main.get_command(app))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("briefing ")


# --- cron-like conditions: the real console script, no TTY, empty HOME ------------------


def _console_script() -> str:
    script = Path(sys.executable).parent / "briefing"
    if not script.exists():
        pytest.skip("console script not installed (run make install)")
    return str(script)


def _cron_env(home: Path) -> dict[str, str]:
    # What cron gives a job: no TERM, no BRIEFING_*, a bare PATH and a HOME with no config.
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "LOGNAME": "cron"}


@pytest.mark.slow
def test_cron_run_is_silent_and_exit_codes_tell_the_story(tmp_path: Path, data_dir: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    briefing = _console_script()

    def cron(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [briefing, *args], cwd=work, env=_cron_env(home), capture_output=True,
            text=True, stdin=subprocess.DEVNULL, timeout=300, check=False,
        )  # fmt: skip

    normal = cron("build", str(data_dir))
    assert normal.returncode == ExitCode.SUCCESS, normal.stderr
    written = list((work / "out").glob("brief-*.docx"))
    assert len(written) == 1
    assert normal.stdout == f"wrote {written[0].relative_to(work)}\n"
    # no progress display: one plain summary line, no escape codes or bars
    assert normal.stderr.splitlines() == [_summary_line(data_dir)]
    assert "\x1b" not in normal.stderr and "\r" not in normal.stderr

    quiet = cron("--quiet", "build", str(data_dir), "-o", "quiet.docx")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert docx.Document(str(work / "quiet.docx")).paragraphs

    empty = work / "inbox"
    empty.mkdir()
    failed = cron("--quiet", "build", str(empty))
    assert failed.returncode == ExitCode.FAILURE
    assert failed.stderr.startswith("error: no readable article")
    assert home.exists() and list(home.iterdir()) == []  # nothing written to HOME


@pytest.mark.slow
def test_progress_display_appears_on_a_terminal(tmp_path: Path, data_dir: Path) -> None:
    """The counterpart of the cron test: with stderr a terminal, the bars are drawn."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    env = {**_cron_env(tmp_path), "TERM": "xterm", "COLUMNS": "100"}
    drawn = bytearray()

    def drain() -> None:
        # Read while the build runs: a terminal holds only a few kB, and a build slowed by a
        # busy machine draws more frames than that; unread, the writer blocks for good.
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            drawn.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    process = subprocess.run(
        [_console_script(), "build", str(data_dir), "-o", str(tmp_path / "b.docx")],
        env=env, stderr=follower, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
        timeout=300, check=False,
    )  # fmt: skip
    os.close(follower)
    reader.join(timeout=30)
    os.close(leader)
    assert process.returncode == 0
    assert b"Reading inputs" in drawn and b"Summarizing" in drawn


# --- the Python example of docs/library.md runs as written ------------------------------


def _library_doc_script() -> str:
    doc = Path(__file__).resolve().parent.parent / "docs" / "library.md"
    return doc.read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0]


def test_library_doc_script_produces_a_brief(
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = _library_doc_script()
    assert len([ln for ln in script.splitlines() if ln.strip()]) <= 10
    shutil.copytree(data_dir, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    exec(compile(script, "docs/library.md", "exec"), {})
    out = tmp_path / "out" / "brief.docx"
    count = len(load_articles([str(data_dir)]).articles)
    assert capsys.readouterr().out.startswith(f"wrote {Path('out/brief.docx')}: {count} articles")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Japan's Defense Ministry Seeks Record Budget" in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, ExitCode.INTERRUPTED), (signal.SIGTERM, 143)]
)
@pytest.mark.parametrize("stage", ["Assigning themes", "Summarizing"])
def test_ctrl_c_in_a_real_process_exits_130_and_leaves_no_file(
    tmp_path: Path, data_dir: Path, stage: str, signum: int, code: int
) -> None:
    """A signal while the worker pool starts or works: its exit code, one line, no brief,
    no temporary file, and no worker left (the run has its own process group)."""
    inbox = tmp_path / "inbox"
    for copy in range(40):  # ~900 articles: enough for a pool of two on any machine
        shutil.copytree(data_dir, inbox / f"week{copy}")
    out = tmp_path / "out" / "brief.docx"
    build = CliProcess("--verbose", "build", inbox, "--keep-duplicates", "--jobs", "2", "-o", out)
    build.wait_for(stage)  # announced as the stage starts: the pool is starting or busy
    build.signal(signum)
    assert build.finish() == code, build.stderr
    assert "interrupted; no output was written" in build.stderr
    assert "Traceback" not in build.stderr and "Exception ignored" not in build.stderr
    assert not out.exists()
    assert not list(tmp_path.rglob("*.part"))
