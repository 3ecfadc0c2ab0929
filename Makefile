# The two commands of the quick start are `make demo` and `make test`.
# Everything they need is installed here: nothing is assumed to be set up by hand.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCAL_ES := deploy/local-es/local-es.sh

.PHONY: demo test lint typecheck pytest bench bench-dedup dedup-eval kb bench-entities quality \
	bench-feeds eval-extraction soak cache-bounds profile fuzz system-deps es-start es-stop clean

## system-deps: PyICU builds against ICU; install its headers when they are missing
system-deps:
	@pkg-config --exists icu-i18n 2>/dev/null || { \
		echo "installing libicu-dev and pkg-config (PyICU needs them)"; \
		apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config; }

$(STAMP): pyproject.toml | system-deps
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## demo: install, start a local Elasticsearch unless NEWSFLOW_ES_URL is set, replay seeds/, search
demo: $(STAMP) kb
	@if [ -z "$$NEWSFLOW_ES_URL" ]; then bash $(LOCAL_ES) start; fi
	$(BIN)/newsflow replay seeds/
	$(BIN)/newsflow search Yekaterinburg

## test: lint, type-check, and the whole pytest suite against a real Elasticsearch node
test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) kb
	$(BIN)/pytest

## bench: NER off vs helpers.bulk (1,000, 10,000), NER on vs nlp.pipe on all cores (1,000,
## 2,000), the per-stage breakdown, peak RSS of every process; one run
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_replay --sizes 1000 2000 10000 --ner-sizes 1000 2000

## profile: each stage's cost in ms/article (read ... NER, sink) and the dedup state's documents/article
profile: $(STAMP)
	$(BIN)/python -m tests.benchmarks.profile_stages --n 1000

## bench-dedup: fingerprints/s, candidate lookups/s, lookup cost from 10,000 to 1,000,000 signatures
bench-dedup: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_dedup --sizes 10000 100000 1000000

## dedup-eval: precision/recall of duplicate detection on the syndication corpus, and a sweep
dedup-eval: $(STAMP)
	$(BIN)/python -m tests.benchmarks.eval_dedup

## kb: compile the open-data gazetteer (GeoNames, ISO 3166, CLDR) into ~/.cache/newsflow, once
kb: $(STAMP)
	$(BIN)/python -c 'from pipeline.entities.compiled import main; main()'

## bench-entities: linking articles/s (KB only, with NER) and peak RSS with a 100,000-entity KB
bench-entities: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_entities

## quality: precision/recall of key clustering and linking on the gold data
quality: $(STAMP)
	$(BIN)/python -m tests.quality.report --ner

## eval-extraction: body P/R/F1, empty pages, pages/s and dates: newsflow vs trafilatura vs readability
eval-extraction: $(STAMP)
	$(BIN)/python -m tests.benchmarks.eval_extraction

## bench-feeds: N feeds x M items from a local server: pages/s, articles/s into ES, peak RSS
bench-feeds: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_feeds --feeds 20 100 --items 50

## soak: `newsflow run` for 30 minutes against growing feeds: RSS, threads, open files
soak: $(STAMP)
	$(BIN)/python -m tests.benchmarks.soak_run --minutes 30 --every 5

## cache-bounds: the most memory the caches on the article path hold, each filled up
cache-bounds: $(STAMP)
	$(BIN)/python -m tests.benchmarks.cache_bounds

## fuzz: 10,000 mutated feeds and 10,000 mutated pages, 30 s each at most; escapes and hangs
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run --feeds 10000 --pages 10000 --limit 30 --crashes fuzz-crashes

es-start:
	bash $(LOCAL_ES) start

es-stop:
	bash $(LOCAL_ES) stop

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache deploy/local-es/target
