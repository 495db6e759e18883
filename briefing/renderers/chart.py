"""The "What changed" chart: stories per theme in this brief against the previous one.

Drawn with matplotlib's Agg backend (no display needed) as a small PNG that the Word and
HTML briefs embed. matplotlib is imported only when a chart is drawn: it is slow to load.
"""

from __future__ import annotations

import io

from briefing.models import Brief
from briefing.renderers.docx_styles import ACCENT, MUTED, RULE

WIDTH_INCHES = 6.0
DPI = 150


def counts(brief: Brief) -> list[tuple[str, int, int]]:
    """(theme name, stories now, stories in the previous brief) per theme, brief order;
    themes of the previous brief that have no story now come last."""
    previous = dict(brief.previous_counts or {})
    rows = []
    for section in brief.sections:
        rows.append((section.theme.name, len(section.stories), previous.pop(section.theme.id, 0)))
    names = {theme.id: theme.name for theme in brief.themes}
    rows += [(names.get(theme, theme), 0, count) for theme, count in previous.items() if count]
    return rows


def caption(brief: Brief) -> str:
    new = sum(1 for story in brief.stories if story.story.status == "new")
    continuing = sum(1 for story in brief.stories if story.story.status == "continuing")
    total = sum(brief.previous_counts.values()) if brief.previous_counts else 0
    return (
        f"{len(brief.stories)} stories in this brief against {total} in the previous one: "
        f"{new} new, {continuing} continuing."
    )


def stories_chart(brief: Brief) -> bytes:
    """A horizontal bar chart as PNG bytes: one pair of bars per theme."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    rows = counts(brief)
    names = [name for name, _, _ in rows][::-1]
    now = [count for _, count, _ in rows][::-1]
    before = [count for _, _, count in rows][::-1]
    height = 0.4
    figure, axes = pyplot.subplots(figsize=(WIDTH_INCHES, 0.45 * len(rows) + 0.9), dpi=DPI)
    try:
        places = range(len(rows))
        axes.barh(
            [p + height / 2 for p in places], now, height, color=f"#{ACCENT}", label="This brief"
        )
        axes.barh(
            [p - height / 2 for p in places],
            before,
            height,
            color=f"#{RULE}",
            label="Previous brief",
        )
        axes.set_yticks(list(places), names, fontsize=8)
        axes.tick_params(axis="x", labelsize=7, colors=f"#{MUTED}")
        axes.set_xlabel("Stories", fontsize=8, color=f"#{MUTED}")
        # A new linear axis has an AutoLocator, a MaxNLocator: keep its spacing, whole numbers only.
        locator = axes.xaxis.get_major_locator()
        assert isinstance(locator, MaxNLocator)
        locator.set_params(integer=True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(fontsize=7, frameon=False, loc="lower right")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    finally:
        pyplot.close(figure)
    return buffer.getvalue()
