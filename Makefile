# Trienkhai — set-up, demo and checks. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON_BOOT := $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: install run serve migrate demo fmt lint typecheck test test-pg check browser-deps ocr-deps bench reliability cluster cluster-stop load clean

$(PY):
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml requirements.lock
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) manage.py compile_translations
	touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_rollout

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@# Both in the background and `wait`: a shell runs its trap only once the foreground command
	@# ends, so with runserver in the foreground a stop signal waited for it (and the worker
	@# kept running). `wait` is interrupted at once; the trap stops both (the worker gracefully).
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(PY) manage.py qcluster & \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload & \
	wait

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: install
	$(VENV)/bin/mypy .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		ALLOWED_HOSTS=trienkhai.example DATABASE_URL=sqlite:////tmp/trienkhai-check.sqlite3 \
		$(PY) manage.py check --deploy --fail-level WARNING

# axe-core (accessibility engine injected by the browser tests) from the npm registry into the
# git-ignored var/npm; npm itself from Debian's packages if missing.
AXE_VERSION := 4.14.1
AXE_JS := var/npm/node_modules/axe-core/axe.min.js
$(AXE_JS):
	@if ! command -v npm >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq npm >/dev/null; \
	fi
	@mkdir -p var/npm
	npm install --silent --no-save --no-audit --no-fund --prefix var/npm axe-core@$(AXE_VERSION)

# Headless Chromium and its driver from Debian's packages, for the browser tests.
browser-deps: $(AXE_JS)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "Installing chromium and chromium-driver (Debian packages)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium chromium-driver >/dev/null; \
	fi

# Scanned PDFs are read with Tesseract's Vietnamese model (Debian packages).
ocr-deps:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then \
		echo "Installing tesseract-ocr and tesseract-ocr-vie (Debian packages)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null; \
	fi

test: install browser-deps ocr-deps lint typecheck
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/trienkhai} $(MAKE) test

# Benchmarks print `figure: <name> <value> <unit>` lines; each builds its own throwaway database.
# The standing reliability suite (README "Reliability"): hostile files, kill -9 during imports,
# races, on SQLite and PostgreSQL. Not part of `make test`.
reliability: install
	$(PY) benchmarks/reliability.py

bench: install
	$(PY) benchmarks/tree_queries.py
	$(PY) benchmarks/tree_queries.py --postgres
	$(PY) benchmarks/import_roster.py --postgres
	$(PY) benchmarks/rollout_dashboard.py
	$(PY) benchmarks/rollout_dashboard.py --postgres
	$(PY) benchmarks/report_consolidation.py
	$(PY) benchmarks/report_consolidation.py --postgres
	$(PY) benchmarks/evaluation_rating.py
	$(PY) benchmarks/evaluation_rating.py --postgres
	$(PY) benchmarks/effect_view.py
	$(PY) benchmarks/effect_view.py --postgres
	$(PY) benchmarks/emulation_ranking.py --postgres
	$(PY) benchmarks/ingest_eval.py tests/data/ingest
	$(PY) benchmarks/ingest_ocr.py
	$(PY) benchmarks/ingest_bounds.py

# The multi-process deployment (README "Deployment"): PostgreSQL primary + streaming replica,
# Redis, two gunicorns behind nginx, two task workers; loopback only, data under CLUSTER_DIR
# (default /tmp/trienkhai-cluster). Not part of `make test`.
cluster: install
	deploy/cluster.sh start

cluster-stop:
	deploy/cluster.sh stop

# Load and failure test of the running cluster (locust in var/loadenv): LOAD_MINUTES (10) of 50
# users, a storm of 1,500 self check-ins, one app server and one worker killed, the replica
# stopped; prints p50/p95 per endpoint and writes var/load/report.md.
LOAD_MINUTES ?= 10
LOAD_VENV := var/loadenv
$(LOAD_VENV)/.installed: requirements-load.lock
	$(PYTHON_BOOT) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/pip install --quiet -r requirements-load.lock
	touch $@

load: install $(LOAD_VENV)/.installed
	$(PY) benchmarks/load/run.py --minutes $(LOAD_MINUTES)

clean:
	rm -rf $(VENV) var
