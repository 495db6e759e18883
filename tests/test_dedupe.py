"""Copies of one story from several sources appear once, listing every source."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefing.cli import app
from briefing.ingest.dedupe import duplicate_groups, jaccard, merge_duplicates, shingles
from briefing.models import Article

STORY = (
    "Fishermen in the northern islands say catches of squid have fallen by half this season, "
    "and they blame warmer water pushed north by a lingering ocean heatwave. The fisheries "
    "agency has promised emergency loans to boat owners and will review quotas next month. "
    "Scientists at the national marine institute warned that the shift may last for years, "
    "because the current that once cooled the strait has weakened since the spring. Local "
    "councils plan to open a fund for crews who lose their season entirely. At the harbour in "
    "the largest island, half the fleet stayed tied up on Tuesday, and processing plants have "
    "cut shifts for the first time in a decade. Restaurant owners said prices for fresh squid "
    "had doubled since the summer, and some have taken the dish off their menus. The agency "
    "will publish a full survey of the fishing grounds before the end of the year."
)
# The same wire story after a copy desk's edits: two words changed, one added.
REWRITE = (
    STORY.replace("fallen by half", "fallen by a half")
    .replace("next month", "in December")
    .replace("for years", "for decades")
)
OTHER = (
    "The central bank left its policy rate unchanged on Thursday, citing stubborn services "
    "inflation and a weaker currency. Two board members voted for a cut, the first split vote "
    "in a year. Markets now expect the first reduction in the spring, after the wage round."
)


def article(key: str, text: str, **fields: object) -> Article:
    defaults: dict[str, object] = {"title": f"Title {key}", "path": f"{key}.txt"}
    return Article(id=key, text=text, **{**defaults, **fields})  # type: ignore[arg-type]


def test_shingles_are_case_blind_word_runs() -> None:
    assert shingles("One two three FOUR") == {("one", "two", "three"), ("two", "three", "four")}
    assert shingles("Short TEXT") == {("short", "text")}
    assert shingles("") == frozenset()


def test_a_lightly_edited_copy_is_still_a_near_duplicate() -> None:
    similarity = jaccard(shingles(STORY), shingles(REWRITE))
    assert 0.8 <= similarity < 1
    assert jaccard(shingles(STORY), shingles(OTHER)) == 0


def test_exact_and_near_copies_merge_into_one_listing_the_others() -> None:
    first = article("a", STORY, source="Wire A", url="https://a.example/squid")
    other = article("b", OTHER)
    copy = article("c", STORY, source="Wire C", title="Squid catches halve")
    rewrite = article("d", REWRITE, source="Paper D", url="https://d.example/1")
    kept, merged = merge_duplicates([first, other, copy, rewrite])
    assert merged == 2
    assert [a.id for a in kept] == ["a", "b"]
    assert [(r.source, r.url, r.path, r.title) for r in kept[0].also_in] == [
        ("Wire C", None, "c.txt", "Squid catches halve"),
        ("Paper D", "https://d.example/1", "d.txt", "Title d"),
    ]
    assert kept[1] == other


def test_the_same_headline_over_different_text_is_not_a_duplicate() -> None:
    kept, merged = merge_duplicates(
        [article("a", STORY, title="Markets today"), article("b", OTHER, title="Markets today")]
    )
    assert merged == 0 and len(kept) == 2


def test_the_most_complete_copy_is_kept_and_borrows_a_missing_date() -> None:
    cut = article("a", STORY, truncated=True, date=dt.date(2026, 11, 2))
    whole = article("b", STORY)
    (kept,), merged = merge_duplicates([cut, whole])
    assert merged == 1
    assert kept.id == "b" and not kept.truncated
    assert kept.date == dt.date(2026, 11, 2)
    assert [r.path for r in kept.also_in] == ["a.txt"]


def test_groups_are_transitive_and_ordered_by_first_copy() -> None:
    articles = [
        article("x", OTHER),
        article("a", STORY),
        article("b", REWRITE),
        article("c", STORY),
    ]
    assert duplicate_groups(articles) == [[0], [1, 2, 3]]


@pytest.mark.slow
def test_bbc_stories_are_never_merged_below_the_threshold(bbc_dev: Path) -> None:
    rows = [json.loads(line) for line in bbc_dev.read_text(encoding="utf-8").splitlines()]
    articles = [article(r["id"], r["text"], title=r["title"]) for r in rows]
    kept, merged = merge_duplicates(articles)
    assert len(kept) + merged == len(articles)
    for story in kept:
        for ref in story.also_in:
            twin = next(a for a in articles if a.path == ref.path)
            assert jaccard(shingles(story.text), shingles(twin.text)) >= 0.8


def test_build_lists_every_source_of_a_merged_story(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-wire.txt").write_text(
        f"Title: Squid Catches Halve in Northern Islands\nSource: Wire A\n"
        f"URL: https://a.example/squid\nDate: 2026-11-04\n\n{STORY}\n"
    )
    (folder / "2-paper.txt").write_text(
        f"Title: Heatwave Empties Squid Grounds\nSource: Paper D\n\n{REWRITE}\n"
    )
    (folder / "bank.txt").write_text(f"Title: Central Bank Holds Rates\n\n{OTHER}\n")
    result = CliRunner().invoke(
        app,
        ["build", str(folder), "-o", str(tmp_path / "b.docx"), "--json", str(tmp_path / "b.json")],
    )
    assert result.exit_code == 0, result.output
    assert "2 articles from 3 inputs, 0 skipped, 1 duplicate merged" in result.output
    articles = json.loads((tmp_path / "b.json").read_text())["articles"]
    squid = next(a for a in articles if "Squid" in a["title"])
    assert squid["also_in"] == [
        {
            "source": "Paper D",
            "url": None,
            "path": str(folder / "2-paper.txt"),
            "title": "Heatwave Empties Squid Grounds",
        }
    ]
    assert squid["source"] == "Wire A" and squid["date"] == "2026-11-04"
    lines = [p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs]
    (line,) = [line for line in lines if "Paper D" in line]
    assert line.endswith("Also reported by Paper D.") or line == "Also reported by Paper D"


def test_keep_duplicates_keeps_every_copy(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(f"Title: Squid Catches Halve\n\n{STORY}\n")
    result = CliRunner().invoke(
        app,
        ["build", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), "--keep-duplicates",
         "-o", str(tmp_path / "b.docx"), "--json", str(tmp_path / "b.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 articles from 2 inputs, 0 skipped, 0 duplicates merged" in result.output
    articles = json.loads((tmp_path / "b.json").read_text())["articles"]
    assert [a["also_in"] for a in articles] == [[], []]


_words = st.sampled_from(["tariff", "Tariff", "port", "strike", "vote", "fuel", "the", "a"])


@given(st.lists(st.lists(_words, max_size=9).map(" ".join), min_size=2, max_size=8))
def test_groups_are_those_of_every_pair_compared(texts: list[str]) -> None:
    """The fast path (numbered shingles, prefix filtering) finds exactly the groups that
    comparing every pair of shingle sets finds."""
    articles = [Article(id=str(i), title="t", text=t, path="p") for i, t in enumerate(texts)]
    parent = list(range(len(texts)))
    for i, j in itertools.combinations(range(len(texts)), 2):
        # Texts this short are compared with their title ("t") in front.
        if jaccard(shingles(f"t {texts[i]}"), shingles(f"t {texts[j]}")) >= 0.5:
            old, new = parent[j], parent[i]
            parent = [new if p == old else p for p in parent]
    expected: dict[int, list[int]] = {}
    for i, p in enumerate(parent):
        expected.setdefault(p, []).append(i)
    assert duplicate_groups(articles, threshold=0.5) == sorted(expected.values())
