"""Encodings and text hygiene, checked where the user sees them: the Word brief."""

import json
import unicodedata
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.ingest import IngestOptions, load_articles

TRADITIONAL = (
    "賴清德視察澎湖防務",
    "總統賴清德週四前往澎湖視察防務，並與駐軍官兵座談。他表示，政府將持續強化國防韌性，"
    "並與盟友深化經濟安全合作。立法院預計下週審查特別預算。",
)
SIMPLIFIED = (
    "赖清德视察澎湖防务",
    "总统赖清德周四前往澎湖视察防务，并与驻军官兵座谈。他表示，政府将继续加强国防韧性，"
    "并与盟友深化经济安全合作。立法院预计下周审查特别预算。",
)
JAPANESE = (
    "石破首相が防衛費増額を協議",
    "石破首相は木曜日、防衛費の増額について与党と協議すると述べた。政府は来週、"
    "補正予算案を国会に提出する予定だ。",
)
WESTERN = (
    "Minister calls the plan “final”",
    "The minister said the plan was “final” — and it’s costly. Officials called the "
    "budget ‘fair’ and realistic… for now.",
)

CASES = [
    ("utf-8", TRADITIONAL),
    ("utf-8-sig", TRADITIONAL),
    ("utf-16", TRADITIONAL),  # Python writes the BOM
    ("utf-16", JAPANESE),
    ("big5", TRADITIONAL),
    ("gb18030", SIMPLIFIED),
    ("shift_jis", JAPANESE),
    ("cp1252", WESTERN),
]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def build(tmp_path: Path, *inputs: Path, flags: tuple[str, ...] = ()):
    out, js = tmp_path / "brief.docx", tmp_path / "brief.json"
    result = CliRunner().invoke(
        app, ["build", *map(str, inputs), "-o", str(out), "--json", str(js), *flags]
    )
    assert result.exit_code == 0, result.output
    return docx_text(out), json.loads(js.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("codec", "story"), CASES, ids=[f"{c}-{s[0][:2]}" for c, s in CASES])
def test_text_in_any_encoding_reaches_the_word_brief_unchanged(
    tmp_path: Path, codec: str, story: tuple[str, str]
) -> None:
    title, body = story
    path = tmp_path / f"story-{codec}.txt"
    path.write_bytes(f"Title: {title}\n\n{body}\n".encode(codec))
    if not codec.startswith("utf"):
        with pytest.raises(UnicodeDecodeError):  # so charset detection really is exercised
            path.read_bytes().decode("utf-8")
    word, data = build(tmp_path, path)
    (article,) = data["articles"]
    assert article["title"] == title
    assert article["summary"] and all(sentence in body for sentence in article["summary"])
    assert title in word
    assert article["summary"][0] in word


def test_cjk_names_survive_every_structured_reader(tmp_path: Path) -> None:
    title, body = TRADITIONAL
    (tmp_path / "a.json").write_text(
        json.dumps([{"title": title, "text": body}], ensure_ascii=True), encoding="ascii"
    )
    (tmp_path / "b.html").write_bytes(
        f'<html><head><meta charset="big5"><title>{title}</title></head><body><article>'
        f"<h1>{title}</h1><p>{body}</p></article></body></html>".encode("big5")
    )
    document = docx.Document()
    document.add_heading(title, level=0)
    document.add_paragraph(body)
    document.save(str(tmp_path / "c.docx"))
    # one story in three formats: kept apart so that each reader's result is checked
    articles = load_articles([str(tmp_path)], IngestOptions(merge_duplicates=False)).articles
    assert [(a.title, a.text) for a in articles] == [(title, body)] * 3


DIRTY_TEXT = (
    "Title: Cafe\u0301 owners\x0b protest\n\n"
    "The owners of the cafe\u0301 said the inter\u00adnational\u200b rules were\x00 unfair,"
    "   and\tthey\x0c would   appeal.\r\nTheir lawyer agreed.\x1f\n"
)


def test_control_characters_soft_hyphens_and_nfd_never_reach_word(tmp_path: Path) -> None:
    (tmp_path / "dirty.txt").write_bytes(DIRTY_TEXT.encode("utf-8"))
    (tmp_path / "dirty.json").write_text(
        json.dumps({"articles": [{"title": "Bad\x00 \x0bbytes", "text": DIRTY_TEXT}]})
    )
    (tmp_path / "dirty.html").write_text(
        "<html><body><article><h1>Caf\u0065\u0301 report</h1><p>"
        + DIRTY_TEXT.split("\n\n")[1].replace("\x00", "")
        + "</p></article></body></html>"
    )
    (tmp_path / "dirty.eml").write_text(
        "From: Desk <desk@example.org>\nSubject: Dirty\x0b mail\nMessage-ID: <1@example.org>\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + DIRTY_TEXT.split("\n\n")[1]
    )
    word, data = build(tmp_path, tmp_path, flags=("--keep-duplicates",))
    assert len(data["articles"]) == 4
    everything = word + json.dumps(data, ensure_ascii=False)
    for bad in ("\x00", "\x0b", "\x0c", "\x1f", "\u00ad", "\u200b", "\u0301"):
        assert bad not in everything and bad.encode("unicode_escape").decode() not in everything
    assert unicodedata.is_normalized("NFC", word)
    assert "café" in word and "international rules" in word
    assert "Café owners protest" in word
    assert "   " not in word


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_not_taken_for_utf16(tmp_path: Path, codec: str) -> None:
    bom = "\ufeff".encode(codec)
    path = tmp_path / "feed.xml"
    path.write_bytes(
        bom
        + (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Strait Desk</title>'
            "<item><title>賴清德視察澎湖防務</title></item></channel></rss>"
        ).encode(codec)
    )
    (article,) = load_articles([str(path)]).articles
    assert (article.title, article.source) == ("賴清德視察澎湖防務", "Strait Desk")
