"""Web pages as real sites write them: table layouts, Thai and Burmese text, a section
label above the headline, the site's name in the title. Each page is written here to
reproduce a pattern seen on real sites; the brief's JSON is what is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

SENTENCES = [
    "Dock workers at the northern port returned to work on Monday after a week-long strike.",
    "The port authority said ships delayed by the strike would be cleared by Friday.",
    "Union leaders said the new agreement raised night-shift pay by a tenth.",
    "The agreement will be reviewed next year, when the current contract ends.",
]
THAI = (
    "กระทรวงกลาโหมไต้หวันประกาศเพิ่มงบประมาณด้านการป้องกันประเทศในปีหน้าอีกร้อยละเจ็ด "
    "โดยจะใช้เงินส่วนใหญ่ซื้อเรือลาดตระเวนและระบบป้องกันภัยทางอากาศ "
    "นักวิเคราะห์กล่าวว่าการเพิ่มงบครั้งนี้สะท้อนความกังวลเรื่องความตึงเครียดในช่องแคบไต้หวัน"
)
BURMESE = (
    "ထိုင်ဝမ်ကာကွယ်ရေးဝန်ကြီးဌာနသည် လာမည့်နှစ်အတွက် ကာကွယ်ရေးဘတ်ဂျက်ကို "
    "ခုနစ်ရာခိုင်နှုန်း တိုးမြှင့်မည်ဟု ကြေညာခဲ့သည်။ ငွေအများစုကို ကင်းလှည့်သင်္ဘောများနှင့် "
    "လေကြောင်းရန်ကာကွယ်ရေးစနစ်များ ဝယ်ယူရန် အသုံးပြုမည်ဖြစ်သည်။"
)


def page(title: str, body: str, head: str = "", lang: str = "en") -> str:
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><title>{title}</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>{body}"
        "<footer>© 2026 Harbour Times</footer></body></html>"
    )


def article_of(tmp_path: Path, html: str, name: str = "page.html") -> dict:
    (tmp_path / name).write_text(html, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["build", str(tmp_path / name), "-o", str(tmp_path / "b.docx"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    (article,) = json.loads((tmp_path / "b.json").read_text())["articles"]
    return article


def story(headline: str | None = "Port strike ends", above: str = "") -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    h1 = f"<h1>{headline}</h1>" if headline else ""
    return f"<article>{above}{h1}{paragraphs}</article>"


def test_a_table_layout_page_is_read(tmp_path: Path) -> None:
    """Old news sites lay pages out in tables; every line comes back as '| cell | cell |'."""
    cells = "<br><br>".join(SENTENCES)
    body = (
        "<table width='100%'><tr><td><a href='/'>Home</a></td><td><a href='/n'>News</a></td></tr>"
        f"<tr><td class='story'><font size='4'><b>Port strike ends</b></font><br><br>{cells}"
        "</td><td>Ads</td></tr></table>"
    )
    article = article_of(tmp_path, page("Port strike ends", body))
    assert article["title"] == "Port strike ends"
    summary = " ".join(article["summary"])
    assert "|" not in summary
    assert "Dock workers at the northern port returned to work on Monday" in summary


@pytest.mark.parametrize(("lang", "text"), [("th", THAI), ("my", BURMESE)])
def test_thai_and_burmese_pages_are_read(tmp_path: Path, lang: str, text: str) -> None:
    body = f"<article><h1>ข่าว 1</h1><p>{text}</p><p>{text}</p></article>"
    article = article_of(tmp_path, page("ข่าว 1", body, lang=lang))
    assert article["title"] == "ข่าว 1"
    assert not article["headline_only"] and article["word_count"] >= 3
    # (Which sentences a Burmese summary may use is up to the sentence splitter.)


@pytest.mark.parametrize("label", ["DEFENSE", "World", "Politics"])
def test_a_section_label_above_the_headline_is_not_the_summary(tmp_path: Path, label: str) -> None:
    above = f"<p class='kicker'>{label}</p>"
    article = article_of(tmp_path, page("Port strike ends", story(above=above)))
    assert article["summary"][0] == SENTENCES[0]


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Port strike ends | CNN Politics", "<meta property='og:site_name' content='CNN'>"),
        ("Port strike ends - BBC News", "<meta property='og:site_name' content='BBC News'>"),
        (
            "Port strike ends – Taipei Times",
            "<link rel='canonical' href='https://www.taipeitimes.com/News/taiwan/1'>",
        ),
        (
            "Taipei Times | Port strike ends",
            "<meta property='og:site_name' content='Taipei Times'>",
        ),
    ],
)
def test_the_site_name_is_cut_from_the_title(tmp_path: Path, title: str, head: str) -> None:
    # No <h1> to compare with: only the site's name can tell what to cut. Sites repeat
    # the title, suffix and all, in og:title, which trafilatura takes as it is.
    head += f"<meta property='og:title' content='{title}'>"
    article = article_of(tmp_path, page(title, story(headline=None), head))
    assert article["title"] == "Port strike ends"


def test_a_section_around_the_headline_is_cut_from_the_title(tmp_path: Path) -> None:
    article = article_of(
        tmp_path, page("Opinion | Port strike ends at last", story("Port strike ends at last"))
    )
    assert article["title"] == "Port strike ends at last"


def test_a_title_part_that_only_mentions_the_site_stays(tmp_path: Path) -> None:
    head = "<meta property='og:site_name' content='Harbour Times'>"
    title = "Port strike ends - Harbour Times readers ask what comes next"
    article = article_of(tmp_path, page(title, story(headline=None), head))
    assert article["title"] == title


def test_a_page_that_opens_with_a_comment_is_still_a_page(tmp_path: Path) -> None:
    """Browsers save pages with a leading comment; that is no comment-only XML file."""
    html = "<!-- saved from url=(0036)https://harbour.example/news/strike -->\n" + page(
        "Port strike ends", story()
    )
    article = article_of(tmp_path, html, name="saved.xml")
    assert article["title"] == "Port strike ends"
    assert article["summary"][0] == SENTENCES[0]


def test_a_chinese_site_name_set_off_without_spaces_is_cut_from_the_title(
    tmp_path: Path,
) -> None:
    """Chinese and Japanese titles set the site's name off with no space ("X-新华网"),
    which the spaced separators of other titles never matched."""
    headline = "台湾海峡航运恢复正常"
    body = (
        "<article><h1>台湾海峡航运恢复正常</h1>"
        "<p>受台风影响停航三天的台湾海峡客货航线于周一全面恢复运营，港口方面表示积压的集装箱将在本周内疏运完毕。</p>"
        "<p>航运公司称，恢复运营后首日共有四十二艘船舶进出港口，旅客出行秩序良好。</p>"
        "<p>气象部门提醒，下周仍有一股冷空气影响沿海地区，航运部门需提前做好防范准备。</p>"
        "</article>"
    )
    title = f"{headline}-海峡日报"
    head = f"<meta property='og:title' content='{title}'>"
    article = article_of(tmp_path, page(title, body, head, lang="zh"))
    assert article["title"] == headline
