"""The docs stay true: generated parts match the code, links resolve, the front page is short.

docs/cli.md holds the ``--help`` of every command and docs/configuration.md the table of
every setting, both written by scripts/make_docs.py; a changed option, help text or default
fails here until ``python scripts/make_docs.py`` is run again.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# "Fits on two screens": two terminal or browser screens of about 40 lines each.
FRONT_PAGE_LINES = 80


def _make_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_docs() -> ModuleType:
    return _make_docs()


def test_generated_docs_match_the_code(make_docs: ModuleType) -> None:
    for path, text in make_docs.expected().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is out of date: run python scripts/make_docs.py"
        )


def test_cli_reference_holds_the_help_of_every_command(make_docs: ModuleType) -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    paths = list(make_docs.command_paths())
    assert ("build",) in paths and ("themes", "explain") in paths and ("eval", "stories") in paths
    for path in paths:
        assert f"### `{' '.join(('briefing', *path))} --help`" in doc
    assert "Example: briefing build data/" in doc


def test_settings_table_has_every_declared_key_with_its_default(make_docs: ModuleType) -> None:
    from briefing.settings import DECLARED

    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key, found in DECLARED.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{key}` |"))
        assert found.env_var in row and found.help.replace("|", "\\|") in row
    assert "| `sentences` | `-n, --sentences` | `BRIEFING_SENTENCES` | `3` |" in doc


def test_check_mode_reports_a_stale_file(
    make_docs: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "configuration.md"
    stale.write_text(f"# Configuration\n\n{make_docs.BEGIN}\nold table\n{make_docs.END}\n")
    monkeypatch.setattr(make_docs, "CONFIG_DOC", stale)
    monkeypatch.setattr(make_docs, "ROOT", tmp_path.parent)
    monkeypatch.setattr(make_docs, "CLI_DOC", ROOT / "docs" / "cli.md")
    assert make_docs.main(["--check"]) == 1
    assert "old table" in stale.read_text()  # --check never writes
    assert make_docs.main([]) == 0
    assert "| `sentences` |" in stale.read_text() and "old table" not in stale.read_text()


def test_front_page_fits_on_two_screens_and_links_the_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= FRONT_PAGE_LINES
    assert "make brief" in readme and "make test-all" in readme
    assert "docs/brief-page1.png" in readme
    for name in ("cli", "configuration", "quality", "speed", "dependencies", "architecture"):
        assert f"](docs/{name}.md)" in readme, name


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation out, spaces to dashes."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {_slug(m) for m in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def test_every_relative_link_and_anchor_resolves() -> None:
    broken = []
    for doc in DOCS:
        text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            linked = (doc.parent / file_part).resolve() if file_part else doc
            if not linked.exists():
                broken.append(f"{doc.name}: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{doc.name}: {target} (no such heading)")
    assert broken == []


def _recipe(target: str) -> list[str]:
    """The command lines of a Makefile target."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith(f"{target}:")))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_the_readme_test_command_and_ci_run_the_whole_suite() -> None:
    """The guide's second command runs every test; `make test` is the quicker loop."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test-all   # installs, then runs ruff" in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test-all")
    whole = _recipe("test-all")
    assert any("pytest" in line for line in whole)
    assert not any(word in line for line in whole for word in (" -m ", " -k ", "--deselect"))
    quick = " ".join(_recipe("test"))
    assert '-m "not slow"' in quick and "$(CI)" in quick  # CI set: nothing left out
