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

.PHONY: setup lock run test lint bench eval eval-baseline golden train-ner-de docs digest examples clean \
	serve stop backfill reprocess cluster cluster-stop

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	# Bytecode compiled at install: where PYTHONDONTWRITEBYTECODE is set, every start would otherwise
	# compile Prefect and the rest from source (measured: ~10 s of a one-page run, plus the server's).
	$(UV) pip install --quiet --python $(PY) --require-hashes --compile-bytecode -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $(STAMP)

# Refresh the lock after editing pyproject.toml dependencies.
lock: $(VENV)/bin/uv
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock -q

run: setup
	$(VENV)/bin/news-etl run --db $(DB)

# The lint runs first: a type error or a broken import contract fails the tests too.
test: setup lint
	$(PY) -m pytest

# ruff, the type checker and the import contracts ([tool.importlinter] in pyproject.toml).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# make bench [PAGES=2000]: pipeline vs a bare trafilatura loop, start-up, peak RSS, CPU per stage.
# make bench PAGES=20000 MEMORY=1: only the full pipeline, and whether its peak RSS stays flat.
bench: setup
	$(if $(CLUSTER),$(PY) -m flows.bench_cluster $(if $(PAGES),--pages $(PAGES)),$(PY) -m flows.bench $(if $(PAGES),--pages $(PAGES)) $(if $(MEMORY),--memory))

# Score the dev corpus (needs ../shared) and keep the scores in tests/eval/: the scorer's table,
# the macro over publishers and the entity harness's leave-publisher-out (publisher-scores.txt).
EVAL_SCORES = tests/eval/dev-scores.json tests/eval/publisher-scores.json tests/eval/entities-lpo.json \
    tests/eval/entities-corpus.json
eval: setup
	rm -f data/dev.duckdb
	$(VENV)/bin/news-etl run --source $(SHARED)/corpus/dev --source seeds/sample/seed-diplomaten-genf.html \
	    --db data/dev.duckdb
	$(PY) $(SHARED)/tools/score.py --truth $(SHARED)/corpus/dev --seed $(SHARED)/mission/seed-article.gold.json \
	    --duckdb data/dev.duckdb --out tests/eval/dev-scores.json --per-page tests/eval/dev-pages.csv
	$(PY) tests/eval/entities_dev.py --shared $(SHARED) --lpo-out tests/eval/entities-lpo.json > /dev/null
	$(PY) -m tests.eval.entities_corpus --shared $(SHARED) --out tests/eval/entities-corpus.json > /dev/null
	$(PY) -m tests.eval.publishers data/dev.duckdb --shared $(SHARED) --out tests/eval/publisher-scores.json \
	    --txt tests/eval/publisher-scores.txt --lpo-entities tests/eval/entities-lpo.json
	$(PY) -m tests.eval.floor $(EVAL_SCORES)

# Raise the quality floors in tests/eval/baseline.json to the last `make eval` scores.
eval-baseline:
	$(PY) -m tests.eval.floor $(EVAL_SCORES) --update

golden: setup
	$(PY) -m tests.golden.golden

# The German NER model committed under models/ner_de (needs ../shared/ner-data; ~20 min on 2 cores).
train-ner-de: setup
	$(PY) scripts/train_ner_de.py --data $(SHARED)/ner-data/de --out models/ner_de

docs: setup
	$(VENV)/bin/news-etl docs

digest: setup
	$(VENV)/bin/news-etl digest --db $(DB) --out data/digest.html

# Regenerate the outputs shown in docs/example_queries.md (prints the diff).
examples: setup
	$(PY) -m tests.analyst.examples

# The nightly schedule: a local Prefect server (state in data/prefect-server, SQLite) and the served
# `nightly` deployment, both in the background (pid files and logs in data/). `make stop` ends both.
PREFECT_PORT ?= 4200
serve: setup
	PREFECT_HOME=$(CURDIR)/data/prefect-server NEWS_DB=$(DB) $(PY) -m flows.serve start --data-dir data --port $(PREFECT_PORT)

stop:
	$(PY) -m flows.serve stop --data-dir data

# make backfill START=2024-01-01 END=2024-01-31 [SOURCES="feed.xml sitemap:https://..."] [FORCE=1]
backfill: setup
	@test -n "$(START)" -a -n "$(END)" || { echo "usage: make backfill START=YYYY-MM-DD END=YYYY-MM-DD [SOURCES=...] [FORCE=1]"; exit 2; }
	$(VENV)/bin/news-etl backfill --start $(START) --end $(END) --db $(DB) \
	    $(foreach s,$(SOURCES),--source $(s)) $(if $(FORCE),--force)

# make reprocess [SINCE=YYYY-MM-DD] [UNTIL=YYYY-MM-DD] [SOURCE=name] [VERSION=0.1.0]
reprocess: setup
	$(VENV)/bin/news-etl reprocess --db $(DB) $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL)) \
	    $(if $(SOURCE),--source $(SOURCE)) $(if $(VERSION),--extractor-version $(VERSION))

# A Dask scheduler and N workers on 127.0.0.1 (pid files and logs in data/); `make cluster-stop` ends them.
# Then: news-etl run --cluster tcp://127.0.0.1:$(CLUSTER_PORT)  (see README, "Beyond one machine").
CLUSTER_PORT ?= 8786
WORKERS ?= 2
cluster: setup
	$(PY) -m flows.cluster_ops start --data-dir data --port $(CLUSTER_PORT) --workers $(WORKERS)

cluster-stop:
	$(PY) -m flows.cluster_ops stop --data-dir data

clean:
	rm -rf $(VENV) data/prefect data/prefect-server
