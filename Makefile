# Two commands: `make run` (set up, serve the demo county on the embedded store) and
# `make test` (set up, make sure PostgreSQL answers, run the whole suite on both backends).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FONT   := $(VENV)/share/rotation-ledger/fonts/NotoSerifSC-Regular.ttf

.PHONY: install run test test-fast soak bench bench-smoke clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
		echo "Rotation Ledger needs Python 3.11; '$(or $(PYTHON),python3)' is $$($(or $(PYTHON),python3) --version 2>&1)."; \
		echo "Install Python 3.11, or name it: make PYTHON=/path/to/python3.11 …"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The documents' font, converted once to TrueType outlines (ledger/exporters/fonts.py).
$(FONT): $(STAMP)
	$(BIN)/python -m ledger.exporters.fonts && touch $@

install: $(STAMP) $(FONT)

run: install
	$(BIN)/ledger serve --demo

test: install
	scripts/ensure-postgres.sh
	scripts/ensure-browser.sh
	$(BIN)/python -m pytest -q -n 2

test-fast: install
	$(BIN)/python -m pytest -q -m "not e2e and not slow"

# Longer load and crash runs than `make test` (results in docs/OPERATIONS.md): SOAK_SECONDS of
# writers, SOAK_ROUNDS of random kills per crash test, on SQLite and PostgreSQL.
SOAK_SECONDS ?= 60
SOAK_ROUNDS  ?= 10
soak: install
	scripts/ensure-postgres.sh
	LEDGER_SOAK_SECONDS=$(SOAK_SECONDS) LEDGER_SOAK_ROUNDS=$(SOAK_ROUNDS) $(BIN)/python -m pytest -q -s \
		tests/integration/test_load.py tests/integration/test_crash.py

# The benchmark suite (docs/PERFORMANCE.md): every figure beside its baseline, on PostgreSQL and
# SQLite in scratch databases; JSON under benchmarks/results/. `make test` runs its smoke size too
# (tests/test_bench_smoke.py).
bench: install
	scripts/ensure-postgres.sh
	$(BIN)/python -m benchmarks --size full

bench-smoke: install
	scripts/ensure-postgres.sh
	$(BIN)/python -m benchmarks --size smoke

clean:
	rm -rf $(VENV) .pytest_cache ledger.sqlite ledger.sqlite-* test-artifacts
