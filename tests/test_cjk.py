"""Chinese and Japanese articles: sentences, words, language, themes, summaries, the brief.

The dev set ``tests/devsets/cjk.jsonl`` is written for this project (tests/devsets/README.md);
its gates are measured on the "holdout" and "holdout2" splits, which no weight or term was
tuned on.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import text as textlib
from briefing.cli import app
from briefing.evaluate import evaluate_summaries, evaluate_themes, load_eval_set
from briefing.languages import detect_language, primary
from briefing.themes import load_themes

DEVSET = Path(__file__).parent / "devsets" / "cjk.jsonl"
runner = CliRunner()

# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "國防部今天表示，預算將送交立法院。陸委會回應：「我們不會接受。」明年將再提出新方案。",
            [
                "國防部今天表示，預算將送交立法院。",
                "陸委會回應：「我們不會接受。」",
                "明年將再提出新方案。",
            ],
        ),
        (
            "首相は「必要な措置だ。」と述べた。野党は反発している！本当か？",
            ["首相は「必要な措置だ。」と述べた。", "野党は反発している！", "本当か？"],
        ),
        (
            "他表示：“我们将继续推动合作。我们欢迎各方参与。”会议在北京举行。“这是好事。”他说。",
            [
                "他表示：“我们将继续推动合作。我们欢迎各方参与。”",
                "会议在北京举行。",
                "“这是好事。”他说。",
            ],
        ),
        (
            "भारत ने आज नई नीति की घोषणा की। प्रधानमंत्री ने कहा कि यह जरूरी है॥ आगे क्या होगा?",
            [
                "भारत ने आज नई नीति की घोषणा की।",
                "प्रधानमंत्री ने कहा कि यह जरूरी है॥",
                "आगे क्या होगा?",
            ],
        ),
        (
            "မြန်မာနိုင်ငံ၏ စီးပွားရေး တိုးတက်နေသည်။ အစိုးရက ပြောကြားသည်။",
            ["မြန်မာနိုင်ငံ၏ စီးပွားရေး တိုးတက်နေသည်။", "အစိုးရက ပြောကြားသည်။"],
        ),
        (
            "นายกรัฐมนตรีกล่าวว่ารัฐบาลจะลงทุน 10 ล้านบาท ประชาชนต่างพอใจกับนโยบายนี้",
            ["นายกรัฐมนตรีกล่าวว่ารัฐบาลจะลงทุน 10 ล้านบาท", "ประชาชนต่างพอใจกับนโยบายนี้"],
        ),
    ],
    ids=["traditional-quote", "japanese-quotative", "simplified-quote", "hindi", "burmese", "thai"],
)
def test_sentences_end_at_each_scripts_marks(text: str, expected: list[str]) -> None:
    assert textlib.split_sentences(text) == expected


def test_unpaired_quotation_marks_still_split_every_sentence() -> None:
    # Chinese opens a quotation in each paragraph of a long quote and closes it only once.
    text = "他说：“第一点很重要。第二点也很重要。第三点请大家注意。"
    assert len(textlib.split_sentences(text)) == 3


def test_english_inside_a_chinese_paragraph_is_split_too() -> None:
    text = "台積電今天發表聲明。The company said it will comply. It gave no date."
    assert textlib.split_sentences(text) == [
        "台積電今天發表聲明。",
        "The company said it will comply.",
        "It gave no date.",
    ]


# ------------------------------------------------------------------------------ tokens


def test_traditional_and_simplified_give_the_same_stems_and_the_text_is_kept() -> None:
    traditional = "國防部今天表示，特別預算將送交立法院審議。"
    simplified = "国防部今天表示，特别预算将送交立法院审议。"
    assert textlib.words(traditional)[:3] == ["國防部", "今天", "表示"]  # as written
    assert textlib.content_stems(traditional) == textlib.content_stems(simplified)
    assert "国防部" in textlib.content_stems(traditional)


def test_japanese_words_come_from_the_japanese_segmenter() -> None:
    words = textlib.words("政府は防衛費の増額を決めた。", "ja")
    assert words[:4] == ["政府", "は", "防衛", "費"]
    stems = textlib.content_stems("政府は防衛費の増額を決めた。", "ja")
    assert "は" not in stems and "政府" in stems  # particles are not content


def test_japanese_compounds_are_one_content_word_beside_their_parts() -> None:
    sentence = "政府は防衛費と経済安全保障の特別予算を組むことを決めた。"
    assert textlib.words(sentence, "ja")[2:4] == ["防衛", "費"]  # short units
    stems = set(textlib.content_stems(sentence, "ja"))
    folded = {w: textlib.stem(w) for w in ("防衛費", "経済安全保障", "特別予算", "防衛", "予算")}
    assert set(folded.values()) <= stems  # compounds, and parts for a shorter mention
    # Formal nouns, particles and verbs carry no topic.
    assert not {"こと", "は", "を", "決め", "決める", "組む"} & stems


def test_one_kanji_nouns_count_but_time_words_do_not() -> None:
    stems = textlib.content_stems("税の負担が増えた。今年の月末に", "ja")
    assert "税" in stems
    assert not {"年", "月", "末"} & set(stems)


def test_theme_terms_still_match_the_segmenters_words() -> None:
    # Compounds are for similarity only: a theme term is matched against the segmenter's
    # words, so 防衛 is still found inside 防衛費.
    assert textlib.stems("防衛費を増やす", "ja")[:2] == (textlib.stem("防衛"), textlib.stem("費"))


def test_english_words_are_unchanged() -> None:
    assert textlib.words("Taiwan's F-16 order") == ["Taiwan's", "F-16", "order"]
    assert textlib.content_stems("The tariffs were raised") == ["tariff", "rais"]


# ----------------------------------------------------------------------------- dev set

DEVSET_SPLITS = {"tune", "holdout", "holdout2"}  # holdout2: written after the rule, never tuned on


def test_dev_set_rows_are_well_formed() -> None:
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        for name in ("id", "title", "text", "source", "date", "url", "category", "summary"):
            assert isinstance(row.get(name), str) and row[name], (row["id"], name)
        assert row["language"] in {"zh", "ja"} and row.get("script") in (
            {"Hant", "Hans"} if row["language"] == "zh" else {None}
        ), row["id"]
        assert row["category"] in {
            "economic_security", "defense_spending", "cross_strait_politics", "other"
        }, row["id"]  # fmt: skip
        assert row["split"] in DEVSET_SPLITS, row["id"]
        # The reference is two sentences of the text, copied verbatim (a Liberty Times
        # 〔記者…〕 byline may be left off) and joined without a space.
        parts = textlib.split_sentences(row["summary"])
        assert len(parts) == 2 and all(part in row["text"] for part in parts), row["id"]
    languages = Counter(row["language"] for row in rows)
    assert languages["zh"] >= 30 and languages["ja"] >= 20  # issue 16's minimum
    holdout2 = Counter(row["language"] for row in rows if row["split"] == "holdout2")
    assert holdout2["ja"] >= 20 and holdout2["zh"] >= 10


# ---------------------------------------------------------------------------- language


def test_language_of_every_dev_article_is_detected() -> None:
    for row in map(json.loads, DEVSET.read_text(encoding="utf-8").splitlines()):
        expected = row["language"] + (f"-{row['script']}" if "script" in row else "")
        assert detect_language(f"{row['title']}\n{row['text']}") == expected, row["id"]
    assert detect_language("The cabinet approved the budget on Tuesday.") == "en"
    assert detect_language("1234 5678") is None
    french = (
        "Le gouvernement a présenté mardi un budget de la défense en forte hausse, "
        "destiné à financer des drones, des missiles et la formation des réservistes "
        "pendant les cinq prochaines années, selon le ministère des Armées."
    )
    assert detect_language(french) == "fr"
    # Hungarian says "a" and "is" as often as English says its commonest words: it used to
    # be taken for English without the model
    hungarian = (
        "A kormány kedden elfogadta a védelmi költségvetést, amely a drónok és a rakéták "
        "beszerzését is fedezi. A miniszter szerint a terv a következő öt évre szól, és a "
        "parlament a jövő héten szavaz róla. Az ellenzék szerint a költségvetés túl nagy."
    )
    assert detect_language(hungarian) == "hu"


def _write_articles(folder: Path, ids: set[str]) -> dict[str, dict[str, str]]:
    rows = {}
    for row in map(json.loads, DEVSET.read_text(encoding="utf-8").splitlines()):
        if row["id"] in ids:
            rows[row["id"]] = row
            (folder / f"{row['id']}.txt").write_text(
                f"Title: {row['title']}\nSource: {row['source']}\nDate: {row['date']}\n"
                f"URL: {row['url']}\n\n{row['text']}\n",
                encoding="utf-8",
            )
    return rows


def test_inspect_shows_language_and_characters(tmp_path: Path) -> None:
    rows = _write_articles(tmp_path, {"hant-def-01", "ja-def-01"})
    result = runner.invoke(app, ["inspect", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for row in rows.values():
        count = sum(1 for c in row["text"] if not c.isspace())
        assert f"{row['title']} [title given] {count} characters" in result.output
    assert "language zh-Hant" in result.output and "language ja" in result.output


def test_a_japanese_opening_paragraph_is_text_not_a_title(tmp_path: Path) -> None:
    (tmp_path / "nhk.txt").write_text(
        "政府は防衛費を過去最大とする方針を固めた。来年度予算案に盛り込む。\n\n"
        "防衛相は記者会見で必要な措置だと述べた。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["inspect", str(tmp_path / "nhk.txt")])
    assert "政府は防衛費を過去最大とする方針を固めた。 [title derived]" in result.output


# ------------------------------------------------------------------------------ themes


def test_themes_file_takes_terms_per_language(tmp_path: Path) -> None:
    themes_file = tmp_path / "themes.toml"
    themes_file.write_text(
        '[themes.defense]\nname = "Defense"\nterms = ["defense budget"]\n'
        'terms_zh = ["國防預算", "特別預算"]\nterms_ja = ["防衛費"]\n',
        encoding="utf-8",
    )
    (theme,) = load_themes(themes_file)
    assert theme.language_terms == {"zh": ("國防預算", "特別預算"), "ja": ("防衛費",)}
    listed = runner.invoke(app, ["themes", "list", "--themes", str(themes_file)])
    assert "terms (zh): 國防預算, 特別預算" in listed.output
    assert "terms (ja): 防衛費" in listed.output
    themes_file.write_text(
        '[themes.d]\nname = "D"\nterms = ["x"]\nterms_zh = "國防"\n', encoding="utf-8"
    )
    bad = runner.invoke(app, ["themes", "list", "--themes", str(themes_file)])
    assert bad.exit_code != 0 and "terms_zh must be" in bad.output


def test_simplified_text_matches_a_traditional_term(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Title: 国防预算创新高\n\n国防部表示，特别预算将用于采购无人机和导弹。国防预算持续增长。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["themes", "explain", str(tmp_path / "a.txt")])
    assert "theme: defense_spending" in result.output
    assert "特別預算" in result.output  # the term as written in the themes file


HELD_OUT = ("holdout", "holdout2")  # every article no weight or term was tuned on


def _held_out(language: str, splits: tuple[str, ...] = HELD_OUT) -> list:
    rows = {r["id"]: r for r in map(json.loads, DEVSET.read_text("utf-8").splitlines())}
    return [
        record
        for record in load_eval_set(DEVSET)
        if rows[record.article.id]["split"] in splits
        and primary(record.article.language) == language
    ]


# Issue 16's target; measured on both held-out splits: Chinese 1.0 (26 articles),
# Japanese 0.97 (29 of 30; one economic-security story of holdout2 goes to defense).
THEME_ACCURACY_FLOOR = 0.90


@pytest.mark.parametrize("language", ["zh", "ja"])
def test_default_themes_place_held_out_articles(language: str) -> None:
    result = evaluate_themes(_held_out(language), load_themes())
    assert result.articles >= 26
    assert result.accuracy >= THEME_ACCURACY_FLOOR


# ---------------------------------------------------------------------------- summaries

# Measured on the held-out articles (character ROUGE-2 F against Lead cut to equal
# characters; docs/quality.md "Chinese and Japanese", benchmarks/bench_cjk_summaries.py).
# The references are two sentences, so issue 16's target of 1.2 × Lead is gated at 2
# sentences. Chinese meets it on both held-out splits together (1.36, 26 articles);
# Japanese, since its content words became noun compounds (issue 16d), on holdout2 (1.224,
# 22 articles) and on both held-out splits together (1.206, 30 articles; the first 8 alone
# give 1.149). At the default 3 sentences (Chinese 1.124, Japanese 1.109) a third sentence
# cannot be in a two-sentence reference, and even the best 3 sentences of each Japanese
# article reach only 1.29: floors just under the measured figures there.
SUMMARY_RATIO_FLOOR = {
    ("zh", 2, HELD_OUT): 1.2,
    ("ja", 2, ("holdout2",)): 1.2,
    ("ja", 2, HELD_OUT): 1.2,
    ("zh", 3, HELD_OUT): 1.1,
    ("ja", 3, HELD_OUT): 1.09,
}


@pytest.mark.parametrize(
    ("language", "sentences", "splits"),
    list(SUMMARY_RATIO_FLOOR),
    ids=[f"{lang}-{n}-{'+'.join(splits)}" for lang, n, splits in SUMMARY_RATIO_FLOOR],
)
def test_summaries_beat_lead_at_equal_length(
    language: str, sentences: int, splits: tuple[str, ...]
) -> None:
    from briefing.summarize import SummaryOptions

    records = _held_out(language, splits)
    (ours,) = evaluate_summaries(records, ["briefing"], SummaryOptions(sentences=sentences))
    assert ours.unit == "characters"
    assert ours.ratio_to_lead >= SUMMARY_RATIO_FLOOR[(language, sentences, splits)]


def test_summaries_are_verbatim_sentences_in_the_articles_language() -> None:
    from briefing.summarize import summarize

    for record in load_eval_set(DEVSET)[::5]:
        summary = summarize(record.article)
        assert summary.texts
        for sentence in summary.texts:
            assert sentence in record.article.text


# ------------------------------------------------------------------- one mixed brief

MIXED = {"hant-def-01", "hant-cs-02", "hans-econ-01", "hans-cs-01", "ja-def-01", "ja-oth-01"}


@pytest.fixture(scope="module")
def mixed_brief(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("mixed")
    inputs = folder / "in"
    inputs.mkdir()
    rows = _write_articles(inputs, MIXED)
    data = Path(__file__).resolve().parents[1] / "data"
    for name in ("japan-defense-budget.txt", "econ-rare-earths-cables.txt"):
        shutil.copy(data / name, inputs / name)
    result = runner.invoke(
        app,
        ["build", str(inputs), "-o", str(folder / "brief"), "-f", "docx,html,md", "--json",
         str(folder / "brief.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder, rows


def test_mixed_brief_json_records_language_and_length(mixed_brief) -> None:
    folder, rows = mixed_brief
    articles = json.loads((folder / "brief.json").read_text("utf-8"))["articles"]
    by_title = {a["title"]: a for a in articles}
    for row in rows.values():
        article = by_title[row["title"]]
        assert article["language"] == row["language"] + (
            f"-{row['script']}" if "script" in row else ""
        )
        assert article["length"]["unit"] == "characters"
        assert all(sentence in row["text"] for sentence in article["summary"])
    english = [a for a in articles if a["language"] == "en"]
    assert english and all(a["length"]["unit"] == "words" for a in english)


def test_mixed_brief_word_sets_east_asian_language_and_marks_it(mixed_brief) -> None:
    folder, _ = mixed_brief
    xml = zipfile.ZipFile(folder / "brief.docx").read("word/document.xml").decode()
    assert 'w:eastAsia="ja-JP"' in xml and 'w:eastAsia="zh-TW"' in xml
    assert 'w:eastAsia="zh-CN"' in xml and 'w:eastAsia="Yu Gothic"' in xml
    assert "characters · Japanese" in xml and "characters · Chinese (Traditional)" in xml


def test_mixed_brief_html_and_markdown_mark_each_language(mixed_brief) -> None:
    folder, rows = mixed_brief
    html = (folder / "brief.html").read_text("utf-8")
    for tag in ("zh-Hant", "zh-Hans", "ja", "en"):
        assert f'lang="{tag}"' in html
    markdown = (folder / "brief.md").read_text("utf-8")
    for row in rows.values():
        assert row["title"] in markdown
    assert "characters · Chinese (Simplified)" in markdown and "words" in markdown


def test_a_readers_language_tag_in_any_form_picks_the_east_asian_face() -> None:
    import docx

    from briefing.renderers.docx_styles import mark_language
    from briefing.renderers.wording import language_name

    for tag, lang_id, name in (
        ("zh-TW", "zh-TW", "Chinese (Traditional)"),
        ("zh_CN", "zh-CN", "Chinese (Simplified)"),
        ("ja-JP", "ja-JP", "Japanese"),
    ):
        paragraph = docx.Document().add_paragraph("台北")
        mark_language(paragraph._p, tag)
        assert f'w:eastAsia="{lang_id}"' in paragraph._p.xml
        assert language_name(tag) == name
    english = docx.Document().add_paragraph("Taipei")
    mark_language(english._p, "en-GB")
    assert "w:lang" not in english._p.xml


@pytest.mark.slow
def test_mixed_brief_opens_in_libreoffice_with_every_cjk_sentence_intact(mixed_brief) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or pdftotext not installed; PDF check skipped")
    folder, _ = mixed_brief
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(folder / "brief.docx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", str(folder / "brief.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    data = json.loads((folder / "brief.json").read_text("utf-8"))
    cjk = {a["id"] for a in data["articles"] if a["length"]["unit"] == "characters"}
    assert len(cjk) == len(MIXED)
    # What the brief shows of each story told in full: its headline and every sentence of
    # its summary (an off-theme story shows its headline and one sentence).
    shown = [s for s in data["stories"] if s["told_in_full"] and set(s["article_ids"]) & cjk]
    assert shown
    for story in shown:
        assert re.sub(r"\s+", "", story["headline"]) in flat
        sentences = [p["text"] for p in story["summary"] if p["article_id"] in cjk]
        if story["theme"] == "other":
            sentences = sentences[:1]
        for sentence in sentences:
            assert re.sub(r"\s+", "", sentence) in flat, sentence
    assert "Method note" in text  # headings stay English


@pytest.mark.slow
def test_chinese_works_without_a_usable_temp_folder_and_prints_nothing(tmp_path: Path) -> None:
    import sys

    code = (
        "import logging, tempfile;"
        "logging.basicConfig(level=logging.DEBUG);"
        f"tempfile.tempdir = {str(tmp_path / 'gone' / 'deeper')!r};"
        "from briefing import text;"
        "print(text.words('国防部表示，特别预算将用于采购无人机。'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "国防部" in done.stdout and "预算" in done.stdout
    jieba_lines = [
        line for line in done.stderr.splitlines() if "jieba" in line or "prefix dict" in line
    ]
    assert jieba_lines == []  # no progress lines, no cache warnings, even at DEBUG
    assert not (tmp_path / "gone").exists()


def test_summarize_explain_scores_chinese_sentences_apart(tmp_path: Path) -> None:
    _write_articles(tmp_path, {"hans-def-01"})
    result = runner.invoke(app, ["summarize", str(tmp_path / "hans-def-01.txt"), "--explain"])
    assert result.exit_code == 0, result.output
    scores = re.findall(r"score (-?[0-9.]+)", result.output)
    assert len(scores) == 3 and len(set(scores)) == 3 and "0.0000" not in scores


# Written for this test: a People's Daily-style byline paragraph, a lead, a sentence that
# restates the lead, the key figure, and a closing reaction.
BYLINE_ARTICLE = (
    "Title: 海关总署公布前十月稀土出口数据\n\n"
    "本报北京11月20日电（记者张明）\n\n"
    "海关总署20日公布数据，今年前10个月我国稀土出口量同比下降，出口管制措施效果显现。"
    "海关总署表示，前10个月稀土出口数据反映了出口管制措施的实施效果。\n\n"
    "数据显示，前10个月稀土出口共计4.2万吨，同比下降18%，出口金额约31亿美元。\n\n"
    "业内人士认为，相关措施有助于规范行业秩序。\n"
)


def test_a_chinese_summary_keeps_the_lead_and_adds_the_key_figure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BYLINE_ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(tmp_path / "a.txt"), "--sentences", "2"])
    assert result.exit_code == 0, result.output
    assert "海关总署20日公布数据" in result.output  # the lead, first
    assert "4.2万吨" in result.output  # the sentence with the figures
    assert "记者张明" not in result.output  # a byline is not a sentence of the summary
    assert "反映了出口管制措施的实施效果" not in result.output  # restates the lead


# Written for this test. Thai puts a space between phrases, not words.
THAI = (
    "รัฐบาลประกาศเพิ่มงบประมาณด้านการป้องกันประเทศสำหรับปีหน้า "
    "กระทรวงกลาโหมระบุว่างบประมาณส่วนใหญ่จะใช้จัดซื้อโดรนและระบบป้องกันภัยทางอากาศ "
    "นักวิชาการเห็นว่าการเพิ่มงบประมาณครั้งนี้สะท้อนความกังวลต่อสถานการณ์ในภูมิภาค"
)


def test_thai_length_is_counted_in_characters_and_labelled_so(tmp_path: Path) -> None:
    from briefing.languages import counts_characters, length

    count = sum(1 for c in THAI if not c.isspace())
    assert detect_language(THAI) == "th"
    assert length(THAI, "th") == (count, "characters")
    assert length(THAI, None) == (count, "characters")  # language unknown: by script
    assert not counts_characters("en") and length("two words", "en") == (2, "words")
    for tag in ("lo", "km", "my", "ja", "zh-Hant"):
        assert counts_characters(tag)
    (tmp_path / "th.txt").write_text(f"Title: งบกลาโหมเพิ่มขึ้น\n\n{THAI}\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(tmp_path / "th.txt")])
    assert result.exit_code == 0, result.output
    assert f"{count} characters" in result.output and "language th" in result.output


def test_a_short_article_kept_whole_leaves_out_its_byline(tmp_path: Path) -> None:
    # Written for this test: a People's Daily-style byline paragraph and two sentences.
    (tmp_path / "a.txt").write_text(
        "Title: 稀土永磁技术出口将须许可\n\n本报北京11月12日电（记者吴琼）\n\n"
        "商务部12日公告，稀土永磁材料制备技术12月1日起纳入出口管制。\n\n"
        "业内人士认为，此举有助于维护产业链安全。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["summarize", str(tmp_path / "a.txt"), "--explain"])
    assert result.exit_code == 0, result.output
    assert "商务部12日公告" in result.output and "业内人士认为" in result.output
    assert "记者吴琼" not in result.output


# Written for this test (Nikkei style): the headline's figure, 15%, is given by one later
# sentence; another later sentence gives a different count.
HEADLINE_FIGURE_ARTICLE = (
    "Title: 防衛装備の利益率、最大15%に\n\n"
    "防衛省は、装備品の調達で企業に認める利益率の上限を引き上げる方針を固めた。"
    "撤退が相次いだ防衛産業の基盤を立て直すため、約1000億円を来年度予算案に計上する。\n\n"
    "新たな制度では、コスト管理や納期の順守を評価して、最大15%程度まで上乗せする。\n\n"
    "同省によると、この10年間で約100社が防衛事業から撤退した。\n\n"
    "防衛産業からは歓迎する声が上がっている。\n"
)


def test_a_japanese_summary_takes_the_sentence_with_the_headlines_figure(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text(HEADLINE_FIGURE_ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(tmp_path / "a.txt"), "--sentences", "3"])
    assert result.exit_code == 0, result.output
    assert "利益率の上限を引き上げる方針を固めた" in result.output  # the lead
    assert "最大15%程度まで上乗せする" in result.output  # the headline's figure
    assert "約100社" not in result.output
