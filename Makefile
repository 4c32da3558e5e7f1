# A newcomer needs only Python >= 3.11 and make: `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= claims.db

LOWEST := .venv-lowest
# The tests most sensitive to library versions (the reviewer on textual, the CLI on typer and rich,
# the exports on pyarrow and datasette): `make test` runs them on the lowest versions too.
VERSION_SENSITIVE := $(wildcard tests/test_review*.py) tests/test_cli.py $(wildcard tests/test_export*.py) \
	tests/test_package.py tests/test_serve.py

.PHONY: demo test test-lowest clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "factcheck needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp re-runs the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	@echo '$$ factcheck ingest corpus/ --db $(DB)'
	@$(BIN)/factcheck ingest corpus/ --db $(DB)
	@echo '$$ factcheck contradictions --db $(DB) --min-score 0.5'
	@$(BIN)/factcheck contradictions --db $(DB) --min-score 0.5

test: $(VENV)/.installed $(LOWEST)/.installed
	$(BIN)/python -m pytest -q
	$(LOWEST)/bin/python -m pytest -q $(VERSION_SENSITIVE)

# The suite on the lowest versions pyproject.toml allows (constraints-lowest.txt).
$(LOWEST)/.installed: pyproject.toml constraints-lowest.txt
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(LOWEST)/bin/python -m pip install --quiet -e '.[test]' -c constraints-lowest.txt
	touch $@

test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest -q

clean:
	rm -rf $(VENV) $(LOWEST) $(DB) $(DB)-wal $(DB)-shm
