"""E-mail a built brief: read it back, compose the message, write it or send it."""

from __future__ import annotations

import datetime as dt
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from email import policy
from pathlib import Path

from briefing import fileio
from briefing.deliver import smtp as smtp_client
from briefing.deliver.digest import BriefDigest, digest_of, read_brief
from briefing.deliver.message import Envelope, compose, default_subject, one_line
from briefing.errors import ConfigError, DeliveryError
from briefing.settings import SmtpSettings


@dataclass(frozen=True)
class EmailRequest:
    brief: Path
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str | None = None
    sender: str | None = None  # default: smtp.sender, then smtp.user if it is an address
    dry_run: Path | None = None  # write the message here as .eml instead of sending
    marking: str | None = None  # used when the document itself carries no marking
    # What the body says, when the caller has the Brief (``digest_from_brief``: build
    # --email-to); else it is read back from the .docx (``briefing email``).
    digest: BriefDigest | None = None

    def __post_init__(self) -> None:
        # Callers from Python pass plain strings as often as Paths; both mean a file.
        object.__setattr__(self, "brief", Path(self.brief))
        if self.dry_run is not None:
            object.__setattr__(self, "dry_run", Path(self.dry_run))
        for name in ("to", "cc", "bcc"):
            value = getattr(self, name)
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))


@dataclass(frozen=True)
class EmailResult:
    message_id: str
    subject: str
    recipients: tuple[str, ...]  # the SMTP envelope, bcc included
    size: int  # bytes of the message as sent (or written)
    written: Path | None = None  # the .eml of a dry run
    attempts: int = 0  # SMTP transactions needed (0 for a dry run)


def sender_of(request: EmailRequest, smtp: SmtpSettings) -> str:
    for candidate in (request.sender, smtp.sender, smtp.user):
        if candidate and "@" in candidate:
            return candidate
    raise ConfigError(
        "no sender address; set sender in the [smtp] table of the config or "
        "BRIEFING_SMTP_SENDER (briefing email also takes --from)"
    )


def message_bytes(
    request: EmailRequest, smtp: SmtpSettings, now: dt.datetime | None = None
) -> tuple[bytes, Envelope, str, str]:
    """The exact bytes to send (CRLF line ends), the envelope, the subject and Message-ID."""
    if not request.to:
        raise DeliveryError("no recipient; pass at least one --to address")
    attachment = read_brief(request.brief)
    digest = request.digest or digest_of(attachment, request.brief)
    now = now or dt.datetime.now().astimezone()
    marking = digest.marking or request.marking
    subject = one_line(request.subject or default_subject(digest, marking, now.date()))
    envelope = Envelope(
        sender=sender_of(request, smtp), to=request.to, cc=request.cc, bcc=request.bcc
    )
    message = compose(digest, attachment, request.brief.name, envelope, subject, marking, now=now)
    return message.as_bytes(policy=policy.SMTP), envelope, subject, message["Message-ID"]


def email_brief(
    request: EmailRequest,
    smtp: SmtpSettings,
    *,
    ask_password: Callable[[str], str] | None = None,
    context: ssl.SSLContext | None = None,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    now: dt.datetime | None = None,
) -> EmailResult:
    """Send the brief (or, with ``dry_run``, write the message) and say what happened.

    ``ask_password`` is called when smtp.user is set without a password (an interactive
    prompt); the brief file is only ever read.
    """
    data, envelope, subject, message_id = message_bytes(request, smtp, now)
    result = EmailResult(
        message_id=message_id, subject=subject, recipients=envelope.recipients, size=len(data)
    )
    if request.dry_run:
        return replace(result, written=fileio.atomic_write(request.dry_run, data))
    if smtp.user and not smtp.password and ask_password is not None:
        smtp = replace(smtp, password=ask_password(f"SMTP password for {smtp.user}"))
    sent = smtp_client.send_smtp(
        data,
        envelope.sender_address,
        envelope.recipients,
        smtp,
        context=context,
        backoff=backoff,
        sleep=sleep,
    )
    return replace(result, attempts=sent.attempts)
