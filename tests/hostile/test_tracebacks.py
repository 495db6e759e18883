"""Cases that used to end in a traceback: each now ends in one clear line."""

from __future__ import annotations

import io
import json
import os
import zipfile
from email import policy
from email.parser import BytesParser
from pathlib import Path

import docx
import pytest

from tests.conftest import DATA
from tests.hostile.conftest import bytes_of, cli, files_in, outcome
from tests.processes import CliProcess

STORY = (DATA / "defense-roundup.txt").read_text(encoding="utf-8")


def test_a_file_name_that_is_not_utf8(inbox: Path, tmp_path: Path) -> None:
    odd = os.fsdecode(b"bericht-\xff\xfe.txt")
    (inbox / odd).write_text(STORY.replace("defense", "defence"), encoding="utf-8")
    out = tmp_path / "out" / "b"
    result = cli("build", inbox, "-o", out, "-f", "docx,json", "--keep-duplicates")
    outcome(result, 0)
    paths = [a["path"] for a in json.loads(out.with_suffix(".json").read_text())["articles"]]
    assert any("bericht-\ufffd\ufffd.txt" in p for p in paths)


@pytest.mark.parametrize(
    "target",
    ["/proc/brief.docx", "under-a-file/brief.docx", "a-folder.json"],
    ids=["proc", "under-a-file", "onto-a-folder"],
)
def test_unwritable_output_is_one_line_and_writes_nothing(
    inbox: Path, tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("under-a-file").write_text("I am a file", encoding="utf-8")
    Path("a-folder.json").mkdir()
    before = files_in(tmp_path)
    result = cli("build", inbox, "-o", "good.docx", "--json", target)
    outcome(result, 1, "cannot write there")
    assert "nothing" in result.stderr.splitlines()[-1] or "not written" in result.stderr
    assert "not written: good.docx" in result.stderr  # all or nothing: the .docx neither
    assert files_in(tmp_path) == before


def test_read_only_folder(inbox: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        outcome(cli("build", inbox, "-o", locked / "b.docx"), 1, "cannot write there")
    finally:
        locked.chmod(0o700)


@pytest.mark.slow
def test_log_file_that_is_a_folder(inbox: Path, tmp_path: Path) -> None:
    run = CliProcess("--log-file", tmp_path, "build", inbox, "-o", tmp_path / "b.docx")
    assert run.finish() == 3
    assert run.stderr == f"error: --log-file {tmp_path}: cannot write there (Is a directory)\n"
    assert not (tmp_path / "b.docx").exists()


@pytest.mark.parametrize("option", ["--title", "--marking", "--author", "--organisation"])
@pytest.mark.parametrize(
    "value", ["Weekly\x07brief", "Weekly\nbrief", "bad \udcff bytes"], ids=["bell", "nl", "sur"]
)
def test_control_characters_and_undecodable_bytes_in_text_options(
    inbox: Path, tmp_path: Path, option: str, value: str
) -> None:
    result = cli("build", inbox, option, value, "-o", tmp_path / "b.docx")
    outcome(result, 2, f"option {option}: must be plain text")
    assert not (tmp_path / "b.docx").exists()


def test_long_title_author_marking_and_theme_names_fit_core_properties(
    inbox: Path, tmp_path: Path
) -> None:
    themes = tmp_path / "themes.toml"
    lines = []
    for n, word in enumerate(["defense", "typhoon", "budget", "japan", "military"]):
        lines += [f"[themes.t{n}]", f'name = "{word.title()} {"x" * 80}"', f'terms = ["{word}"]']
    themes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "b.docx"
    long = "T" * 400
    result = cli(
        "build", inbox, "-o", out, "--title", long, "--author", "A" * 300,
        "--marking", "M" * 300, "--themes", themes,
    )  # fmt: skip
    outcome(result, 0)
    props = docx.Document(str(out)).core_properties
    for value in (props.title, props.author, props.category, props.keywords, props.subject):
        assert 0 < len(value) <= 255
    assert props.title.startswith("TTTT")


def test_newline_in_subject_is_folded(tmp_path: Path) -> None:
    brief = tmp_path / "b.docx"
    outcome(cli("build", DATA / "defense-roundup.txt", "-o", brief, "-a", "lead"), 0)
    eml = tmp_path / "m.eml"
    result = cli(
        "email", brief, "--to", "a@example.org", "--from", "d@example.org",
        "--subject", "Weekly\r\nBcc: victim@example.org", "--dry-run", eml,
    )  # fmt: skip
    outcome(result, 0)
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["Subject"] == "Weekly Bcc: victim@example.org"
    assert message["Bcc"] is None


def test_newline_in_a_title_that_reaches_the_subject(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Ministers agreed the budget on Tuesday.")
    document.core_properties.title = "Line one\nLine two"
    brief = tmp_path / "made-elsewhere.docx"
    document.save(str(brief))
    eml = tmp_path / "m.eml"
    result = cli(
        "email", brief, "--to", "a@example.org", "--from", "d@example.org", "--dry-run", eml
    )
    outcome(result, 0)
    subject = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())["Subject"]
    assert "\n" not in subject and "Line one Line two" in subject


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--max-size", "1e308"], "option --max-size: must be a positive number of megabytes"),
        (["--timeout", "inf"], "option --timeout: must be a positive number of seconds"),
        (["--timeout", "nan"], "option --timeout: must be a positive number of seconds"),
    ],
    ids=["max-size-1e308", "timeout-inf", "timeout-nan"],
)
def test_absurd_numbers_on_the_command_line(inbox: Path, tmp_path: Path, args, line) -> None:
    outcome(cli("build", inbox, *args, "-o", tmp_path / "b.docx"), 2, line)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("timeout = inf\n", "key 'timeout': must be a positive number of seconds"),
        ('format = "docx,pfd"\n', "key 'format': unknown format 'pfd'"),
        ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    ],
    ids=["timeout-inf", "unknown-format", "nested-100000"],
)
def test_bad_config_files_exit_3(inbox: Path, tmp_path: Path, content: str, line: str) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text(content, encoding="utf-8")
    # -o without a suffix: a suffix such as .docx would choose the format on the command
    # line, which overrides the config file's format.
    result = cli("build", inbox, "--config", config, "-o", tmp_path / "b")
    outcome(result, 3, f"{config}: {line}")


