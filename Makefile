# Skilled Township — the two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VPY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/skilled_township
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
PORT ?= 8000
PYTEST_ARGS ?= -n 2 --durations=5
# Chinese PDFs: the Noto CJK fonts, HarfBuzz's subsetting (about 20 times faster than without it); the tests read
# PDFs back with poppler's pdftotext and pdffonts.
DEBIAN_PDF_PACKAGES := fonts-noto-cjk libharfbuzz-subset0
# The sample nginx site of deploy/ is started in front of the app by a test (with curl and openssl); its systemd
# units are checked with systemd-analyze.
DEBIAN_TEST_PACKAGES := chromium $(DEBIAN_PDF_PACKAGES) poppler-utils nginx curl openssl systemd

# Django 6 needs Python >= 3.12: PYTHON=... if given, else a python3.13/python3.12 that runs, else pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12; do $$p -c '' >/dev/null 2>&1 && { command -v $$p; exit; }; done; \
	for p in $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	[ -x $$p ] && $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; exit; }; done)

.PHONY: help run serve test lint e2e bench messages clean python-check backup restore

help:
	@echo "make run    install into .venv, migrate, load the demo, serve http://127.0.0.1:$(PORT) with a worker"
	@echo "make serve  production: gunicorn with DEBUG off, a Celery worker and beat (settings from the environment, see README)"
	@echo "make test   install and run the whole suite (lint, unit, integration, end-to-end)"
	@echo "make lint   ruff"
	@echo "make bench  response times and query counts of the busiest pages on a large roster; a 5,000-row roster import; service card PDFs; the yearly reports with one and two workers; the production server under 8 and 32 clients"
	@echo "make messages  refresh and compile translations"
	@echo "make backup    dump DATABASE_URL and tar MEDIA_ROOT into BACKUP_DIR (default var/backups/<timestamp>/)"
	@echo "make restore BACKUP=<dir>  restore such a backup (CONFIRM=yes to replace a database that has tables)"

python-check:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python >= 3.12 found. Install one (e.g. pyenv install 3.13) or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12+"; \
	  exit 1; fi

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt | python-check
	@if [ ! -x $(VPY) ] || ! $(VPY) -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then \
	  echo "Creating $(VENV) with $(PYTHON)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

run: $(VENV)/.installed
	@DEBIAN_PDF_PACKAGES="$(DEBIAN_PDF_PACKAGES)" bin/run-demo $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(VENV)/.installed lint
	@bin/ensure-system-packages $(DEBIAN_TEST_PACKAGES)
	@TEST_DB_NAME=$(notdir $(TEST_DATABASE_URL)) bin/ensure-services
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) SECRET_KEY=test-only DEBUG=0 \
	  $(VPY) manage.py makemigrations --check --dry-run >/dev/null || \
	  { echo "Models changed without a migration: run manage.py makemigrations"; exit 1; }
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	  $(VPY) -m pytest $(PYTEST_ARGS)

e2e: $(VENV)/.installed
	@bin/ensure-system-packages $(DEBIAN_TEST_PACKAGES)
	@TEST_DB_NAME=$(notdir $(TEST_DATABASE_URL)) bin/ensure-services
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) $(VPY) -m pytest tests/e2e $(PYTEST_ARGS)

messages: $(VENV)/.installed
	DEBUG=1 $(VPY) manage.py makemessages -l en --no-obsolete --no-wrap --ignore=.venv --ignore=var --ignore=static --ignore=tests
	DEBUG=1 $(VPY) manage.py compilemessages -l en -l zh_Hans --ignore=.venv

backup:
	@bin/backup

restore:
	@if [ -z "$(BACKUP)" ]; then echo "Name the backup: make restore BACKUP=var/backups/<timestamp>"; exit 1; fi
	@bin/restore $(if $(filter yes,$(CONFIRM)),--yes) "$(BACKUP)"

clean:
	rm -rf $(VENV) var .pytest_cache

bench: $(VENV)/.installed
	@bin/ensure-services
	$(VPY) benchmarks/pages.py
	$(VPY) benchmarks/importing.py
	$(VPY) benchmarks/cards.py
	$(VPY) benchmarks/reports.py
	$(VPY) benchmarks/serving.py

serve: $(VENV)/.installed
	@bin/serve
