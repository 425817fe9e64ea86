# The Hub's commands. Each target installs what it needs, idempotently.
#   make run    set up, migrate, load the demo area if empty, start the worker, and serve http://127.0.0.1:8000
#   make test   set up and run the whole suite
#   make setup  install pinned packages and build the front-end assets (no database work)
#   make bench  time the heaviest pages on the demo area (bench/README.md); BENCH_ARGS="--runs 9 --check"

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
ASSETS := var/assets/hub
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint format assets clean-assets bench

setup: $(VENV)/.installed node_modules/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(ASSETS)/hub.css $(ASSETS)/hub.js

$(ASSETS)/hub.css: assets/scss/*.scss node_modules/.installed
	mkdir -p $(ASSETS)
	npx sass --pkg-importer=node --load-path=. --quiet-deps --no-source-map --style=compressed \
		assets/scss/hub.scss $(ASSETS)/hub.css

$(ASSETS)/hub.js: assets/js/hub.js assets/js/network.js assets/js/places.js assets/favicon.svg package.json node_modules/.installed
	mkdir -p $(ASSETS)/moj $(ASSETS)/govuk $(ASSETS)/leaflet
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(ASSETS)/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js $(ASSETS)/
	cp node_modules/htmx.org/dist/htmx.min.js $(ASSETS)/
	cp node_modules/cytoscape/dist/cytoscape.min.js $(ASSETS)/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(ASSETS)/leaflet/
	cp -r node_modules/leaflet/dist/images $(ASSETS)/leaflet/
	cp -r node_modules/@ministryofjustice/frontend/moj/assets/images $(ASSETS)/moj/
	cp assets/favicon.svg $(ASSETS)/
	cp assets/js/hub.js $(ASSETS)/hub.js
	cp assets/js/network.js $(ASSETS)/network.js
	cp assets/js/places.js $(ASSETS)/places.js

# The worker (timed work: access-log checkpoints) runs beside the development server and is stopped
# when the server stops, however it stops (Ctrl-C, an error, the port already taken).
run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py demo_credentials --address $(HOST):$(PORT)
	$(PY) manage.py hub_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The national SSDA903 validator pins old pandas and numpy, so it lives in a venv of its own; the
# suite runs it on an export of test data.
V903 := var/v903
$(V903)/.installed:
	test -x $(V903)/bin/python || $(PYTHON) -m venv $(V903)
	$(V903)/bin/pip install --quiet csc-validator-be-903==0.1.17
	touch $@

# The suite runs on TEST_WORKERS processes (pytest-xdist), one a core on CI's two; tests that share a loaded
# demo area stay together on one worker (conftest.py). TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 2
test: setup $(V903)/.installed
	HUB_ENV=test HUB_903_VALIDATOR=$(CURDIR)/$(V903)/bin/python $(PY) -m pytest \
		-n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: setup
	$(PY) bench/briefing.py $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean-assets:
	rm -rf var/assets var/static
