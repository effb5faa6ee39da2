# Two commands from nothing to running: `make demo` and `make test`.
# Both create .venv, install CityLoop with the pinned versions of
# requirements.lock, and migrate the database as part of what they run.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.cityloop-installed
# Tests run on every core (pytest-xdist); `make test PYTEST_ARGS=` runs them in one process.
PYTEST_ARGS ?= -n auto

.PHONY: demo test pytest lint lock messages clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

## demo: set up the demo city with a year of history and serve it at http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/cityloop demo

## test: lint, type-check and run the whole test suite (SQLite, or DATABASE_URL)
test: lint pytest

pytest: $(STAMP) node_modules/.cityloop-installed
	$(BIN)/pytest $(PYTEST_ARGS)

# axe-core for the accessibility checks of the browser tests. Without npm
# (or without Chromium) those tests are skipped, and say why.
node_modules/.cityloop-installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser accessibility checks will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## lock: re-resolve the newest allowed versions into requirements.lock
lock:
	rm -rf /tmp/cityloop-lock && $(PYTHON) -m venv /tmp/cityloop-lock
	/tmp/cityloop-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/cityloop-lock/bin/pip freeze --exclude-editable | grep -v '^cityloop' > requirements.lock

## messages: refresh the translation catalogues after changing strings
messages: $(STAMP)
	cd cityloop && ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --settings=cityloop.settings --pythonpath=..
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
