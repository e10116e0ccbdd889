# LOG Portal: `make run` and `make test` are all a new machine needs (Python 3.11+, git, gcc, make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: help install run test lint format messages makemessages migrate demo stop-services bench clean

help:
	@echo "make run    - the portal with worker and beat, on embedded PostgreSQL and Redis, with demo data"
	@echo "make test   - ruff, makemigrations --check, then the whole test suite"
	@echo "make stop-services - stop the embedded PostgreSQL and Redis under .data/"

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compile_translations

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_data

run: messages migrate
	$(BIN)/python manage.py load_demo_data --quiet-if-present
	$(BIN)/honcho start --procfile Procfile --app-root .

# Benchmark at DOMAIN.md section C scale on its own database, with production-like settings
# (README.md "Benchmark"). A second run reuses the loaded data set (--keep).
BENCH_DB ?= log_portal_bench
BENCH_ARGS ?=
bench: messages migrate
	LOG_PORTAL_DB_NAME=$(BENCH_DB) REDIS_DB=7 LOG_PORTAL_BENCH=1 DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=bench-only-not-secret DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1 \
	DJANGO_SECURE_SSL_REDIRECT=0 STATIC_ROOT=.data/bench/static \
		$(BIN)/python manage.py bench --seed 1 --scale 1.0 --keep $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint messages browser
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Browser journeys (tests/e2e) drive Debian's Chromium with Playwright: no browser download.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM_PATH := $(CHROMIUM)

.PHONY: browser
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "Chromium is missing at $(CHROMIUM). Install it with 'sudo apt-get install chromium'" \
				"(Debian/Ubuntu), or point CHROMIUM=/path/to/chromium at an existing one." >&2; \
			exit 1; \
		fi; \
	fi
	@test -x "$(CHROMIUM)" || { echo "Chromium is still missing at $(CHROMIUM)." >&2; exit 1; }

# Developers only: needs GNU gettext (xgettext) to extract strings into locale/*.po.
makemessages: install
	$(BIN)/python manage.py makemessages --locale fr --locale en --locale pt --ignore '.venv/*' --ignore '.data/*' --no-obsolete

stop-services: install
	$(BIN)/python -c "from pathlib import Path; from log_portal import embedded; embedded.stop(Path('.data'))"

clean: stop-services
	rm -rf .data staticfiles
