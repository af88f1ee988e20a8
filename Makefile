# One command each for a newcomer: `make demo` (set up, code the bundled examples) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# The explorer's third-party front-end files (Leaflet, topojson-client, uPlot, Natural Earth shapes), from
# npm at the versions in kroniek/web/frontend/package-lock.json, installed under build/ (so node_modules never
# lands in a wheel) and the few files needed copied into kroniek/web/static/vendor/ (git-ignored).
ASSETS = kroniek/web/static/vendor/manifest.json
NPM_DIR = build/web-assets

.PHONY: demo test lint bench eval assets serve model

# setup.py compiles these with mypyc into the install: editing one must rebuild it (tests/conftest.py checks).
COMPILED = $(wildcard kroniek/stages/*.py) kroniek/elision.py kroniek/gazetteer.py kroniek/lexicon.py kroniek/learn/features.py

$(BIN)/kroniek: pyproject.toml setup.py $(COMPILED)
	@echo "kroniek: setting up $(VENV): downloading the dependencies, then compiling the extraction stages with mypyc"
	@echo "kroniek: (3-5 minutes on a 2-core machine; pip shows its progress below)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off -e ".[dev,all]"
	touch $@

assets: $(ASSETS)

$(ASSETS): kroniek/web/frontend/package.json kroniek/web/frontend/package-lock.json | $(BIN)/kroniek
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(NPM_DIR) && cp kroniek/web/frontend/package.json kroniek/web/frontend/package-lock.json $(NPM_DIR)/ && \
		npm ci --prefix $(NPM_DIR) --no-audit --no-fund --loglevel=error && \
		$(BIN)/python -m kroniek.web.assets $(NPM_DIR)/node_modules; \
	else \
		echo "npm not found: kroniek serve will run without its map and timeline (see docs/web.md)"; \
	fi

demo: $(BIN)/kroniek
	@echo "kroniek: coding the example articles in examples/ (one JSON record per article)"
	$(BIN)/kroniek extract examples/ --format json

test: $(BIN)/kroniek $(ASSETS)
	$(BIN)/ruff check kroniek tests tools bench setup.py
	$(BIN)/pytest -q

lint: $(BIN)/kroniek
	$(BIN)/ruff check kroniek tests tools bench setup.py
	$(BIN)/ruff format --check kroniek tests tools bench setup.py

eval: $(BIN)/kroniek
	$(BIN)/kroniek eval ../shared/devset/dev.jsonl

# Rebuild the shipped event detector from the coded articles (never from dev.jsonl, the check set), with
# its dev figures and 5-fold cross-validated figures recorded in kroniek/models/detector.json.
model: $(BIN)/kroniek
	$(BIN)/kroniek train ../shared/devset/train/*.jsonl --check ../shared/devset/dev.jsonl --cv 5

bench: $(BIN)/kroniek
	$(BIN)/python bench/run.py

serve: $(BIN)/kroniek $(ASSETS)
	$(BIN)/kroniek serve
