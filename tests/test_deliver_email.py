"""E-mailing a brief through a real SMTP server (aiosmtpd on 127.0.0.1), no smtplib mocks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import docx
import pytest

from briefing import pipeline
from briefing.deliver import EmailRequest, RecipientsRefusedError, email_brief, read_digest
from briefing.deliver.digest import digest_from_brief, digest_of, find_marking
from briefing.deliver.message import parse_address
from briefing.errors import ConfigError, DeliveryError
from briefing.renderers.base import RenderOptions
from briefing.settings import SmtpSettings
from briefing.summarize import SummaryOptions
from tests.smtp_server import (
    PASSWORD,
    USER,
    Certificates,
    Received,
    Recorder,
    free_port,
    make_certificates,
    running,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FAST = 0.001  # backoff for retry tests: real sleeps, just short ones


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildResult:
    """A brief made by the real pipeline from the bundled sample articles."""
    from tests.conftest import DATA

    out = tmp_path_factory.mktemp("brief") / "brief.docx"
    request = pipeline.BuildRequest(
        inputs=[str(DATA)],
        outputs={"docx": out},
        summary=SummaryOptions(algorithm="lead"),
    )
    return pipeline.build(request)


@pytest.fixture
def brief_docx(built: pipeline.BuildResult, tmp_path: Path) -> Path:
    copy = tmp_path / "Wochenbericht Übersee.docx"
    copy.write_bytes(built.written["docx"].read_bytes())
    return copy


@pytest.fixture
def marked_docx(tmp_path: Path) -> Path:
    """A hand-made brief: non-ASCII title, TLP:AMBER in the header, no key points."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ministry of Examples — TLP:AMBER"
    document.add_paragraph("Étude régionale — 台海 weekly", style="Title")
    document.add_heading("Semiconductors", level=1)
    document.add_heading("Fab output rises", level=2)
    document.add_paragraph("Output rose <sharply> & quickly.")
    path = tmp_path / "étude.docx"
    document.save(str(path))
    return path


def smtp_for(server, security: str = "none", **changes) -> SmtpSettings:
    settings = SmtpSettings(
        host=server.host,
        port=server.port,
        security=security,
        ca_file=str(server.ca_file),
        sender="Briefing Desk <desk@example.org>",
        timeout=5.0,
        retries=2,
    )
    return dataclasses.replace(settings, **changes)


def request_for(path: Path, **changes) -> EmailRequest:
    request = EmailRequest(
        brief=path,
        to=("Zhang Wei 張偉 <zhang@example.org>", "ops@example.org"),
        cc=("José Núñez <jose@example.org>",),
        bcc=("hidden@example.org",),
    )
    return dataclasses.replace(request, **changes)


def only_message(received: list[Received]) -> Received:
    assert len(received) == 1, f"expected one message, server got {len(received)}"
    return received[0]


def attachment_of(message: EmailMessage) -> EmailMessage:
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    return attachments[0]


# --- reading the brief back -------------------------------------------------------------


def test_digest_has_the_built_briefs_title_key_points_and_sections(built):
    digest = read_digest(built.written["docx"])
    brief = built.brief
    assert digest.title == brief.title
    assert len(digest.key_points) == len(brief.key_points) > 0
    for text, point in zip(digest.key_points, brief.key_points, strict=True):
        assert text.startswith(point.sentence)  # theme labels are not read as key points
    names = [s.name for s in digest.sections]
    themed = [s for s in digest.sections if s.name in {x.theme.name for x in brief.sections}]
    assert [s.name for s in themed] == [x.theme.name for x in brief.sections]
    assert [s.articles for s in themed] == [x.shown for x in brief.sections]
    assert "Key points" not in names
    assert digest.issued == brief.generated_at.date()


def _variant(brief, name: str):
    """The data/ brief changed so the .docx gains (or changes) what a digest reads."""
    if name == "custom marking":
        return dataclasses.replace(brief, marking="official-sensitive")
    if name == "previous and listed":  # "What changed" and "More stories" headings appear
        first, *rest = brief.sections
        cut = dataclasses.replace(first, shown=1)
        counts = {s.theme.id: 1 for s in brief.sections}
        return dataclasses.replace(brief, sections=(cut, *rest), previous_counts=counts)
    return brief


