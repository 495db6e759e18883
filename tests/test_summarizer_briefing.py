"""The default summarizer: registered, default, verbatim, within budget, no repeats."""

from __future__ import annotations

import pytest

from briefing.models import Article
from briefing.settings import Settings
from briefing.summarize import DEFAULT_ALGORITHM, SummaryOptions, summarize
from briefing.summarizers import SUMMARIZERS, RankingInput, get_summarizer

ARTICLE = Article(
    id="a",
    title="Port strike halts container traffic",
    path="a.txt",
    text=(
        "Dock workers at the city's container port walked out on Monday over pay. "
        "The strike halted container traffic at the port and left ships waiting offshore. "
        "But he said it would not last. "
        "Port managers said container traffic would resume once talks on pay restarted. "
        "The strike halted container traffic at the port and left ships waiting offshore again. "
        "Weather was mild."
    ),
)


def test_briefing_is_registered_and_the_default() -> None:
    assert "briefing" in SUMMARIZERS
    assert DEFAULT_ALGORITHM == "briefing"
    assert SummaryOptions().algorithm == "briefing"
    assert Settings().algorithm == "briefing"


def test_summary_is_verbatim_without_a_repeated_sentence() -> None:
    summary = summarize(ARTICLE, SummaryOptions(sentences=3))
    assert len(summary.texts) == 3
    assert all(s in ARTICLE.text for s in summary.texts)
    repeats = [s for s in summary.texts if s.startswith("The strike halted container traffic")]
    assert len(repeats) == 1


def test_dangling_opening_and_fragment_rank_below_the_content() -> None:
    order = [s.index for s in get_summarizer("briefing").rank(_doc())]
    content = [order.index(i) for i in (0, 1, 3)]
    assert order.index(2) > max(content)  # "But he said ..." needs an antecedent
    assert order.index(5) > max(content)  # "Weather was mild." is a fragment


def test_word_budget_is_respected() -> None:
    summary = summarize(ARTICLE, SummaryOptions(words=20))
    assert 0 < sum(len(s.split()) for s in summary.texts) <= 20


def test_focus_terms_raise_the_sentences_that_carry_them() -> None:
    plain = {s.index: s.score for s in get_summarizer("briefing").rank(_doc())}
    focused = {s.index: s.score for s in get_summarizer("briefing").rank(_doc(("pay",)))}
    assert focused[0] > plain[0]  # mentions pay
    assert focused[1] == plain[1]  # does not


@pytest.mark.slow
def test_long_document_every_sentence_ranked_once_by_every_algorithm() -> None:
    sentences = [
        f"Sentence {i} about the harbour, the ferries and schedule number {i % 7}."
        for i in range(450)
    ]
    for name in ("textrank", "lexrank", "kl"):
        ranked = get_summarizer(name).rank(RankingInput(sentences, "Harbour"))
        assert sorted(s.index for s in ranked) == list(range(450))
        assert all(s.text == sentences[s.index] for s in ranked)


def _doc(focus: tuple[str, ...] = ()) -> RankingInput:
    from briefing.summarize import candidate_sentences

    return RankingInput(candidate_sentences(ARTICLE), ARTICLE.title, focus)
