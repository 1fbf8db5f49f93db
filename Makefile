# The two commands of the README: `make run` (install, then lint this repository's history)
# and `make test` (install with test extras, then run the test suite). Both set up a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install bench fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

run: install
	$(BIN)/custlint commits $(RANGE)

# pytest exits 5 when it collects no test; that is not a pass, so it is turned into a failure.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

# issue 8: the property tests with >= 100,000 generated inputs (not part of `make test`)
fuzz: install
	$(BIN)/python bench/fuzz.py $(FUZZ_ARGS)
