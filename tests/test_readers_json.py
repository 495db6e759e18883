"""The JSON / JSON Lines reader: layouts, field aliases, ids, errors, the BBC dataset."""

import json
from pathlib import Path

import pytest

from briefing.errors import IngestError
from briefing.ingest import IngestOptions, load_articles
from briefing.ingest.readers import InputData, ReaderOptions, select_reader
from tests.inputs_factory import assert_article, write_json, write_jsonl


def read(path: Path):
    # every record as read: merging duplicate stories is ingestion's later step
    return load_articles([str(path)], IngestOptions(merge_duplicates=False)).articles


def test_articles_object_with_aliased_fields(tmp_path: Path) -> None:
    expected = write_json(tmp_path / "wire.json")
    articles = read(tmp_path / "wire.json")
    assert [a.id for a in articles] == ["wire-0001", "wire-0002"]
    for article, want in zip(articles, expected, strict=True):
        assert_article(article, want)
    assert "<p>" not in articles[1].text
    assert articles[1].text.split("\n\n")[1] == "It will be stationed in Keelung."


def test_json_lines(tmp_path: Path) -> None:
    expected = write_jsonl(tmp_path / "desk.jsonl")
    (article,) = read(tmp_path / "desk.jsonl")
    assert_article(article, expected[0])
    assert article.id.startswith("a")  # no id given: derived and stable
    assert read(tmp_path / "desk.jsonl")[0].id == article.id


def test_a_bare_list_and_a_single_object(tmp_path: Path) -> None:
    record = {"title": "Solar tender opens", "text": "Bids for offshore solar farms open."}
    (tmp_path / "list.json").write_text(json.dumps([record]))
    (tmp_path / "one.json").write_text(json.dumps(record))
    assert read(tmp_path / "list.json")[0].title == "Solar tender opens"
    assert read(tmp_path / "one.json")[0].title == "Solar tender opens"


def test_lines_without_the_jsonl_extension_are_recognised(tmp_path: Path) -> None:
    lines = [{"title": f"Item {n}", "text": f"Story number {n} in the export."} for n in (1, 2)]
    (tmp_path / "export.json").write_text("\n".join(json.dumps(x) for x in lines))
    assert [a.title for a in read(tmp_path / "export.json")] == ["Item 1", "Item 2"]


def test_a_repeated_id_does_not_merge_two_articles(tmp_path: Path) -> None:
    records = [{"id": 7, "title": t, "text": f"{t} happened today."} for t in ("One", "Two")]
    (tmp_path / "dup.json").write_text(json.dumps(records))
    first, second = read(tmp_path / "dup.json")
    assert first.id == "7" and second.id != "7"


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        ("cut.json", '{"articles": [{"title": "Half", "text": "cut off', "line 1, column"),
        ("bad.json", '[\n  {"title": "A", "text": "B"},\n  {"title": }\n]', "line 3, column 13"),
        ("bad.jsonl", '{"title": "A", "text": "B"}\n{"title": "C", "text": \n', "line 2"),
    ],
)
def test_malformed_json_names_the_line(name: str, data: str, where: str) -> None:
    source = InputData(name=name, data=data.encode())
    with pytest.raises(IngestError, match=rf"{name}: malformed JSON.* {where}"):
        select_reader(source, ReaderOptions()).read(source)


def test_objects_without_text_are_an_error_with_the_accepted_fields(tmp_path: Path) -> None:
    source = InputData(name="meta.json", data=b'[{"title": "No body here"}]')
    with pytest.raises(IngestError, match=r"no article objects with a text field \(text\|body"):
        select_reader(source, ReaderOptions()).read(source)


@pytest.mark.slow
def test_the_bbc_dev_set_is_read_whole(bbc_dev: Path) -> None:
    records = [json.loads(line) for line in bbc_dev.read_text(encoding="utf-8").splitlines()]
    articles = read(bbc_dev)
    assert len(articles) == len(records) == 1114
    for article, record in zip(articles, records, strict=True):
        assert article.id == record["id"]
        assert article.title == record["title"]
        assert article.text.split() == record["text"].split()
