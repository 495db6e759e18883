"""Every kind of bad input: one line naming it and why, the rest of the brief built, exit 0.

Readers for other formats live in other modules; their bad-input tests run as soon as
the reader is registered under its name.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from briefing.cli import app
from briefing.errors import IngestError, NothingReadableError
from briefing.ingest import IngestOptions, load_articles, read_articles
from briefing.ingest.readers import READERS, InputData
from tests.local_http import Answer, Site, serve

GOOD = (
    "Title: Coastal Towns Get Flood Barriers\n"
    "Source: Shore Gazette\n\n"
    "The government approved flood barriers for six coastal towns on Wednesday. "
    "Work will start in the spring and should finish before the autumn storms.\n"
)


def needs_reader(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(name not in READERS, reason=f"no {name!r} reader registered yet")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def build(tmp_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        app,
        ["build", *args, "-o", str(tmp_path / "brief.docx"), "--json", str(tmp_path / "b.json")],
    )
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def skip_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("skipped ")]


def assert_skipped_alone(tmp_path: Path, inbox: Path, bad: Path, reason: str) -> None:
    """``bad`` is named on one line with ``reason``; the good article still makes the brief."""
    result = build(tmp_path, str(inbox))
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == [f"skipped {bad}: {reason}"]
    titles = [a["title"] for a in json.loads((tmp_path / "b.json").read_text())["articles"]]
    assert titles == ["Coastal Towns Get Flood Barriers"]
    assert (tmp_path / "brief.docx").stat().st_size > 0
    assert "1 article from 2 inputs, 1 skipped, 0 duplicates merged" in result.output


def reason_of(path: Path, options: IngestOptions | None = None) -> str:
    """The reason ``path`` is skipped when read next to a good file."""
    good = path.parent / "zz-good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = load_articles([str(path), str(good)], options)
    assert [a.title for a in result.articles] == ["Coastal Towns Get Flood Barriers"]
    ((skipped_input, reason),) = [(s.input, s.reason) for s in result.skipped]
    assert skipped_input == str(path)
    return reason


# --- plain files -------------------------------------------------------------------------


def test_empty_file(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "empty.txt"
    bad.write_bytes(b"")
    assert_skipped_alone(tmp_path, inbox, bad, "empty file")


def test_whitespace_only(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "blank.txt"
    bad.write_text(" \n\t\n   \r\n\n")
    assert_skipped_alone(tmp_path, inbox, bad, "empty file")


def test_unicode_whitespace_only(tmp_path: Path) -> None:
    bad = tmp_path / "blank.txt"
    bad.write_text("\u3000\u00a0\n\u2003\n", encoding="utf-16")
    assert "empty" in reason_of(bad)


def test_binary_data_with_a_txt_name(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "notes.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    assert_skipped_alone(
        tmp_path, inbox, bad, "not a format briefing can read (binary or unknown content)"
    )


def test_unknown_extension_with_text_inside_is_read(tmp_path: Path, inbox: Path) -> None:
    (inbox / "export.dat").write_text(
        "Title: Ferry Fares Frozen\n\nThe ferry operator froze fares for another year, "
        "citing lower fuel costs and a rise in passengers.\n"
    )
    result = build(tmp_path, str(inbox))
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == []
    titles = sorted(a["title"] for a in json.loads((tmp_path / "b.json").read_text())["articles"])
    assert titles == ["Coastal Towns Get Flood Barriers", "Ferry Fares Frozen"]


def test_unknown_extension_with_binary_inside_is_skipped(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "image.xyz"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500))
    assert_skipped_alone(
        tmp_path, inbox, bad, "not a format briefing can read (binary or unknown content)"
    )


@pytest.mark.slow
def test_a_file_over_the_size_cap(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "huge.txt"
    # 100,000 lines of 36 bytes after the story: 3.6 million bytes, 3.43 MB
    bad.write_text(GOOD + "".join(f"Appendix line {i:06} lists figures.\n" for i in range(100_000)))
    result = build(tmp_path, str(inbox), "--max-size", "2")
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == [
        f"skipped {bad}: 3.43 MB is over the 2 MB size cap (raise it with --max-size, in MB)"
    ]
    raised = load_articles([str(inbox)], IngestOptions(max_bytes=5 * 1024 * 1024))
    assert raised.skipped == () and len(raised.articles) == 2


def test_the_default_size_cap_is_20_mb(tmp_path: Path) -> None:
    bad = tmp_path / "huge.txt"
    with bad.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: costs no disk
    assert reason_of(bad).startswith("20 MB is over the 20 MB size cap")


def test_stdin_over_the_size_cap_says_how_to_raise_it() -> None:
    too_big = InputData(name="<stdin>", data=b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(IngestError) as raised:
        read_articles(too_big, IngestOptions(max_bytes=2 * 1024 * 1024))
    assert str(raised.value) == (
        "<stdin>: larger than the 2 MB size cap (raise it with --max-size, in MB)"
    )


def test_a_broken_symlink(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "moved.txt"
    bad.symlink_to(tmp_path / "nowhere.txt")
    assert_skipped_alone(tmp_path, inbox, bad, "broken symbolic link")


def test_a_symlink_loop_in_a_folder(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "again"
    bad.symlink_to(inbox, target_is_directory=True)
    assert_skipped_alone(tmp_path, inbox, bad, "symbolic link loop, folder already read")


def test_a_symlink_that_points_at_itself(tmp_path: Path, inbox: Path) -> None:
    bad = inbox / "self.txt"
    bad.symlink_to(bad)
    assert_skipped_alone(tmp_path, inbox, bad, "broken symbolic link")


def test_a_file_without_read_permission(tmp_path: Path, inbox: Path) -> None:
    # Works as root too (CI): a file whose bits let nobody read it is skipped even for root.
    bad = inbox / "secret.txt"
    bad.write_text(GOOD.replace("Coastal", "Secret"))
    bad.chmod(0o000)
    try:
        assert_skipped_alone(
            tmp_path, inbox, bad, "permission denied; check the file's read rights"
        )
    finally:
        bad.chmod(0o600)


def test_a_folder_without_read_permission(tmp_path: Path, inbox: Path) -> None:
    locked = inbox / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD)
    locked.chmod(0o000)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("the running user bypasses folder permissions")
        result = build(tmp_path, str(inbox))
        assert result.exit_code == 0
        assert [line.split(": ")[0] for line in skip_lines(result)] == [f"skipped {locked}"]
    finally:
        locked.chmod(0o700)


def test_a_missing_input(tmp_path: Path, inbox: Path) -> None:
    missing = tmp_path / "typo.txt"
    result = build(tmp_path, str(inbox), str(missing))
    assert result.exit_code == 0
    assert skip_lines(result) == [f"skipped {missing}: no such file or folder"]


# --- other formats: run once their reader is registered ----------------------------------


@needs_reader("docx")
def test_a_corrupt_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"PK\x03\x04 this was cut off in the middle of a download" + bytes(64))
    assert re.search(r"word|zip", reason_of(bad), re.IGNORECASE)


@needs_reader("docx")
def test_a_docx_that_is_a_zip_but_not_word(tmp_path: Path) -> None:
    bad = tmp_path / "report.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/cat.jpg", bytes(200))
        archive.writestr("readme.txt", "not a Word document")
    bad.write_bytes(buffer.getvalue())
    assert re.search(r"not a word", reason_of(bad), re.IGNORECASE)


@needs_reader("json")
def test_malformed_json(tmp_path: Path) -> None:
    bad = tmp_path / "export.json"
    bad.write_text('{"articles": [{"title": "Half", "text": "cut off here')
    assert re.search(r"malformed json", reason_of(bad), re.IGNORECASE)


@needs_reader("feed")
def test_a_feed_that_is_not_xml(tmp_path: Path) -> None:
    bad = tmp_path / "news.rss"
    bad.write_bytes(b"\x00\x01\x02 this is not a feed \xff\xfe" * 20)
    assert re.search(r"feed|xml|not a format", reason_of(bad), re.IGNORECASE)


@needs_reader("html")
def test_html_with_no_main_text(tmp_path: Path) -> None:
    bad = tmp_path / "page.html"
    bad.write_text(
        "<!doctype html><html><head><title>Home</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        "<footer>© 2026</footer></body></html>"
    )
    assert re.search(r"no main text", reason_of(bad), re.IGNORECASE)


# --- URLs --------------------------------------------------------------------------------


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        yield running


def test_a_url_that_returns_404(tmp_path: Path, inbox: Path, site: Site) -> None:
    result = build(tmp_path, str(inbox), site.url("/gone"))
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == [
        f"skipped {site.url('/gone')}: the server answered HTTP 404 Not Found"
    ]
    assert "1 article from 2 inputs, 1 skipped" in result.output


def test_a_url_that_times_out(tmp_path: Path, inbox: Path, site: Site) -> None:
    site.routes["/slow"] = Answer(body=GOOD.encode(), delay=3)
    result = build(tmp_path, str(inbox), site.url("/slow"), "--timeout", "0.3")
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == [
        f"skipped {site.url('/slow')}: no complete answer within 0.3 s (raise it with --timeout)"
    ]


def test_a_url_that_is_not_html_or_text(tmp_path: Path, inbox: Path, site: Site) -> None:
    site.routes["/clip"] = Answer(body=bytes(300), content_type="video/mp4")
    result = build(tmp_path, str(inbox), site.url("/clip"))
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == [
        f"skipped {site.url('/clip')}: served as video/mp4, which is not a text format "
        "briefing reads"
    ]


def test_a_url_serving_binary_as_octet_stream(tmp_path: Path, inbox: Path, site: Site) -> None:
    site.routes["/blob"] = Answer(body=bytes(range(256)), content_type="application/octet-stream")
    result = build(tmp_path, str(inbox), site.url("/blob"))
    assert result.exit_code == 0, result.output
    assert skip_lines(result) == [
        f"skipped {site.url('/blob')}: not a format briefing can read (binary or unknown content)"
    ]


# --- exit codes and --strict -------------------------------------------------------------


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)))
    result = build(tmp_path, str(empty), str(binary))
    assert result.exit_code == 1
    assert "no readable article in 2 input(s)" in result.output
    assert str(empty) in result.output and str(binary) in result.output
    assert not (tmp_path / "brief.docx").exists()


def test_no_inputs_at_all_exits_1_with_a_hint(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.exit_code == 1
    assert "no inputs given" in result.output


def test_strict_fails_on_any_skip_and_writes_nothing(tmp_path: Path, inbox: Path) -> None:
    (inbox / "empty.txt").write_bytes(b"")
    result = build(tmp_path, str(inbox), "--strict")
    assert result.exit_code == 1
    assert f"{inbox / 'empty.txt'}: empty file" in result.output
    assert "--strict" in result.output
    assert not (tmp_path / "brief.docx").exists()
    assert not (tmp_path / "b.json").exists()


def test_strict_with_clean_inputs_builds(tmp_path: Path, inbox: Path) -> None:
    result = build(tmp_path, str(inbox), "--strict")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "brief.docx").exists()


def test_library_raises_for_nothing_readable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(NothingReadableError):
        load_articles([str(empty)])
    with pytest.raises(IngestError, match="--strict"):
        load_articles([str(empty)], IngestOptions(strict=True))


@pytest.mark.slow
def test_the_whole_battery_at_once_from_a_real_process(tmp_path: Path, inbox: Path) -> None:
    """All bad inputs side by side, run as a user would: no traceback on stderr."""
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "blank.txt").write_text("   \n\n ")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inbox / "blob.xyz").write_bytes(bytes(1000))
    (inbox / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (inbox / "loop").symlink_to(inbox, target_is_directory=True)
    # A copy of good.txt's story: under 40 words, so it merges only under the same title.
    (inbox / "text.xyz").write_text(
        "Title: Coastal Towns Get Flood Barriers\n\n" + GOOD.split("\n\n")[1]
    )
    locked = inbox / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    try:
        process = subprocess.run(
            [sys.executable, "-m", "briefing", "build", str(inbox), "-o", str(tmp_path / "x.docx")],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        locked.chmod(0o600)
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr + process.stdout
    lines = process.stderr.splitlines()
    skipped = sorted(line.split(":")[0] for line in lines if line.startswith("skipped "))
    names = [
        "binary.txt",
        "blank.txt",
        "blob.xyz",
        "dangling.txt",
        "empty.txt",
        "locked.txt",
        "loop",
    ]
    assert skipped == [f"skipped {inbox / name}" for name in names]
    assert "1 article from 9 inputs, 7 skipped, 1 duplicate merged" in process.stderr
