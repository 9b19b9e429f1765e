# Mingbai — build, run and test. See README.md.
#
#   make            bin/sitegen and bin/askbot (-O2 -g); installs nothing
#   make run        install what is missing, build the demo site, index it, serve it
#   make test       install what is missing, build, run every test
#   make test-asan  the whole suite again under ASan + UBSan (also test-valgrind, fuzz)
#   make eval       the bot's answers measured; bench, bench-bot, bench-query: speed
#   make deps       install the build packages only (deps-run, deps-test, deps-bench)
#
# Only run, test, test-asan, test-valgrind, fuzz and the bench targets
# install packages (with apt-get, as root, and only what is missing).
#
# Sources are found by wildcard: a new generator/NAME.c or bot/NAME.c joins
# its program without an edit here. What both programs link (buffers, files,
# UTF-8, the template engine …) lives in generator/base/, with its own
# include path: bot/ sees the base and never the generator's site code, and
# the generator never sees bot/.

.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD ?= build
BIN ?= bin
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
OPT ?= -O2 -g
SAN ?=
CC ?= cc

PKGS := libcmark-gfm jansson yaml-0.1 sqlite3 libmicrohttpd libqrencode opencc icu-uc icu-i18n \
	poppler-glib cairo fontconfig
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) -Wall -Wextra -Werror \
	$(PKG_CFLAGS) $(EXTRA_CFLAGS)
# each part's include path: the base alone, the generator or the bot over it;
# tests and fuzz targets see all three
INC_BASE := -Igenerator/base
INC_GEN := -Igenerator $(INC_BASE)
INC_BOT := -Ibot $(INC_BASE)
INC_ALL := -Igenerator -Ibot $(INC_BASE)
# each program records only the libraries it calls: sitegen does not load
# SQLite, ICU or libmicrohttpd at every start
LDFLAGS := $(SAN) -Wl,--as-needed $(EXTRA_LDFLAGS)
LDLIBS := $(PKG_LIBS) -lcmark-gfm-extensions -lpthread -lm

# ../shared (the Mustache spec suite, the dev questions) sits beside the
# project; a clone made elsewhere finds it beside the repository it came from.
SHARED ?= $(or $(patsubst %/mustache-spec,%,$(wildcard ../shared/mustache-spec)),$(shell u=$$(git config --get remote.origin.url 2>/dev/null); \
	[ -d "$$u/../shared" ] && cd "$$u/../shared" && pwd))
export MUSTACHE_SPEC_DIR ?= $(SHARED)/mustache-spec

