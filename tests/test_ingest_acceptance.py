"""Issue 4's acceptance: every format, the bad inputs and two copies of one story, together."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app
from tests.inputs_factory import HTML_STORY
from tests.test_readers_all_formats import fill_folder

COPY_SOURCE = "Harbour Radio"
KINMEN_COPY = f"""Title: Coast guard drills off Kinmen
Source: {COPY_SOURCE}
Date: 2026-11-20
URL: https://example.org/radio/kinmen-drills

The coast guard held two days of drills in the waters off Kinmen this week, officials
said on Thursday, describing the exercise as routine and planned months ago.

Patrol boats practised boarding and towing, and a rescue helicopter joined on the second
day. Fishermen were told to keep clear of two marked zones.

Local councillors said they had been briefed in advance and welcomed closer coordination
with the county fire service during the exercise.
"""

BAD_INPUTS = {
    "empty.txt": b"",
    "blank.md": b"  \n\t\n",
    "photo.txt": bytes(range(256)) * 8,
    "broken.docx": b"PK\x03\x04" + bytes(range(256)) * 3,  # a zip cut short
    "bad.json": b'{"articles": [{"title": "x", "text": ',
    "feed.rss": bytes(range(256)) * 4,
}


def test_every_format_bad_inputs_and_a_duplicate_in_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    expected = fill_folder(folder)
    (folder / "radio-copy.txt").write_text(KINMEN_COPY, encoding="utf-8")
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    out, js = tmp_path / "week.docx", tmp_path / "week.json"

    result = CliRunner().invoke(app, ["build", str(folder), "-o", str(out), "--json", str(js)])

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = re.findall(r"^skipped (\S+): .+$", result.stderr, flags=re.MULTILINE)
    assert sorted(Path(s).name for s in skipped) == sorted(BAD_INPUTS)
    inputs = len(expected) + 1 + len(BAD_INPUTS)
    assert (
        f"14 articles from {inputs} inputs, {len(BAD_INPUTS)} skipped, 1 duplicate merged"
        in result.stderr
    )
    data = json.loads(js.read_text(encoding="utf-8"))
    titles = sorted(a["title"] for a in data["articles"])
    assert titles == sorted(e.title for items in expected.values() for e in items)
    (kinmen,) = [a for a in data["articles"] if a["title"] == HTML_STORY.title]
    assert kinmen["source"] == HTML_STORY.source
    assert [ref["source"] for ref in kinmen["also_in"]] == [COPY_SOURCE]
    assert kinmen["also_in"][0]["url"] == "https://example.org/radio/kinmen-drills"
    assert out.exists()
