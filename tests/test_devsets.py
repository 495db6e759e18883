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
SENTENCE_END = re.compile(r"[.?!][\"”’)]?$")


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
    # The summary is two whole sentences of the text joined by one space: some space in it
    # must split it into two pieces that each end a sentence and each occur in the text.
    for row in rows:
        summary, text = row["summary"], row["text"]
        splits = [i for i, char in enumerate(summary) if char == " "]
        assert any(
            SENTENCE_END.search(summary[:i])
            and SENTENCE_END.search(summary)
            and summary[:i] in text
            and summary[i + 1 :] in text
            and summary[:i] != summary[i + 1 :]
            for i in splits
        ), row["id"]


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
