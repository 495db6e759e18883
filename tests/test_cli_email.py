"""`briefing email`, `briefing open` and `build --email-to/--open` as a user runs them."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import ExitCode, app
from briefing.deliver import read_digest
from tests.smtp_server import (
    PASSWORD,
    USER,
    Certificates,
    Recorder,
    free_port,
    make_certificates,
    running,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
runner = CliRunner()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def built_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief built by the real command line from the bundled sample articles."""
    from tests.conftest import DATA

    out = tmp_path_factory.mktemp("built") / "x.docx"
    result = runner.invoke(app, ["build", str(DATA), "-o", str(out), "-a", "lead"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def brief(built_docx: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "brief.docx"
    copy.write_bytes(built_docx.read_bytes())
    return copy


def config_file(tmp_path: Path, server, security: str = "starttls", user: str | None = USER):
    lines = [
        "[smtp]",
        f'host = "{server.host}"',
        f"port = {server.port}",
        f'security = "{security}"',
        'sender = "Briefing Desk <desk@example.org>"',
        f'ca_file = "{server.ca_file}"',
        "timeout = 5",
    ]
    if user:
        lines.append(f'user = "{user}"')
    path = tmp_path / "briefing.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def everything_printed(result, caplog, capfd) -> str:
    captured = capfd.readouterr()
    logs = "\n".join(record.getMessage() for record in caplog.records)
    return "\n".join([result.output, captured.out, captured.err, logs])


def test_email_with_config_file_and_password_from_environment(
    certificates, brief, tmp_path, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    with running(certificates, "starttls", with_auth=True) as server:
        result = runner.invoke(
            app,
            [
                "email",
                str(brief),
                "--to",
                "desk@example.org",
                "--bcc",
                "chief@example.org",
                "--config",
                str(config_file(tmp_path, server)),
            ],
            env={"BRIEFING_SMTP_PASSWORD": PASSWORD},
        )
    assert result.exit_code == ExitCode.SUCCESS, result.output
    assert "sent '[TLP:CLEAR] " in result.stdout
    assert "desk@example.org, chief@example.org" in result.stdout
    (got,) = server.handler.received
    assert sorted(got.rcpt_tos) == ["chief@example.org", "desk@example.org"]
    attachment = next(got.message.iter_attachments())
    assert attachment.get_content() == brief.read_bytes()
    assert PASSWORD not in everything_printed(result, caplog, capfd)
    assert caplog.records, "the test must see the library's log lines to mean anything"


def test_wrong_password_exits_4_with_one_line_and_never_shows_it(
    certificates, brief, tmp_path, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    wrong = "Wr0ng-" + PASSWORD
    log_file = tmp_path / "briefing.log"
    with running(certificates, "starttls", with_auth=True) as server:
        result = runner.invoke(
            app,
            [
                "--verbose",
                "--log-file",
                str(log_file),
                "email",
                str(brief),
                "--to",
                "desk@example.org",
                "--config",
                str(config_file(tmp_path, server)),
            ],
            env={"BRIEFING_SMTP_PASSWORD": wrong},
        )
    assert result.exit_code == ExitCode.DELIVERY
    assert result.stdout == ""
    *progress, line = result.stderr.splitlines()
    assert all(p.startswith("sending to 1 recipient") for p in progress)  # --verbose details
    assert line.startswith("error: ") and "refused the login" in line and "535" in line
    assert "refused the login" in log_file.read_text(encoding="utf-8")
    printed = everything_printed(result, caplog, capfd) + log_file.read_text(encoding="utf-8")
    assert wrong not in printed and PASSWORD not in printed
    assert server.handler.received == []


def test_the_password_is_never_a_flag(brief):
    result = runner.invoke(
        app, ["email", str(brief), "--to", "a@example.org", "--smtp-password", "x"]
    )
    assert result.exit_code == ExitCode.USAGE


def test_user_without_password_and_no_terminal_is_a_config_error(certificates, brief, tmp_path):
    with running(certificates, "starttls", with_auth=True) as server:
        result = runner.invoke(
            app,
            [
                "email",
                str(brief),
                "--to",
                "a@example.org",
                "--config",
                str(config_file(tmp_path, server)),
            ],
        )
    assert result.exit_code == ExitCode.CONFIG
    assert "BRIEFING_SMTP_PASSWORD" in result.stderr


def test_partial_refusal_lists_each_address_and_exits_4(certificates, brief, tmp_path):
    handler = Recorder(refuse={"gone@example.org"})
    with running(certificates, "starttls", handler=handler) as server:
        result = runner.invoke(
            app,
            [
                "email",
                str(brief),
                "--to",
                "desk@example.org",
                "--cc",
                "gone@example.org",
                "--config",
                str(config_file(tmp_path, server, user=None)),
            ],
        )
    assert result.exit_code == ExitCode.DELIVERY
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: refused gone@example.org: 550")
    assert lines[1] == "sent to the other 1: desk@example.org"
    (got,) = server.handler.received
    assert got.rcpt_tos == ["desk@example.org"]


def test_connection_refused_exits_4_and_leaves_the_brief_alone(brief):
    before = (brief.read_bytes(), brief.stat().st_mtime_ns)
    port = str(free_port())
    result = runner.invoke(
        app,
        [
            "email",
            str(brief),
            "--to",
            "a@example.org",
            "--from",
            "b@example.org",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            port,
            "--smtp-security",
            "none",
        ],
    )
    assert result.exit_code == ExitCode.DELIVERY
    (line,) = result.stderr.splitlines()
    assert line == (
        f"error: 127.0.0.1:{port} refused the connection; is the SMTP server running there "
        "and are smtp.host and smtp.port right?"
    )
    assert (brief.read_bytes(), brief.stat().st_mtime_ns) == before


def test_flags_win_over_the_environment(certificates, brief):
    with running(certificates) as server:
        result = runner.invoke(
            app,
            [
                "email",
                str(brief),
                "--to",
                "a@example.org",
                "--from",
                "b@example.org",
                "--smtp-host",
                server.host,
                "--smtp-port",
                str(server.port),
            ],
            env={
                "BRIEFING_SMTP_HOST": "no-such-host.invalid",
                "BRIEFING_SMTP_PORT": "1",
                "BRIEFING_SMTP_SECURITY": "none",
            },
        )
    assert result.exit_code == ExitCode.SUCCESS, result.output
    assert len(server.handler.received) == 1


def test_no_smtp_server_configured_exits_3(brief):
    result = runner.invoke(app, ["email", str(brief), "--to", "a@example.org", "--from", "b@x.org"])
    assert result.exit_code == ExitCode.CONFIG
    assert "BRIEFING_SMTP_HOST" in result.stderr


def test_dry_run_writes_an_eml_a_mail_client_reads(brief, tmp_path):
    eml = tmp_path / "brief.eml"
    result = runner.invoke(
        app,
        [
            "email",
            str(brief),
            "--to",
            "Zoë Ångström <zoe@example.org>",
            "--from",
            "d@example.org",
            "--subject",
            "Wöchentlicher Bericht",
            "--dry-run",
            str(eml),
        ],
    )
    assert result.exit_code == ExitCode.SUCCESS, result.output
    assert "nothing was sent" in result.stdout
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert str(message["Subject"]) == "Wöchentlicher Bericht"
    assert message["To"].addresses[0].display_name == "Zoë Ångström"
    # The legacy parser most mail tools still use, in a fresh interpreter.
    inspect = (
        "import email, sys\n"
        "m = email.message_from_binary_file(open(sys.argv[1], 'rb'))\n"
        "for p in m.walk():\n"
        "    size = len(p.get_payload(decode=True) or b'')\n"
        "    print(p.get_content_type(), p.get_filename(), size)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", inspect, str(eml)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert shown[:4] == [
        "multipart/mixed None 0",
        "multipart/alternative None 0",
        shown[2],
        shown[3],
    ]
    assert shown[2].startswith("text/plain None ") and shown[3].startswith("text/html None ")
    assert shown[4] == f"{DOCX_TYPE} brief.docx {len(brief.read_bytes())}"


def test_build_and_email_in_one_go(certificates, tmp_path, monkeypatch):
    from briefing.deliver import mail, message
    from tests.conftest import DATA

    def no_read_back(data: bytes, path: Path) -> None:
        raise AssertionError(f"build --email-to parsed {path} instead of using its Brief")

    # The build has the Brief in memory: its e-mail never parses the .docx it just wrote.
    monkeypatch.setattr(mail, "digest_of", no_read_back)
    out = tmp_path / "week.docx"
    with running(certificates) as server:
        result = runner.invoke(
            app,
            ["build", str(DATA), "-o", str(out), "-a", "lead", "--email-to", "desk@example.org"],
            env={
                "BRIEFING_SMTP_HOST": server.host,
                "BRIEFING_SMTP_PORT": str(server.port),
                "BRIEFING_SMTP_SECURITY": "none",
                "BRIEFING_SMTP_SENDER": "briefing@example.org",
            },
        )
    assert result.exit_code == ExitCode.SUCCESS, result.output
    assert f"wrote {out}" in result.stdout and "sent " in result.stdout
    (got,) = server.handler.received
    attachment = next(got.message.iter_attachments())
    assert attachment.get_filename() == "week.docx"
    assert attachment.get_content() == out.read_bytes()
    # ...and says what `briefing email week.docx` would say, read back from the file.
    monkeypatch.undo()
    read_back = read_digest(out)
    body = got.message.get_body(("plain",))
    assert body is not None
    sent_text = body.get_content().replace("\r\n", "\n")  # SMTP line ends
    assert sent_text == message.plain_body(read_back, read_back.marking, "week.docx")
    assert got.message["Subject"].startswith(f"[{read_back.marking}] {read_back.title} — ")


# --- briefing open ----------------------------------------------------------------------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open path")


def fake_xdg_open(folder: Path) -> Path:
    """An ``xdg-open`` that records what it was asked to open, first on PATH."""
    record = folder / "opened.txt"
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return record


@linux_only
def test_open_without_a_desktop_prints_the_path_and_exits_4(brief):
    result = runner.invoke(
        app, ["open", str(brief)], env={"DISPLAY": None, "WAYLAND_DISPLAY": None}
    )
    assert result.exit_code == ExitCode.DELIVERY
    (line,) = result.stderr.splitlines()
    assert str(brief.resolve()) in line and "no desktop session" in line


@linux_only
def test_open_hands_the_file_to_the_desktop(brief, tmp_path):
    record = fake_xdg_open(tmp_path)
    env = {"DISPLAY": ":99", "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    result = runner.invoke(app, ["open", str(brief)], env=env)
    assert result.exit_code == ExitCode.SUCCESS, result.output
    assert result.stdout == f"opened {brief.resolve()}\n"
    assert record.read_text() == str(brief.resolve())


def test_open_a_missing_file_exits_4(tmp_path):
    result = runner.invoke(app, ["open", str(tmp_path / "nope.docx")])
    assert result.exit_code == ExitCode.DELIVERY
    assert "no such file" in result.stderr


@linux_only
def test_build_open(tmp_path):
    from tests.conftest import DATA

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = fake_xdg_open(bin_dir)
    out = tmp_path / "b.docx"
    env = {"DISPLAY": ":99", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = runner.invoke(
        app, ["build", str(DATA), "-o", str(out), "-a", "lead", "--open"], env=env
    )
    assert result.exit_code == ExitCode.SUCCESS, result.output
    assert record.read_text() == str(out.resolve())
