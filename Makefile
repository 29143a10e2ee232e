# Two commands on a fresh Debian machine: `make demo` and `make test`.
# Each installs what is missing (Debian packages, a virtual environment, the package).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test test-fast lint bench samples clean

setup: $(VENV)/.installed
	@bash scripts/install-system-deps.sh
	@# bytecode for the editable install, also where PYTHONDONTWRITEBYTECODE is set (each
	@# process would otherwise compile recordkit's modules again: ~0.4 s per worker)
	@$(BIN)/python -m compileall -q src/recordkit

$(VENV)/.installed: pyproject.toml
	@bash scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=25.1"
	$(BIN)/python -m pip install -q -e . --group dev
	@touch $@

demo: setup
	$(BIN)/recordkit process samples/patients --out out
	$(BIN)/recordkit validate out --gold samples/gold

test: setup
	$(BIN)/ruff check src tests samples benchmarks
	$(BIN)/ruff format --check -q src tests samples benchmarks
	$(BIN)/python -m pytest -q

# Everything but the tests that run tesseract: seconds, for the edit-test loop.
test-fast: setup
	$(BIN)/ruff check src tests samples benchmarks
	$(BIN)/ruff format --check -q src tests samples benchmarks
	$(BIN)/python -m pytest -q -m "not tesseract and not slow"

# Style only: ruff's lint rules and its formatting, as `make test` checks them.
lint: setup
	$(BIN)/ruff check src tests samples benchmarks
	$(BIN)/ruff format --check src tests samples benchmarks

bench: setup
	$(BIN)/python benchmarks/bench_ingest.py

samples: setup
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(VENV) out .pytest_cache
