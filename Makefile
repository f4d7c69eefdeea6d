# The commands the README names. Each sets up what it needs by itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.run-stamp

.PHONY: run test lint bench screenshots system-deps runtime-deps clean dist

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The app alone, without the test tools: what a person who only wants to use it needs.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

run: runtime-deps $(RUN_STAMP)
	$(BIN)/breathing-room

# The libraries Qt and PortAudio load at run time (installed, or named in one line).
runtime-deps:
	tools/system-deps runtime

# Those, and what only the tests use (X server, tray host, PulseAudio, AT-SPI).
system-deps:
	tools/system-deps test

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench tools
	$(BIN)/ruff format --check app tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py

# The wheel and sdist (pinned backend, see pyproject.toml), then a one-folder PyInstaller bundle,
# dist/breathing-room/, made from that wheel in an environment of its own (packaging/README.md).
DIST_VENV := build/dist-venv
dist: $(STAMP)
	rm -rf dist $(DIST_VENV) build/pyinstaller
	$(BIN)/python -m pip install --quiet -c packaging/build-requirements.txt build
	$(BIN)/python -m build --outdir dist .
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/python -m pip install --quiet -c packaging/build-requirements.txt dist/*.whl pyinstaller
	cd build && ../$(DIST_VENV)/bin/python -m PyInstaller --noconfirm --log-level WARN \
		--distpath ../dist --workpath pyinstaller ../packaging/breathing-room.spec
	rm -rf $(DIST_VENV) build/pyinstaller
	@ls -l dist/*.whl dist/*.tar.gz && du -sh dist/breathing-room

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache tests/artifacts
