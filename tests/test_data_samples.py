"""The bundled sample articles land in the themes docs/sample-data.md lists for them."""

from briefing.ingest import load_articles
from briefing.themes import assign_themes, load_themes
from tests.conftest import ROOT


def _expected() -> dict[str, str]:
    rows = {}
    for line in (ROOT / "docs" / "sample-data.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].endswith((".txt", ".md")):
            rows[cells[1]] = cells[2]
    return rows


def test_sample_articles_are_read_and_placed_in_their_listed_theme(data_dir):
    expected = _expected()
    articles = load_articles([str(data_dir)]).articles
    assert {a.title for a in articles} == set(expected)
    scores = assign_themes(articles, load_themes())
    placed = {a.title: s.theme for a, s in zip(articles, scores, strict=True)}
    assert placed == expected
    counts = {theme: list(expected.values()).count(theme) for theme in set(expected.values())}
    assert min(counts.values()) >= 4
