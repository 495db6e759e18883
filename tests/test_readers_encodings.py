"""Encodings and text hygiene, checked where the user sees them: the Word brief."""

import json
import unicodedata
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.ingest import IngestOptions, load_articles
from briefing.ingest.readers.base import detect_encoding

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
    # The four copies are one story in the brief; their words reach it or the JSON.
    assert "café" in everything and "international rules" in everything
    assert "Café owners protest" in everything
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


# Text with a few letters and signs outside ASCII and none of Windows-1252's typographic
# marks (0x80-0x9F), which alone do not tell its code page: charset_normalizer read the
# first as DOS's 775 ("Cafķ", "Zoė Mülleris"), the second as Windows-1250 ("Ł20m").
WESTERN = [
    (
        "Café chain to open 40 shops",
        "The café chain said on Monday that it would open 40 new shops this year. Its "
        "founder, Zoë Müller, said the plan was the biggest in the history of the firm, and "
        "that the first of the new shops would open in the city centre in March.",
    ),
    (
        "Costs rise at roasting plant",
        "The cost of the new roasting plant has risen by £20m to £140m, the company said on "
        "Friday. The chief executive said that the rise was due to the price of steel and to "
        "delays at the site, and that the plant would open late.",
    ),
    # and the other languages of Western Europe: read as Windows-1258 ("Ŕ", "č") and 1250
    (
        "Più navi per la Marina",
        "Il governo ha approvato martedì un bilancio della difesa più alto: la Marina avrà due "
        "fregate e la città di Taranto un nuovo molo. È la prima volta che accade, e perché "
        "no, ha detto il ministro.",
    ),
    (
        "Très forte hausse du budget",
        "Le budget de la défense connaît une très forte hausse à la veille des élections : la "
        "marine aura deux frégates de plus et l'armée de l'air des drones. « Ce n'est qu'un "
        "début », a déclaré le ministre à la presse.",
    ),
]


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
@pytest.mark.parametrize("story", WESTERN, ids=["accents", "pounds", "it", "fr"])
def test_western_text_in_a_western_code_page_reaches_word_unchanged(
    tmp_path: Path, codec: str, story: tuple[str, str]
) -> None:
    """Of the 335 BBC dev articles holding a "£" or an accent, saved in Windows-1252,
    charset_normalizer alone read 207 right; the rest came out as Windows-1250 ("Ł"),
    Shift JIS ("｣") or DOS's 850 ("ú")."""
    title, body = story
    path = tmp_path / "story.txt"
    path.write_bytes(f"{title}\n\n{body}\n".encode(codec))
    word, data = build(tmp_path, path)
    (article,) = data["articles"]
    assert article["title"] == title
    assert title in word
    assert all(sentence in body for sentence in article["summary"])
    assert detect_encoding(path.read_bytes()) == "cp1252"


def test_english_quoting_another_script_is_left_to_detection() -> None:
    """Russian in Windows-1251 or a Polish name in Windows-1250 read as Windows-1252 gives
    Latin letters ("Ïóòèí", "Wa³êsa"): such text is not taken for English in it."""
    russian = (
        "The Kremlin said on Tuesday that the president, Владимир Путин, would meet the "
        "delegation in Moscow. The talks were the first of the year, officials said."
    )
    polish = (
        "The former president, Lech Wałęsa, said on Monday that the shipyard strike had "
        "changed the country, and that the talks were the only way forward."
    )
    assert detect_encoding(russian.encode("cp1251")) != "cp1252"
    assert detect_encoding(polish.encode("cp1250")) != "cp1252"
    assert detect_encoding(WESTERN[1][1].encode("cp1252")) == "cp1252"
