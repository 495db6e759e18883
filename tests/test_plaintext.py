"""The plain-text reader: explicit layouts and the scraped-page rules."""

from briefing.ingest.readers.plaintext import build_articles

BODY = (
    "Officials in Taipei said on Monday that the new rules on chip exports would take "
    "effect next month. The ministry expects few companies to be affected."
)
MORE = (
    "Analysts said the change mostly formalises existing practice among chipmakers. "
    "Some exporters still asked for a longer transition period."
)


def test_header_block_and_separator():
    text = (
        f"Title: Chip export rules\nSource: Taipei Ledger\nDate: 2026-11-20\n"
        f"URL: https://example.org/a\n\n{BODY}\n\n---\n\n"
        f"Title: Exporters react\nSource: Strait Wire\nDate: 21 November 2026\n\n{MORE}\n"
    )
    first, second = build_articles("x.txt", text)
    assert (first.title, first.source, str(first.date), first.url) == (
        "Chip export rules",
        "Taipei Ledger",
        "2026-11-20",
        "https://example.org/a",
    )
    assert first.text == BODY and not first.title_derived
    assert (second.title, str(second.date)) == ("Exporters react", "2026-11-21")


def test_title_line_followed_by_blank_line():
    (article,) = build_articles("x.txt", f"Chip export rules take effect\n\n{BODY}\n\n{MORE}\n")
    assert article.title == "Chip export rules take effect"
    assert article.text == f"{BODY}\n\n{MORE}"


def test_untitled_article_gets_a_derived_title_marked_as_such():
    (article,) = build_articles("x.txt", BODY)
    assert article.title_derived
    assert article.title.startswith("Officials in Taipei said")
    assert len(article.title) <= 90


def test_single_article_with_cut_off_last_paragraph_stays_one_article():
    cut = "The ministry did not say whether the rules would cover older equipment made in"
    (article,) = build_articles("x.txt", f"{BODY}\n{MORE}\n{cut}\n")
    assert article.truncated
    assert article.text.endswith(cut)


def test_scraped_page_with_teasers_splits_at_each_cut_off_line():
    teaser_a = (
        "Tokyo's baseball season ended on Sunday with a crowd of forty thousand watching "
        "the home team lose a close game in the tenth"
    )
    # a teaser is longer than a headline (20 words): shorter cut-off lines are not teasers
    teaser_b = (
        "A new museum of ceramics opened in Tainan on Saturday, showing pieces from the "
        "Song dynasty that were lent by collectors in Kyoto and"
    )
    articles = build_articles("x.txt", f"{BODY}\n{MORE}\n{teaser_a}\n{teaser_b}\n")
    assert [a.text for a in articles] == [f"{BODY}\n\n{MORE}", teaser_a, teaser_b]
    assert [a.truncated for a in articles] == [False, True, True]


def test_lone_off_topic_teaser_after_an_article_is_split_by_topic_shift():
    teaser = (
        "Tokyo's baseball season ended on Sunday with a crowd of forty thousand watching "
        "the home team lose a close game in the tenth"
    )
    articles = build_articles("x.txt", f"{BODY}\n{MORE}\n{teaser}\n")
    assert [a.text for a in articles] == [f"{BODY}\n\n{MORE}", teaser]


def test_markdown_heading_title_and_emphasis():
    text = f"# Chip rules\n\n**{BODY}**\n\n## Reaction\n\n{MORE}\n"
    (article,) = build_articles("x.md", text, markdown=True)
    assert article.title == "Chip rules"
    assert "**" not in article.text
    assert not article.truncated


def test_byline_and_dateline_under_a_headline_are_metadata():
    text = (
        f"Chip export rules take effect\nBy Lin Mei-hua\nNovember 20, 2026\n\n{BODY}\n\n"
        f"Exporters react to the new rules\n21 November 2026\n\n{MORE}\n"
    )
    first, second = build_articles("x.txt", text)
    assert (first.title, first.author, str(first.date)) == (
        "Chip export rules take effect",
        "Lin Mei-hua",
        "2026-11-20",
    )
    assert first.text == BODY
    assert (second.title, str(second.date), second.text) == (
        "Exporters react to the new rules",
        "2026-11-21",
        MORE,
    )
