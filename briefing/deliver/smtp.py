"""Send bytes through an SMTP server, turning every way it can fail into one clear line.

Transient (4xx) replies are retried with bounded exponential backoff; everything else fails
at once. The password is sent only over TLS and never appears in a message or a log line.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from briefing.errors import ConfigError, DeliveryError
from briefing.settings import SmtpSettings

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer  # smtplib's own signature; exists only in stubs

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
MAX_BACKOFF = 60.0
# RFC 5321 §4.5.3.1.8: every server must take at least 100 recipients in one message.
MAX_RECIPIENTS = 100
SHOWN_REFUSALS = 10  # refused addresses listed one a line; beyond that, a summary
_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/]{4,}={0,2}")


def redact(text: str, secret: str | None) -> str:
    """``text`` with ``secret`` masked as written, percent- or backslash-escaped, and inside
    any base64 token (a server echoing ``AUTH PLAIN <base64>`` in its reply)."""
    if not secret:
        return text
    for form in {secret, repr(secret)[1:-1], secret.encode("utf-8").hex()}:
        text = text.replace(form, "***")

    def masked(match: re.Match[str]) -> str:
        token = match.group(0)
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            return token
        return "***" if secret.encode("utf-8") in decoded else token

    return _BASE64_TOKEN.sub(masked, text)


def advice(reply: str) -> str:
    """What to do about a refused recipient, by the reply's code (RFC 5321 §4.2)."""
    if reply.startswith("4"):
        return "a temporary refusal; try again later"
    if reply.startswith(("550", "551", "553", "5.1")):
        return "check the addresses"
    return "see the server's reply"


class RecipientsRefusedError(DeliveryError):
    """Some or all recipients were refused; ``accepted`` got the message."""

    def __init__(self, refused: Mapping[str, str], accepted: Sequence[str]) -> None:
        self.refused = MappingProxyType(dict(refused))
        self.accepted = tuple(accepted)
        shown = list(self.refused.items())[:SHOWN_REFUSALS]
        lines = [f"refused {address}: {reason}" for address, reason in shown]
        if len(self.refused) > len(shown):
            codes = sorted({reason[:3] for reason in self.refused.values()})
            lines.append(
                f"... and {len(self.refused) - len(shown)} more refused "
                f"({len(self.refused)} in all, replies {', '.join(codes)})"
            )
        if self.accepted:
            names = ", ".join(self.accepted[:SHOWN_REFUSALS])
            more = len(self.accepted) - SHOWN_REFUSALS
            names += f" and {more} more" if more > 0 else ""
            lines.append(f"sent to the other {len(self.accepted)}: {names}")
        else:
            first = next(iter(self.refused.values()), "")
            lines.append(f"the message was sent to nobody; {advice(first)}")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class SendResult:
    accepted: tuple[str, ...]
    attempts: int


def port_of(smtp: SmtpSettings) -> int:
    return smtp.port or DEFAULT_PORTS[smtp.security]


