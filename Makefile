# Concord developer and CI entry points. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

# Interpreter the virtualenv is built from: python3.11 if present, else python3.
ifndef PYTHON
PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
endif

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

# What ruff looks at. Directories that do not exist (yet) are skipped; extension-less Python
# scripts are not discovered by ruff on their own, so they are listed explicitly.
LINT_PATHS := $(wildcard concord tests bench scripts)
PY_SCRIPTS := $(wildcard scripts/with-postgres scripts/i18n)

# Throwaway PostgreSQL for the test suite (stdlib only, runs on the system python).
WITH_POSTGRES := $(PYTHON) scripts/with-postgres

LOCK_FILE ?= requirements.lock
UV_COMPILE := pip compile -q pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	--index-url https://pypi.org/simple -o $(LOCK_FILE)

PYTEST_ARGS ?=
# Two pytest workers (pytest-xdist), each with its own PostgreSQL database; a test file stays on
# one worker (its module fixtures are built once). XDIST= runs everything in one process.
XDIST ?= -n 2 --dist loadfile
LOADTEST_ARGS ?=
CONCORD_HOST ?= 127.0.0.1
CONCORD_PORT ?= 8000

.PHONY: help venv lock check fmt db run test verify loadtest docs clean

help:
	@echo "make venv      create/update .venv from requirements.lock (hash-checked)"
	@echo "make lock      regenerate requirements.lock with uv"
	@echo "make check     ruff lint + format check, mypy --strict"
	@echo "make fmt       ruff format + ruff check --fix"
	@echo "make db        migrate the database and load the demo data if it is empty"
	@echo "make run       db, then serve on CONCORD_HOST:CONCORD_PORT (default 127.0.0.1:8000)"
	@echo "make test      check, then the whole suite on SQLite and a throwaway PostgreSQL"
	@echo "               (PYTEST_ARGS='...' is passed to pytest)"
	@echo "make verify    slow/deep tests, then the load test"
	@echo "make loadtest  mixed load at a constant rate (bench/loadtest.py), report in var/loadtest/"
	@echo "               (LOADTEST_ARGS='--rate 20 --seconds 60 --engine postgresql ...')"
	@echo "make docs      regenerate docs with scripts/gen_docs.py"
	@echo "make clean     remove .venv, var/ and caches"

venv: $(STAMP)

# The stamp is only touched once everything is installed, so an interrupted or failed install is
# redone by the next run; when the stamp is newer than its inputs, nothing happens.
$(STAMP): requirements.lock pyproject.toml scripts/system-deps
	@bash scripts/system-deps
	@test -n "$(PYTHON)" || { echo "make: no python3.11 or python3 on PATH" >&2; exit 1; }
	@if ! $(BIN)/python -c 'import sys' >/dev/null 2>&1; then \
		echo "creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv --clear $(VENV); \
	fi
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps -e .
	@$(PIP) check || { \
		echo "make: installed packages are inconsistent: is requirements.lock out of date" \
			"with pyproject.toml? Run 'make lock'." >&2; exit 1; }
	@touch $@

lock:
	@if command -v uv >/dev/null 2>&1; then \
		uv $(UV_COMPILE); \
	else \
		tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
		echo "uv not found: installing it into a temporary virtualenv"; \
		$(PYTHON) -m venv "$$tmp"; \
		"$$tmp/bin/python" -m pip --disable-pip-version-check install -q \
			--index-url https://pypi.org/simple uv; \
		"$$tmp/bin/uv" $(UV_COMPILE); \
	fi

# Runs every check even when an earlier one fails, then fails if any did.
check: venv
	@rc=0; \
	echo "ruff check"; $(BIN)/ruff check $(LINT_PATHS) $(PY_SCRIPTS) || rc=1; \
	echo "ruff format --check"; $(BIN)/ruff format --check $(LINT_PATHS) $(PY_SCRIPTS) || rc=1; \
	echo "mypy concord"; $(BIN)/mypy concord || rc=1; \
	for script in $(PY_SCRIPTS); do \
		echo "mypy $$script"; $(BIN)/mypy "$$script" || rc=1; \
	done; \
	exit $$rc

# Formats, applies the safe lint fixes, and formats again (a fix can undo formatting); fails if
# lint errors that need a human remain.
fmt: venv
	@rc=0; \
	$(BIN)/ruff format $(LINT_PATHS) $(PY_SCRIPTS); \
	$(BIN)/ruff check --fix $(LINT_PATHS) $(PY_SCRIPTS) || rc=$$?; \
	$(BIN)/ruff format -q $(LINT_PATHS) $(PY_SCRIPTS); \
	exit $$rc

db: venv
	@mkdir -p var
	$(BIN)/concord db upgrade
	$(BIN)/concord demo load --if-empty
	@$(BIN)/concord demo travellers || true

run: db
	CONCORD_HOST=$(CONCORD_HOST) CONCORD_PORT=$(CONCORD_PORT) $(BIN)/concord serve

# The suite parametrises over SQLite and PostgreSQL; CONCORD_REQUIRE_POSTGRES=1 makes a missing
# PostgreSQL an error instead of a skip. If CONCORD_TEST_POSTGRES_URL is already set,
# with-postgres uses that server instead of starting one.
test: venv check
	@bash scripts/browser-deps
	CONCORD_REQUIRE_POSTGRES=1 $(WITH_POSTGRES) $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The deep checks (issue 9): the whole access matrix, deep schemathesis and parser fuzzing,
# servers killed many times under load, backups under load (pytest -m slow, on SQLite and a
# throwaway PostgreSQL, two workers sharing out the tests one by one: a few long tests dominate),
# atheris on the parsers, then the load test. Sets itself up from a fresh clone. pytest exits 5
# when nothing is collected.
verify: venv
	@rc=0; \
	CONCORD_REQUIRE_POSTGRES=1 $(WITH_POSTGRES) \
		$(BIN)/python -m pytest -q -m slow -n 2 --dist load tests $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "verify: no slow tests collected"; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi
	bash scripts/fuzz-atheris 60
	@$(MAKE) --no-print-directory loadtest

loadtest: venv
	$(BIN)/python bench/loadtest.py --out var/loadtest $(LOADTEST_ARGS)

docs: venv
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
