"""Lenient parsing of the dates found in article headers, feeds and e-mails."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%B %d %Y",
    "%d/%m/%Y",
)
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]")


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date in ``value``, or None when it holds no date we recognise."""
    if not value:
        return None
    value = " ".join(value.split())
    match = _ISO_PREFIX.match(value)
    if match:
        value = match.group(1)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None
