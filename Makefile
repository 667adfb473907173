# Everyday commands. `make run` serves the demo site at http://127.0.0.1:8000/,
# `make test` runs the whole suite; both install what they need first.

VENV := .venv
PYTHON := $(VENV)/bin/python
# Touched after each install, so the next one runs only when the lock changed.
INSTALLED := $(VENV)/.installed-dev-lock
# Extra pytest options, for example `make test PYTEST_ARGS=--create-db`.
PYTEST_ARGS ?=
# Extra pip-compile options, for example `make lock LOCK_ARGS=--upgrade`.
LOCK_ARGS ?=
PIP_COMPILE := $(VENV)/bin/pip-compile
LOCK_OPTIONS := --generate-hashes --strip-extras --quiet $(LOCK_ARGS)

.PHONY: install run test lint lock

install: $(INSTALLED)

$(PYTHON):
	python3 -m venv $(VENV)

$(INSTALLED): requirements-dev.lock | $(PYTHON)
	$(PYTHON) -m pip install --require-hashes -r requirements-dev.lock
	touch $@

# Without DATABASE_URL the settings use an SQLite file in var/.
var:
	mkdir -p var

run: install | var
	$(PYTHON) manage.py migrate --no-input
	$(PYTHON) manage.py load_demo
	$(PYTHON) manage.py runserver 127.0.0.1:8000

test: install
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

# Regenerate both lock files from pyproject.toml. Pinned versions that still
# fit are kept unless LOCK_ARGS asks for --upgrade.
lock: | $(PYTHON)
	test -x $(PIP_COMPILE) || $(PYTHON) -m pip install pip-tools
	$(PIP_COMPILE) $(LOCK_OPTIONS) --output-file=requirements.lock pyproject.toml
	$(PIP_COMPILE) $(LOCK_OPTIONS) --extra=dev \
		--output-file=requirements-dev.lock pyproject.toml
