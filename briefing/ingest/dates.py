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
# Cheap tests that rule out most text before the costly parsers (readers try every line
# under a headline as a dateline, and each failed strptime raises). Every format above
# starts with a four-digit year or ends with one after a space or a slash (strptime's %Y
# takes exactly four digits; an e-mail date's "+0000" zone is not a year), and an e-mail
# date needs a digit and a month's name (its parser looks months up by name).
_FORMAT_SHAPE = re.compile(r"^\d{4}\D|[ /]\d{4}$")
_MONTH_NAME = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date in ``value``, or None when it holds no date we recognise."""
    if not value:
        return None
    value = " ".join(value.split())
    match = _ISO_PREFIX.match(value)
    if match:
        value = match.group(1)
    if _FORMAT_SHAPE.search(value):
        for fmt in _FORMATS:
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
    if not _DIGIT.search(value) or not _MONTH_NAME.search(value):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None
