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
from email.message import Message
from email.utils import formataddr, parseaddr
from functools import partial
from typing import ClassVar

from briefing import forking
from briefing.errors import IngestError
from briefing.ingest.readers.assemble import make_article, markup_to_paragraphs
from briefing.ingest.readers.base import InputData, ReaderOptions, head_text, register
from briefing.models import Article
from briefing.registry import Configured
from briefing.text import paragraphs as split_paragraphs

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]")
# A header as real mail writes it: RFC 5322 field name, maybe obsolete space before the
# colon, maybe no space or no value after it ("To:", "Cc:foo", "From  : a@b").
_LOOSE_HEADER = re.compile(r"^([!-9;-~]+)[ \t]*:")
# Headers only a mail carries (a plain-text article may start with Date: or Title:).
_MAIL_HEADERS = frozenset(
    {
        "subject", "message-id", "mime-version", "received", "return-path", "to", "cc",
        "x-mailer", "delivered-to", "reply-to", "in-reply-to", "references", "content-type",
        "content-transfer-encoding", "sender", "envelope-to", "dkim-signature",
    }
)  # fmt: skip
# Headers of the plain-text reader's own header block: with one of them it is an article.
_ARTICLE_HEADERS = frozenset({"title", "headline", "source", "publisher", "url", "link", "author"})
# Broken lines tolerated in a header block (a stray word before a header, "__" from a
# paste): mikel/mail's fixtures have at most one; two keeps a margin, and a text whose
# top lines are prose never gets this far because it has no mail-only header.
MAX_BROKEN_HEADER_LINES = 2
_MBOX_FROM = re.compile(r"^From \S+")
_FORWARD_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw)\s*:\s*)+", re.IGNORECASE)
_SIGNATURE = re.compile(r"\n-- ?\n.*\Z", re.DOTALL)
_FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:Forwarded|Original) message\s*-{2,}|Begin forwarded message:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def _header_names(text: str) -> set[str]:
    """Field names of the header block at the top of ``text``; empty when it is not one."""
    names: set[str] = set()
    broken = 0
    for line in text.split("\n"):
        if not line.strip():
            break
        if line[:1] in " \t":
            continue  # a folded header's continuation
        match = _LOOSE_HEADER.match(line)
        if match:
            names.add(match.group(1).lower())
            continue
        broken += 1
        if broken > MAX_BROKEN_HEADER_LINES or not names:
            return set()
    return names


def looks_like_mail(head: bytes) -> bool:
    """A header block at the top with a mail-only header and none of an article's own."""
    text = head_text(head).replace("\r\n", "\n").lstrip("\n")
    if _MBOX_FROM.match(text):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    names = _header_names(text)
    mail_only = names & _MAIL_HEADERS
    if not mail_only or names & _ARTICLE_HEADERS:
        return False
    # One mail header among lines of notes ("Subject: …", "Taiwan: …") is a memo in text;
    # a sender, two mail headers, or nothing but mail headers is a message.
    return "from" in names or len(mail_only) >= 2 or names <= _MAIL_HEADERS | {"date"}


_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LOOSE_HEADER_BYTES = re.compile(rb"^([!-9;-~]+)[ \t]+:")


