# Two entry points, each doing all set-up on a fresh machine:
#   make serve   the writers' preview, with live reload
#   make test    every test
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build setup system-packages bench clean

serve: $(PY_STAMP) $(NODE_STAMP)
	$(VENV)/bin/mkdocs serve --livereload

test: $(PY_STAMP) $(NODE_STAMP) system-packages
	$(PY) -m pytest -n auto

build: $(PY_STAMP) $(NODE_STAMP)
	$(VENV)/bin/mkdocs build --strict

bench: $(PY_STAMP) $(NODE_STAMP) system-packages
	$(PY) bench/simulator.py
	$(PY) bench/site.py

setup: $(PY_STAMP) $(NODE_STAMP) system-packages

$(PY_STAMP): pyproject.toml
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev --editable .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests (Playwright cannot download its own
# browser on every machine); Debian's Firefox ESR and WebKitGTK (its WebDriver and
# MiniBrowser, on an Xvfb display) the cross-engine pass; Java runs the HTML
# validator. What is missing is installed in one apt-get run. CHROMIUM_PATH,
# FIREFOX_PATH, WEBKIT_DRIVER_PATH and JAVA point elsewhere on other systems.
system-packages:
	@missing=""; \
	[ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -n "$$FIREFOX_PATH" ] || command -v firefox-esr >/dev/null || missing="$$missing firefox-esr"; \
	[ -n "$$WEBKIT_DRIVER_PATH" ] || command -v WebKitWebDriver >/dev/null \
		|| missing="$$missing webkit2gtk-driver"; \
	command -v Xvfb >/dev/null || missing="$$missing xvfb"; \
	[ -n "$$JAVA" ] || command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) node_modules site dist .pytest_cache .hypothesis .cache
