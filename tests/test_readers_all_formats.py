"""One folder holding a file of every kind builds one brief with every article in it."""

import json
from pathlib import Path

import docx
from typer.testing import CliRunner

from briefing.cli import app
from tests.inputs_factory import (
    Expected,
    assert_article,
    write_atom,
    write_docx,
    write_eml,
    write_html,
    write_json,
    write_jsonl,
    write_mbox,
    write_pdf,
    write_rss,
)

NOTES = Expected(
    title="Water rationing eased in Hsinchu",
    source="City Desk",
    phrases=("The water agency eased rationing",),
)


def fill_folder(folder: Path) -> dict[str, list[Expected]]:
    """Write one file per format; return what each file should yield, by file name."""
    (folder / "notes.txt").write_text(
        f"Title: {NOTES.title}\nSource: {NOTES.source}\n\n"
        "The water agency eased rationing for factories in Hsinchu after two days of rain "
        "filled the reservoirs.\n",
        encoding="utf-8",
    )
    return {
        "notes.txt": [NOTES],
        "page.html": [write_html(folder / "page.html")],
        "memo.docx": list(write_docx(folder / "memo.docx")),
        "digest.pdf": [write_pdf(folder / "digest.pdf")],
        "wire.json": write_json(folder / "wire.json"),
        "desk.jsonl": write_jsonl(folder / "desk.jsonl"),
        "port.rss": write_rss(folder / "port.rss"),
        "strait.atom": write_atom(folder / "strait.atom"),
        "fuel.eml": [write_eml(folder / "fuel.eml")],
        "desk.mbox": write_mbox(folder / "desk.mbox"),
    }


def test_a_folder_with_every_format_builds_one_brief(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    expected = fill_folder(folder)
    out, js = tmp_path / "x.docx", tmp_path / "x.json"
    result = CliRunner().invoke(app, ["build", str(folder), "-o", str(out), "--json", str(js)])
    assert result.exit_code == 0, result.output
    assert "skipped " + str(folder) not in result.output
    assert "Traceback" not in result.output

    data = json.loads(js.read_text(encoding="utf-8"))
    by_title = {a["title"]: a for a in data["articles"]}
    wanted = [(name, e) for name, items in expected.items() for e in items]
    assert len(data["articles"]) == len(wanted) == 14
    assert set(by_title) == {e.title for _, e in wanted}
    for name, want in wanted:
        article = by_title[want.title]
        assert_article(article, want)
        assert Path(article["path"]).name == name
        assert article["summary"], want.title
        assert article["word_count"] > 0
    assert len({a["id"] for a in data["articles"]}) == 14

    document = docx.Document(str(out))
    # Every article shows: told as a story, or listed in the "More stories" table.
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    word = "\n".join([*(p.text for p in document.paragraphs), *cells])
    for _, want in wanted:
        assert want.title in word
    assert f"14 articles from {len(expected)} inputs, 0 skipped" in result.output
