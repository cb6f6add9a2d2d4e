# The README's two commands: `make run` (demo kiosk) and `make test` (the whole suite).
# Both install what they need on a fresh Debian machine (as root, or with sudo).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBS_RUN := installer/debian/run-packages.txt
DEBS_TEST := installer/debian/test-packages.txt
TS := $(wildcard translations/*.ts)
QM := $(TS:.ts=.qm)
PYTEST_ARGS ?=
RUN_ARGS ?=

.PHONY: run test lint bench journey screenshots translations ts-update deps-run deps-test venv bundle clean help

help:
	@echo "make run    - install what is needed and start the kiosk in demo mode"
	@echo "make test   - install what is needed and run the whole test suite"
	@echo "make lint   - ruff, mypy, import-linter"
	@echo "make bench  - benchmarks, printed as a table"
	@echo "make journey - every procedure walked through the accessibility bus, at 3 sizes"
	@echo "make screenshots - every screen at 3 sizes x normal/large text/high contrast, in tests/artifacts/"
	@echo "make bundle - the kiosk as one folder, dist/hanoi-kiosk/ (PyInstaller), self-checked"

run: deps-run venv translations
	$(BIN)/kiosk run --demo $(RUN_ARGS)

test: deps-test venv translations
	@bash installer/dev/test-services.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check kiosk tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/import_cycles.py

bench: deps-test venv translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

journey: deps-test venv translations
	$(BIN)/python -m tests.journey.runner

screenshots: deps-test venv translations
	KIOSK_ALL_SCREENSHOTS=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		tests/ui/test_screens_at_every_size.py tests/ui/test_keyboard_never_hides.py
	@echo "screenshots in tests/artifacts/size-*.png"

deps-run:
	@bash installer/dev/ensure-debs.sh $(DEBS_RUN)

deps-test:
	@bash installer/dev/ensure-debs.sh $(DEBS_RUN) $(DEBS_TEST)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,lint]'
	@touch $@

translations: $(QM)

translations/%.qm: translations/%.ts $(VENV)/.installed
	$(BIN)/pyside6-lrelease -silent $< -qm $@

ts-update: venv
	$(BIN)/python tools/ts_fill.py update

# The kiosk as a directory bundle: dist/hanoi-kiosk/kiosk (installer/bundle/README.md).
bundle: venv translations $(VENV)/.bundle-installed
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller installer/bundle/hanoi-kiosk.spec
	dist/hanoi-kiosk/kiosk --version
	QT_QPA_PLATFORM=offscreen dist/hanoi-kiosk/kiosk --data-dir build/selfcheck-data selfcheck

$(VENV)/.bundle-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[bundle]'
	@touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache translations/*.qm tests/artifacts
