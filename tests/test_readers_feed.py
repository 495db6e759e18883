"""The RSS/Atom reader: one article per entry, full content over summary, feed as source."""

from pathlib import Path

import pytest

from briefing.errors import IngestError
from briefing.ingest import load_articles
from briefing.ingest.readers import InputData, ReaderOptions, select_reader
from tests.inputs_factory import assert_article, write_atom, write_rss


def read(path: Path):
    return load_articles([str(path)]).articles


def test_rss_entries_with_full_content_or_summary(tmp_path: Path) -> None:
    expected = write_rss(tmp_path / "port.rss")
    articles = read(tmp_path / "port.rss")
    assert len(articles) == 2
    for article, want in zip(articles, expected, strict=True):
        assert_article(article, want)
    # content:encoded wins over the one-line description, and its HTML is gone
    assert "Dock workers are back." not in articles[0].text
    assert articles[0].text.count("\n\n") == 1
    assert "<p>" not in articles[1].text


def test_atom_entry_with_author(tmp_path: Path) -> None:
    (want,) = write_atom(tmp_path / "strait.atom")
    (article,) = read(tmp_path / "strait.atom")
    assert_article(article, want)
    assert "Talks resume." not in article.text


def test_a_feed_saved_as_xml_or_txt_is_still_a_feed(tmp_path: Path) -> None:
    write_rss(tmp_path / "port.xml")
    (tmp_path / "port.txt").write_bytes((tmp_path / "port.xml").read_bytes())
    assert len(read(tmp_path / "port.xml")) == 2
    assert [a.source for a in read(tmp_path / "port.txt")] == ["Port Authority Bulletin"] * 2


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02 this is not a feed \xff\xfe" * 20,
        b'<?xml version="1.0"?><catalogue><book>Not a feed</book></catalogue>',
    ],
)
def test_a_feed_that_is_not_a_feed_is_an_error(data: bytes) -> None:
    source = InputData(name="news.rss", data=data)
    with pytest.raises(IngestError, match=r"news\.rss: "):
        select_reader(source, ReaderOptions()).read(source)


def test_a_broken_feed_with_no_entries_is_an_error() -> None:
    source = InputData(name="cut.rss", data=b"<rss><channel><item><title>Cut")
    with pytest.raises(
        IngestError, match=r"cut\.rss: the feed has no entries with a title or text"
    ):
        select_reader(source, ReaderOptions()).read(source)
