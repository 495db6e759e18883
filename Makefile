# Two entry points for a fresh clone: `make brief` and `make test`.
# Both create .venv themselves; only python3 (3.11+) is needed on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: brief test lint install clean eval-gate bench bench-scale

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
	$(BIN)/mypy  # briefing/ and benchmarks/, as [tool.mypy] in pyproject.toml says

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) out/*.docx out/*.json

# Quality floors on the BBC dev set (also part of `make test`); see docs/quality.md.
eval-gate: install
	$(BIN)/pytest -q tests/test_quality_gate.py

bench: install
	$(BIN)/python benchmarks/bench_build.py

# Time and memory at 1k/5k/20k articles against a raw sumy loop (docs/speed.md), ~30 min.
bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py --plot docs/scale.png
