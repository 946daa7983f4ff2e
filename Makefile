# The one way in: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: help install system-deps system-deps-runtime demo demo-static serve test test-postgres lint format messages bench clean

help:
	@echo "make demo      install, migrate, load reference + demo data, serve on http://localhost:$(PORT)/"
	@echo "               (production-like: gunicorn, a task worker and a scheduler; Ctrl-C stops all)"
	@echo "make serve     Django's development server with DEBUG on (settings.dev)"
	@echo "make test      install and run the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lint      ruff check + format check"
	@echo "make messages  refresh and compile the bg/en translation catalogues"

# The virtualenv is rebuilt whenever the lock file changes.
$(STAMP): requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	touch $(STAMP)

install: $(STAMP)

# Debian packages: Pango and fonts for PDFs (demo and tests); Chromium and gettext for tests.
system-deps-runtime:
	@sh scripts/system-deps.sh runtime

system-deps:
	@sh scripts/system-deps.sh test

# The demo is production-like (settings.demo: DEBUG off, WhiteNoise, a task worker and a
# scheduler beside gunicorn); `make serve` is the developers' runserver with DEBUG on.
demo: export DJANGO_SETTINGS_MODULE = partnerstvo.settings.demo
demo: export PORT := $(PORT)
demo: export PLATFORM_BASE_URL = http://localhost:$(PORT)
demo: install system-deps-runtime demo-static
	$(MANAGE) migrate --noinput
	$(MANAGE) move_private_files
	$(LOAD_AT_ONCE) $(MANAGE) load_reference_data
	$(LOAD_AT_ONCE) $(MANAGE) load_demo_data
	$(MANAGE) serve_demo --port $(PORT)

# Loading data is a batch job: the work it sets off (Wagtail's search and reference indexes for
# thousands of rows) is done at once, so the demo starts complete instead of with a long queue.
LOAD_AT_ONCE := TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

# collectstatic (hashing and compressing every file) only when a static file or a dependency changed.
STATIC_SOURCES := $(shell find partnerstvo -path '*/static/*' -type f 2>/dev/null) requirements/lock.txt
# (The manifest collectstatic writes is the stamp.)
demo-static: var/static/staticfiles.json
var/static/staticfiles.json: export DJANGO_SETTINGS_MODULE = partnerstvo.settings.demo
var/static/staticfiles.json: $(STATIC_SOURCES) | install
	$(MANAGE) collectstatic --noinput -v0

serve: install
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process. Tests go to
# whichever worker is free, except a module marked xdist_group, which one worker runs whole (its
# module fixture, e.g. a loaded demo, is then built once).
TEST_WORKERS ?= auto
test: install system-deps
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh our catalogues from the code, mirror English, compile; lists what still needs Bulgarian.
messages: install system-deps
	$(MANAGE) makemessages --locale bg --locale en --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'conftest.py' --ignore '*/tests/*'
	$(BIN)/python scripts/fill_translations.py
	$(BIN)/python partnerstvo/locale_wagtail/build.py

# Scale data and timings (never in tests): production settings, gunicorn, Redis, wrk and nginx as
# the anchor (both installed when missing). BENCH_ARGS=--quick for a two-minute run;
# BENCH_DATABASE_URL=postgres://... to measure PostgreSQL.
BENCH_ENV := DJANGO_SETTINGS_MODULE=partnerstvo.settings.bench
bench: install
	@$(BIN)/python -c "import os, redis; redis.from_url(os.environ.get('REDIS_URL', 'redis://127.0.0.1:6379/14')).ping()" || { echo "make bench needs Redis (REDIS_URL, default 127.0.0.1:6379)"; exit 1; }
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py run_benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/db.sqlite3 var/media var/static var/cache
