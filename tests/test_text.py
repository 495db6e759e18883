from briefing import text


def test_sentences_are_verbatim_substrings():
    body = 'Dr. Lin met U.S. officials on Friday. "Is it enough?" he asked. They said no.'
    sentences = text.split_sentences(body)
    assert sentences == [
        "Dr. Lin met U.S. officials on Friday.",
        '"Is it enough?" he asked.',
        "They said no.",
    ]
    assert all(s in body for s in sentences)


def test_question_inside_parenthesised_quote_does_not_end_the_sentence():
    body = "A column (“Why are they so good?”) that praised schools ran. Critics replied."
    assert text.split_sentences(body) == [
        "A column (“Why are they so good?”) that praised schools ran.",
        "Critics replied.",
    ]


def test_cjk_names_stay_intact():
    body = "President William Lai (賴清德) spoke. Hsiao Hsu-tsen (蕭旭岑) replied."
    sentences = text.split_sentences(body)
    assert sentences[0] == "President William Lai (賴清德) spoke."
    assert "(蕭旭岑)" in sentences[1]


def test_clean_removes_xml_illegal_characters_and_soft_hyphens():
    dirty = "Taipei\x00 said\x0b the de\u00adal was\r\nsigned  today."
    assert text.clean(dirty) == "Taipei said the deal was\nsigned today."


def test_ends_complete_sees_closing_quotes_and_cut_text():
    assert text.ends_complete("He said it was “a contingency.”")
    assert text.ends_complete("Was it? (Yes.)")
    assert not text.ends_complete("with each side of the Taiwan")


def test_shorten_cuts_at_a_word_boundary():
    assert text.shorten("Taipei and Tokyo must deepen cooperation on the economy", 30) == (
        "Taipei and Tokyo must deepen…"
    )
