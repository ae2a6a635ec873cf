# Peer Support Planner. The two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
# pyenv picks the version in .python-version; without pyenv, python3.12 from PATH.
BASE_PYTHON := $(shell pyenv which python 2>/dev/null || command -v python$(PYTHON_VERSION))
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: help install assets run test lint pytest bench lighthouse clean

help:
	@echo "make run    install, migrate, load the demo and serve on http://127.0.0.1:8000 (PORT=8001 make run for another port; with a Celery worker)"
	@echo "make test   lint, type check, migrations check and every test"
	@echo "make bench  the national-scale benchmark"
	@echo "make lighthouse  Lighthouse's scores for seven pages served as in production"

# --- installation: each step reruns only when its inputs change -----------------------
$(VENV)/.installed: requirements/dev.txt .python-version
	@test -n "$(BASE_PYTHON)" || { echo "Python $(PYTHON_VERSION) not found (pyenv or python$(PYTHON_VERSION))"; exit 1; }
	@$(BASE_PYTHON) -c 'import sys; v="$(PYTHON_VERSION)".split("."); sys.exit(list(map(str, sys.version_info[:2])) != v and "need Python $(PYTHON_VERSION), found " + sys.version)'
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.13"
	$(UV) pip sync --quiet --python $(PY) requirements/dev.txt
	touch $@

# --ignore-scripts: no package needs an install step, and vnu-jar's would download a
# Java runtime where none is installed (the tests use Debian's: see tests/browser).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The GOV.UK and MoJ assets the pages use, copied out of node_modules (see settings).
build/assets/.installed: node_modules/.installed
	rm -rf build/assets && mkdir -p build/assets/govuk build/assets/moj build/assets/fonts build/assets/images
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.{css,css.map,js,js.map} build/assets/govuk/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.{css,css.map,js,js.map} build/assets/moj/
	cp node_modules/govuk-frontend/dist/govuk/assets/fonts/* build/assets/fonts/
	cp node_modules/govuk-frontend/dist/govuk/assets/images/* build/assets/images/
	cp node_modules/@ministryofjustice/frontend/moj/assets/images/* build/assets/images/
	cp node_modules/govuk-frontend/dist/govuk/assets/manifest.json build/assets/
	touch $@

install: $(VENV)/.installed build/assets/.installed
assets: build/assets/.installed

# --- the embedded app -----------------------------------------------------------------
run: install
	bin/run-embedded

# --- checks ---------------------------------------------------------------------------
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true $(PY) -m mypy
	@mkdir -p "$${VAR_DIR:-var}"  # settings make no folders; the embedded SQLite needs this one
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# The suite runs on PYTEST_WORKERS processes (pytest-xdist; auto: one a CPU, 0: none),
# idle workers taking tests queued on busy ones (worksteal: the browser journeys are long).
# PYTEST_ARGS: extra pytest options, e.g. .ci/run's -m "not once" (docs/development.md).
PYTEST_WORKERS ?= auto
# The browser journeys run in one process after the rest: the Nu Html Checker validates
# every page they visited at the end of that process. Exit status 5 ("no tests ran") is
# fine there: -m "not once" deselects them all in CI's PostgreSQL pass.
pytest: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --ignore=tests/browser $(PYTEST_ARGS)
	$(PY) -m pytest tests/browser $(PYTEST_ARGS) || test $$? -eq 5

test: lint pytest

bench: install
	$(PY) -m benchmarks.run

# A measurement, not a gate: gunicorn + WhiteNoise with production settings on a free
# port, the demo in a throwaway database, Lighthouse in Debian's Chromium.
lighthouse: install
	$(PY) -m benchmarks.lighthouse

clean:
	rm -rf $(VENV) node_modules build/assets var .pytest_cache .mypy_cache .ruff_cache
