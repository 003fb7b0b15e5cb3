# kexue-archive: the conventional Pelican targets, plus ingest, tests and benchmarks.
# `make serve` and `make test` install everything they need themselves.

PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN ?= $(BIN)/pelican
PELICANOPTS ?=

BASEDIR := $(CURDIR)
INPUTDIR := $(BASEDIR)/content
OUTPUTDIR := $(BASEDIR)/output
CONFFILE := $(BASEDIR)/pelicanconf.py
PUBLISHCONF := $(BASEDIR)/publishconf.py

# Ingest: the sample dumps and full post saves shipped in the repo, and the blog's archive page.
DUMPS ?= $(BASEDIR)/samples/dumps $(BASEDIR)/samples/saves
ARCHIVE_INDEX ?= $(BASEDIR)/samples/archive_index.txt
# The site names a series' missing parts from the archive page the content came from.
SITE_OPTS = -e 'SERIES_ARCHIVE_INDEX="$(ARCHIVE_INDEX)"'
REPORT ?= $(BASEDIR)/build/scrape-report.json
# The development corpora used by `make eval` (beside the repo, not in it).
CORPUS ?= $(BASEDIR)/../shared/corpus/kexue-dev
FULLPOSTS ?= $(BASEDIR)/../shared/corpus/fullposts-dev

PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Chinese text everywhere: never depend on the caller's locale.
export PYTHONUTF8 = 1

.PHONY: help install browser content images html regenerate serve publish lint test test-py test-js eval eval-search bench clean

help:
	@echo 'make serve        install, scrape samples/, build, serve on http://localhost:$(PORT)'
	@echo 'make test         install and run the whole test suite (unit, integration, browser)'
	@echo 'make content      scrape $$DUMPS (+ $$ARCHIVE_INDEX) into content/'
	@echo 'make images       download the posts'"'"' images into content/images/ (needs the network)'
	@echo 'make html         build the site into output/ (pelicanconf.py)'
	@echo 'make publish      build for deployment (publishconf.py, absolute SITEURL)'
	@echo 'make eval         measure ingest accuracy on ../shared/corpus (listings, full posts)'
	@echo 'make eval-search  measure search relevance against Pagefind (listings, full text)'
	@echo 'make bench        speed, size and growth benchmarks (docs/benchmarks.md)'
	@echo 'make clean        remove output/, build/ and caches'

# --- set-up: idempotent, and quick when nothing changed ----------------------
install: $(VENV)/.installed node_modules/.installed

# The search and series plugins are packages of their own (plugins/*/pyproject.toml),
# installed editable the way any Pelican site installs a plugin package.
PLUGIN_PACKAGES := plugins/pelican-cjk-search plugins/pelican-series-parts

$(VENV)/.installed: pyproject.toml $(addsuffix /pyproject.toml,$(PLUGIN_PACKAGES))
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]' $(addprefix -e ./,$(PLUGIN_PACKAGES))
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Playwright drives Debian's Chromium (its own browser download is not possible here).
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  (apt-get update -qq && apt-get install -y -qq chromium) || \
	  { echo "error: $(CHROMIUM) missing; run: sudo apt-get install -y chromium" >&2; exit 1; }; }

# --- the three stages ---------------------------------------------------------
content: install
	@mkdir -p $(dir $(REPORT))
	$(BIN)/python scripts/scrape.py $(DUMPS) --archive-index $(ARCHIVE_INDEX) \
	  --output $(INPUTDIR) --report $(REPORT)

images: install
	@mkdir -p build
	$(BIN)/python scripts/fetch_images.py --content $(INPUTDIR) --report $(BASEDIR)/build/fetch-images.json

html: install
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(SITE_OPTS) $(PELICANOPTS)

regenerate: install
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(SITE_OPTS) $(PELICANOPTS)

serve: content html
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b 127.0.0.1

publish: install
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(SITE_OPTS) $(PELICANOPTS)

# --- checks -------------------------------------------------------------------
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-py: install browser
	$(BIN)/python -m pytest

test-js: install
	node --test tests/js/

test: lint test-js test-py

eval: install
	$(BIN)/python scripts/eval_ingest.py $(CORPUS)
	$(BIN)/python scripts/eval_fullposts.py $(FULLPOSTS) --dumps $(CORPUS)

eval-search: install browser
	$(BIN)/python scripts/eval_search.py $(CORPUS)
	$(BIN)/python scripts/eval_search.py --full $(FULLPOSTS)

bench: install browser
	$(BIN)/python -m bench $(BENCHOPTS)

clean:
	rm -rf $(OUTPUTDIR) build test-output .pytest_cache .ruff_cache
