"""The Markdown brief, parsed back with a CommonMark parser."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from briefing.renderers import RenderOptions, get_renderer, wording


def parse(brief, **options):
    text = get_renderer("md", RenderOptions(**options)).render(brief).decode("utf-8")
    return text, MarkdownIt("commonmark").enable("table").parse(text)


def inline_text(token) -> str:
    return "".join(child.content for child in token.children or [] if child.type == "text")


def links(tokens) -> list[tuple[str, str]]:
    found = []
    for token in tokens:
        children = token.children or []
        for index, child in enumerate(children):
            if child.type == "link_open":
                found.append((children[index + 1].content, child.attrs["href"]))
    return found


def test_structure_headings_and_article_links(data_brief):
    _, tokens = parse(data_brief)
    h1 = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.tag == "h1" and t.nesting == 1
    ]
    assert h1 == [data_brief.title]
    h2 = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1
    ]
    themes = [s.theme.name for s in data_brief.sections]
    assert h2 == ["Key points", "At a glance", *themes, "Sources", "Method note"]
    h3 = [tokens[i + 1] for i, t in enumerate(tokens) if t.tag == "h3" and t.nesting == 1]
    told = [s for sec in data_brief.sections if sec.theme.id != "other" for s in sec.top_stories]
    assert len(h3) == len(told)
    for token, story in zip(h3, told, strict=True):
        if story.lead.article.url:
            assert links([token]) == [(story.story.headline, story.lead.article.url)]
        else:
            assert "".join(c.content for c in token.children) == story.story.headline


def test_citations_match_sources_list(data_brief):
    text, tokens = parse(data_brief)
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    sources = rendered.split("<h2>Sources</h2>")[1].split("<h2>")[0]
    entries = re.findall(r"<li>\[(\d+)\] (.*?)</li>", sources)
    assert [int(n) for n, _ in entries] == list(range(1, len(data_brief.cited_items) + 1))
    by_number = dict(entries)
    key_points = rendered.split("<h2>Key points</h2>")[1].split("<h2>")[0]
    items = re.findall(r"<li>(.*?)</li>", key_points)
    by_id = {i.article.id: i for i in data_brief.items}
    assert len(items) == len(data_brief.key_points)
    in_groups = [p for _, points in wording.key_point_groups(data_brief) for p in points]
    for item, point in zip(items, in_groups, strict=True):
        assert item.endswith(f"[{point.citation}]")
        title = by_id[point.article_id].article.title
        assert title.replace("&", "&amp;").replace('"', "&quot;") in by_number[str(point.citation)]
    with_url = [i for i in data_brief.cited_items if i.article.url]
    assert {(i.article.title, i.article.url) for i in with_url} <= set(links(tokens))


def test_markup_in_titles_stays_literal_and_marking_shows(small_brief):
    text, _ = parse(small_brief(), marking="tlp:green")
    assert text.startswith("**TLP:GREEN**")
    assert text.rstrip().endswith("**TLP:GREEN**")
    rendered = MarkdownIt("commonmark").render(text)
    assert "Chips [draft] *bold* &lt;b&gt;not&lt;/b&gt; &amp; more" in rendered
    assert "<em>" not in rendered.split("<h2>Key points</h2>")[1].split("<h2>Trade")[0]
    assert "Also reported by" in rendered and 'href="https://example.com/copy"' in rendered
    assert "賴清德" in text


def test_a_source_title_ending_in_an_ellipsis_gets_no_second_stop(seed_path, tmp_path):
    from typer.testing import CliRunner

    from briefing.cli import app

    out = tmp_path / "seed.md"
    result = CliRunner().invoke(app, ["build", str(seed_path), "-o", str(out), "-f", "md"])
    assert result.exit_code == 0, result.output
    sources = out.read_text(encoding="utf-8").split("## Sources", 1)[1]
    assert "…" in sources
    assert "…." not in sources
