# The two commands of the README: `make run` (install, then audit this repository's history)
# and `make test` (install with test extras, lint, then run the test suite). Both set up a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install bench system-deps fuzz schema rule-docs release

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Debian's chromium renders the HTML audit report in the tests. Installed when missing and we may.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (Debian) for the HTML report tests" >&2; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install it (apt-get install chromium) for the HTML report tests" >&2; fi; }

# The judgement's hot modules compiled with mypyc (custlint/accel.py, about a third less time per
# judged commit): built when the build in use does not match the sources; without a C compiler
# custlint runs as plain Python, which gives the same findings.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/custlint compile --status >/dev/null 2>&1 || $(BIN)/custlint compile || \
	  echo "custlint: the compiled modules were not built; custlint runs as plain Python" >&2

# ARGS: e.g. ARGS="--html audit.html", or ARGS="v1.0..HEAD --format json"
run: install
	$(BIN)/custlint audit $(ARGS)

# issue 13: ruff (lint rules, and the format check) and mypy, as pyproject.toml configures them.
# `make test` runs it first, so CI does too.
lint: install
	$(BIN)/ruff check src bench tests tools
	$(BIN)/ruff format --check src
	$(BIN)/mypy

# issue 19: docs/rules/<CODE>.md from each rule's own data (tests/test_rule_docs.py fails when they are stale)
rule-docs: install
	$(BIN)/python -m custlint.engine.rule_docs docs/rules

# pytest exits 5 when it collects no test; that is not a pass, so it is turned into a failure.
test: install system-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

# issues 8 and 15: the property tests (tests/test_fuzz_entry_points.py, tests/test_fuzz_hostile.py) with
# >= 150,000 generated inputs (not part of `make test`); FUZZ_ARGS="--only hostile --examples 3000" for one file
fuzz: install
	$(BIN)/python bench/fuzz.py $(FUZZ_ARGS)

# issue 19: the config's JSON Schema, made from core/schema.py's SCHEMA (run after adding a config key)
schema: install
	$(BIN)/custlint config --schema > docs/custlint.schema.json

# issue 19: VERSION=X.Y.Z bumps __version__ (the one source of the version) and the pins derived from
# it, dates CHANGELOG.md's entry, commits, tags vX.Y.Z and moves vX. Local only: it prints the push.
release:
	@$(PYTHON) tools/release.py "$(VERSION)"
