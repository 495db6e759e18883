"""The HTML reader: main text and page metadata via trafilatura, boilerplate left out."""

from pathlib import Path

import pytest

from briefing.errors import IngestError
from briefing.ingest import load_articles
from briefing.ingest.readers import InputData, ReaderOptions, select_reader
from tests.inputs_factory import HTML_BOILERPLATE, assert_article, write_html


def read(path: Path):
    return load_articles([str(path)]).articles


def test_main_text_and_metadata(tmp_path: Path) -> None:
    expected = write_html(tmp_path / "kinmen.html")
    (article,) = read(tmp_path / "kinmen.html")
    assert_article(article, expected)
    assert not article.title_derived
    for junk in (*HTML_BOILERPLATE, "Home", "Weather", "window.tracking", "Comments"):
        assert junk not in article.text
    # the headline is the title, not repeated as the first paragraph
    assert article.text.startswith("The coast guard held two days")
    assert article.text.count("\n\n") == 2


def test_a_page_saved_with_a_txt_name_is_still_read_as_html(tmp_path: Path) -> None:
    expected = write_html(tmp_path / "saved page.txt")
    (article,) = read(tmp_path / "saved page.txt")
    assert_article(article, expected)
    assert "<p>" not in article.text


def test_a_page_with_no_metadata_has_none_and_a_derived_title_only_if_needed(
    tmp_path: Path,
) -> None:
    page = tmp_path / "plain.htm"
    page.write_text(
        "<html><body><div><p>Heavy rain fell across northern Taiwan on Monday, flooding "
        "underpasses and delaying evening trains.</p><p>More showers are forecast for the "
        "rest of the week as a cold front arrives.</p></div></body></html>"
    )
    (article,) = read(page)
    assert article.source is None and article.date is None and article.url is None
    assert article.title_derived
    assert article.title.startswith("Heavy rain fell across northern Taiwan")


def test_html_with_no_main_text_is_an_error_with_a_reason(tmp_path: Path) -> None:
    html = (
        b"<!doctype html><html><head><title>Portal</title><script>var a = 1;</script></head>"
        b"<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/tv'>TV</a></nav>"
        b"<footer>2026</footer></body></html>"
    )
    source = InputData(name="portal.html", data=html)
    reader = select_reader(source, ReaderOptions())
    with pytest.raises(IngestError, match=r"portal\.html: HTML with no main text"):
        reader.read(source)


def test_nothing_is_fetched_for_a_canonical_url(tmp_path: Path, monkeypatch) -> None:
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the HTML reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    write_html(tmp_path / "kinmen.html")
    assert read(tmp_path / "kinmen.html")[0].url.startswith("https://")
