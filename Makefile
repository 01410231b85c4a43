# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := poppler-utils libglib2.0-0 libgl1 libegl1 libfontconfig1 \
	libxkbcommon0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0

.PHONY: run test demo lint format bench reliability system-deps clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Installs the shared libraries Qt and the PDF tests need, when we are root and they are missing.
system-deps:
	@if ! command -v pdftotext >/dev/null 2>&1 || ! ldconfig -p | grep -q libxkbcommon.so.0 \
		|| ! ldconfig -p | grep -q libEGL.so.1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
		else echo "Please install: $(SYSTEM_PACKAGES)"; fi; \
	fi

run: system-deps $(STAMP)
	$(PY) -m camau_reception

demo: system-deps $(STAMP)
	$(PY) -m camau_reception --db "$${CAMAU_DEMO_DB:-demo.sqlite3}" demo --if-missing
	$(PY) -m camau_reception --db "$${CAMAU_DEMO_DB:-demo.sqlite3}"

test: system-deps $(STAMP)
	$(PY) -m ruff check camau_reception tests bench main.py
	$(PY) -m ruff format --check camau_reception tests bench main.py
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

reliability: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen CAMAU_RELIABILITY=full $(PY) -m pytest -q tests/integration -m slow -s

bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(PY) -m ruff check camau_reception tests bench main.py

format: $(STAMP)
	$(PY) -m ruff format camau_reception tests bench main.py
	$(PY) -m ruff check --fix camau_reception tests bench main.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
