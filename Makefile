# Two entry points (see README): `make schedule` runs the main job on the bundled data,
# `make test` runs lint, types and the whole test suite. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_DEPS := tests/js/node_modules/.installed
MUNICIPALITY ?= selbu

.PHONY: schedule test lint install clean bench messages

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(INSTALLED)

# ical.js cross-checks the generated calendars; skipped (with a notice) where npm is missing.
$(NODE_DEPS): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/js --silent --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: the ical.js cross-check will be skipped"; \
	fi

schedule: $(INSTALLED)
	$(BIN)/samarbeid validate
	$(BIN)/samarbeid schedule --municipality $(MUNICIPALITY) --format table --out out/$(MUNICIPALITY)

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Where npm is installed, the ical.js cross-check must run rather than skip.
test: $(INSTALLED) $(NODE_DEPS) lint
	SAMARBEID_REQUIRE_ICALJS=$$(command -v npm >/dev/null 2>&1 && echo 1) $(BIN)/pytest

# The catalogue of samarbeid's own messages (README: "Language of messages"): extract what the
# code says, merge it into the bokmål .po (translate the new entries there), compile the .mo
# that ships in the package. tests/test_i18n.py fails while any of the three is behind.
LOCALE := src/samarbeid_cli/locale
messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
		-o $(LOCALE)/samarbeid.pot .
	$(BIN)/pybabel update -D samarbeid -i $(LOCALE)/samarbeid.pot -d $(LOCALE) -l nb \
		--init-missing --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -D samarbeid -d $(LOCALE) -l nb --statistics

# The national-scale benchmark (bench/run.py): about 15 minutes; writes bench/results.md.
BENCH_INSTALLED := $(VENV)/.bench-installed
$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

bench: $(BENCH_INSTALLED)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) out tests/js/node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
