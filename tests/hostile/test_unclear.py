"""Unclear outcomes made clear: SMTP limits, lying servers, odd themes, odd names."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.deliver import EmailRequest, email_brief
from briefing.deliver.smtp import RecipientsRefusedError
from briefing.errors import DeliveryError, IngestError
from briefing.ingest.fetch import FetchOptions, fetch_url
from briefing.settings import SmtpSettings
from tests.conftest import DATA
from tests.hostile.conftest import cli, outcome
from tests.local_http import Answer, Site, serve
from tests.smtp_server import Certificates, Recorder, running

STORY = (DATA / "defense-roundup.txt").read_bytes()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running_site:
        yield running_site


@pytest.fixture(scope="module")
def brief_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief") / "brief.docx"
    outcome(cli("build", DATA / "defense-roundup.txt", "-o", out, "-a", "lead"), 0)
    return out


class PerMessageLimit(Recorder):
    """A server taking at most ``limit`` recipients a message (452 for the rest)."""

    def __init__(self, limit: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limit = limit

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if len(envelope.rcpt_tos) >= self.limit:
            return "452 4.5.3 Too many recipients"
        return await super().handle_RCPT(server, session, envelope, address, options)


def _smtp(server: Any, **changes: Any) -> SmtpSettings:
    return SmtpSettings(
        host=server.host, port=server.port, security="none", sender="d@example.org",
        timeout=5.0, retries=changes.pop("retries", 0), **changes,
    )  # fmt: skip


@pytest.mark.slow
def test_thousand_recipients_and_a_server_taking_100_per_message(
    certificates: Certificates, brief_docx: Path
) -> None:
    to = tuple(f"reader{n}@example.org" for n in range(1000))
    handler = PerMessageLimit(60)
    with running(certificates, handler=handler) as server:
        result = email_brief(EmailRequest(brief=brief_docx, to=to), _smtp(server))
    delivered = [a for message in handler.received for a in message.rcpt_tos]
    assert sorted(delivered) == sorted(to)
    assert all(len(m.rcpt_tos) <= 60 for m in handler.received)
    assert len(result.recipients) == 1000


def test_many_refusals_list_ten_then_a_summary(
    certificates: Certificates, brief_docx: Path
) -> None:
    to = tuple(f"nobody{n}@example.org" for n in range(40))
    handler = Recorder(refuse=set(to[:30]))
    with (
        running(certificates, handler=handler) as server,
        pytest.raises(RecipientsRefusedError) as caught,
    ):
        email_brief(EmailRequest(brief=brief_docx, to=to), _smtp(server))
    lines = str(caught.value).splitlines()
    assert len(lines) == 12
    assert lines[10] == "... and 20 more refused (30 in all, replies 550)"
    assert lines[11].startswith("sent to the other 10:")


def test_421_on_mail_from_is_not_blamed_on_the_sender(
    certificates: Certificates, brief_docx: Path
) -> None:
    class Closing(Recorder):
        async def handle_MAIL(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
            return "421 4.3.2 service shutting down"

    with (
        running(certificates, handler=Closing()) as server,
        pytest.raises(DeliveryError) as caught,
    ):
        email_brief(EmailRequest(brief=brief_docx, to=("a@example.org",)), _smtp(server))
    message = str(caught.value)
    assert "421" in message and "try again later" in message and "--from" not in message


@pytest.mark.parametrize(
    ("declared", "line"),
    [(len(STORY) + 500, "announced"), (100, "announced 100 bytes but sent")],
    ids=["short-body", "declared-100"],
)
def test_content_length_lies_are_caught(site: Site, declared: int, line: str) -> None:
    site.routes["/lie"] = Answer(body=STORY, declared_length=declared)
    with pytest.raises(IngestError, match=line):
        fetch_url(site.url("/lie"), FetchOptions(timeout=2))


def _themes(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "themes.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_regex_like_term_that_becomes_one_letter_is_dropped_with_a_warning(
    inbox: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    themes = _themes(
        tmp_path,
        '[themes.all]\nname = "Everything"\nterms = ["(a+)+$", "typhoon"]\n'
        '[themes.defence]\nname = "Defence"\nterms = ["defense", "military"]\n',
    )
    out = tmp_path / "b"
    result = cli("build", inbox, "--themes", themes, "-o", out, "-f", "json")
    outcome(result, 0, "term '(a+)+$' reduces to a and is ignored")
    import json

    placed = json.loads(out.with_suffix(".json").read_text())["themes"]
    counts = {t["id"]: len(t["article_ids"]) for t in placed}
    assert counts["defence"] > 0  # "a" no longer takes every article


def test_punctuation_only_terms_are_named(tmp_path: Path) -> None:
    themes = _themes(tmp_path, '[themes.x]\nname = "X"\nterms = ["!!!", "tariff"]\n')
    outcome(cli("themes", "list", "--themes", themes), 0, "term '!!!' reduces to nothing")


def test_a_theme_with_no_usable_term(tmp_path: Path) -> None:
    themes = _themes(tmp_path, '[themes.x]\nname = "X"\nterms = ["?", "a"]\n')
    outcome(cli("themes", "list", "--themes", themes), 3, "no term has a word of two letters")


@pytest.mark.parametrize("theme_id", ["Other", "OTHER", "other"])
def test_other_is_reserved_in_any_case(tmp_path: Path, theme_id: str) -> None:
    themes = _themes(tmp_path, f'[themes.{theme_id}]\nname = "O"\nterms = ["tariff"]\n')
    outcome(cli("themes", "list", "--themes", themes), 3, "'other', in any case, is reserved")


def test_ten_thousand_themes_are_refused_at_once(tmp_path: Path) -> None:
    body = "".join(f'[themes.t{n}]\nname = "T{n}"\nterms = ["word{n}"]\n' for n in range(10_000))
    themes = _themes(tmp_path, body)
    outcome(cli("themes", "list", "--themes", themes), 3, "10000 themes; at most 200")


def test_a_newline_in_a_file_name_cannot_forge_lines(inbox: Path, tmp_path: Path) -> None:
    (inbox / "x\nskipped forged.txt: fake").write_text("", encoding="utf-8")
    result = cli("build", inbox, "-o", tmp_path / "b.docx")
    outcome(result, 0, "x\\x0askipped forged.txt: fake: empty file")
    assert not any(line.startswith("skipped forged") for line in result.stderr.splitlines())


def test_size_cap_message_reads_as_people_write(inbox: Path, tmp_path: Path) -> None:
    big = inbox / "big.txt"
    big.write_bytes(b"word " * (1024 * 1024 // 5 + 10))  # just over 1 MB
    result = cli("build", inbox, "--max-size", "1", "-o", tmp_path / "b.docx")
    outcome(result, 0, "the 1 MB size cap")
    assert "e+" not in result.stderr


def test_one_bad_line_in_a_url_list_is_skipped(site: Site, tmp_path: Path) -> None:
    site.routes["/a.txt"] = Answer(body=STORY)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"ftp://example.org/x\n{site.url('/a.txt')}\n", encoding="utf-8")
    result = cli("build", "--url-list", listing, "-o", tmp_path / "b.docx")
    outcome(result, 0, f"skipped {listing}:1: 'ftp://example.org/x' is not an http")
    assert (tmp_path / "b.docx").exists()


def test_library_warnings_reach_the_log_file(inbox: Path, tmp_path: Path) -> None:
    themes = _themes(tmp_path, '[themes.x]\nname = "X"\nterms = ["...", "typhoon"]\n')
    log = tmp_path / "run.log"
    result = cli("--log-file", log, "build", inbox, "--themes", themes, "-o", tmp_path / "b.docx")
    outcome(result, 0)
    assert "WARNING" in log.read_text() and "'...'" in log.read_text()
    logging.getLogger("briefing").handlers.clear()
