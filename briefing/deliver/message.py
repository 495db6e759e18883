"""Compose the e-mail: a plain-text and an HTML body, and the brief attached."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from briefing.deliver.digest import BriefDigest
from briefing.errors import DeliveryError

DOCX_MAINTYPE = "application"
DOCX_SUBTYPE = "vnd.openxmlformats-officedocument.wordprocessingml.document"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Envelope:
    """Who the message is from and to; bcc only ever reaches the SMTP envelope."""

    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()

    @property
    def sender_address(self) -> str:
        """The bare address for MAIL FROM."""
        return parse_address(self.sender).addr_spec

    @property
    def recipients(self) -> tuple[str, ...]:
        """Every envelope recipient (RCPT TO), each address once, in order."""
        seen: dict[str, str] = {}
        for value in (*self.to, *self.cc, *self.bcc):
            spec = parse_address(value).addr_spec
            seen.setdefault(spec.lower(), spec)
        return tuple(seen.values())


def parse_address(value: str) -> Address:
    """``Name <user@host>`` or ``user@host`` as an Address; a clear error otherwise."""
    msg = EmailMessage(policy=policy.SMTP)
    try:
        msg["To"] = value
        addresses = msg["To"].addresses
    except (ValueError, IndexError, TypeError) as exc:
        raise DeliveryError(
            f"not an e-mail address: {value!r} ({exc}); write it as name@example.org"
        ) from None
    if len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise DeliveryError(f"not an e-mail address: {value!r}; write it as name@example.org")
    address = addresses[0]
    if not address.addr_spec.isascii():
        raise DeliveryError(
            f"{value!r}: addresses must be ASCII (only the display name may use other scripts)"
        )
    return address


def short_date(day: dt.date) -> str:
    """``26 Nov 2026`` in any locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def one_line(text: str) -> str:
    """``text`` fit for a header: line breaks and other control characters folded to spaces
    (a newline in a title or --subject would otherwise make the message unsendable)."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def default_subject(digest: BriefDigest, marking: str | None, today: dt.date) -> str:
    prefix = f"[{marking}] " if marking else ""
    return f"{prefix}{digest.title} — {short_date(digest.issued or today)}"


def plain_body(digest: BriefDigest, marking: str | None, filename: str) -> str:
    lines: list[str] = []
    if marking:
        lines += [marking, ""]
    lines += [digest.title, "=" * min(len(digest.title), 72), ""]
    if digest.key_points:
        lines += ["Key points", ""]
        lines += [f"  * {point}" for point in digest.key_points]
        lines.append("")
    if digest.sections:
        lines += ["Contents", ""]
        lines += [f"  - {_section_label(s.name, s.articles)}" for s in digest.sections]
        lines.append("")
    lines.append(f"The full brief is attached as {filename}.")
    if marking:
        lines += ["", marking]
    return "\n".join(lines) + "\n"


def _section_label(name: str, articles: int) -> str:
    if not articles:
        return name
    return f"{name} ({articles} article{'s' if articles != 1 else ''})"


_P = "margin:0 0 12px 0;font-family:Calibri,Arial,sans-serif;font-size:14px;color:#222222;"
_H = "margin:18px 0 8px 0;font-family:Calibri,Arial,sans-serif;color:#1F3864;"
_MARK = (
    "margin:0 0 12px 0;font-family:Calibri,Arial,sans-serif;font-size:12px;"
    "font-weight:bold;letter-spacing:1px;color:#595959;"
)
_LI = "margin:0 0 6px 0;font-family:Calibri,Arial,sans-serif;font-size:14px;color:#222222;"


def html_body(digest: BriefDigest, marking: str | None, filename: str) -> str:
    """Inline styles only: mail clients drop <style> blocks and external sheets."""
    e = html.escape
    parts = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">',
        f"<title>{e(digest.title)}</title>",
    ]
    parts.append('</head><body style="margin:0;padding:16px;background:#ffffff;">')
    if marking:
        parts.append(f'<p style="{_MARK}">{e(marking)}</p>')
    parts.append(f'<h1 style="{_H}font-size:22px;">{e(digest.title)}</h1>')
    if digest.key_points:
        parts.append(f'<h2 style="{_H}font-size:17px;">Key points</h2><ul>')
        parts += [f'<li style="{_LI}">{e(point)}</li>' for point in digest.key_points]
        parts.append("</ul>")
    if digest.sections:
        parts.append(f'<h2 style="{_H}font-size:17px;">Contents</h2><ul>')
        parts += [
            f'<li style="{_LI}">{e(_section_label(s.name, s.articles))}</li>'
            for s in digest.sections
        ]
        parts.append("</ul>")
    parts.append(f'<p style="{_P}">The full brief is attached as <b>{e(filename)}</b>.</p>')
    if marking:
        parts.append(f'<p style="{_MARK}">{e(marking)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def compose(
    digest: BriefDigest,
    attachment: bytes,
    filename: str,
    envelope: Envelope,
    subject: str,
    marking: str | None,
    now: dt.datetime,
) -> EmailMessage:
    """multipart/mixed: multipart/alternative (text, HTML) + the .docx attachment."""
    message = EmailMessage(policy=policy.SMTP)
    sender = parse_address(envelope.sender)
    message["From"] = sender
    message["To"] = [parse_address(a) for a in envelope.to]
    if envelope.cc:
        message["Cc"] = [parse_address(a) for a in envelope.cc]
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    if marking:
        # Lets mail filters and DLP rules see the marking without parsing the subject.
        message["X-Handling-Marking"] = one_line(marking)
    message.set_content(plain_body(digest, marking, filename))
    message.add_alternative(html_body(digest, marking, filename), subtype="html")
    message.add_attachment(
        attachment, maintype=DOCX_MAINTYPE, subtype=DOCX_SUBTYPE, filename=filename
    )
    return message