@pytest.mark.parametrize("variant", ["data", "custom marking", "previous and listed"])
def test_digest_from_brief_agrees_with_the_docx_read_back(built, tmp_path, variant):
    """build --email-to takes the digest from the Brief; briefing email reads the .docx.
    Field by field they must agree, or one e-mail of the same brief would differ."""
    brief = _variant(built.brief, variant)
    path = pipeline.render(brief, tmp_path / "brief.docx")
    from_file = digest_of(path.read_bytes(), path)
    from_brief = digest_from_brief(brief)
    assert from_brief == from_file
    assert from_brief.key_points and len(from_brief.sections) > len(brief.sections)
    if variant == "custom marking":
        assert from_brief.marking == "OFFICIAL-SENSITIVE"
    if variant == "previous and listed":
        names = [s.name for s in from_brief.sections]
        assert "What changed" in names and "More stories" in names


def test_digest_from_brief_follows_a_render_marking(built, tmp_path):
    """A marking given to the renderer replaces the brief's own on the page, and so in the
    digest too."""
    options = RenderOptions(marking="TLP:RED")
    path = pipeline.render(built.brief, tmp_path / "brief.docx", options)
    from_brief = digest_from_brief(built.brief, options)
    assert from_brief == digest_of(path.read_bytes(), path)
    assert from_brief.marking == "TLP:RED"


def test_digest_of_a_brief_without_key_points(marked_docx):
    digest = read_digest(marked_docx)
    assert digest.title == "Étude régionale — 台海 weekly"
    assert digest.marking == "TLP:AMBER"
    assert digest.key_points == ()
    assert [(s.name, s.articles) for s in digest.sections] == [("Semiconductors", 1)]


@pytest.mark.parametrize(
    ("text", "marking"),
    [
        ("TLP:CLEAR", "TLP:CLEAR"),
        ("Handling: tlp:amber+strict — do not forward", "TLP:AMBER+STRICT"),
        ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"),
        ("TOP SECRET//NOFORN", "TOP SECRET"),
        ("Ministry of Examples", None),
        ("", None),
    ],
)
def test_find_marking(text, marking):
    assert find_marking(text) == marking


def test_a_file_that_is_not_a_docx_is_one_clear_error(tmp_path):
    fake = tmp_path / "brief.docx"
    fake.write_text("not a zip at all")
    with pytest.raises(DeliveryError, match=r"brief\.docx: not a Word \.docx file"):
        email_brief(request_for(fake, dry_run=tmp_path / "x.eml"), SmtpSettings(sender=USER))


def test_a_missing_brief_is_one_clear_error(tmp_path):
    with pytest.raises(DeliveryError, match="no such file; build the brief first"):
        email_brief(request_for(tmp_path / "gone.docx"), SmtpSettings(sender=USER))


@pytest.mark.parametrize("bad", ["not-an-address", "@example.org", "a@"])
def test_bad_addresses_are_refused_before_anything_is_sent(bad):
    with pytest.raises(DeliveryError, match="not an e-mail address"):
        parse_address(bad)


# --- the message as the server receives it ------------------------------------------------


def test_plain_smtp_delivers_the_whole_message(certificates, brief_docx):
    on_disk = brief_docx.read_bytes()
    with running(certificates) as server:
        result = email_brief(request_for(brief_docx), smtp_for(server))
    got = only_message(server.handler.received)
    assert got.mail_from == "desk@example.org"
    assert sorted(got.rcpt_tos) == sorted(
        ["zhang@example.org", "ops@example.org", "jose@example.org", "hidden@example.org"]
    )
    message = got.message
    assert message.get_content_type() == "multipart/mixed"
    assert "Bcc" not in message and b"hidden@example.org" not in got.data
    assert message["To"].addresses[0].display_name == "Zhang Wei 張偉"
    assert message["Cc"].addresses[0].display_name == "José Núñez"
    assert message["Message-ID"] == result.message_id
    assert message["Date"].datetime is not None
    assert str(message["Subject"]) == result.subject
    issued = read_digest(brief_docx).issued
    assert result.subject.endswith(f" — {issued.day} {issued:%b} {issued.year}")

    body = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative")
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    digest = read_digest(brief_docx)
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for point in digest.key_points:
        assert point in plain
    for section in digest.sections:
        assert section.name in plain and section.name in html
    assert "Key points" in html and "Contents" in html

    attachment = attachment_of(message)
    assert attachment.get_content_type() == DOCX_TYPE
    assert attachment.get_filename() == "Wochenbericht Übersee.docx"
    assert attachment.get_content() == on_disk
    assert brief_docx.read_bytes() == on_disk
    assert all(not part.defects for part in message.walk())


