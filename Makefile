# news-etl: every command a user needs. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed
DB ?= data/news.duckdb
SHARED ?= ../shared

# Prefect keeps its state in the project, not in ~/.prefect, and never phones home.
export PREFECT_HOME ?= $(CURDIR)/data/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180

.PHONY: setup run test lint bench dev-eval eval golden train-ner-de clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $(STAMP)

# Refresh the lock after editing pyproject.toml dependencies.
lock: $(VENV)/bin/uv
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock -q

run: setup
	$(VENV)/bin/news-etl run --db $(DB)

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m flows.bench

# Score the dev corpus (needs ../shared) and keep the scores in tests/eval/.
eval: setup
	rm -f data/dev.duckdb
	$(VENV)/bin/news-etl run --source $(SHARED)/corpus/dev --db data/dev.duckdb
	$(PY) $(SHARED)/tools/score.py --truth $(SHARED)/corpus/dev --seed $(SHARED)/mission/seed-article.gold.json \
	    --duckdb data/dev.duckdb --out tests/eval/dev-scores.json --per-page tests/eval/dev-pages.csv

clean:
	rm -rf $(VENV) data/prefect