def _repaired(data: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The message with a header block Python's parser accepts, and the raw header values.

    Real mail breaks RFC 5322 in ways the parser stops at (a stray line ends the headers
    and the rest lands in the body): a line that is neither a header nor a folded
    continuation is dropped, and ``Name  :`` loses the space before its colon. The raw
    values let a header sent as 8-bit bytes (no RFC 2047 encoding) be decoded properly.
    """
    end = _HEADER_END.search(data)
    block, rest = (data[: end.start()], data[end.start() :]) if end else (data, b"")
    lines: list[bytes] = []
    raw: dict[str, bytes] = {}
    name = ""
    for line in block.splitlines():
        if line[:1] in (b" ", b"\t") and lines:
            lines.append(line)
            if name:
                raw[name] += b" " + line.strip()
            continue
        line = _LOOSE_HEADER_BYTES.sub(rb"\1:", line, count=1)
        field, colon, value = line.partition(b":")
        if not colon or not re.fullmatch(rb"[!-9;-~]+", field):
            name = ""
            continue  # a broken line
        field_name = field.decode("ascii").lower()
        name = "" if field_name in raw else field_name  # the first of repeated headers
        if name:
            raw[name] = value.strip()
        lines.append(line)
    return b"\r\n".join(lines) + rest, raw


def _text_of(data: bytes, charset: str | None) -> str:
    """Bytes as text: 8-bit bytes that are valid UTF-8 as UTF-8 (mail often mislabels it),
    else the declared charset (7-bit ones such as ISO-2022-JP too), else Latin-1."""
    if not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(charset or "latin-1", errors="replace")
    except LookupError:  # a charset name Python does not know
        return data.decode("latin-1")


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return _text_of(payload, part.get_content_charset())


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


def _header(message: Message, key: str) -> str:
    """The first ``key`` header, decoded (encoded words) as policy.default would."""
    value = next((v for name, v in message.raw_items() if name.lower() == key), None)
    if value is None:
        return ""
    if key in _PLAIN_WHEN_ASCII and value.isascii() and "=?" not in value:
        return "".join(value.splitlines())
    if key == "from" and (simple := _SIMPLE_ADDRESS.match("".join(value.splitlines()))):
        return formataddr(parseaddr(simple.group()))
    return str(email.policy.default.header_fetch_parse(key, value))


# policy.default's header parser took a third of reading a 10,000-message mailbox, for
# three headers of each message. Where it would only unfold the value, or only normalise
# one well-formed address, this does the same (tests/test_fast_paths.py holds the two to
# each other): a subject in plain ASCII with no encoded word is the value unfolded; a
# date too, which parses to the same day (the policy pads it and adds the weekday, "Mon,
# 06 Jun 2005"); a sender that is one address, bare or under a plain or quoted name, is
# what formataddr makes of it ('"Shelby" <s@x.tk>' -> 'Shelby <s@x.tk>'). Anything else
# (several addresses, groups, comments, encoded words, 8-bit text) goes to the policy.
_PLAIN_WHEN_ASCII = frozenset({"subject", "date"})
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+"
_SIMPLE_ADDRESS = re.compile(
    rf"^(?:(?:[A-Za-z0-9]+(?: [A-Za-z0-9]+)*|\"[A-Za-z0-9 .'_-]*\") <{_ADDRESS}>|{_ADDRESS})$"
)


def _article(name: str, position: int, data: bytes, url: str | None) -> Article | None:
    data, raw = _repaired(data)
    # compat32: the modern policy builds a header object each time a header is read
    # (content type, disposition and charset of every part, several times), most of the
    # time of reading a 10,000-message mailbox; the few headers shown are decoded by the
    # modern policy's own parser in _header.
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    paragraphs, forwarded = _body(message)

    def header(key: str) -> str:
        if forwarded.get(key):
            return forwarded[key]
        value = raw.get(key, b"")
        if not value.isascii():  # 8-bit bytes the parser would turn into U+FFFD
            return _text_of(value, message.get_content_charset())
        return _header(message, key)

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


def _numbered_article(name: str, url: str | None, numbered: tuple[int, bytes]) -> Article | None:
    return _article(name, numbered[0], numbered[1], url)


# Messages of a mailbox per process reading them in parts: a fork and sending the
# articles back cost about as much as reading 50 messages (medians of five, one process
# against parts, on 100 to 1,000 of bench_scale.py's messages: even at 100, a third
# faster from 500; the whole 10,000-message mailbox 13.1-14.4 s -> 10.6-11.7 s).
MESSAGES_PER_PART = 100


def _mbox_messages(data: bytes) -> list[bytes]:
    # mailbox reads only from a path; the bytes may have come from a URL or stdin.
    handle, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        box = mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()
    finally:
        os.unlink(path)


@register
class MailReader(Configured[ReaderOptions]):
    """Reads .eml messages and .mbox mailboxes, one article per message."""

    name: ClassVar[str] = "mail"
    extensions: ClassVar[tuple[str, ...]] = (".eml", ".mbox", ".mbx")
    media_types: ClassVar[tuple[str, ...]] = ("message/rfc822", "application/mbox")
    specificity: ClassVar[int] = 30

    def sniff(self, head: bytes) -> bool:
        return looks_like_mail(head)

    def read(self, source: InputData) -> list[Article]:
        data = source.data.lstrip(b"\r\n")
        messages = _mbox_messages(data) if data.startswith(b"From ") else [data]
        # (a mailbox's messages are read on every core: each on its own, in order)
        found = forking.map_in_parts(
            partial(_numbered_article, source.name, source.url),
            list(enumerate(messages)),
            self.options.jobs,
            MESSAGES_PER_PART,
        )
        articles = [article for article in found if article is not None]
        if not articles:
            raise IngestError(f"{source.name}: no message with a text or HTML body")
        return articles