def test_marking_and_non_ascii_subject_are_encoded_and_html_escaped(certificates, marked_docx):
    with running(certificates) as server:
        email_brief(request_for(marked_docx), smtp_for(server))
    got = only_message(server.handler.received)
    headers = got.data.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii(), "non-ASCII headers must be RFC 2047 encoded"
    message = got.message
    assert str(message["Subject"]).startswith("[TLP:AMBER] Étude régionale — 台海 weekly — ")
    assert message["X-Handling-Marking"] == "TLP:AMBER"
    html = message.get_body(("html",)).get_content()
    assert "Étude régionale — 台海 weekly" in html
    assert "Key points" not in html  # the brief has none; no empty heading
    assert "<b>étude.docx</b>" in html
    assert attachment_of(message).get_filename() == "étude.docx"


def test_subject_and_sender_given_by_the_caller_win(certificates, marked_docx):
    with running(certificates) as server:
        email_brief(
            request_for(marked_docx, subject="Wochenbericht — KW 48", sender="x@example.net"),
            smtp_for(server),
        )
    got = only_message(server.handler.received)
    assert got.mail_from == "x@example.net"
    assert str(got.message["Subject"]) == "Wochenbericht — KW 48"


def test_marking_falls_back_to_the_configured_one(certificates, brief_docx):
    # The built brief marks every header and footer; this copy carries no marking.
    document = docx.Document(str(brief_docx))
    for section in document.sections:
        for part in (section.header, section.footer):
            for paragraph in part.paragraphs:
                paragraph.clear()
    document.save(str(brief_docx))
    with running(certificates) as server:
        result = email_brief(request_for(brief_docx, marking="TLP:GREEN"), smtp_for(server))
    assert result.subject.startswith("[TLP:GREEN] ")


def test_dry_run_writes_the_exact_message_and_sends_nothing(certificates, brief_docx, tmp_path):
    eml = tmp_path / "out" / "brief.eml"
    now = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)
    with running(certificates) as server:
        result = email_brief(request_for(brief_docx, dry_run=eml), smtp_for(server), now=now)
    assert server.handler.received == [] and server.handler.data_attempts == 0
    assert result.written == eml and result.size == eml.stat().st_size
    assert "hidden@example.org" in result.recipients
    with eml.open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    assert message["Date"].datetime == now
    assert "Bcc" not in message
    attachment = attachment_of(message)
    assert attachment.get_content_type() == DOCX_TYPE
    assert attachment.get_content() == brief_docx.read_bytes()
    assert all(not part.defects for part in message.walk())
    assert [p.name for p in eml.parent.iterdir()] == ["brief.eml"]  # no temp file left


def test_dry_run_needs_no_server_or_password(brief_docx, tmp_path):
    smtp = SmtpSettings(host=None, user=USER, password=None)
    result = email_brief(request_for(brief_docx, dry_run=tmp_path / "m.eml"), smtp)
    assert result.written is not None and result.attempts == 0


# --- TLS and login ----------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_starttls_with_login(certificates, brief_docx, mechanism):
    other = {"PLAIN": "LOGIN", "LOGIN": "PLAIN"}[mechanism]
    with running(
        certificates, "starttls", with_auth=True, auth_exclude_mechanism=[other]
    ) as server:
        email_brief(
            request_for(brief_docx),
            smtp_for(server, "starttls", user=USER, password=PASSWORD),
        )
    assert server.auth.mechanisms == [mechanism]
    assert attachment_of(only_message(server.handler.received).message).get_content() == (
        brief_docx.read_bytes()
    )


def test_implicit_tls_with_login(certificates, brief_docx):
    # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; this connection is TLS from
    # the first byte, so the server is told not to hide AUTH.
    with running(certificates, "ssl", with_auth=True, auth_require_tls=False) as server:
        result = email_brief(
            request_for(brief_docx), smtp_for(server, "ssl", user=USER, password=PASSWORD)
        )
    assert result.attempts == 1
    assert len(server.auth.mechanisms) == 1
    only_message(server.handler.received)


