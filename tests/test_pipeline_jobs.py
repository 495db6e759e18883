"""--jobs: worker processes give the same brief as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.evaluate import load_eval_set
from briefing.pipeline import BuildRequest, effective_jobs, make_brief_from_articles
from briefing.renderers.json import brief_to_dict
from briefing.themes import load_themes


@pytest.mark.slow
def test_jobs_give_identical_output(bbc_dev: Path) -> None:
    records = load_eval_set(bbc_dev)
    articles = [r.article for r in records[::9]]  # every category, 124 articles
    themes = load_themes(Path(__file__).parent / "fixtures" / "bbc-themes.toml")
    assert effective_jobs(2, len(articles)) == 2
    briefs = [
        brief_to_dict(make_brief_from_articles(articles, themes, BuildRequest([], {}, jobs=jobs)))
        for jobs in (1, 2)
    ]
    for brief in briefs:
        brief.pop("generated_at")
    assert briefs[0] == briefs[1]
    assert len(briefs[0]["articles"]) == len(articles)


def test_small_inputs_stay_in_process() -> None:
    assert effective_jobs(0, 10) == 1
    assert effective_jobs(8, 120) == 2
    assert effective_jobs(1, 5000) == 1
