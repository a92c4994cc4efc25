# The two commands of the README: `make run` and `make test`.
# Both create .venv at the repo root, install the pinned dependencies and the
# Debian packages Qt needs (as root; otherwise they print the apt-get line).
# `make test` also installs PostgreSQL as root for the several-counters tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test fuzz bench sysdeps-run sysdeps-test clean screenshots

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

sysdeps-run:
	@bash scripts/sysdeps.sh run

sysdeps-test:
	@bash scripts/sysdeps.sh test

run: sysdeps-run $(STAMP)
	$(PY) main.py $(ARGS)

# scripts/postgres.sh runs pytest with a throw-away PostgreSQL server on 127.0.0.1
# (KIOSK_TEST_POSTGRES_URL) and always stops it afterwards; without one those tests skip.
test: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen bash scripts/postgres.sh exec $(PY) -m pytest -q -n 2 --dist loadgroup $(PYTEST_ARGS)

# The property tests of `make test` again, at 10,000 examples each (hypothesis profile
# `fuzz`, tests/conftest.py). Takes tens of minutes on the reference machine.
fuzz: sysdeps-test $(STAMP)
	HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $$(grep -rl "@given" tests) $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run_all.py

# every lobby screen at every supported screen size and DPI -> docs/screens/<screen>/<page>.png
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/kiosk_screenshots.py --out docs/screens

clean:
	rm -rf $(VENV) .pytest_cache
