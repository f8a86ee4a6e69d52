# Two entry points (see README): `make schedule` runs the main job on the bundled data,
# `make test` runs lint, types and the whole test suite. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_DEPS := tests/js/node_modules/.installed
MUNICIPALITY ?= selbu

.PHONY: schedule test lint install clean bench browser messages fuzz

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

# The overview, the site and the wheel are checked in a real headless browser: Debian's
# chromium, installed here where apt-get can (as root), with a notice otherwise. Another apt run
# (unattended upgrades, a second checkout) holds apt's locks for a while: apt-get waits up to 5
# minutes for the dpkg lock (DPkg::Lock::Timeout), and since `apt-get update` ignores that
# option for its lists lock (apt 2.6), update is retried for as long while that lock is taken.
# If chromium still cannot be installed, for whatever reason, the rest of `make test` goes on.
APT_GET := LC_ALL=C DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			update() { \
				for try in $$(seq 30); do \
					failed=$$($(APT_GET) update 2>&1) && return 0; \
					case "$$failed" in *"Could not get lock"*) sleep 10 ;; *) break ;; esac; \
				done; \
				echo "$$failed" >&2; return 1; \
			}; \
			if ! { update && $(APT_GET) install -y --no-install-recommends chromium >/dev/null; }; then \
				echo "chromium could not be installed: the browser checks will be skipped"; \
			fi; \
		else \
			echo "chromium not found and not installable here: the browser checks will be skipped"; \
		fi; \
	fi

# Where npm and chromium are there, the ical.js and browser checks must run rather than skip.
test: $(INSTALLED) $(NODE_DEPS) browser lint
	SAMARBEID_REQUIRE_ICALJS=$$(command -v npm >/dev/null 2>&1 && echo 1) \
	SAMARBEID_REQUIRE_CHROMIUM=$$(command -v chromium >/dev/null 2>&1 && echo 1) \
		$(BIN)/pytest

# The catalogue of samarbeid's own messages (README: "Language of messages"): extract what the
# code says, merge it into the bokmål and the nynorsk .po (translate the new entries in both),
# compile the .mo files that ship in the package. tests/test_i18n.py fails while any of them
# is behind.
LOCALE := src/samarbeid_cli/locale
CATALOGUES := nb nn
messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
		-o $(LOCALE)/samarbeid.pot .
	for lang in $(CATALOGUES); do \
		$(BIN)/pybabel update -D samarbeid -i $(LOCALE)/samarbeid.pot -d $(LOCALE) -l $$lang \
			--init-missing --ignore-obsolete --ignore-pot-creation-date || exit 1; \
		$(BIN)/pybabel compile -D samarbeid -d $(LOCALE) -l $$lang --statistics || exit 1; \
	done

# The privacy guard's properties (tests/test_privacy_properties.py, README: Privacy) with far
# more examples than the suite's fixed set and a fresh random seed each run: about 8 minutes on
# 2 cores. A failure prints the example and how to reproduce it.
FUZZ_EXAMPLES ?= 10000
fuzz: $(INSTALLED)
	SAMARBEID_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider \
		tests/test_privacy_properties.py

# The national-scale benchmark (bench/run.py): about 15 minutes; writes bench/results.md.
# SAMARBEID_BENCH_SCALE=0.1 make bench: a tenth of the national set, for a quick look.
BENCH_INSTALLED := $(VENV)/.bench-installed
$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

bench: $(BENCH_INSTALLED)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) out tests/js/node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
