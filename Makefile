# VET2B Chat. The two commands: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON  ?= $(shell scripts/find-python.sh 3.11)
VENV    := .venv
BIN     := $(VENV)/bin
VET2B   := $(BIN)/vet2b
PY      := $(BIN)/python
STAMP   := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-installed-$(shell cat requirements-dev.lock requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
LANGS   := lt lv en pl it pt ru
PO      := $(foreach l,$(LANGS),locales/$(l)/LC_MESSAGES/messages.po)
MO      := $(PO:.po=.mo)
TEST_DATABASE_URL ?= $(VET2B_TEST_DATABASE_URL)

.PHONY: help install install-dev locales messages run chat test lint db demo clean

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

include nlu/nlu.mk

$(STAMP): requirements.lock pyproject.toml
	@echo "==> creating $(VENV) with $(PYTHON) and installing pinned dependencies"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	@$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)  ## the app's virtual environment (Python >= 3.11), runtime packages only (requirements.lock)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	@echo "==> installing the development tools (requirements-dev.lock)"
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.lock
	@rm -f $(VENV)/.dev-installed-*; touch $@

install-dev: $(DEV_STAMP)  ## also tests, linters and type checking (requirements-dev.lock)

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(STAMP)
	@$(BIN)/pybabel --quiet compile -d locales -D messages -l $*

locales: $(MO)  ## compile the translation catalogues

messages: install  ## extract strings into locales/messages.pot and merge them into every catalogue
	@$(BIN)/pybabel extract -F babel.cfg -k _ -k n_:1,2 -k N_ --add-comments=TRANSLATORS: \
	  --no-location --width=120 --sort-output --project=vet2b -o locales/messages.pot . >/dev/null
	@for l in $(LANGS); do \
	  if [ -f locales/$$l/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update -i locales/messages.pot -d locales -D messages -l $$l --no-fuzzy-matching --ignore-obsolete --width=120 >/dev/null; \
	  else $(BIN)/pybabel init -i locales/messages.pot -d locales -D messages -l $$l >/dev/null; fi; done
	@$(PY) scripts/fill_english.py locales/en/LC_MESSAGES/messages.po

db: install  ## create or upgrade the database schema (DATABASE_URL, default SQLite under ./var/)
	@$(VET2B) db upgrade

demo: db  ## load the demo catalogue
	@$(VET2B) demo load

run: demo locales  ## set everything up and start the bot (console chat when TELEGRAM_BOT_TOKEN is unset)
	@$(MAKE) --no-print-directory nlu-start || echo "NLU server unavailable: the bot still runs; free text is treated as a search."
	@$(VET2B) stats
	@$(VET2B) run

chat: demo locales  ## the console chat only
	@$(VET2B) chat

test: install-dev locales nlu-venv  ## the whole test suite (SQLite; also PostgreSQL when VET2B_TEST_DATABASE_URL is set)
	@VET2B_TEST_DATABASE_URL="$(TEST_DATABASE_URL)" VET2B_REQUIRE_RASA=1 $(PY) -m pytest -q

lint: install-dev  ## ruff and mypy
	@$(BIN)/ruff check . && $(BIN)/mypy .

clean:  ## remove virtual environments, models and local data
	rm -rf $(VENV) nlu/.venv nlu/models var
