# The one way in: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: help install system-deps system-deps-runtime demo serve test test-postgres lint format messages bench clean

help:
	@echo "make demo      install, migrate, load reference + demo data, serve on http://127.0.0.1:$(PORT)/"
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

demo: install system-deps-runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo_data
	$(MANAGE) runserver 127.0.0.1:$(PORT)

serve: install
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install system-deps
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

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
