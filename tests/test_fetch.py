"""URL inputs against a real local HTTP server: timeouts, size cap, retries, content types."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import IngestError
from briefing.ingest import IngestOptions, load_articles
from briefing.ingest.fetch import USER_AGENT, FetchOptions, fetch_url, is_url, read_url_list
from tests.local_http import Answer, Site, serve

STORY = (
    b"Title: Port Authority Opens Night Shifts\n"
    b"Source: Harbour Daily\n"
    b"Date: 2026-11-03\n\n"
    b"The port authority opened night shifts at the container terminal on Monday. "
    b"Officials said the change would cut waiting times for ships by a third.\n\n"
    b"Unions welcomed the extra hours but asked for better lighting on the quays.\n"
)

OTHER_STORY = (
    b"Title: Rail Freight Link Delayed\n\n"
    b"The rail freight link to the northern port will open a year late, the ministry said. "
    b"Contractors blamed a shortage of steel and a wet autumn.\n"
)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        yield running


def no_sleep(seconds: float) -> None:
    return None


def test_a_text_page_becomes_articles_with_its_url(site: Site) -> None:
    site.routes["/port.txt"] = Answer(body=STORY)
    result = load_articles([site.url("/port.txt")])
    (article,) = result.articles
    assert article.title == "Port Authority Opens Night Shifts"
    assert article.url == site.url("/port.txt")
    assert article.source == "Harbour Daily"
    assert "night shifts" in article.text


def test_requests_say_who_is_asking(site: Site) -> None:
    site.routes["/port.txt"] = Answer(body=STORY)
    fetch_url(site.url("/port.txt"))
    assert site.requests == [("/port.txt", USER_AGENT)]
    assert USER_AGENT.startswith("briefing/") and "policy brief builder" in USER_AGENT


def test_the_content_type_is_handed_to_the_reader(site: Site) -> None:
    site.routes["/story"] = Answer(body=STORY, content_type="text/plain; charset=utf-8")
    source = fetch_url(site.url("/story"))
    assert source.media_type == "text/plain"
    assert source.data == STORY


def test_a_missing_page_is_an_ingest_error_naming_the_status(site: Site) -> None:
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch_url(site.url("/gone"))


def test_a_server_error_is_retried_with_growing_backoff(site: Site) -> None:
    site.routes["/flaky"] = [Answer(status=503), Answer(status=502), Answer(body=STORY)]
    waits: list[float] = []
    source = fetch_url(site.url("/flaky"), FetchOptions(retries=2, backoff=0.25), waits.append)
    assert source.data == STORY
    assert waits == [0.25, 0.5]
    assert len(site.requests) == 3


def test_retries_are_bounded(site: Site) -> None:
    site.routes["/down"] = Answer(status=500)
    with pytest.raises(IngestError, match=r"HTTP 500.*after 3 attempts"):
        fetch_url(site.url("/down"), FetchOptions(retries=2), no_sleep)
    assert len(site.requests) == 3


def test_a_client_error_is_not_retried(site: Site) -> None:
    site.routes["/forbidden"] = Answer(status=403)
    with pytest.raises(IngestError, match="HTTP 403"):
        fetch_url(site.url("/forbidden"), FetchOptions(retries=2), no_sleep)
    assert len(site.requests) == 1


def test_a_server_that_does_not_answer_times_out(site: Site) -> None:
    site.routes["/slow"] = Answer(body=STORY, delay=3)
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"within 0\.3 s"):
        fetch_url(site.url("/slow"), FetchOptions(timeout=0.3))
    assert time.monotonic() - started < 2


def test_the_timeout_bounds_the_whole_download_not_each_read(site: Site) -> None:
    site.routes["/drip"] = Answer(body=STORY, drip=0.1)  # ~30 pieces, 3 s in all
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"within 0\.5 s"):
        fetch_url(site.url("/drip"), FetchOptions(timeout=0.5))
    assert time.monotonic() - started < 2


def test_a_body_over_the_size_cap_is_refused(site: Site) -> None:
    site.routes["/big.txt"] = Answer(body=b"word " * 1000)
    with pytest.raises(IngestError, match="size cap"):
        fetch_url(site.url("/big.txt"), FetchOptions(max_bytes=1000))


def test_an_image_is_refused_by_its_content_type(site: Site) -> None:
    site.routes["/photo"] = Answer(body=b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    with pytest.raises(IngestError, match="image/png"):
        fetch_url(site.url("/photo"))


def test_nothing_listening_is_a_connection_error() -> None:
    with serve(Site()) as closed:
        url = closed.url("/x")
    with pytest.raises(IngestError, match="cannot connect"):
        fetch_url(url, FetchOptions(timeout=2))


def test_a_redirect_is_followed_and_the_final_url_kept(site: Site) -> None:
    site.routes["/old"] = Answer(status=301, headers={"Location": "/new.txt"})
    site.routes["/new.txt"] = Answer(body=STORY)
    (article,) = load_articles([site.url("/old")]).articles
    assert article.url == site.url("/new.txt")


def test_url_detection() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("data/http.txt") and not is_url("ftp://example.org/a")


def test_url_list_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("# this week's links\nhttps://a.example/1\n\n  http://b.example/2  \n")
    assert read_url_list(listing) == ["https://a.example/1", "http://b.example/2"]


def test_url_list_names_a_line_that_is_not_a_url(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("https://a.example/1\nwww.b.example/2\n")
    with pytest.raises(IngestError, match=r"urls.txt:2: 'www.b.example/2' is not"):
        read_url_list(listing)


def test_a_bad_url_is_skipped_and_the_rest_is_read(site: Site, tmp_path: Path) -> None:
    site.routes["/port.txt"] = Answer(body=STORY)
    local = tmp_path / "rail.txt"
    local.write_bytes(OTHER_STORY)
    result = load_articles(
        [site.url("/port.txt"), site.url("/missing"), str(local)], IngestOptions(timeout=5)
    )
    assert [a.title for a in result.articles] == [
        "Port Authority Opens Night Shifts",
        "Rail Freight Link Delayed",
    ]
    assert [(s.input, s.reason) for s in result.skipped] == [
        (site.url("/missing"), "the server answered HTTP 404 Not Found")
    ]
    assert result.inputs == 3


def test_build_reads_urls_from_arguments_and_a_url_list(site: Site, tmp_path: Path) -> None:
    site.routes["/port.txt"] = Answer(body=STORY)
    site.routes["/rail"] = Answer(body=OTHER_STORY, content_type="text/plain")
    site.routes["/logo.png"] = Answer(body=bytes(64), content_type="image/png")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site.url('/rail')}\n{site.url('/logo.png')}\n")
    out = tmp_path / "brief.docx"
    result = CliRunner().invoke(
        app,
        [
            "build",
            site.url("/port.txt"),
            "--url-list",
            str(listing),
            "-o",
            str(out),
            "--json",
            str(tmp_path / "brief.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"skipped {site.url('/logo.png')}: served as image/png" in result.output
    assert "2 articles from 3 inputs, 1 skipped, 0 duplicates merged" in result.output
    data = json.loads((tmp_path / "brief.json").read_text())
    assert sorted(a["url"] for a in data["articles"]) == [site.url("/port.txt"), site.url("/rail")]
    assert out.exists()
