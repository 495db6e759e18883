"""Feeds as they come: headline-only entries, JSON Feed, Atom entry documents, comments,
escaped entities. A headline item goes through the whole pipeline: a headline with its
source, date and link in the brief, and no summary."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from briefing.cli import app

HEADLINES_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Strait Desk &amp;#039;Daily&amp;#039;</title>
<item><title>Taiwan raises defense budget by 7 percent</title>
<link>https://desk.example/budget</link><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Japan&amp;#039;s coast guard adds two patrol ships</title>
<link>https://desk.example/patrol</link></item>
</channel></rss>
"""
STORY = (
    "The legislature approved the budget on Friday after a week of debate. "
    "Spending on coastal defense rises by a fifth, and the navy gets two new frigates. "
    "The opposition said the increase was needed but asked for more oversight."
)


def build(tmp_path: Path, *inputs: Path, formats: str = "json") -> tuple[dict, str]:
    result = CliRunner().invoke(
        app,
        ["build", *map(str, inputs), "-o", str(tmp_path / "out" / "b.docx"), "-f", formats],
    )
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "out" / "b.json").read_text()), result.stderr


def test_a_feed_of_headlines_only_gives_headline_items(tmp_path: Path) -> None:
    feed = tmp_path / "heads.rss"
    feed.write_text(HEADLINES_RSS)
    brief, stderr = build(tmp_path, feed, formats="docx,md,html,json")
    articles = {a["title"]: a for a in brief["articles"]}
    assert set(articles) == {
        "Taiwan raises defense budget by 7 percent",
        "Japan's coast guard adds two patrol ships",
    }
    budget = articles["Taiwan raises defense budget by 7 percent"]
    assert budget["headline_only"] is True
    assert budget["summary"] == []
    assert budget["url"] == "https://desk.example/budget"
    assert budget["date"] == "2026-11-30"
    assert budget["source"] == "Strait Desk 'Daily'"
    assert "2 articles (2 headline items) from 1 input," in stderr

    document = docx.Document(str(tmp_path / "out" / "b.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Taiwan raises defense budget by 7 percent" in headings
    metas = [p.text for p in document.paragraphs if p.style.name == "Brief Meta"]
    assert all(m.endswith("headline only") for m in metas), metas
    assert not [p for p in document.paragraphs if p.style.name == "List Bullet"]

    markdown = (tmp_path / "out" / "b.md").read_text()
    assert "· 30 Nov 2026 · headline only" in markdown
    assert "[Taiwan raises defense budget by 7 percent](<https://desk.example/budget>)" in (
        markdown
    )
    html = (tmp_path / "out" / "b.html").read_text()
    articles_part = html[html.index("<h3") : html.rindex(">Sources<")]
    assert articles_part.count("headline only") == 2
    assert "<ul" not in articles_part and "<li" not in articles_part


def test_headline_items_sit_beside_full_articles(tmp_path: Path) -> None:
    (tmp_path / "heads.rss").write_text(HEADLINES_RSS)
    (tmp_path / "budget.txt").write_text(f"Title: Budget passes\n\n{STORY}\n")
    brief, _ = build(tmp_path, tmp_path)
    by_title = {a["title"]: a for a in brief["articles"]}
    assert by_title["Budget passes"]["headline_only"] is False
    assert by_title["Budget passes"]["summary"]
    # themes come from the headline alone
    assert by_title["Taiwan raises defense budget by 7 percent"]["theme"] == "defense_spending"


def test_one_headline_in_two_feeds_is_one_item(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(HEADLINES_RSS)
    (tmp_path / "b.rss").write_text(HEADLINES_RSS.replace("Strait Desk", "Harbour Wire"))
    brief, stderr = build(tmp_path, tmp_path)
    assert len(brief["articles"]) == 2
    assert "2 duplicates merged" in stderr


def test_an_atom_entry_document_is_one_entry(tmp_path: Path) -> None:
    entry = tmp_path / "entry.xml"
    entry.write_text(
        '<?xml version="1.0"?><entry xmlns="http://www.w3.org/2005/Atom">'
        "<title>Budget passes</title><link href='https://desk.example/b'/>"
        "<updated>2026-11-30T08:00:00Z</updated>"
        f'<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry>'
    )
    brief, _ = build(tmp_path, entry)
    (article,) = brief["articles"]
    assert (article["title"], article["url"], article["date"]) == (
        "Budget passes",
        "https://desk.example/b",
        "2026-11-30",
    )
    assert article["summary"][0] == STORY.split(". ")[0] + "."


@pytest.mark.parametrize(
    "version", ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"]
)
def test_json_feed_items_are_read_or_reported(tmp_path: Path, version: str) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            {
                "version": version,
                "title": "Strait Desk",
                "items": [
                    {"id": "1", "title": "Budget passes", "content_text": STORY},
                    {"id": "2", "title": "Patrol ships added", "url": "https://desk.example/p"},
                    {"id": "3", "summary": "Ships &#039;move&#039; again after the strike."},
                    {"id": "4", "url": "https://desk.example/empty"},
                ],
            }
        )
    )
    brief, stderr = build(tmp_path, feed)
    by_id = {a["id"]: a for a in brief["articles"]}
    assert set(by_id) == {"1", "2", "3"}
    assert by_id["2"]["headline_only"] is True
    assert by_id["3"]["summary"] == ["Ships 'move' again after the strike."]
    assert "feed.json: 1 item with neither a title nor text left out" in stderr


def test_a_comment_only_xml_file_is_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(f"Title: Budget passes\n\n{STORY}\n")
    (tmp_path / "empty.xml").write_text("<?xml version='1.0'?>\n<!-- nothing here yet -->\n")
    brief, stderr = build(tmp_path, tmp_path)
    assert [a["title"] for a in brief["articles"]] == ["Budget passes"]
    assert f"skipped {tmp_path / 'empty.xml'}: XML holding only comments, no content" in stderr


def test_inspect_names_headline_items(tmp_path: Path) -> None:
    feed = tmp_path / "heads.rss"
    feed.write_text(HEADLINES_RSS)
    result = CliRunner().invoke(app, ["inspect", str(feed)])
    assert result.exit_code == 0, result.output
    assert "1. Taiwan raises defense budget by 7 percent [title given] headline only" in (
        result.stdout
    )


@pytest.mark.parametrize(
    "feed",
    [
        # a namespace prefix on the root
        '<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"><r:channel>'
        "<r:title>Strait Desk</r:title><r:item><r:title>Budget passes</r:title>"
        "</r:item></r:channel></r:rss>",
        # a DOCTYPE declaring entities
        '<!DOCTYPE rss [\n  <!ENTITY desk "Strait Desk">\n]>\n<rss version="2.0"><channel>'
        "<title>&desk;</title><item><title>Budget passes</title></item></channel></rss>",
        # an Atom title given as HTML
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Strait Desk</title><entry>'
        '<title type="html">&lt;b&gt;Budget&lt;/b&gt; passes</title></entry></feed>',
    ],
)
def test_feed_variants_are_feeds(tmp_path: Path, feed: str) -> None:
    path = tmp_path / "desk.xml"
    path.write_text('<?xml version="1.0"?>\n' + feed)
    brief, _ = build(tmp_path, path)
    (article,) = brief["articles"]
    assert (article["title"], article["source"], article["headline_only"]) == (
        "Budget passes",
        "Strait Desk",
        True,
    )


def test_a_headline_item_joins_the_full_story_under_the_same_headline(tmp_path: Path) -> None:
    (tmp_path / "heads.rss").write_text(HEADLINES_RSS)
    (tmp_path / "budget.txt").write_text(
        f"Title: Taiwan raises defense budget by 7 percent\nSource: Harbour Wire\n\n{STORY}\n"
    )
    brief, stderr = build(tmp_path, tmp_path)
    by_title = {a["title"]: a for a in brief["articles"]}
    story = by_title["Taiwan raises defense budget by 7 percent"]
    assert story["headline_only"] is False and story["summary"]
    assert [ref["url"] for ref in story["also_in"]] == ["https://desk.example/budget"]
    assert len(brief["articles"]) == 2
    assert "1 duplicate merged" in stderr
