"""Stories of Chinese and Japanese articles: one event told in Traditional and Simplified
Chinese (or by two Japanese outlets) is one story, a same-topic event of the same days is
another, and the story shows a key point and sentences, never a byline.

tests/fixtures/stories_cjk.jsonl was written for this test (invented events, outlets'
styles only): six events, three told in both scripts, each beside a distractor of its
topic and dates (the drill beside a coast-guard incident and a budget bill that share
國防部; the defense budget beside a stockpiling law of the same day).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import evaluate
from briefing.cli import app
from briefing.stories import cluster_articles

FIXTURE = Path(__file__).parent / "fixtures" / "stories_cjk.jsonl"
ROWS = [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines()]
runner = CliRunner()


def test_each_event_is_one_story_across_scripts_and_apart_from_its_topic() -> None:
    records = evaluate.load_eval_set(FIXTURE, label_field="event")
    groups = cluster_articles([r.article for r in records])
    found = sorted(sorted(records[i].article.id for i in group) for group in groups)
    expected: dict[str, list[str]] = {}
    for row in ROWS:
        expected.setdefault(row["event"], []).append(row["id"])
    assert found == sorted(sorted(ids) for ids in expected.values())
    # the same event in both scripts, matched through OpenCC's folding
    scripts = {row["id"]: row.get("script") for row in ROWS}
    assert {scripts[i] for i in expected["drill"]} == {"Hant", "Hans"}
    assert {scripts[i] for i in expected["rare"]} == {"Hant", "Hans"}


def test_eval_stories_scores_the_cjk_set() -> None:
    result = runner.invoke(app, ["eval", "stories", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["f1"] == pytest.approx(1.0)


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("cjk-stories")
    inputs = folder / "in"
    inputs.mkdir()
    for row in ROWS:
        (inputs / f"{row['id']}.txt").write_text(
            f"Title: {row['title']}\nSource: {row['source']}\nDate: {row['date']}\n\n"
            f"{row['text']}\n",
            encoding="utf-8",
        )
    result = runner.invoke(
        app, ["build", str(inputs), "-o", str(folder / "brief"), "-f", "md",
              "--json", str(folder / "brief.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads((folder / "brief.json").read_text("utf-8"))


def test_every_cjk_story_has_a_key_point_that_reads_alone(brief: dict) -> None:
    texts = [row["text"] for row in ROWS]
    assert len(brief["stories"]) == len({row["event"] for row in ROWS})
    for story in brief["stories"]:
        key = story["key_point"]
        assert key, story["headline"]
        assert any(key in text for text in texts)  # verbatim
        # the lede after its byline: no （中央社記者…電）, 新华社…电（记者…）, 〔記者…〕
        assert "記者" not in key and "记者" not in key
        assert key.endswith(("。", "」", "”"))


def test_no_story_sentence_is_a_byline(brief: dict) -> None:
    for story in brief["stories"]:
        for part in story["summary"]:
            assert part["text"].endswith(("。", "！", "？", "」", "”")), part["text"]


@pytest.mark.parametrize(
    ("sentence", "after"),
    [
        ("（中央社記者王志明台北10日電）中共今天宣布演習。", "中共今天宣布演習。"),
        ("新华社南京11月10日电（记者李华）东部战区10日宣布演习。", "东部战区10日宣布演习。"),
        ("〔記者陳怡安／台北報導〕總統府今天譴責中共。", "總統府今天譴責中共。"),
        ("【环球时报报道 记者赵敏】中国海警局11日表示。", "中国海警局11日表示。"),
        ("東京電力は23日、値上げを発表した。", "東京電力は23日、値上げを発表した。"),
        ("台電今天表示將調整電價。", "台電今天表示將調整電價。"),
    ],
)
def test_a_chinese_byline_is_taken_off_the_lede_and_nothing_else(sentence: str, after: str) -> None:
    from briefing import text as textlib

    assert textlib.without_dateline(sentence) == after
    assert textlib.stands_alone(after)


def test_a_cjk_sentence_that_leans_on_the_one_before_is_no_key_point() -> None:
    from briefing import text as textlib

    assert not textlib.stands_alone("但國防部並未說明細節。")
    assert not textlib.stands_alone("しかし、政府は説明していない。")
    assert not textlib.stands_alone("本报北京11月12日电（记者吴琼）")  # no sentence mark


def test_chinese_and_english_stories_are_ranked_on_one_scale(tmp_path: Path) -> None:
    """Theme scores of Chinese and English articles come from different term lists and
    tokenizers; a story's centrality to its theme is relative to the best article of its
    own language, so in a mixed pile the best story of each language is fully central
    (before, every Chinese story outranked every English one)."""
    import math

    devsets = Path(__file__).parent / "devsets"
    rows = [json.loads(line) for line in (devsets / "cjk.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["language"] == "zh"][:12]
    rows += [json.loads(line) for line in (devsets / "policy_en.jsonl").open(encoding="utf-8")][:24]
    for number, row in enumerate(rows):
        # One date for all, so recency adds nothing and the score is outlets + centrality.
        (tmp_path / f"a{number:02}.txt").write_text(
            f"Title: {row['title']}\nSource: {row['source']}\nDate: 2026-11-20\n\n{row['text']}\n",
            encoding="utf-8",
        )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(tmp_path), "-o", str(out / "b.docx"), "--json", str(out / "b.json")]
    )
    assert result.exit_code == 0, result.output
    stories = json.loads((out / "b.json").read_text(encoding="utf-8"))["stories"]
    best: dict[tuple[str, bool], float] = {}
    for story in stories:
        if story["theme"] == "other":
            continue
        centrality = story["score"] - math.log2(1 + len(story["outlets"]))
        key = (story["theme"], any("\u4e00" <= ch <= "\u9fff" for ch in story["headline"]))
        best[key] = max(best.get(key, 0.0), centrality)
    both = {theme for theme, chinese in best if (theme, not chinese) in best}
    assert both, best
    for theme in both:
        assert best[theme, True] == pytest.approx(1.0, abs=1e-3), (theme, best)
        assert best[theme, False] == pytest.approx(1.0, abs=1e-3), (theme, best)
