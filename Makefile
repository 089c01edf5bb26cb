# Two commands: `make run` serves the service locally, `make test` runs the whole suite.
# Needs Python 3.11+, make and Node.js with npm (front-end assets come from the npm registry).

PYTHON ?= python3
# Where `make run` serves, e.g. `make run ADDR=127.0.0.1:8001` (or 0.0.0.0:8000 for other machines).
ADDR ?= 127.0.0.1:8000
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench clean

# Links in emails point at the address served, unless SITE_URL says otherwise.
run: $(VENV)/.runtime-installed node_modules/.installed
	SITE_URL="$${SITE_URL:-http://$(ADDR)}" $(BIN)/python manage.py devserver $(ADDR)

# The browser suite runs beside the rest (tests/run_suites.py); the last lines sum up both.
test: $(VENV)/.dev-installed node_modules/.installed
	$(BIN)/python tests/run_suites.py

# Benchmarks against PostgreSQL (BENCH_DATABASE_URL) and gunicorn: prints ratios to floors.
bench: $(VENV)/.dev-installed node_modules/.installed
	$(BIN)/python bench/run_all.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@echo "Creating the virtual environment in $(VENV)…"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	@echo "Installing the pinned Python dependencies…"
	$(BIN)/pip install --quiet --requirement requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	@echo "Installing the pinned test tools…"
	$(BIN)/pip install --quiet --requirement requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the front-end assets (install Node.js)"; exit 1; }
	@echo "Installing the front-end assets from the npm registry…"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean:
	rm -rf $(VENV) node_modules var
