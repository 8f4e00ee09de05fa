# Beteiligungsportal: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app participation
PORT ?= 5000
PYTHON ?= python3
# The suite runs on this many processes (pytest-xdist; each has its own database); 0 runs
# it in one process.
TEST_WORKERS ?= 2
TRANSLATIONS := participation/translations

.PHONY: tools install run test test-sqlite test-postgres lint translations extract-messages update-messages clean

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations tools

# The Nu HTML checker for the markup tests (needs Java; skipped with a reason without it).
VNU_VERSION := 26.9.27
tools: .tools/node_modules/vnu-jar/package.json
.tools/node_modules/vnu-jar/package.json:
	@if command -v npm >/dev/null && command -v java >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix .tools vnu-jar@$(VNU_VERSION); \
	else echo "npm or java missing: the Nu HTML checker test will be skipped"; fi

# Compile the message catalogues (.mo files are build output, not tracked).
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d $(TRANSLATIONS) >/dev/null

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".* .venv .tools node_modules" -o $(TRANSLATIONS)/messages.pot --no-location --sort-output .

update-messages: extract-messages
	$(VENV)/bin/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: install
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

test-sqlite: install
	env -u TEST_DATABASE_URL $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-postgres: install
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check participation tests bench config.py
	$(VENV)/bin/ruff format --check --quiet participation tests bench config.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache instance/*.sqlite3
