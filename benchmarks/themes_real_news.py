"""Default themes on real news nobody here wrote: the scrapinghub extraction benchmark.

The benchmark's 181 articles (ground-truth.json, fetched from
scrapinghub/article-extraction-benchmark) are general news of November 2019: politics,
science, sport, business, gadgets. Almost none is about our three themes, which makes it
a test of what the brief fears most on real input: off-topic stories that a place name or
a stray word drags into a theme section.

Labels are ours, by reading each article: three are mainly about the US–China trade war
(economic security); seven could defensibly go to a theme or to "other" (Hong Kong
protests, markets moved by trade talks, a US coast-guard cutter for Vietnam, a Hong Kong
share listing) and are not scored; every other article belongs in "other".

    python benchmarks/themes_real_news.py CORPUS_DIR [--themes FILE]

CORPUS_DIR is the benchmark's checkout (the folder holding ground-truth.json).
Each article is placed twice, alone and in the pile of all 181, and both must agree.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from briefing.models import OTHER_THEME_ID, Article
from briefing.themes import assign_themes, load_themes

# Article ids are the first 8 characters of the benchmark's keys.
ON_TOPIC = {
    "39d5c43b": "economic_security",  # Beijing's tariff demands may widen the trade war
    "702d1da6": "economic_security",  # Trump's trade war with China
    "b6906ca0": "economic_security",  # a guide to the tariffs of the trade war
}
EITHER = {
    "57d46c9d",  # Asian shares soft as trade doubts creep back
    "d605bdef",  # Asian markets and the trade talks
    "db6b0816",  # Esper: US provides Vietnam with a coast-guard cutter
    "5fa3154e",  # Hong Kong, a city on the brink
    "624fcd90",  # Hong Kong protesters and police
    "e4c6a3b4",  # why Beijing will bring slaughter to Hong Kong
    "360c732d",  # Alibaba's Hong Kong listing
}


def load(corpus: Path) -> list[Article]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    articles = []
    for key, value in sorted(truth.items()):
        body = value["articleBody"]
        first = body.strip().split("\n", 1)[0]
        title = first if len(first.split()) <= 20 else " ".join(first.split()[:12])
        articles.append(Article(id=key[:8], title=title, text=body, path=value["url"]))
    return articles


def expected(article_id: str) -> str | None:
    if article_id in EITHER:
        return None
    return ON_TOPIC.get(article_id, OTHER_THEME_ID)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--themes", type=Path, default=None)
    args = parser.parse_args()
    articles = load(args.corpus)
    themes = load_themes(args.themes)
    pile = {s.article_id: s.theme for s in assign_themes(articles, themes)}
    alone = {a.id: assign_themes([a], themes)[0].theme for a in articles}
    scored = [a for a in articles if expected(a.id) is not None]
    right = sum(pile[a.id] == expected(a.id) for a in scored)
    off_topic = [a for a in scored if expected(a.id) == OTHER_THEME_ID]
    dragged = [a for a in off_topic if pile[a.id] != OTHER_THEME_ID]
    agree = sum(pile[a.id] == alone[a.id] for a in articles)
    print(f"articles: {len(articles)} ({len(scored)} scored, {len(EITHER)} either way)")
    print(f"accuracy on scored articles: {right / len(scored):.3f}")
    print(f"off-topic articles dragged into a theme: {len(dragged)} of {len(off_topic)}")
    print(f"on-topic articles placed right: {sum(pile[i] == t for i, t in ON_TOPIC.items())}")
    print(f"alone = in the pile: {agree / len(articles):.3f}")
    print("placements in the pile:", dict(Counter(pile.values())))
    for article in dragged:
        print(f"  dragged to {pile[article.id]}: {article.id} {article.path[:80]}")


if __name__ == "__main__":
    main()