def test_themes_file_nested_100000_levels(inbox: Path, tmp_path: Path) -> None:
    themes = tmp_path / "themes.toml"
    themes.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    outcome(cli("themes", "list", "--themes", themes), 3, f"{themes}: nested too deeply")


def _docx_with_document_xml(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("placeholder")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = xml if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, data)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE w:document ['
    + b'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(9)
    )
    + f"]><w:document {W}><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body>".encode()
    + b"</w:document>"
)
HUGE_NODE = (
    f"<w:document {W}><w:body><w:p><w:r><w:t>".encode()
    + b"word " * (2 * 1024 * 1024 + 10)
    + b"</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    "xml",
    [b"<w:document><w:body><w:p>unclosed", BOMB, HUGE_NODE],
    ids=["malformed", "entity-bomb", "10-mb-text-node"],
)
def test_hostile_word_files_are_skipped_with_a_line(
    inbox: Path, tmp_path: Path, xml: bytes
) -> None:
    bad = inbox / "bad.docx"
    bad.write_bytes(_docx_with_document_xml(xml))
    before = bytes_of(inbox)
    result = cli("build", inbox, "-o", tmp_path / "b.docx", "--max-size", "50")
    outcome(result, 0, f"skipped {bad}:")
    assert bytes_of(inbox) == before
    written = "\n".join(p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs)
    assert "aaaaaaaaaa" not in written


def test_deeply_nested_json_is_skipped_with_a_line(inbox: Path, tmp_path: Path) -> None:
    deep = inbox / "deep.json"
    nested = "[" * 100_000 + "]" * 100_000
    deep.write_text(f'{{"articles": [{{"title": "x", "text": {nested}}}]}}', encoding="utf-8")
    result = cli("build", inbox, "-o", tmp_path / "b.docx")
    outcome(result, 0, f"skipped {deep}: nested too deeply to read")


def test_a_50_mb_html_page_is_refused_quickly(inbox: Path, tmp_path: Path) -> None:
    page = inbox / "huge.html"
    paragraph = f"<p>{STORY[:400]}</p>\n".encode()
    with page.open("wb") as handle:
        handle.write(b"<!DOCTYPE html><html><body><article>")
        handle.write(paragraph * (50 * 1024 * 1024 // len(paragraph)))
        handle.write(b"</article></body></html>")
    result = cli("build", inbox, "--max-size", "60", "-o", tmp_path / "b.docx")
    outcome(result, 0, f"skipped {page}: an HTML page of 50 MB is over the 5 MB budget")
