"""--jobs 1, --jobs 2 and --executor dask build the same brief from the same files."""

from __future__ import annotations

import json
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
