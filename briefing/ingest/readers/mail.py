"""E-mail: single messages (.eml) and mailboxes (.mbox), via the standard library.

The subject is the title, the sender the author (and, by display name, the source),
the Date header the date. The text is the text/plain part, else the HTML part reduced
to its text; attachments are ignored. The signature (after a ``-- `` line) is dropped.
A forwarded message is read as the original: its own From, Date and Subject lines in
the body win over the forwarder's, and a ``Fwd:`` prefix is dropped from the title.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import os
import re
import tempfile
from collections.abc import Iterator
from email.message import Message
from email.utils import parseaddr
from typing import ClassVar

from briefing.errors import IngestError
from briefing.ingest.readers.assemble import make_article, markup_to_paragraphs
from briefing.ingest.readers.base import InputData, ReaderOptions, head_text, register
from briefing.models import Article
from briefing.text import paragraphs as split_paragraphs

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]")
# Headers only a mail carries (a plain-text article may start with Date: or Title:).
_MAIL_HEADERS = frozenset(
    {"subject", "message-id", "mime-version", "received", "return-path", "to", "cc", "x-mailer"}
)
_MBOX_FROM = re.compile(r"^From \S+")
_FORWARD_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw)\s*:\s*)+", re.IGNORECASE)
_SIGNATURE = re.compile(r"\n-- ?\n.*\Z", re.DOTALL)
_FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:Forwarded|Original) message\s*-{2,}|Begin forwarded message:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def _header_names(text: str) -> set[str]:
    names = set()
    for line in text.split("\n"):
        if not line.strip():
            break
        if line[:1] in " \t":
            continue  # a folded header's continuation
        match = _HEADER_LINE.match(line)
        if not match:
            return set()
        names.add(match.group(1).lower())
    return names


def looks_like_mail(head: bytes) -> bool:
    text = head_text(head).replace("\r\n", "\n").lstrip("\n")
    if _MBOX_FROM.match(text):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    names = _header_names(text)
    return "from" in names and bool(names & _MAIL_HEADERS)


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # a charset name Python does not know
        return payload.decode("utf-8", errors="replace")


def _forwarded(plain: str) -> tuple[str, dict[str, str]]:
    """The forwarded message's own text and headers, when ``plain`` forwards one."""
    marker = _FORWARD_MARKER.search(plain)
    if not marker:
        return plain, {}
    headers: dict[str, str] = {}
    lines = plain[marker.end() :].lstrip("\n").split("\n")
    while lines and (match := _HEADER_LINE.match(lines[0])):
        headers[match.group(1).lower()] = lines[0][match.end() :].strip()
        lines = lines[1:]
    return "\n".join(lines), headers


def _body(message: Message) -> tuple[list[str], dict[str, str]]:
    plain: str | None = None
    html: str | None = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _decoded(part)
        elif kind == "text/html" and html is None:
            html = _decoded(part)
    if plain and plain.strip():
        text, headers = _forwarded(_SIGNATURE.sub("", plain.replace("\r\n", "\n")))
        return split_paragraphs(text), headers
    if html:
        return markup_to_paragraphs(html), {}
    return [], {}


def _parse(data: bytes) -> Message:
    """The message with its headers as they were sent.

    Parsed with the fast compat32 policy: the modern policy builds a header object each
    time a header is read (content type, disposition and charset of every part, several
    times), which was most of the time of reading a large mailbox. ``_article`` decodes
    the few headers it shows exactly as the modern policy would.
    """
    return email.message_from_bytes(data, policy=email.policy.compat32)


def _header(message: Message, key: str) -> str:
    """The first ``key`` header, decoded (encoded words, bad bytes) as policy.default does."""
    raw = next((value for name, value in message.raw_items() if name.lower() == key), None)
    return "" if raw is None else str(email.policy.default.header_fetch_parse(key, raw))


def _article(name: str, position: int, message: Message, url: str | None) -> Article | None:
    paragraphs, forwarded = _body(message)

    def header(key: str) -> str:
        return forwarded.get(key) or _header(message, key)

    sender = header("from")
    display, address = parseaddr(sender)
    subject = _FORWARD_PREFIX.sub("", header("subject"))
    return make_article(
        name,
        position,
        paragraphs,
        title=subject or None,
        source=display or address or None,
        date=header("date") or None,
        url=url,
        author=sender if display or address else None,
    )


def _mbox_messages(data: bytes) -> Iterator[Message]:
    """Each message in turn: a mailbox of 10,000 is never all parsed in memory at once."""
    # mailbox reads only from a path; the bytes may have come from a URL or stdin.
    handle, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        box = mailbox.mbox(path, create=False)
        try:
            for key in box.iterkeys():
                yield _parse(box.get_bytes(key))
        finally:
            box.close()
    finally:
        os.unlink(path)


@register
class MailReader:
    """Reads .eml messages and .mbox mailboxes, one article per message."""

    name: ClassVar[str] = "mail"
    extensions: ClassVar[tuple[str, ...]] = (".eml", ".mbox", ".mbx")
    media_types: ClassVar[tuple[str, ...]] = ("message/rfc822", "application/mbox")
    specificity: ClassVar[int] = 30

    def __init__(self, options: ReaderOptions) -> None:
        self.options = options

    def sniff(self, head: bytes) -> bool:
        return looks_like_mail(head)

    def read(self, source: InputData) -> list[Article]:
        data = source.data.lstrip(b"\r\n")
        messages = _mbox_messages(data) if data.startswith(b"From ") else iter([_parse(data)])
        articles = []
        for position, message in enumerate(messages):
            article = _article(source.name, position, message, source.url)
            if article is not None:
                articles.append(article)
        if not articles:
            raise IngestError(f"{source.name}: no message with a text or HTML body")
        return articles
