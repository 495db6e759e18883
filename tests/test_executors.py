"""--jobs 1, --jobs 2 and --executor dask build the same brief from the same files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()


def _articles(bbc_dev: Path, folder: Path) -> Path:
    """Every ninth dev article (all categories, 124), in four JSON Lines files."""
    lines = bbc_dev.read_text(encoding="utf-8").splitlines()[::9]
    folder.mkdir()
    for part in range(4):
        chunk = lines[part::4]
        (folder / f"part-{part}.jsonl").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    return folder


def _build(inputs: Path, out: Path, *flags: str) -> dict:
    result = runner.invoke(
        app,
        ["build", str(inputs), "-o", str(out / "b.docx"), "--json", str(out / "b.json"), *flags],
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "b.json").read_text(encoding="utf-8"))
    brief.pop("generated_at")
    return brief


@pytest.mark.slow
def test_jobs_and_dask_give_identical_json(bbc_dev: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    inputs = _articles(bbc_dev, tmp_path / "in")
    one = _build(inputs, tmp_path, "--jobs", "1")
    two = _build(inputs, tmp_path, "--jobs", "2")
    # Threads in this process keep the test light; the tasks still go through the
    # scheduler (serialized), as on a cluster of machines.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = _build(
            inputs, tmp_path, "--executor", "dask", "--scheduler", cluster.scheduler_address
        )
    assert len(one["articles"]) == 124
    assert one == two
    assert one == on_dask


def test_scheduler_without_dask_executor_is_a_usage_error(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Port strike\n\nDockers walked out on Monday over pay.\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(article), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 3
    assert "add --executor dask" in result.stderr


def test_unknown_executor_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path), "--executor", "spark"])
    assert result.exit_code == 2
    assert "'local' | 'dask'" in result.stderr


# Every summarizer over the dev articles, in a process of its own: a ranking that followed
# the order of a set of strings would change with the process's string hash seed.
_RANKINGS = """
import json, sys
from briefing import text as textlib
from briefing.summarizers.base import SUMMARIZERS, RankingInput, get_summarizer
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")][::40]
print(json.dumps({
    name: [
        [(s.index, s.score) for s in get_summarizer(name).rank(RankingInput(
            sentences=textlib.split_sentences(" ".join(textlib.paragraphs(r["text"]))),
            title=r["title"], language="en"))]
        for r in records
    ]
    for name in sorted(SUMMARIZERS)
}))
"""


def _rankings(bbc_dev: Path, seed: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _RANKINGS, str(bbc_dev)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_every_summarizer_ranks_alike_in_every_process(bbc_dev: Path) -> None:
    """sumy's LSA numbered its terms in set order: other sentences on a third of the
    articles from one run of the same command to the next."""
    first, second = _rankings(bbc_dev, "1"), _rankings(bbc_dev, "2")
    assert "lsa" in first and len(first["lsa"]) == 28
    for name in first:
        assert first[name] == second[name], name


@pytest.mark.slow
def test_the_lsa_brief_is_the_same_on_every_run(data_dir: Path, tmp_path: Path) -> None:
    briefs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run(
            [
                sys.executable,
                "-m",
                "briefing",
                "-q",
                "build",
                str(data_dir),
                "-a",
                "lsa",
                "-o",
                str(out / "b.docx"),
                "--json",
                str(out / "b.json"),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            timeout=600,
        )
        brief = json.loads((out / "b.json").read_text(encoding="utf-8"))
        brief.pop("generated_at")
        briefs.append(brief)
    assert briefs[0]["articles"] and briefs[0] == briefs[1]
