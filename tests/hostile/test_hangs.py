"""Hangs: a named pipe among the inputs, a server dripping its headers."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.errors import IngestError
from briefing.ingest.fetch import FetchOptions, fetch_url
from tests.conftest import DATA
from tests.hostile.conftest import bytes_of, cli, outcome
from tests.local_http import Answer, Site, serve

STORY = (DATA / "defense-roundup.txt").read_bytes()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        yield running


@pytest.fixture
def with_fifo(inbox: Path) -> Path:
    os.mkfifo(inbox / "pipe.txt")
    return inbox


def test_named_pipe_in_a_folder_is_skipped_by_build(with_fifo: Path, tmp_path: Path) -> None:
    result = cli("build", with_fifo, "-o", tmp_path / "b.docx")
    outcome(result, 0, f"skipped {with_fifo / 'pipe.txt'}: not a regular file (named pipe)")


def test_named_pipe_in_a_folder_is_skipped_by_inspect(with_fifo: Path) -> None:
    outcome(cli("inspect", with_fifo), 0, "not a regular file (named pipe)")


def test_named_pipe_named_directly_is_skipped(with_fifo: Path, tmp_path: Path) -> None:
    pipe = with_fifo / "pipe.txt"
    result = cli("build", pipe, with_fifo / "typhoon-report.txt", "-o", tmp_path / "b.docx")
    outcome(result, 0, f"skipped {pipe}: not a regular file (named pipe)")


def test_named_pipe_as_the_brief_to_email(with_fifo: Path, tmp_path: Path) -> None:
    pipe = with_fifo / "pipe.txt"
    result = cli("email", pipe, "--to", "a@example.org", "--dry-run", tmp_path / "m.eml")
    outcome(result, 4, f"{pipe}: not a regular file")
    assert not (tmp_path / "m.eml").exists()


def test_socket_in_a_folder_is_skipped(inbox: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(inbox / "control.sock"))
        before = bytes_of(inbox)
        result = cli("build", inbox, "-o", tmp_path / "b.docx")
    outcome(result, 0, "not a regular file (socket)")
    assert bytes_of(inbox) == before


@pytest.mark.parametrize(
    "answer",
    [Answer(body=STORY, header_drip=0.2), Answer(body=STORY, header_line_drip=0.2)],
    ids=["a-byte-at-a-time", "a-line-at-a-time"],
)
def test_timeout_bounds_a_server_dripping_its_headers(site: Site, answer: Answer) -> None:
    site.routes["/slow"] = answer
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"no complete answer within 1 s"):
        fetch_url(site.url("/slow"), FetchOptions(timeout=1))
    assert time.monotonic() - started < 10  # not the minutes the drip would take


@pytest.mark.slow
def test_dripping_headers_through_the_command_line(site: Site, tmp_path: Path) -> None:
    site.routes["/slow"] = Answer(body=STORY, header_drip=0.2)
    local = DATA / "typhoon-report.txt"
    result = cli("build", site.url("/slow"), local, "--timeout", "1", "-o", tmp_path / "b.docx")
    outcome(result, 0, f"skipped {site.url('/slow')}: no complete answer within 1 s")
