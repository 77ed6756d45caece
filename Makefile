# Resolution Tracker: `make run` serves the app with demo data, `make test` runs every suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 4
# Threads per worker: each open live page holds one for its stream (see bench/README.md).
THREADS ?= 100

.PHONY: run test lint serve-prod bench clean-venv

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(FLASK) init-db
	$(FLASK) demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT), with a mail worker beside it"
	export PUBLIC_URL=$${PUBLIC_URL:-http://$(HOST):$(PORT)}; \
	$(FLASK) send-mail & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# Lint, then the type check (strict on tracker/text and tracker/services, see pyproject.toml),
# then the tests in TEST_WORKERS processes (pytest-xdist; "auto" is one per core, 0 runs them in
# this one), ending by naming the 15 slowest.
TEST_WORKERS ?= auto

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -rs -n $(TEST_WORKERS) --durations=15

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Production: gunicorn with several workers; set DATABASE_URL (PostgreSQL) and SECRET_KEY.
serve-prod: $(VENV)/.installed
	TRACKER_ENV=production $(FLASK) init-db
	TRACKER_ENV=production $(BIN)/gunicorn --config gunicorn.conf.py --workers $(WORKERS) \
		--threads $(THREADS) --bind $(HOST):$(PORT) --graceful-timeout 30 --timeout 60 app:app

bench: $(VENV)/.installed
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean-venv:
	rm -rf $(VENV)
