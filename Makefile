# Two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install browser demo test bench train clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e '.[ledger,stories,web,scale,test]'
	touch $(STAMP)

# Debian's Chromium for the web UI's browser tests (the tests skip without it; CI installs it).
browser:
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

demo: install
	$(VENV)/bin/claimledger analyze claimledger/samples/sample_article.txt --published 2025-03-14

test: install
	$(VENV)/bin/pytest -q

bench: install
	$(PY) bench/run.py

# The event-factuality calibration table (claimledger/data/factuality_calibration.tsv),
# fitted on the MEANTIME and UW train splits in ../shared/data/factuality; CPU, about 2 min.
FACTUALITY_DATA ?= ../shared/data/factuality
train: install
	$(PY) -m claimledger.train.factuality_calibration $(FACTUALITY_DATA)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
