# Two commands do all the set-up: `make run` and `make test` (see README.md).
# The environment is built from requirements.lock (exact pins with hashes) and rebuilt
# whenever the lock is newer than the environment.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
# pip's machine-wide config may add local indexes; the lock's hashes are what we trust.
PIP    := PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/python -m pip --quiet

.PHONY: run test test-quick lint lab check bench lock clean env notebooks

env: $(STAMP)

$(STAMP): requirements.lock
	@echo "== creating $(VENV) from requirements.lock"
	@rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation --editable .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/kca run

# -n auto: one pytest-xdist worker per core. The collection run and the checks batch still run
# once per session (shared by the workers through a file lock); nbval keeps each notebook in
# one worker (--dist loadscope in pyproject.toml). On 2 cores it cut the suite by about a
# quarter; PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto

test: run lint
	CI=$${CI:-} $(BIN)/python -m pytest $(PYTEST_ARGS)

# While editing: lint and every test that executes no notebook (no nbval, no run of the collection
# or of the fixture notebooks, no browser), marked by tests/quick_lane.py, which fails a test that
# executes a notebook without the mark. It proves much less than `make test`, which CI runs.
test-quick: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m "not slow and not browser"

lint: $(STAMP)
	$(BIN)/ruff check kca_analysis tests notebooks benchmarks
	$(BIN)/ruff format --check kca_analysis tests benchmarks

check: $(STAMP)
	$(BIN)/kca check

# JupyterLab refuses to run as root unless told; a container or CI shell is often root.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

# Re-execute the committed notebooks in place with their default parameters (after changing a
# notebook, the library or the data), so that nbval's stored outputs follow from the code.
notebooks: $(STAMP)
	cd notebooks && ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=600 *.ipynb

# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--wait-load 1.5" waits for a quiet machine.
# The README's generated requirements follow the new benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run_benchmarks.py $(BENCH_ARGS)
	$(BIN)/python -m kca_analysis.run.book.readme

# Regenerate the lock after editing pyproject.toml dependencies (needs network to PyPI).
lock:
	$(PYTHON) -m venv /tmp/kca-lock-venv
	/tmp/kca-lock-venv/bin/python -m pip --quiet install pip-tools
	/tmp/kca-lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps --all-extras \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) outputs/notebooks outputs/site outputs/runs outputs/failed .pytest_cache .ruff_cache
