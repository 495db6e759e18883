"""The e-mail reader: .eml and .mbox; subject, sender, date, plain or HTML body."""

from pathlib import Path

from briefing.ingest import load_articles
from tests.inputs_factory import EML, assert_article, write_eml, write_mbox


def read(path: Path):
    return load_articles([str(path)]).articles


def test_eml_plain_part_preferred_and_signature_dropped(tmp_path: Path) -> None:
    want = write_eml(tmp_path / "fuel.eml")
    (article,) = read(tmp_path / "fuel.eml")
    assert_article(article, want)
    assert "HTML copy" not in article.text
    assert "unsubscribe" not in article.text
    # hard-wrapped lines are joined back into one paragraph
    assert article.text.split("\n\n")[0].endswith("keep some boats in port over the winter.")


def test_mbox_messages_with_encoded_headers_and_html_only_body(tmp_path: Path) -> None:
    expected = write_mbox(tmp_path / "desk.mbox")
    articles = read(tmp_path / "desk.mbox")
    assert len(articles) == 2
    for article, want in zip(articles, expected, strict=True):
        assert_article(article, want)
    assert "<p>" not in articles[1].text
    assert articles[1].text.endswith("He promised help with fuel costs.")


def test_a_saved_message_with_a_txt_name_is_read_as_mail(tmp_path: Path) -> None:
    (tmp_path / "fuel.txt").write_text(EML)
    (article,) = read(tmp_path / "fuel.txt")
    assert article.title == "Fishing fleet faces fuel price rise"
    assert "Message-ID" not in article.text


def test_a_forwarded_message_is_read_as_the_original(tmp_path: Path) -> None:
    (tmp_path / "fwd.eml").write_text(
        "From: Alice Wang <alice@ministry.example>\n"
        "To: desk@ministry.example\n"
        "Subject: Fwd: Harbour Times: port strike\n"
        "Date: Tue, 24 Nov 2026 10:15:00 +0800\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "See below, relevant for Thursday.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Harbour Times <news@harbour.example>\n"
        "Date: Mon, 23 Nov 2026 09:00:00 +0800\n"
        "Subject: Port strike ends after three days\n"
        "To: Alice Wang <alice@ministry.example>\n\n"
        "Dock workers returned to work on Monday after a three-day strike.\n"
    )
    (article,) = read(tmp_path / "fwd.eml")
    assert article.title == "Port strike ends after three days"
    assert article.source == "Harbour Times"
    assert article.date.isoformat() == "2026-11-23"
    assert article.text == "Dock workers returned to work on Monday after a three-day strike."


def test_plain_text_with_a_date_header_is_not_mistaken_for_mail(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(
        "Title: Bus fares frozen\nDate: 2026-11-20\nSource: City Desk\n\n"
        "The city froze bus fares for another year.\n"
    )
    (article,) = read(tmp_path / "note.txt")
    assert (article.title, article.source) == ("Bus fares frozen", "City Desk")
