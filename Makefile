# zhkg — every target bootstraps .venv first, so a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= ../shared/benchmarks/cluener2020
SHARED ?= ../shared

.PHONY: demo test train eval-ner score bench bench-scale clean browser virtuoso java apt-install

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

test: $(STAMP) browser virtuoso java
	$(BIN)/python -m pytest

# Debian packages the tests use, installed as root. apt waits up to 10 minutes for another apt or dpkg
# (an unattended upgrade, a second install) to release its lock, instead of failing at once.
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq
# Install DEBS after refreshing the package lists (when the registry cannot be reached, from the lists at hand).
# apt-get update takes no lock timeout: it is tried again
# every 5 s while another process holds the lists' lock (10 minutes at most).
apt-install:
	@for i in $$(seq 120); do \
	  out=$$($(APT_GET) update 2>&1) && break; \
	  case "$$out" in *"Could not get lock"*|*"Unable to lock"*) sleep 5 ;; *) echo "apt-get update failed; installing from the lists at hand" >&2; break ;; esac; \
	done
	@$(APT_GET) install -y --no-upgrade $(DEBS) >/dev/null

# $(call debs,COMMAND,PACKAGES,WHAT IS SKIPPED): install PACKAGES unless COMMAND is on the PATH
define debs
	@command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    $(MAKE) -s --no-print-directory apt-install DEBS="$(2)" || echo "could not install $(2): $(3) will be skipped"; \
	  else echo "$(1) missing and not root: $(3) will be skipped"; fi; }
endef

# Debian's Chromium (and CJK fonts) for the explorer's browser tests.
browser:
	$(call debs,chromium,chromium fonts-noto-cjk,the browser tests)

# Virtuoso Open Source (the external store the interoperability tests push to) and raptor (a second RDF parser).
virtuoso:
	$(call debs,virtuoso-t,virtuoso-opensource raptor2-utils,the Virtuoso tests)
	$(call debs,rapper,raptor2-utils,the raptor tests)

# Java for HermiT, the OWL 2 DL reasoner the ontology test runs (its jar comes with owlready2).
java:
	$(call debs,java,default-jre-headless,the reasoner test)

# Retrain the entity recogniser on CLUENER2020 train: the 128-wide teacher (9,000 steps: 43 min 55 s measured on
# 2 cores beside a second training run) into build/ner_teacher, then the shipped 80-wide student distilled from it
# (30 passes and 800 label steps: about 23 min on one core), then its 8-bit window layers (kg.nlp.calibrate, 33 s);
# last, each relation rule's measured precision on the seeds and realnews fit, its facts' confidence (kg.nlp.confidence, 7 s).
train: $(STAMP)
	$(BIN)/python -m kg.nlp.training --data $(DATA) --out build/ner_teacher
	$(BIN)/python -m kg.nlp.distil --data $(DATA) --teacher build/ner_teacher --out kg/models/ner_zh
	$(BIN)/python -m kg.nlp.calibrate --data $(DATA) --model kg/models/ner_zh
	$(BIN)/python -m kg.nlp.confidence --shared $(SHARED)

# CLUENER dev and MSRA test scores of the shipped recogniser; then the post-title rule's reading of the names
# after titles that CLUENER train+dev mark (benchmarks/title_names.py), and DuIE dev's posts and head offices
# read by the whole pipeline (benchmarks/duie_facts.py), and CLUENER dev's organisation spans read by the whole
# pipeline (benchmarks/cluener_orgs.py): rules measured on sentences never read to write them.
eval-ner: $(STAMP)
	$(BIN)/kg eval-ner --cluener $(DATA)/dev.json --msra $(SHARED)/benchmarks/msra/test.txt
	$(BIN)/python benchmarks/title_names.py --data $(DATA)
	$(BIN)/python benchmarks/duie_facts.py --data $(SHARED)/benchmarks/duie/dev_relevant.jsonl
	$(BIN)/python benchmarks/cluener_orgs.py --data $(DATA)/dev.json
	$(BIN)/python benchmarks/traditional_msra.py --msra $(SHARED)/benchmarks/msra/test.txt

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
	$(BIN)/python benchmarks/length_bench.py

# How memory and time grow with the corpus (not CI; an hour or more): a fixed world of 2,000 companies and 3,000
# officials at 10k and 100k articles, then 10k articles of real length.
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale_bench.py --corpus fixed --sizes 10000 100000 --modes jobs2
	$(BIN)/python benchmarks/scale_bench.py --corpus real --sizes 10000 --modes jobs2

clean:
	rm -rf build .pytest_cache
