"""Real mail breaks the rules: each quirk seen in mikel/mail's fixtures, written anew here,
must still be read as an e-mail (subject as title, decoded body), never as plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

BODY = "Dock workers returned to work on Monday after a week-long strike over pay."
LATIN1_SUBJECT = "Formação de preços".encode("latin-1")

QUIRKS = {
    # "Cc:" with nothing after it
    "empty_value": (
        b"From: Desk <desk@example.org>\r\nTo: team@example.org\r\nCc:\r\n"
        b"Subject: Port strike ends\r\n\r\n" + BODY.encode() + b"\r\n"
    ),
    # no space after the colons
    "no_space": (
        b"From:desk@example.org\r\nTo:team@example.org\r\nSubject:Port strike ends\r\n\r\n"
        + BODY.encode()
    ),
    # a stray line in the middle of the headers (a broken fold)
    "broken_fold": (
        b"Received: from relay.example.org\r\n  by mx.example.org; Mon, 2 Nov 2026 10:00:00\r\n"
        b"stray Delivered-To: team@example.org\r\nFrom: desk@example.org\r\n"
        b"Subject: Port strike ends\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\n" + BODY.encode()
    ),
    # obsolete syntax: spaces before the colon
    "space_before_colon": (
        b"From  : Desk <desk@example.org>\r\nTo    : team@example.org\r\n"
        b"Subject     : Port strike ends\r\n\r\n" + BODY.encode()
    ),
    # an mbox-style first line with no date
    "odd_first_line": (
        b"From desk@example.org\r\nReturn-Path: <desk@example.org>\r\n"
        b"From: desk@example.org\r\nSubject: Port strike ends\r\n\r\n" + BODY.encode()
    ),
}


def build_json(tmp_path: Path, *inputs: Path) -> tuple[list[dict], str]:
    result = CliRunner().invoke(
        app,
        [
            "build",
            *map(str, inputs),
            "-o",
            str(tmp_path / "b.docx"),
            "--format",
            "json",
            "--keep-duplicates",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "b.json").read_text())["articles"], result.stderr


@pytest.mark.parametrize("quirk", sorted(QUIRKS))
def test_a_header_quirk_is_still_read_as_mail(tmp_path: Path, quirk: str) -> None:
    path = tmp_path / f"{quirk}.eml"
    path.write_bytes(QUIRKS[quirk])
    (article,), stderr = build_json(tmp_path, path)
    assert article["title"] == "Port strike ends"
    assert article["summary"] == [BODY]
    assert "not an e-mail" not in stderr


def test_encoded_bodies_and_an_8bit_subject_are_decoded(tmp_path: Path) -> None:
    """Quoted-printable text, a base64 HTML alternative, a raw Latin-1 subject: the title
    and summary read as a person would, with no MIME boundary or =3D junk."""
    message = (
        b"From: desk@example.org\r\nSubject: " + LATIN1_SUBJECT + b"\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="==b1=="; charset=iso-8859-1\r\n\r\n'
        b"--==b1==\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"The ministry=E2=80=99s price board met on Monday and agreed a new =\r\n"
        b"formula for fuel prices.\r\n"
        b"--==b1==\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"PHA+VGhlIEhUTUwgY29weS48L3A+\r\n"
        b"--==b1==--\r\n"
    )
    path = tmp_path / "prices.eml"
    path.write_bytes(message)
    (article,), _ = build_json(tmp_path, path)
    assert article["title"] == "Formação de preços"
    assert article["summary"] == [
        "The ministry’s price board met on Monday and agreed a new formula for fuel prices."
    ]


def test_an_html_only_mail_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "html.eml"
    path.write_bytes(
        b"From: desk@example.org\r\nSubject: Port strike ends\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"PHA+RG9jayB3b3JrZXJzIHJldHVybmVkIHRvIHdvcmsgb24gTW9uZGF5LjwvcD4=\r\n"
    )
    (article,), _ = build_json(tmp_path, path)
    assert article["summary"] == ["Dock workers returned to work on Monday."]


def test_a_mail_whose_body_repeats_its_subject_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "test.eml"
    path.write_bytes(b"Subject: TEST\r\n\r\nTEST\r\n")
    (article,), _ = build_json(tmp_path, path)
    assert (article["title"], article["summary"]) == ("TEST", ["TEST"])


def test_tiny_mails_with_different_subjects_are_not_duplicates(tmp_path: Path) -> None:
    for name, subject in (("a", "Hello"), ("b", "Lunch on Friday"), ("c", "Re: Hello")):
        (tmp_path / f"{name}.eml").write_bytes(
            f"From: desk@example.org\r\nSubject: {subject}\r\n\r\nHello\r\n".encode()
        )
    result = CliRunner().invoke(
        app, ["build", str(tmp_path), "-o", str(tmp_path / "b.docx"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    titles = [a["title"] for a in json.loads((tmp_path / "b.json").read_text())["articles"]]
    assert sorted(titles) == ["Hello", "Lunch on Friday", "Re: Hello"]
    assert "0 duplicates merged" in result.stderr


def test_notes_with_one_mail_header_among_others_stay_text(tmp_path: Path) -> None:
    """A memo that opens with "Subject:" and labelled lines is not taken for a message,
    whose reader would swallow the labelled lines as headers."""
    path = tmp_path / "notes.txt"
    path.write_text(
        "Subject: Weekly notes\nTaiwan: the budget rose by a tenth.\nJapan: drills ended.\n\n"
        "The week was quiet otherwise, and the desk will send a fuller note on Monday.\n"
    )
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "reader text" in result.stdout