COMMON_SRC := $(wildcard generator/base/*.c)
GEN_SRC := $(filter-out generator/sitegen.c,$(wildcard generator/*.c))
BOT_SRC := $(filter-out bot/askbot.c,$(wildcard bot/*.c))
TEST_SRC := $(wildcard tests/unit/test_*.c)

# An archive with no members yet is still a valid (empty) archive.
archive = @mkdir -p $(dir $@); rm -f $@; if [ -n "$^" ]; then ar rcs $@ $^; else printf '!<arch>\n' > $@; fi
obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
LIB_COMMON := $(BUILD)/libcommon.a
LIB_GEN := $(BUILD)/libgen.a
LIB_BOT := $(BUILD)/libbot.a
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
PROGS := $(if $(wildcard generator/sitegen.c),$(BIN)/sitegen) \
	$(if $(wildcard bot/askbot.c),$(BIN)/askbot)

.PHONY: all unit check-libs site index run test test-asan test-valgrind fuzz \
	eval bench bench-bot bench-query soak clean deps deps-build deps-run deps-test deps-bench

# Messages in the clerk's language: po/LANG.po compiled by msgfmt into
# BIN/locale/LANG/LC_MESSAGES/mingbai.mo, where the programs look (i18n.c).
PO := $(wildcard po/*.po)
MO := $(patsubst po/%.po,$(BIN)/locale/%/LC_MESSAGES/mingbai.mo,$(PO))
$(BIN)/locale/%/LC_MESSAGES/mingbai.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# po/mingbai.pot from the marked strings; merge into po/*.po with msgmerge.
I18N_SRC := $(wildcard generator/*.c generator/base/*.c bot/*.c)
.PHONY: pot
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 -c/ --no-location \
		--package-name=mingbai -o po/mingbai.pot $(I18N_SRC)

all: $(PROGS) $(MO)

# Plain make installs nothing: a missing library stops it here, named, with
# the command that installs it.
check-libs:
	@pkg-config --exists $(PKGS) 2>/dev/null || { \
		printf 'missing libraries:'; for p in $(PKGS); do \
		pkg-config --exists $$p 2>/dev/null || printf ' %s' $$p; done; \
		echo "; run 'make deps' as root to install them"; exit 1; } >&2

$(BUILD)/generator/base/%.o: generator/base/%.c | check-libs
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_BASE) -MMD -MP -c $< -o $@
$(BUILD)/generator/%.o: generator/%.c | check-libs
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_GEN) -MMD -MP -c $< -o $@
$(BUILD)/bot/%.o: bot/%.c | check-libs
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_BOT) -MMD -MP -c $< -o $@

$(LIB_COMMON): $(call obj,$(COMMON_SRC))
	$(archive)
$(LIB_GEN): $(call obj,$(GEN_SRC))
	$(archive)
$(LIB_BOT): $(call obj,$(BOT_SRC))
	$(archive)

$(BIN)/sitegen: $(BUILD)/generator/sitegen.o $(LIB_GEN) $(LIB_COMMON)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BIN)/askbot: $(BUILD)/bot/askbot.o $(LIB_BOT) $(LIB_COMMON)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_BOT) $(LIB_GEN) $(LIB_COMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_ALL) -Itests -o $@ $^ $(LDLIBS)

# Each fuzz target is also linked with a plain driver that replays its seed
# corpus and past findings, so every test run (and the sanitizer run) keeps
# them as regression tests; `make fuzz` builds the real libFuzzer binaries.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c $(LIB_BOT) $(LIB_GEN) $(LIB_COMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_ALL) -o $@ $^ $(LDLIBS)
$(BUILD)/fuzzer/%: tests/fuzz/%.c $(LIB_BOT) $(LIB_GEN) $(LIB_COMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_ALL) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

unit: $(TESTS) $(REPLAY)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- the demo: content/ -> public/ -> var/askbot.db -> server ----------------

site: all
	$(BIN)/sitegen build

index: site
	$(BIN)/askbot index

# The clerk reads Chinese: make run speaks it unless RUN_LANG says otherwise.
# sitegen build ends by indexing the site for the bot.
RUN_LANG ?= zh_CN.UTF-8
run: deps deps-run
	$(MAKE) all
	LANG=$(RUN_LANG) LANGUAGE= $(BIN)/sitegen build
	LANG=$(RUN_LANG) LANGUAGE= $(BIN)/askbot serve

# ---- tests -------------------------------------------------------------------

# Packages first, then the build (a sub-make, so -j never starts compiling
# before the packages are in).
test: deps deps-run deps-test
	$(MAKE) all unit
	BUILD=$(BUILD) BIN=$(BIN) tests/run.sh

ASAN_VARS := BUILD=$(ASAN_BUILD) BIN=$(ASAN_BUILD)/bin OPT="-O1 -g -fno-omit-frame-pointer" \
	SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

test-asan: deps deps-test
	$(MAKE) $(ASAN_VARS) all unit
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		BUILD=$(ASAN_BUILD) BIN=$(ASAN_BUILD)/bin SANITIZED=1 tests/run.sh

# A demo build and 1,000 bot questions under valgrind: no errors, no leaks.
test-valgrind: deps deps-run deps-test
	$(MAKE) all
	BUILD=$(BUILD) BIN=$(BIN) tests/valgrind.sh

# The clerk's rebuild after one FAQ edit, with and without the leaflet PDF
# cache; see tests/bench/rebuild-bench.sh
.PHONY: bench-rebuild
bench-rebuild: deps deps-run
	$(MAKE) all
	BIN=$(BIN) tests/bench/rebuild-bench.sh

# libFuzzer (clang) on every target for FUZZ_SECONDS each, two at a time.
FUZZ_SECONDS ?= 60
fuzz: deps deps-test
	$(MAKE) BUILD=$(FUZZ_BUILD) BIN=$(FUZZ_BUILD)/bin CC=clang OPT="-O1 -g" EXTRA_CFLAGS=-Wno-error \
		SAN="-fsanitize=fuzzer-no-link,address,undefined" \
		$(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/fuzzer/%,$(FUZZ_SRC))
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

# ---- measurements: the bot's answers (eval) and speed (bench*) --------------
# They print figures and fail nothing; each peer runs in the same run.

# The bot measured on every question set (the shared dev and real sets,
# the project's own, the blind sets), beside FTS5 unicode61 and trigram
# baselines on the same content; then the weights and thresholds fitted by
# cross-validation (tests/eval/cv.py) over every set but the newest blind
# one, with held-out figures; the newest blind set is never fitted on.
export DEV_SET ?= $(SHARED)/eval/dev-questions.tsv
REAL_SET ?= $(SHARED)/eval/real-questions.tsv
EVAL_SETS := $(wildcard $(DEV_SET) $(REAL_SET)) tests/eval/questions.tsv \
	tests/eval/blind.tsv tests/eval/blind2.tsv tests/eval/blind3.tsv
BLIND_SET := tests/eval/blind4.tsv
EVAL_DIR := $(BUILD)/eval
eval: all
	$(BIN)/sitegen build --no-index --out $(EVAL_DIR)/public >/dev/null
	$(BIN)/askbot index --site $(EVAL_DIR)/public --db $(EVAL_DIR)/eval.db
	@rm -f $(EVAL_DIR)/*.jsonl
	@for set in $(EVAL_SETS) $(BLIND_SET); do \
		echo "== $$set"; \
		$(BIN)/askbot eval --db $(EVAL_DIR)/eval.db --baseline unicode61 --quiet $$set; \
		$(BIN)/askbot eval --db $(EVAL_DIR)/eval.db --baseline trigram --quiet $$set; \
		$(BIN)/askbot eval --db $(EVAL_DIR)/eval.db --quiet \
			--features $(EVAL_DIR)/$$(basename $$set .tsv).jsonl $$set; \
	done
	python3 tests/eval/cv.py --repeats 5 $(foreach s,$(EVAL_SETS),$(EVAL_DIR)/$(basename $(notdir $(s))).jsonl) \
		$(foreach s,$(BLIND_SET),--holdout $(EVAL_DIR)/$(basename $(notdir $(s))).jsonl)
	$(BIN)/askbot eval --db $(EVAL_DIR)/eval.db --unreached $(EVAL_SETS)

# sitegen against Hugo and the cmark-gfm floor; see tests/bench/site-bench.sh
bench: deps deps-bench
	$(MAKE) all
	BIN=$(BIN) tests/bench/site-bench.sh
	BIN=$(BIN) tests/bench/rebuild-bench.sh

# askbot serve against nginx with wrk; see tests/bench/bot-bench.sh
bench-bot: deps deps-bench
	$(MAKE) all
	BIN=$(BIN) tests/bench/bot-bench.sh

BENCH_QUERY := $(BUILD)/bench/query-bench
$(BENCH_QUERY): tests/bench/query-bench.c $(LIB_BOT) $(LIB_GEN) $(LIB_COMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_BOT) -o $@ $^ $(LDLIBS)

# Query latency in process (median, p99) on the demo index and on a
# synthetic 10,000-entry one made of recombined FAQ sentences.
bench-query: all $(BENCH_QUERY)
	$(BIN)/sitegen build --no-index --out $(BUILD)/bench-query/public >/dev/null
	$(BIN)/askbot index --site $(BUILD)/bench-query/public --db $(BUILD)/bench-query/demo.db
	python3 tests/bench/query-gen.py $(BUILD)/bench-query/public/search.json 10000 $(BUILD)/bench-query/10k
	$(BIN)/askbot index --no-check --site $(BUILD)/bench-query/10k --db $(BUILD)/bench-query/10k.db
	$(BENCH_QUERY) $(BUILD)/bench-query/demo.db 2000 $(EVAL_SETS)
	$(BENCH_QUERY) $(BUILD)/bench-query/10k.db 2000 $(EVAL_SETS)

# askbot serve for SOAK_SECONDS (default 600) under mixed load, slow clients
# and a reload every 30 s; see tests/bench/soak.sh
soak: deps deps-bench
	$(MAKE) all
	BIN=$(BIN) SOAK_SECONDS=$(or $(SOAK_SECONDS),600) tests/bench/soak.sh

# only our programs from BIN: it may be a folder shared with others
clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) public var .public.* public.* tests/bench/out
	rm -f $(PROGS)

# ---- packages: installed only when pkg-config or the tool says they are missing
# Each entry is CHECK=PACKAGE; CHECK is pc:MODULE, cmd:COMMAND, file:PATH or
# fuzzer:CC (CC links a libFuzzer target: the runtime is where it looks).

DEPS_BUILD := cmd:pkg-config=pkg-config cmd:cc=gcc cmd:msgfmt=gettext \
	pc:libcmark-gfm=libcmark-gfm-dev \
	file:/usr/include/cmark-gfm-core-extensions.h=libcmark-gfm-extensions-dev \
	pc:jansson=libjansson-dev pc:yaml-0.1=libyaml-dev pc:sqlite3=libsqlite3-dev \
	pc:libmicrohttpd=libmicrohttpd-dev pc:libqrencode=libqrencode-dev \
	pc:opencc=libopencc-dev pc:icu-uc=libicu-dev \
	pc:poppler-glib=libpoppler-glib-dev pc:cairo=libcairo2-dev \
	pc:fontconfig=libfontconfig-dev \
	file:/usr/share/opencc/t2s.json=opencc
DEPS_RUN := cmd:weasyprint=weasyprint \
	file:/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc=fonts-noto-cjk
DEPS_TEST := cmd:curl=curl cmd:sqlite3=sqlite3 cmd:python3=python3 \
	cmd:pdfinfo=poppler-utils cmd:zbarimg=zbar-tools cmd:valgrind=valgrind \
	cmd:clang=clang fuzzer:clang=libclang-rt-dev \
	cmd:chromium=chromium cmd:node=nodejs cmd:npm=npm cmd:wrk=wrk
DEPS_BENCH := cmd:hugo=hugo cmd:nginx=nginx cmd:wrk=wrk cmd:/usr/bin/time=time cmd:python3=python3

define install_missing
	@missing=""; for d in $(1); do \
		check=$${d%%=*}; pkg=$${d#*=}; what=$${check#*:}; \
		case $${check%%:*} in \
		pc) pkg-config --exists $$what 2>/dev/null ;; \
		cmd) command -v $$what >/dev/null 2>&1 ;; \
		file) test -e $$what ;; \
		fuzzer) t=$$(mktemp) && printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
			$$what -fsanitize=fuzzer -x c - -o $$t 2>/dev/null; r=$$?; rm -f $$t; test $$r = 0 ;; \
		esac || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" != 0 ]; then echo "not root: run apt-get install$$missing" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi
endef

deps: deps-build
deps-build:
	$(call install_missing,$(DEPS_BUILD))
deps-run:
	$(call install_missing,$(DEPS_RUN))
deps-test:
	$(call install_missing,$(DEPS_TEST))
	@if [ ! -d tests/browser/node_modules/playwright-core ]; then \
		(cd tests/browser && npm ci --no-audit --no-fund --silent); fi
deps-bench:
	$(call install_missing,$(DEPS_BENCH))