def tls_context(smtp: SmtpSettings) -> ssl.SSLContext:
    """Certificates are verified against the system store, or ``ca_file`` when set."""
    try:
        return ssl.create_default_context(cafile=smtp.ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(
            f"smtp.ca_file {smtp.ca_file!r}: cannot load ({exc}); "
            "point it at a PEM file of CA certificates"
        ) from None


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


class _Utf8(str):
    """Text smtplib encodes as UTF-8 (RFC 4616, 4954), not ASCII: a password like "Pässwort"
    used to crash the login. smtplib calls ``.encode("ascii")`` on what the auth methods
    return and on the password itself."""

    __slots__ = ()

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return str.encode(self, "utf-8", errors)


class _Utf8Auth(smtplib.SMTP):
    def auth_plain(self, challenge: ReadableBuffer | None = None) -> str:
        return _Utf8(super().auth_plain(challenge))

    def auth_login(self, challenge: ReadableBuffer | None = None) -> str:
        return _Utf8(super().auth_login(challenge))


class _Smtp(_Utf8Auth):
    pass


class _SmtpSsl(_Utf8Auth, smtplib.SMTP_SSL):
    pass


class _Session:
    """One SMTP connection, with the context needed to explain its faults."""

    def __init__(self, smtp: SmtpSettings, context: ssl.SSLContext | None) -> None:
        self.smtp = smtp
        self.host = smtp.host or ""
        self.port = port_of(smtp)
        self.where = f"{self.host}:{self.port}"
        self.context = context

    def redact(self, text: str | bytes) -> str:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return redact(text, self.smtp.password)

    def reply(self, exc: smtplib.SMTPResponseException) -> str:
        return f"{exc.smtp_code} {self.redact(exc.smtp_error)}".strip()

    def connect(self) -> smtplib.SMTP:
        timeout = self.smtp.timeout
        if self.smtp.security == "ssl":
            return _SmtpSsl(self.host, self.port, timeout=timeout, context=self.context)
        return _Smtp(self.host, self.port, timeout=timeout)

    def transact(self, sender: str, recipients: Sequence[str], data: bytes) -> dict[str, str]:
        """Send once; the refused recipients with their replies (4xx ones may be retried)."""
        with self.connect() as server:
            server.ehlo()
            if self.smtp.security == "starttls":
                server.starttls(context=self.context)
                server.ehlo()
            if self.smtp.user:
                server.login(_Utf8(self.smtp.user), _Utf8(self.smtp.password or ""))
            limit = int(server.esmtp_features.get("size", "0") or 0)
            if limit and len(data) > limit:
                raise DeliveryError(
                    f"the message is {_mb(len(data))} but {self.host} accepts at most "
                    f"{_mb(limit)}; send a smaller brief or ask for a higher limit"
                )
            try:
                refused = server.sendmail(sender, list(recipients), data)
            except smtplib.SMTPRecipientsRefused as exc:
                refused = exc.recipients
        return {
            address: f"{code} {self.redact(text)}".strip()
            for address, (code, text) in refused.items()
        }

    def explain(self, exc: BaseException) -> DeliveryError:
        """One line a user can act on, for anything ``transact`` can raise."""
        where = self.where
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return DeliveryError(
                f"{where} refused the login for {self.smtp.user!r} ({self.reply(exc)}); "
                "check smtp.user and BRIEFING_SMTP_PASSWORD"
            )
        if isinstance(exc, smtplib.SMTPSenderRefused) and exc.smtp_code < 500:
            return DeliveryError(f"{where} is busy or closing ({self.reply(exc)}); try again later")
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return DeliveryError(
                f"{where} refused the sender {exc.sender} ({self.reply(exc)}); "
                "use --from or smtp.sender with an address this server lets you send from"
            )
        if isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code == 552:
            return DeliveryError(
                f"{where} refused the message as too large ({self.reply(exc)}); "
                "send a smaller brief or ask for a higher limit"
            )
        if isinstance(exc, smtplib.SMTPDataError):
            return DeliveryError(f"{where} refused the message ({self.reply(exc)})")
        if isinstance(exc, smtplib.SMTPResponseException):
            return DeliveryError(f"{where} answered {self.reply(exc)}")
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            if self.smtp.security == "starttls" and "STARTTLS" in str(exc):
                return DeliveryError(
                    f"{where} does not offer STARTTLS; use smtp.security = 'ssl' (port 465), "
                    "or 'none' only on a trusted network"
                )
            return DeliveryError(
                f"{where} does not offer login (AUTH) on this connection; "
                "use smtp.security = 'starttls' or 'ssl', or unset smtp.user"
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            if isinstance(exc.__context__, TimeoutError):
                return self._timeout()
            return DeliveryError(
                f"{where} closed the connection unexpectedly ({self.redact(str(exc))})"
            )
        if isinstance(exc, smtplib.SMTPException):
            return DeliveryError(f"SMTP with {where} failed ({self.redact(str(exc))})")
        if isinstance(exc, ssl.SSLCertVerificationError):
            return DeliveryError(
                f"the TLS certificate of {self.host} could not be verified "
                f"({exc.verify_message}); set smtp.ca_file to the CA that signed it"
            )
        if isinstance(exc, ssl.SSLError):
            return DeliveryError(
                f"TLS with {where} failed ({exc.reason or exc}); check smtp.security "
                "('ssl' for port 465, 'starttls' for 587) and smtp.port"
            )
        if isinstance(exc, socket.gaierror):
            return DeliveryError(
                f"cannot resolve the SMTP host {self.host!r} ({exc.strerror}); check smtp.host"
            )
        if isinstance(exc, ConnectionRefusedError):
            return DeliveryError(
                f"{where} refused the connection; is the SMTP server running there "
                "and are smtp.host and smtp.port right?"
            )
        if isinstance(exc, TimeoutError):
            return self._timeout()
        if isinstance(exc, OSError):
            return DeliveryError(f"cannot reach {where} ({exc.strerror or exc})")
        return DeliveryError(f"sending through {where} failed ({self.redact(str(exc))})")

    def _timeout(self) -> DeliveryError:
        return DeliveryError(
            f"{self.where} did not answer within {self.smtp.timeout:g} s; "
            "check smtp.host and smtp.port, or raise smtp.timeout"
        )


def _backoff_delay(first: float, attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th try: ``first``, doubling, capped."""
    return min(first * 2 ** (attempts - 1), MAX_BACKOFF)


def _check(smtp: SmtpSettings) -> None:
    if not smtp.host:
        raise ConfigError(
            "no SMTP server configured; set host in the [smtp] table of briefing.toml "
            "or BRIEFING_SMTP_HOST"
        )
    if smtp.user and smtp.security == "none":
        raise ConfigError(
            "refusing to send the SMTP password unencrypted; "
            "set smtp.security to 'starttls' or 'ssl'"
        )
    if smtp.user and not smtp.password:
        raise ConfigError(
            f"smtp.user is {smtp.user!r} but no password was given; "
            "set BRIEFING_SMTP_PASSWORD (never a flag)"
        )


def send_smtp(
    data: bytes,
    sender: str,
    recipients: Sequence[str],
    smtp: SmtpSettings,
    *,
    context: ssl.SSLContext | None = None,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Deliver ``data`` to every recipient; raise DeliveryError unless all accepted it.

    Recipients go at most ``MAX_RECIPIENTS`` per transaction; a 452 ("too many
    recipients") after some were accepted sends the rest in the next transaction at once
    (RFC 5321 §4.5.3.1.10). Other 4xx replies (greylisting, a full queue) are retried
    ``smtp.retries`` times, waiting ``backoff`` seconds, then twice as long each time. A
    partial refusal raises RecipientsRefusedError after the message went to the others.
    """
    _check(smtp)
    session = _Session(smtp, context or (tls_context(smtp) if smtp.security != "none" else None))
    queue = list(dict.fromkeys(recipients))
    accepted: list[str] = []
    refused: dict[str, str] = {}
    attempts = 0  # transactions tried
    failures = 0  # temporary failures so far, for the backoff and the retry bound
    while queue:
        batch, queue = queue[:MAX_RECIPIENTS], queue[MAX_RECIPIENTS:]
        attempts += 1
        logger.debug(
            "sending to %d recipient(s) via %s (%s), attempt %d",
            len(batch),
            session.where,
            smtp.security,
            attempts,
        )
        try:
            replies = session.transact(sender, batch, data)
        except smtplib.SMTPResponseException as exc:
            if not 400 <= exc.smtp_code < 500:
                raise session.explain(exc) from None
            failures += 1
            if failures > smtp.retries:
                raise DeliveryError(
                    f"{session.explain(exc)}; still failing after {failures} attempts, "
                    "try again later"
                ) from None
            logger.warning("temporary failure from %s: %s", session.where, session.reply(exc))
            sleep(_backoff_delay(backoff, failures))
            queue = batch + queue
            continue
        except (smtplib.SMTPException, OSError) as exc:
            raise session.explain(exc) from None
        taken = [address for address in batch if address not in replies]
        accepted += taken
        later = [a for a, reply in replies.items() if taken and reply.startswith("452")]
        retry = [a for a, reply in replies.items() if reply.startswith("4") and a not in later]
        refused.update({a: reply for a, reply in replies.items() if not reply.startswith("4")})
        queue = later + queue  # the server's per-message limit: the next transaction
        if retry and failures < smtp.retries:
            failures += 1
            logger.warning("temporary refusal of %d recipient(s); retrying", len(retry))
            sleep(_backoff_delay(backoff, failures))
            queue = retry + queue
        else:
            refused.update({a: replies[a] for a in retry})
    if refused:
        raise RecipientsRefusedError(refused, accepted)
    return SendResult(accepted=tuple(accepted), attempts=attempts)
