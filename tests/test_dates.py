"""Dates in headers and datelines: the quick pre-checks never reject a date the parsers
would have read."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from hypothesis import given
from hypothesis import strategies as st

from briefing.ingest.dates import _FORMATS, parse_date


def _parse_without_prechecks(value: str) -> dt.date | None:
    """Every format, then the e-mail parser, on every value: what parse_date must equal."""
    value = " ".join(value.split())
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", value)
    value = iso.group(1) if iso else value
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


days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days, st.sampled_from(_FORMATS))
def test_every_format_is_read(day: dt.date, fmt: str) -> None:
    assert parse_date(day.strftime(fmt)) == day


@given(days, st.integers(0, 23), st.integers(-720, 720))
def test_email_dates_are_read(day: dt.date, hour: int, offset: int) -> None:
    zone = dt.timezone(dt.timedelta(minutes=offset))
    moment = dt.datetime(day.year, day.month, day.day, hour, 5, tzinfo=zone)
    assert parse_date(email.utils.format_datetime(moment)) == day
    assert parse_date(moment.isoformat()) == day


date_words = st.sampled_from(
    ["Tue,", "18", "Nov", "November", "2026", "14:03:00", "+0000", "GMT", "2026-11-18", "3/4/2025"]
)
prose_words = st.sampled_from(["the", "port", "May", "said", "on", "Monday", "1,200", "may", "-"])


@given(st.lists(st.one_of(date_words, prose_words), max_size=8).map(" ".join))
def test_prechecks_agree_with_trying_every_parser(line: str) -> None:
    assert parse_date(line) == _parse_without_prechecks(line)


def test_prose_lines_are_not_dates() -> None:
    for line in (
        "The minister said the tariff would rise in 2026",
        "Shares in the firm fell 4% to 1,200p on Monday, traders said.",
        "",
        "   ",
    ):
        assert parse_date(line) is None
