"""The hand-written dev sets stay well-formed, so the evaluations built on them measure."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

DEVSET = Path(__file__).parent / "devsets" / "policy_en.jsonl"
REQUIRED = ("id", "title", "text", "source", "date", "url", "category", "event", "split", "summary")
CATEGORIES = {"economic_security", "defense_spending", "cross_strait_politics", "other"}
# A summary is two sentences copied from the text; each ends with ., ? or !, possibly
# followed by a closing quote, then a space before the next one.
SENTENCE_END = re.compile(r"(?<=[.?!][\"”’)]) (?=\S)|(?<=[.?!]) (?=[A-Z\"“‘(])")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    lines = DEVSET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_line_has_the_fields_and_a_known_category(rows):
    for row in rows:
        missing = [name for name in REQUIRED if not isinstance(row.get(name), str)]
        assert not missing, f"{row.get('id')}: missing {missing}"
        assert row["category"] in CATEGORIES, row["id"]
        assert row["split"] in {"tune", "holdout"}, row["id"]
        assert re.fullmatch(r"2026-(10|11)-\d\d", row["date"]), row["id"]
        assert row["url"].startswith("https://") and ".test/" in row["url"], row["id"]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))


def test_summary_sentences_are_verbatim_from_the_text(rows):
    for row in rows:
        sentences = SENTENCE_END.split(row["summary"])
        assert len(sentences) >= 2, row["id"]
        for sentence in sentences:
            assert sentence in row["text"], f"{row['id']}: {sentence[:60]!r}"


def test_an_event_has_one_category_one_split_and_dates_within_three_days(rows):
    by_event: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_event[row["event"]].append(row)
    for event, members in by_event.items():
        assert len({row["category"] for row in members}) == 1, event
        assert len({row["split"] for row in members}) == 1, event
        days = sorted(int(row["date"][5:7]) * 31 + int(row["date"][8:]) for row in members)
        assert days[-1] - days[0] <= 3, event
        assert len(members) <= 5, event


def test_the_set_is_large_and_mixed_enough(rows):
    per_category = Counter(row["category"] for row in rows)
    assert len(rows) >= 130
    for theme in ("economic_security", "defense_spending", "cross_strait_politics"):
        assert per_category[theme] >= 25, theme
    assert per_category["other"] >= 40
    outlets_per_event = Counter(row["event"] for row in rows)
    assert sum(1 for n in outlets_per_event.values() if n >= 2) >= 36
    for category in CATEGORIES:
        splits = Counter(row["split"] for row in rows if row["category"] == category)
        assert min(splits["tune"], splits["holdout"]) >= 0.35 * sum(splits.values()), category
