"""Stage 7: deliver a built brief — e-mail it, or open it on the desktop."""

from briefing.deliver.digest import BriefDigest, digest_from_brief, read_digest
from briefing.deliver.mail import EmailRequest, EmailResult, email_brief, message_bytes
from briefing.deliver.opener import CannotOpenError, Desktop, Opened, open_path
from briefing.deliver.smtp import RecipientsRefusedError, SendResult, send_smtp

__all__ = [
    "BriefDigest",
    "CannotOpenError",
    "Desktop",
    "EmailRequest",
    "EmailResult",
    "Opened",
    "RecipientsRefusedError",
    "SendResult",
    "digest_from_brief",
    "email_brief",
    "message_bytes",
    "open_path",
    "read_digest",
    "send_smtp",
]
