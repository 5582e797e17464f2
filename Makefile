# Amends: the project's verbs. `make help` lists them.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: help install model run test bench lock check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install the pinned dependencies (hash-checked) and amends

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install $(PIP_QUIET) --require-hashes -r requirements.lock 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "import spacy, sklearn, flask, gunicorn" 
	$(BIN)/pip install $(PIP_QUIET) --no-deps --no-build-isolation -e . 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/amends --help > /dev/null
	rm -f $(VENV)/.installed-* && touch $@

model: install ## make sure a trained model is active (trains one from data/ if not)
	@$(BIN)/python -c "from models import artifact, settings; artifact.load(settings.get_path('AMENDS_MODELS_DIR'), artifact.active_version(settings.get_path('AMENDS_MODELS_DIR')))" 2>/dev/null \
		|| $(BIN)/amends train --force

run: model ## serve the web app and API on http://127.0.0.1:8000
	$(BIN)/amends serve

test: install ## run the whole test suite (browser tests need /usr/bin/chromium)
	$(BIN)/python -m pytest -q

bench: model ## measure latency, throughput, memory and training time; writes docs/benchmarks.md
	$(BIN)/python bench/run.py

check: install ## validate the labelled corpus
	$(BIN)/amends data check

lock: ## recompile requirements.lock (with hashes) from requirements.in
	$(PY) -m venv /tmp/amends-lock && /tmp/amends-lock/bin/pip install $(PIP_QUIET) pip-tools
	/tmp/amends-lock/bin/pip-compile -q --generate-hashes --allow-unsafe -o requirements.lock requirements.in

clean: ## remove the virtualenv and caches (not models or data)
	rm -rf $(VENV) var .pytest_cache
