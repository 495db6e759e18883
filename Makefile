# Two entry points for a fresh clone: `make brief` and `make test-all` (the whole suite, as CI
# runs it). Both create .venv themselves; only python3 (3.11+) is needed on the machine.
# `make test` is the developer's loop: ruff and the tests not marked slow, under a minute.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: brief test test-all lint install clean eval-gate bench bench-scale

$(BIN)/briefing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	@touch $@

install: $(BIN)/briefing

brief: install
	$(BIN)/briefing build data/

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy  # briefing/, benchmarks/ and scripts/, as [tool.mypy] in pyproject.toml says

# Locally the slow tests (marked `slow`: the BBC dev set, LibreOffice, real processes,
# piles of articles) are left out and the rest run on every core (pytest-xdist); with CI
# set (`CI=1 make test`, as CI runs) every test runs, in one process, as in `make test-all`.
test: lint
	$(BIN)/pytest $(if $(CI),,-m "not slow" -n auto)

# Everything, with CI's 10,000 generated cases for the property tests (tests/cases.py).
test-all: lint
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest

clean:
	rm -rf $(VENV) out/*.docx out/*.json

# Quality floors on the BBC dev set (also part of `make test-all`); see docs/quality.md.
eval-gate: install
	$(BIN)/pytest -q tests/test_quality_gate.py

bench: install
	$(BIN)/python benchmarks/bench_build.py

# Time and memory at 1k/5k/20k articles against a raw sumy loop (docs/speed.md), ~30 min.
bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py --plot docs/scale.png
