"""A real SMTP server (aiosmtpd) in the test process, and the briefs to send through it.

Not a mock: smtplib talks to it over TCP on 127.0.0.1, with real TLS when asked.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "analyst@example.org"
PASSWORD = "Sw0rdfish-uniq-7731"  # distinctive, so a leak is easy to spot in any output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """aiosmtpd handler: records what arrives; can refuse, stall or fail temporarily."""

    refuse: set[str] = field(default_factory=set)  # 550 for these recipients
    busy_rcpt: dict[str, int] = field(default_factory=dict)  # address -> 450s left
    busy_data: int = 0  # how many DATA commands get 451 before one succeeds
    delay: float = 0.0  # seconds to stall before answering DATA
    received: list[Received] = field(default_factory=list)
    data_attempts: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: recipient unknown"
        if self.busy_rcpt.get(address, 0) > 0:
            self.busy_rcpt[address] -= 1
            return f"450 4.2.1 <{address}>: mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_attempts += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.busy_data > 0:
            self.busy_data -= 1
            return "451 4.3.0 queue full, try again later"
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 2.0.0 accepted"


@dataclass
class Authenticator:
    """Accepts USER/PASSWORD; remembers which mechanism each login used."""

    mechanisms: list[str] = field(default_factory=list)

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        self.mechanisms.append(mechanism)
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USER.encode()
            and auth_data.password == PASSWORD.encode()
        )
        return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    host: str
    port: int
    handler: Recorder
    auth: Authenticator
    ca_file: Path


@dataclass(frozen=True)
class Certificates:
    ca_file: Path
    server_context: ssl.SSLContext


def make_certificates(folder: Path) -> Certificates:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return Certificates(ca_file=ca_file, server_context=context)


@contextmanager
def running(
    certificates: Certificates,
    mode: str = "none",
    handler: Recorder | None = None,
    with_auth: bool = False,
    **smtp_kwargs: Any,
) -> Iterator[Server]:
    """An aiosmtpd server; mode is 'none' (plain), 'starttls' or 'ssl' (implicit TLS)."""
    handler = handler or Recorder()
    auth = Authenticator()
    kwargs: dict[str, Any] = dict(smtp_kwargs)
    if mode == "starttls":
        kwargs["tls_context"] = certificates.server_context
    if mode == "ssl":
        kwargs["ssl_context"] = certificates.server_context
    if with_auth:
        kwargs["authenticator"] = auth
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield Server("127.0.0.1", controller.port, handler, auth, certificates.ca_file)
    finally:
        controller.stop()
