"""The HTML brief, parsed back: self-contained, linked, escaped, mail-safe."""

from __future__ import annotations

from html.parser import HTMLParser

from briefing.renderers import RenderOptions, get_renderer, wording


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self.by_tag: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)
        if tag in ("h1", "h2", "h3", "li", "td", "th", "a", "p"):
            self.by_tag.setdefault(tag, []).append("")

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)
        for tag in ("h1", "h2", "h3", "li", "td", "th", "a", "p"):
            if tag in self._stack:
                self.by_tag[tag][-1] += data


def parse(brief, **options) -> tuple[str, Collector]:
    page = get_renderer("html", RenderOptions(**options)).render(brief).decode("utf-8")
    collector = Collector()
    collector.feed(page)
    return page, collector


def test_self_contained_and_styled_inline(data_brief):
    page, html = parse(data_brief)
    names = {tag for tag, _ in html.tags}
    assert not names & {"script", "style", "link", "img", "iframe", "object"}
    assert not any("src" in attrs for _, attrs in html.tags)
    for tag, attrs in html.tags:
        if tag in ("h1", "h2", "h3", "p", "table", "td", "th", "ul", "li"):
            assert attrs.get("style"), tag
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_headings_links_and_citations(data_brief):
    _, html = parse(data_brief)
    assert html.by_tag["h1"] == [data_brief.title]
    themes = [s.theme.name for s in data_brief.sections]
    assert html.by_tag["h2"] == ["Key points", "At a glance", *themes, "Sources", "Method note"]
    told = [s for sec in data_brief.sections if sec.theme.id != "other" for s in sec.top_stories]
    assert html.by_tag["h3"] == [story.story.headline for story in told]
    hrefs = [attrs.get("href") for tag, attrs in html.tags if tag == "a"]
    ids = {attrs["id"] for _, attrs in html.tags if "id" in attrs}
    assert ids == {f"source-{item.citation}" for item in data_brief.cited_items}
    internal = {h[1:] for h in hrefs if h and h.startswith("#")}
    assert internal and internal <= ids
    assert {i.article.url for i in data_brief.cited_items if i.article.url} <= set(hrefs)
    key_points = html.by_tag["li"][: len(data_brief.key_points)]
    in_groups = [p for _, points in wording.key_point_groups(data_brief) for p in points]
    for text, point in zip(key_points, in_groups, strict=True):
        assert point.sentence in text and text.endswith(f"[{point.citation}]")
    glance = html.by_tag["td"]
    assert glance[:2] == [data_brief.sections[0].theme.name, str(len(data_brief.sections[0].items))]


def test_escaping_marking_and_cjk(small_brief):
    page, html = parse(small_brief(), marking="TLP:RED")
    assert "<b>not</b>" not in page and "&lt;b&gt;not&lt;/b&gt;" in page
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page
    assert "Chips [draft] *bold* <b>not</b> & more" in html.by_tag["h3"]
    text = "".join(html.text)
    assert text.count("TLP:RED") >= 3 and "no further disclosure" in text
    assert "賴清德" in text
    assert "Also reported by Wire Two, source not given" in " ".join(html.by_tag["p"])