def test_password_is_asked_for_when_missing(certificates, brief_docx):
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return PASSWORD

    with running(certificates, "starttls", with_auth=True) as server:
        email_brief(
            request_for(brief_docx), smtp_for(server, "starttls", user=USER), ask_password=ask
        )
    assert prompts == [f"SMTP password for {USER}"]
    only_message(server.handler.received)


def test_wrong_password_is_one_line_without_the_password(certificates, brief_docx):
    wrong = PASSWORD + "-wrong"
    with (
        running(certificates, "starttls", with_auth=True) as server,
        pytest.raises(DeliveryError) as caught,
    ):
        email_brief(
            request_for(brief_docx), smtp_for(server, "starttls", user=USER, password=wrong)
        )
    message = str(caught.value)
    assert "refused the login" in message and "535" in message and USER in message
    assert "\n" not in message
    assert PASSWORD not in message
    assert server.handler.received == []


def test_untrusted_certificate_is_a_tls_failure(certificates, brief_docx):
    with (
        running(certificates, "starttls") as server,
        pytest.raises(DeliveryError, match="could not be verified") as caught,
    ):
        email_brief(request_for(brief_docx), smtp_for(server, "starttls", ca_file=None))
    assert "smtp.ca_file" in str(caught.value)
    assert server.handler.received == []


def test_implicit_tls_against_a_plain_server_is_a_tls_failure(certificates, brief_docx):
    with (
        running(certificates) as server,
        pytest.raises(DeliveryError, match=r"TLS with 127\.0\.0\.1:\d+ failed"),
    ):
        email_brief(request_for(brief_docx), smtp_for(server, "ssl"))


def test_starttls_not_offered(certificates, brief_docx):
    with (
        running(certificates) as server,
        pytest.raises(DeliveryError, match="does not offer STARTTLS"),
    ):
        email_brief(request_for(brief_docx), smtp_for(server, "starttls"))


def test_login_is_refused_over_an_unencrypted_connection(certificates, brief_docx):
    with (
        running(certificates) as server,
        pytest.raises(ConfigError, match="unencrypted"),
    ):
        email_brief(request_for(brief_docx), smtp_for(server, "none", user=USER, password=PASSWORD))
    assert server.handler.data_attempts == 0


def test_user_without_password_and_no_prompt(brief_docx):
    smtp = SmtpSettings(host="127.0.0.1", user=USER, sender=USER)
    with pytest.raises(ConfigError, match="BRIEFING_SMTP_PASSWORD"):
        email_brief(request_for(brief_docx), smtp)


def test_no_host_configured(brief_docx):
    with pytest.raises(ConfigError, match=r"\[smtp\].*BRIEFING_SMTP_HOST"):
        email_brief(request_for(brief_docx), SmtpSettings(sender=USER))


def test_no_sender(brief_docx):
    with pytest.raises(ConfigError, match="no sender address"):
        email_brief(request_for(brief_docx), SmtpSettings(host="127.0.0.1"))


# --- refusals, retries and network faults --------------------------------------------------


def test_partial_refusal_is_reported_per_address_and_the_rest_get_it(certificates, brief_docx):
    handler = Recorder(refuse={"ops@example.org", "hidden@example.org"})
    with (
        running(certificates, handler=handler) as server,
        pytest.raises(RecipientsRefusedError) as caught,
    ):
        email_brief(request_for(brief_docx), smtp_for(server))
    error = caught.value
    assert set(error.refused) == {"ops@example.org", "hidden@example.org"}
    assert error.refused["ops@example.org"].startswith("550 5.1.1")
    assert sorted(error.accepted) == ["jose@example.org", "zhang@example.org"]
    lines = str(error).splitlines()
    assert lines[0].startswith("refused ops@example.org: 550")
    assert lines[1].startswith("refused hidden@example.org: 550")
    assert sorted(only_message(server.handler.received).rcpt_tos) == sorted(error.accepted)


def test_every_recipient_refused(certificates, brief_docx):
    handler = Recorder(refuse={"a@example.org"})
    with (
        running(certificates, handler=handler) as server,
        pytest.raises(RecipientsRefusedError, match="sent to nobody") as caught,
    ):
        email_brief(request_for(brief_docx, to=("a@example.org",), cc=(), bcc=()), smtp_for(server))
    assert caught.value.accepted == ()
    assert server.handler.received == []


