# make run   — set up (first time) and run the bot: Telegram with a token, else the console
# make test  — set up and run lint, type checks and every test
# make bench — print speed and accuracy figures
# make i18n  — extract messages into the vi/en catalogs and fill English; write the Vietnamese
#              in locales/vi/LC_MESSAGES/messages.po
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: setup run console test lint bench i18n catalogs clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
		|| { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	@$(BIN)/python -m pip install --quiet -e '.[icu]' >/dev/null 2>&1 \
		|| echo "PyICU not installed (it needs libicu-dev): names sort by the built-in Vietnamese key"
	@touch $(STAMP)

setup: $(STAMP) catalogs

catalogs: $(STAMP)
	@$(BIN)/pybabel compile --statistics -d locales -D messages 2>&1 | grep -v '^$$' || true

run: setup
	$(BIN)/python -m bot

console: setup
	$(BIN)/python -m bot console --user $${USER_NAME:-demo}

lint: $(STAMP)
	$(BIN)/ruff check bot handlers tests bench
	$(BIN)/mypy bot handlers bench

test: setup lint
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: setup
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

i18n: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -k _ -k N_ -k ngettext:1,2 \
		-o locales/messages.pot bot handlers
	$(BIN)/pybabel update --no-fuzzy-matching --width 99 -i locales/messages.pot -d locales -D messages
	$(BIN)/python -m bot.catalogs --fill-en

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	find locales -name '*.mo' -delete
