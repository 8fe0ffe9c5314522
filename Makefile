# Two entry points: `make demo` and `make test`. Both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test schemas lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/xlt demo

test: $(STAMP)
	$(BIN)/ruff check xl_toolkit tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

schemas: $(STAMP)
	$(BIN)/xlt schemas

lint: $(STAMP)
	$(BIN)/ruff check xl_toolkit tests

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) demo_output
