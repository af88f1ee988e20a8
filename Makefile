# One command each for a newcomer: `make demo` (set up, code the bundled examples) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint bench eval

$(BIN)/kroniek: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,all]"
	touch $@

demo: $(BIN)/kroniek
	$(BIN)/kroniek extract examples/ --format json

test: $(BIN)/kroniek
	$(BIN)/ruff check kroniek tests tools bench
	$(BIN)/pytest -q

lint: $(BIN)/kroniek
	$(BIN)/ruff check kroniek tests tools bench
	$(BIN)/ruff format --check kroniek tests tools bench

eval: $(BIN)/kroniek
	$(BIN)/kroniek eval ../shared/devset/dev.jsonl

bench: $(BIN)/kroniek
	$(BIN)/python bench/run.py
