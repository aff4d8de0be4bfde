# jixiao — one command to set up and run, one to test (see README).
# `make run` and `make test` create .venv and install everything on first use.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml scripts/setup-system.sh 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: run test bench setup clean

run: $(STAMP)
	$(VENV)/bin/jixiao serve

test: $(STAMP)
	url="$$(bash scripts/start-postgres.sh)"; JIXIAO_TEST_PG="$$url" $(PY) -m pytest -q; rc=$$?; \
	bash scripts/stop-postgres.sh; exit $$rc

bench: $(STAMP)
	$(PY) bench/parse.py
	$(PY) bench/check.py
	$(PY) bench/pdf.py
	$(PY) bench/xlsx.py

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
