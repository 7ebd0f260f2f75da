# hostaudit - GNU make.  `make`, `make check`, `make install`.
# DEVELOPER=1 (set by .ci/run) turns warnings into errors.

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/sbin
DATADIR   ?= $(PREFIX)/share/hostaudit
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS       = jansson libcurl libcap libcrypto

WARNINGS   = -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow \
	     -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla \
	     -Wno-missing-field-initializers
ifeq ($(DEVELOPER),1)
WARNINGS  += -Werror
endif

CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -Iinclude \
	     -DHA_VERSION='"$(VERSION)"' -DHA_DATADIR='"$(DATADIR)"' \
	     $(shell $(PKG_CONFIG) --cflags $(PKGS)) -MMD -MP
LIBS       = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)

B          = build
LIB_SRC    = $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard checks/*.c)
LIB_OBJ    = $(patsubst %.c,$(B)/%.o,$(LIB_SRC))
MAIN_OBJ   = $(B)/src/main.o
TEST_SRC   = $(wildcard tests/unit/test_*.c)
TEST_BIN   = $(patsubst tests/unit/%.c,$(B)/tests/%,$(TEST_SRC))
TEST_HELPER_OBJ = $(patsubst %.c,$(B)/%.o,$(wildcard tests/unit/helper_*.c))

.PHONY: all check unit integration install uninstall clean asan valgrind \
	lint man-lint test-bin regen formats fuzz fuzz-bin

all: hostaudit

# Keep test objects between runs (they are intermediate to make).
.SECONDARY:

hostaudit: $(MAIN_OBJ) $(B)/libhostaudit.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/libhostaudit.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcsP $@ $^

# Objects that embed DATADIR or VERSION are rebuilt when either changes
# (e.g. `make install PREFIX=/usr` after a plain `make`).
$(B)/build-config: FORCE
	@mkdir -p $(B)
	@echo '$(DATADIR) $(VERSION)' | cmp -s - $@ || \
		echo '$(DATADIR) $(VERSION)' >$@
$(B)/src/profile.o $(B)/src/main.o $(B)/src/report.o $(B)/src/collect.o \
	$(B)/src/engine.o: \
	$(B)/build-config

.PHONY: FORCE
FORCE:

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: $(B)/tests/unit/%.o $(TEST_HELPER_OBJ) $(B)/libhostaudit.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS)

test-bin: $(TEST_BIN)

# Unit tests (cmocka).  T=name runs one test program, e.g. T=test_buf.
unit: $(TEST_BIN)
	@failed=0; for t in $(if $(T),$(B)/tests/$(T),$(TEST_BIN)); do \
		echo "== $$t"; $(TEST_WRAP) $$t || failed=1; done; exit $$failed

# Integration tests against a real dockerd the test starts itself.
integration: hostaudit
	tests/integration/run.sh
	tests/integration/sections.sh
	tests/integration/waiver.sh
	tests/integration/container.sh
	tests/integration/seen.sh

check: lint unit asan formats integration man-lint

# Every report format read back by its consumer, and the golden reports
# compared; `make regen` rewrites tests/golden/report* (review the diff).
formats: hostaudit
	tests/formats/run.sh

regen: hostaudit
	REGEN=1 tests/formats/run.sh

man-lint: hostaudit
	@if command -v mandoc >/dev/null; then \
		mandoc -Tlint -W warning man/*.[0-9] && echo "man pages: clean" && \
		tools/check-usage ./hostaudit man/hostaudit.8; \
	else echo "mandoc not installed: man pages not linted"; fi

# Sanitizer builds go to their own directory, beside the normal build.
asan:
	$(MAKE) B=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
		LDFLAGS='-fsanitize=address,undefined' unit

# libFuzzer harnesses (fuzz/*.c, see fuzz/README.md), run on demand and
# not part of `make check`: each runs FUZZ_SECONDS and a crash, leak or
# sanitizer report fails the target.  Needs clang and libclang-rt-dev.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN      = -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRC      = $(wildcard fuzz/*.c)
FUZZ_NAMES    = $(patsubst fuzz/%.c,%,$(FUZZ_SRC))

$(B)/fuzz/%: fuzz/%.c fuzz/fuzz.h $(B)/libhostaudit.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libhostaudit.a $(LIBS)

fuzz-bin: $(patsubst %,$(B)/fuzz/%,$(FUZZ_NAMES))

fuzz:
	$(MAKE) B=build-fuzz CC=$(FUZZ_CC) DEVELOPER=0 CFLAGS='-O1 -g $(FUZZ_SAN)' \
		LDFLAGS='$(FUZZ_SAN)' fuzz-bin
	@failed=0; for f in $(if $(F),$(F),$(FUZZ_NAMES)); do \
		echo "== fuzz $$f ($(FUZZ_SECONDS)s)"; \
		mkdir -p build-fuzz/corpus/$$f build-fuzz/crashes; \
		dict=; [ -f fuzz/$$f.dict ] && dict=-dict=fuzz/$$f.dict; \
		build-fuzz/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) \
			-max_len=65536 -timeout=20 -print_final_stats=1 $$dict \
			-artifact_prefix=build-fuzz/crashes/$$f- \
			build-fuzz/corpus/$$f fuzz/corpus/$$f \
			>build-fuzz/$$f.log 2>&1 || { failed=1; \
			tail -n 40 build-fuzz/$$f.log; }; \
		grep -E '^#[0-9]+.*(DONE|cov:)' build-fuzz/$$f.log | tail -n 1; \
	done; exit $$failed

valgrind: $(TEST_BIN)
	$(MAKE) unit TEST_WRAP='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite'

lint:
	tools/stylecheck src/*.c checks/*.c include/*.h tests/unit/*.c
	@if command -v cppcheck >/dev/null; then \
		cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Iinclude --suppress=missingIncludeSystem \
		src checks && echo "cppcheck: clean"; \
	else echo "cppcheck not installed: skipped"; fi

install: hostaudit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/profiles \
		$(DESTDIR)$(MANPREFIX)/man8 $(DESTDIR)$(MANPREFIX)/man5
	install -m 0755 hostaudit $(DESTDIR)$(BINDIR)/hostaudit
	install -m 0644 profiles/*.json $(DESTDIR)$(DATADIR)/profiles/
	install -m 0644 man/*.8 $(DESTDIR)$(MANPREFIX)/man8/
	-install -m 0644 man/*.5 $(DESTDIR)$(MANPREFIX)/man5/ 2>/dev/null

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hostaudit $(DESTDIR)$(MANPREFIX)/man8/hostaudit.8 \
		$(DESTDIR)$(MANPREFIX)/man5/hostaudit-profile.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B) build-asan build-fuzz hostaudit

-include $(shell find $(B) -name '*.d' 2>/dev/null)
