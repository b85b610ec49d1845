# zhkg — every target bootstraps .venv first, so a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= ../shared/benchmarks/cluener2020
SHARED ?= ../shared

.PHONY: demo test train eval-ner score bench clean browser virtuoso

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build seeds --out build/
	@echo
	@echo "Turtle:   $(CURDIR)/build/graph.ttl"
	@echo "TriG:     $(CURDIR)/build/graph.trig"
	@echo "HTML:     $(CURDIR)/build/graph.html"

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest

# Debian's Chromium (and CJK fonts) for the explorer's browser tests; skipped tests say so when it cannot be had.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "could not install chromium: the browser tests will be skipped"; \
	  else echo "chromium missing and not root: the browser tests will be skipped"; fi; }

# Virtuoso Open Source (the external store the interoperability tests push to) and raptor (a second RDF parser).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v rapper >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource raptor2-utils >/dev/null) \
	      || echo "could not install virtuoso-opensource: the Virtuoso tests will be skipped"; \
	  else echo "virtuoso-t missing and not root: the Virtuoso tests will be skipped"; fi; }

# Retrain the entity recogniser on CLUENER2020 train: the 128-wide teacher (9,000 steps: 43 min 55 s measured on
# 2 cores beside a second training run) into build/ner_teacher, then the shipped 80-wide student distilled from it
# (30 passes and 800 label steps: about 23 min on one core), then its 8-bit window layers (kg.nlp.quantize, 33 s).
train: $(STAMP)
	$(BIN)/python -m kg.nlp.training --data $(DATA) --out build/ner_teacher
	$(BIN)/python -m kg.nlp.distil --data $(DATA) --teacher build/ner_teacher --out kg/models/ner_zh
	$(BIN)/python -m kg.nlp.quantize --data $(DATA) --model kg/models/ner_zh

# CLUENER dev and MSRA test scores of the shipped recogniser.
eval-ner: $(STAMP)
	$(BIN)/kg eval-ner --cluener $(DATA)/dev.json --msra $(SHARED)/benchmarks/msra/test.txt

# Scores on the seed gold and on shared/realnews (other publishers), two tables, each document built on its own.
score: $(STAMP)
	@rm -rf build/score
	$(BIN)/python benchmarks/score.py --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/speed_bench.py --train $(DATA)/train.json
	$(BIN)/python benchmarks/speed_bench.py --train $(DATA)/train.json --files 500 --repeats 2
	$(BIN)/python benchmarks/scale_bench.py
	$(BIN)/python benchmarks/store_bench.py
	$(BIN)/python benchmarks/serve_bench.py
	$(BIN)/python benchmarks/input_bench.py

clean:
	rm -rf build .pytest_cache