def test_temporary_failure_is_retried_until_it_succeeds(certificates, brief_docx):
    handler = Recorder(busy_data=2)
    with running(certificates, handler=handler) as server:
        result = email_brief(request_for(brief_docx), smtp_for(server, retries=3), backoff=FAST)
    assert result.attempts == 3
    assert server.handler.data_attempts == 3
    only_message(server.handler.received)


def test_temporary_failure_retries_are_bounded(certificates, brief_docx):
    handler = Recorder(busy_data=100)
    with (
        running(certificates, handler=handler) as server,
        pytest.raises(DeliveryError, match=r"451.*still failing after 3 attempts"),
    ):
        email_brief(request_for(brief_docx), smtp_for(server, retries=2), backoff=FAST)
    assert server.handler.data_attempts == 3
    assert server.handler.received == []


def test_temporarily_refused_recipient_gets_it_on_retry(certificates, brief_docx):
    handler = Recorder(busy_rcpt={"ops@example.org": 1})
    with running(certificates, handler=handler) as server:
        result = email_brief(request_for(brief_docx), smtp_for(server), backoff=FAST)
    assert result.attempts == 2
    first, second = server.handler.received
    assert "ops@example.org" not in first.rcpt_tos
    assert second.rcpt_tos == ["ops@example.org"]
    assert first.data == second.data  # the same message, same Message-ID


def test_slow_server_times_out(certificates, brief_docx):
    handler = Recorder(delay=3.0)
    with (
        running(certificates, handler=handler) as server,
        pytest.raises(DeliveryError, match=r"did not answer within 0\.5 s"),
    ):
        email_brief(request_for(brief_docx), smtp_for(server, timeout=0.5))


def test_message_larger_than_the_servers_size_limit(certificates, brief_docx):
    with (
        running(certificates, data_size_limit=20_000) as server,
        pytest.raises(DeliveryError, match=r"accepts at most 20,000 bytes"),
    ):
        email_brief(request_for(brief_docx), smtp_for(server))
    assert server.handler.data_attempts == 0


def test_connection_refused(brief_docx):
    on_disk = brief_docx.read_bytes()
    mtime = brief_docx.stat().st_mtime_ns
    smtp = SmtpSettings(host="127.0.0.1", port=free_port(), security="none", sender=USER)
    with pytest.raises(DeliveryError, match=r"127\.0\.0\.1:\d+ refused the connection"):
        email_brief(request_for(brief_docx), smtp)
    assert brief_docx.read_bytes() == on_disk and brief_docx.stat().st_mtime_ns == mtime


def test_unknown_host(brief_docx):
    smtp = SmtpSettings(host="no-such-host.invalid", security="none", sender=USER, timeout=5)
    with pytest.raises(DeliveryError, match=r"cannot resolve the SMTP host 'no-such-host\.invalid"):
        email_brief(request_for(brief_docx), smtp)


def test_non_ascii_mailbox_is_refused_with_a_clear_reason():
    with pytest.raises(DeliveryError, match="addresses must be ASCII"):
        parse_address("Zoë <zoë@example.org>")


def test_an_address_given_twice_is_sent_once(certificates, brief_docx):
    request = request_for(
        brief_docx, to=("ops@example.org",), cc=("OPS@example.org",), bcc=("ops@example.org",)
    )
    with running(certificates) as server:
        result = email_brief(request, smtp_for(server))
    assert result.recipients == ("ops@example.org",)
    assert only_message(server.handler.received).rcpt_tos == ["ops@example.org"]


def test_the_library_sends_with_briefing_send(tmp_path):
    """``briefing.send`` is the deliver stage's e-mail function, usable without the CLI."""
    import email as email_lib

    import briefing

    brief = briefing.render(
        briefing.assemble_brief([], {}, {}, briefing.load_themes()), tmp_path / "b.docx"
    )
    request = briefing.EmailRequest(
        brief=brief, to=("desk@example.org",), dry_run=tmp_path / "b.eml"
    )
    result = briefing.send(request, briefing.SmtpSettings(sender="brief@example.org"))
    message = email_lib.message_from_bytes((tmp_path / "b.eml").read_bytes())
    assert result.recipients == ("desk@example.org",)
    assert message["To"] == "desk@example.org"
    (attachment,) = [p for p in message.walk() if p.get_filename()]
    assert attachment.get_payload(decode=True) == brief.read_bytes()
