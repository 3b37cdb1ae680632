# Entry points. Everything installs itself on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

# The local run uses a secret key and code pepper generated once and kept in
# var/ (ignored by git).
RUN_ENV := SELFHELP_SECRET_KEY_FILE=$(CURDIR)/var/secret_key SELFHELP_CODE_PEPPER_FILE=$(CURDIR)/var/code_pepper

.PHONY: run dev test lint format setup install install-test lock clean bench bench-kdf screenshots

run: setup  ## Serve the site with gunicorn (production settings, DEBUG off)
	@echo "selfhelp is ready at http://127.0.0.1:$(PORT)/"
	$(RUN_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

dev: setup  ## Django's development server with DEBUG on
	$(RUN_ENV) SELFHELP_DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

# Extra pytest arguments, e.g. PYTEST_ARGS="-m database" for the tests that
# depend on the database vendor (what CI runs again on PostgreSQL).
PYTEST_ARGS ?=

test: install-test tests/node_modules/.installed  ## Run the whole test suite
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

screenshots: install-test  ## Retake docs/images/ (home, a step, the helplines, My plan at 390 px)
	SELFHELP_SCREENSHOTS=1 $(BIN)/python -m pytest -n 0 -p no:cacheprovider -q tests/site/test_screenshots.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install  ## Load benchmarks (wrk: apt-get install wrk); print tables, check targets
	$(BIN)/python bench/run.py
	$(BIN)/python bench/flood.py

bench-kdf: install  ## Measure the cost of checking one save code
	$(BIN)/python bench/kdf.py

setup: install var/secret_key var/code_pepper
	$(RUN_ENV) $(MANAGE) migrate --noinput -v 0
	$(RUN_ENV) $(MANAGE) collectstatic --noinput -v 0
	$(RUN_ENV) $(MANAGE) loadprogram --if-empty
	$(RUN_ENV) $(MANAGE) loadsurveys --if-empty
	$(RUN_ENV) $(MANAGE) mergecatalogues -v 0

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency comes from a lock in requirements/, pinned with the hashes
# of its files: pip refuses a file whose hash differs (a tampered mirror, a
# replaced release). The project itself is then installed without
# dependencies, and without build isolation, so that its build tool
# (setuptools, in the lock too) is also hash-checked.
$(VENV)/.installed: requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements/base.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(BIN)/python -m pip install -q --require-hashes -r requirements/test.txt
	touch $@

# The locks: requirements/base.txt (what the site runs on) and
# requirements/test.txt (that, plus the tests' tools), written from
# pyproject.toml by uv for every platform and Python 3.11 and later. Run after
# changing a dependency in pyproject.toml; versions already locked are kept
# unless LOCK_ARGS=--upgrade (or --upgrade-package NAME) asks for newer ones.
UV_VERSION := 0.13.8
LOCK_ARGS ?=
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

lock: | $(BIN)/python  ## Pin every dependency, with hashes, into requirements/
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(LOCK) pyproject.toml requirements/build.in -o requirements/base.txt
	$(LOCK) --extra test pyproject.toml requirements/build.in -o requirements/test.txt

# Audit tools for the tests (axe-core, the Nu HTML Checker), installed into
# tests/node_modules from tests/package.json; skipped without npm.
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	@if command -v npm >/dev/null; then cd tests && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: the accessibility and HTML audits will be skipped"; fi

# Local secrets, generated once (a deployment sets its own; see docs/deploy.md).
var/secret_key var/code_pepper:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

clean:
	rm -rf $(VENV) var/static
