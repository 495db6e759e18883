"""Each article's words are split and stemmed once (``features.TextFeatures``, in the
per-article map); every stage that reads them must find exactly what it finds alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import wordfreq
from hypothesis import given
from hypothesis import strategies as st

from briefing import background, languages, pipeline
from briefing import text as textlib
from briefing.evaluate import load_eval_set
from briefing.features import text_features
from briefing.ingest import dedupe
from briefing.ingest.walk import IngestOptions, load_articles
from briefing.models import Article
from briefing.stories import (
    _stems,
    candidate_stems,
    group_stories,
    story_lede,
    story_stems,
)
from briefing.summarize import SummaryOptions, summarize
from briefing.themes import (
    ThemeOptions,
    _score_alone,
    assign_themes,
    compile_themes,
    load_themes,
    prepare,
    theme_index,
)

FIXTURES = Path(__file__).parent / "fixtures"
CJK_SET = Path(__file__).parent / "devsets" / "cjk.jsonl"


def _mixed_articles(data_dir: Path) -> list[Article]:
    """The bundled data, Chinese and Japanese articles, and texts with a wire dateline,
    a quotation split by Punkt, a hyphenated and an accented word."""
    articles = list(load_articles([str(data_dir)], IngestOptions(merge_duplicates=False)).articles)
    for line in CJK_SET.read_text(encoding="utf-8").splitlines()[:12]:
        row = json.loads(line)
        articles.append(
            Article(
                id=row["id"],
                title=row["title"],
                text=row["text"],
                path="",
                language=row.get("language"),
            )
        )
    articles += [
        Article(
            id="dateline",
            title="Ministry weighs chip export rules",
            text="TAIPEI (CNA) — The ministry said on Monday it would tighten export rules "
            "for advanced chips.\n\nOfficials (“Why now?”) said the café-owner's ex-boss "
            "had nothing to do with it. The rules take effect in 2027.",
            path="",
            language="en",
        ),
        Article(id="tiny", title="TEST", text="Hello", path="", language="en"),
    ]
    return articles


def test_every_stage_reads_from_the_shared_words_what_it_finds_alone(data_dir: Path) -> None:
    themes = load_themes(None)
    terms = {t.id: t.terms for t in themes}
    for article in _mixed_articles(data_dir):
        shared = text_features(article)
        assert shared.sentences == tuple(textlib.split_sentences(article.text))
        for i, sentence in enumerate(shared.sentences):
            assert list(shared.content_stems(i)) == textlib.content_stems(
                sentence, article.language
            )
        if shared.whole:
            assert list(shared.words) == textlib.words(article.text)
        assert prepare([article], themes, [shared]) == prepare([article], themes)
        codes, short = dedupe.compared(article, shared.words if shared.whole else None)
        alone_codes, alone_short = dedupe.compared(article)
        assert np.array_equal(codes, alone_codes) and short == alone_short
        assert story_stems(article, shared) == _stems(article)
        assert story_lede(article, shared) == story_lede(article)
        for theme_id in (None, *terms):
            focus = terms.get(theme_id or "", ())
            summary = summarize(article, SummaryOptions(), focus_terms=focus, features=shared)
            assert summary == summarize(article, SummaryOptions(), focus_terms=focus)
            for index, stems in candidate_stems(article, summary, shared).items():
                sentence = shared.sentences[index]
                if index == 0:
                    sentence = textlib.without_dateline(sentence)
                assert list(stems) == textlib.content_stems(sentence)


@pytest.mark.parametrize("themes_file", [None, FIXTURES / "bbc-themes.toml"])
def test_the_map_gives_the_brief_each_stage_gives_alone(
    bbc_dev: Path, themes_file: Path | None
) -> None:
    """Themes placed, summaries focused on them and stories grouped from the map's
    results equal those of the stage functions called one by one. The sparse BBC themes
    move some articles by the run's centroids: their summaries are made again."""
    articles = [r.article for r in load_eval_set(bbc_dev)[::11]]
    themes = load_themes(themes_file)
    mapped = pipeline.map_articles(articles, themes, ThemeOptions(), SummaryOptions())
    scores, summaries = pipeline.place_and_summarize(
        articles, themes, ThemeOptions(), SummaryOptions(), mapped=mapped
    )
    alone = {s.article_id: s for s in assign_themes(articles, themes)}
    assert scores == alone
    terms = {t.id: t.terms for t in themes}
    for article in articles:
        focus = terms.get(alone[article.id].theme, ())
        assert summaries[article.id] == summarize(article, focus_terms=focus)
    inputs = pipeline._story_inputs(articles, mapped)
    assert group_stories(articles, summaries, scores, None, *inputs) == group_stories(
        articles, summaries, scores
    )
    if themes_file is not None:  # the re-summarizing path was taken
        assert any(m.theme != scores[a.id].theme for a, m in zip(articles, mapped, strict=True))


def test_a_theme_index_without_cjk_terms_scores_other_articles_alike(data_dir: Path) -> None:
    themes = load_themes(None)
    assert any(t.language_terms for t in themes)  # the defaults have Chinese and Japanese
    english = [
        a
        for a in _mixed_articles(data_dir)
        if not languages.has_cjk(a.text) and not languages.has_cjk(a.title)
    ]
    full, lean = compile_themes(themes, cjk=True), compile_themes(themes, cjk=False)
    assert lean.keys < full.keys
    for article in english:
        (features,) = prepare([article], full)
        assert prepare([article], lean) == [features]
        options = ThemeOptions()
        assert _score_alone(features, lean, options, None) == _score_alone(
            features, full, options, None
        )
    assert theme_index(themes, cjk=False) is theme_index(themes, cjk=False)


def test_plain_words_read_from_the_table_have_wordfreqs_zipf() -> None:
    """``background.zipf`` reads lower-case ASCII words from wordfreq's table itself."""
    table = wordfreq.get_frequency_dict(background.LANGUAGE, background.WORDLIST)
    plain = [w for w in table if re.fullmatch("[a-z]+", w)]
    assert len(plain) > 20_000
    for word in plain:
        expected = wordfreq.zipf_frequency(word, background.LANGUAGE, wordlist=background.WORDLIST)
        assert background._plain_zipf(word) == expected, word
    assert background._plain_zipf("zzxqjv") is None  # not listed: wordfreq decides


def _clean_line_by_line(text: str) -> str:
    """``text.clean`` as it was: inline spaces folded one line at a time."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = textlib._SOFT_HYPHEN_AND_ZERO_WIDTH.sub("", text)
    text = textlib._XML_ILLEGAL.sub("", text)
    lines = (textlib._INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


@given(st.text(alphabet=" \t\n\r\u00a0\u2003\u3000\u200b\u00ad\x0bab\u00e9", max_size=60))
def test_clean_folds_inline_spaces_as_line_by_line(text: str) -> None:
    assert textlib.clean(text) == _clean_line_by_line(text)


def test_shingle_codes_are_the_same_in_every_process() -> None:
    """Workers number words apart: a word's code must not depend on the process (Python's
    string hash does), or the duplicate test would depend on the executor."""
    words = ["tariff", "talks", "resume", "in", "geneva"]
    here = dedupe.shingle_codes(words)
    script = (
        f"from briefing.ingest import dedupe;print(list(map(int, dedupe.shingle_codes({words!r}))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert [int(c) for c in here] == json.loads(out)
    assert len(here) == 3 and list(here) == sorted(here)
