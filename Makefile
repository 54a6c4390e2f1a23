# `make run` and `make test` are the two commands in the README; keep them working on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test lint typecheck pytest fuzz install lock worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pinned requirements change. Every pin carries its hashes (pip itself
# included), so a package that differs from the one locked is refused; the file pins the whole
# tree, so nothing is resolved at install time (--no-deps) and `pip check` proves it complete.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-virtualenv --require-hashes --no-deps -r requirements.txt
	$(BIN)/python -m pip check
	touch $@

# axe-core for the browser tests, exactly as package-lock.json pins it (integrity hash checked,
# no install scripts run); skipped where there is no npm, and then the browser tests say so.
node_modules/.package-lock.json: package-lock.json
	if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; fi

install: $(VENV)/.installed node_modules/.package-lock.json

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_seeds
	$(MANAGE) corroborate
	$(MANAGE) create_local_editor --host $(HOST)
	$(MANAGE) runserver $(HOST)

test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

pytest: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The long, random form of the schema search that `make test` runs derandomised: every check,
# as a reviewer and as a viewer, on each operation and along the schema's links (stateful);
# it fails on anything found. FACTCHECK_FUZZ_EXAMPLES sets how long it looks.
fuzz: install
	FACTCHECK_FUZZ_RANDOM=1 FACTCHECK_FUZZ_EXAMPLES=$${FACTCHECK_FUZZ_EXAMPLES:-1000} \
		$(BIN)/python -m pytest tests/api/test_schema_fuzz.py $(PYTEST_ARGS)

# A Celery worker for when REDIS_URL is set (without it, tasks run in the web process).
worker: install
	$(BIN)/celery -A factcheck worker --loglevel=INFO --concurrency=2

# Celery beat beside the worker: the CrossCheck sweeper, stale claims, nightly track records
# (settings.CELERY_BEAT_SCHEDULE). Run exactly one.
beat: install
	$(BIN)/celery -A factcheck beat --loglevel=INFO --schedule=.celerybeat-schedule

# Recompile requirements.txt, with hashes, from requirements.in.
lock:
	$(BIN)/python -m piptools compile --quiet --no-header --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links \
		--output-file requirements.txt requirements.in

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache .pytest_cache .celerybeat-schedule*
bench-fault: install ; $(BIN)/python bench/load_and_fault.py $(BENCH_ARGS)
