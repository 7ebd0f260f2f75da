# SPDX-License-Identifier: Apache-2.0
# hostaudit - GNU make.  `make`, `make check`, `make install`.
# DEVELOPER=1 (set by .ci/run) turns warnings into errors.  CPPFLAGS,
# CFLAGS and LDFLAGS from the environment or the command line reach every
# compile and link (a distribution's hardening flags).

# The version, here and nowhere else (debian/changelog must agree:
# tests/package.sh and debian/rules check it).
VERSION    = 0.1.0

# Where `make install` puts things.  DATADIR is hostaudit's own directory.
# SYSCONFDIR is /etc whatever the PREFIX: hostaudit looks for site profiles
# in /etc/hostaudit/profiles.  The man pages and the shell completions
# name these directories: they are written from their sources at build
# time with @DATADIR@, @SYSCONFDIR@ and @SBINDIR@ replaced.
PREFIX    ?= /usr/local
SBINDIR   ?= $(PREFIX)/sbin
DATADIR   ?= $(PREFIX)/share/hostaudit
SYSCONFDIR ?= /etc
MANPREFIX ?= $(PREFIX)/share/man
LIBDIR    ?= $(PREFIX)/lib
SYSTEMDUNITDIR ?= $(LIBDIR)/systemd/system
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
# libjq runs the profiles' custom checks.  jq 1.7 and later install
# libjq.pc; Debian 12's jq 1.6 does not, and its shared libjq brings its
# own oniguruma (a DT_NEEDED of libjq.so.1), so -ljq alone links it.
JQ_PC      = $(shell $(PKG_CONFIG) --exists libjq 2>/dev/null && echo libjq)
PKGS       = jansson libcurl libcap libcrypto $(JQ_PC)

WARNINGS   = -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow \
	     -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla \
	     -Wno-missing-field-initializers
ifeq ($(DEVELOPER),1)
WARNINGS  += -Werror
endif

CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude \
	     -DHA_VERSION='"$(VERSION)"' -DHA_DATADIR='"$(DATADIR)"' -DHA_SYSCONFDIR='"$(SYSCONFDIR)"' \
	     $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CPPFLAGS) \
	     $(WARNINGS) $(CFLAGS) -MMD -MP
LIBS       = $(shell $(PKG_CONFIG) --libs $(PKGS)) $(if $(JQ_PC),,-ljq) \
	     -lpthread
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)

B          = build
LIB_SRC    = $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard checks/*.c)
LIB_OBJ    = $(patsubst %.c,$(B)/%.o,$(LIB_SRC))
MAIN_OBJ   = $(B)/src/main.o
TEST_SRC   = $(wildcard tests/unit/test_*.c)
TEST_BIN   = $(patsubst tests/unit/%.c,$(B)/tests/%,$(TEST_SRC))
TEST_HELPER_OBJ = $(patsubst %.c,$(B)/%.o,$(wildcard tests/unit/helper_*.c))
MAN_SRC    = $(wildcard man/*.[1-9])
MAN_OUT    = $(patsubst %,$(B)/%,$(MAN_SRC))
COMPLETION_OUT = $(B)/completion/hostaudit $(B)/completion/_hostaudit

.PHONY: all check unit integration install uninstall clean asan valgrind \
	lint man-lint test-bin regen formats fuzz fuzz-bin man completion \
	dist distcheck

all: hostaudit man $(COMPLETION_OUT)

# Keep test objects between runs (they are intermediate to make).
.SECONDARY:

hostaudit: $(MAIN_OBJ) $(B)/libhostaudit.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The same binary inside the build dir, for a build beside the default
# one (`make B=build-x build-x/hostaudit`).
$(B)/hostaudit: $(MAIN_OBJ) $(B)/libhostaudit.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/libhostaudit.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcsP $@ $^

# Objects and pages that embed a directory or VERSION are rebuilt when one
# changes (e.g. `make install PREFIX=/usr` after a plain `make`).
BUILD_CONFIG = $(DATADIR) $(SYSCONFDIR) $(SBINDIR) $(VERSION)
$(B)/build-config: FORCE
	@mkdir -p $(B)
	@echo '$(BUILD_CONFIG)' | cmp -s - $@ || \
		echo '$(BUILD_CONFIG)' >$@
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
	tests/integration/cis.sh
	tests/integration/tls.sh
	tests/integration/custom.sh
	tests/integration/cli.sh
	tests/integration/rootless.sh
	tests/integration/podman.sh
	tests/integration/engines.sh
	tests/integration/hostroot.sh
	tests/integration/fleet.sh
	tests/integration/faults.sh
	tests/integration/safety.sh

check: lint unit asan formats integration man-lint completion

# Every report format read back by its consumer, and the golden reports
# compared; `make regen` rewrites tests/golden/report* (review the diff).
formats: hostaudit
	tests/formats/run.sh
	tests/html.sh

regen: hostaudit
	REGEN=1 tests/formats/run.sh

# The man pages and shell completions as installed: their sources with
# the directories of this build put in for @DATADIR@, @SYSCONFDIR@ and
# @SBINDIR@ (and @VERSION@).  A placeholder left over is an error.
SUBST = sed -e 's|@DATADIR@|$(DATADIR)|g' \
	-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g' \
	-e 's|@VERSION@|$(VERSION)|g'
define write_subst
	@mkdir -p $(dir $@)
	$(SUBST) $< >$@.tmp
	@if grep -n '@[A-Z_]*@' $@.tmp; then \
		echo "$<: unknown @PLACEHOLDER@ left" >&2; rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@
endef

$(B)/man/%: man/% $(B)/build-config
	$(write_subst)
$(B)/completion/hostaudit: contrib/completion/hostaudit.bash $(B)/build-config
	$(write_subst)
$(B)/completion/_hostaudit: contrib/completion/_hostaudit $(B)/build-config
	$(write_subst)

man: $(MAN_OUT)

# The man pages' sources name directories by placeholder only, so the
# installed pages name the real ones.
man-lint: hostaudit $(MAN_OUT)
	@if grep -n -E '/usr/local/share/hostaudit|/usr/share/hostaudit|/etc/hostaudit' \
		$(MAN_SRC); then echo "man pages: write @DATADIR@ or" \
		"@SYSCONFDIR@/hostaudit for these directories" >&2; exit 1; fi
	@if command -v mandoc >/dev/null; then \
		mandoc -Tlint -W warning $(MAN_OUT) && echo "man pages: clean" && \
		tools/check-usage ./hostaudit $(B)/man/hostaudit.8; \
	else echo "mandoc not installed: man pages not linted"; fi

# The bash and zsh completions, driven as the shells would drive them.
completion: hostaudit $(COMPLETION_OUT)
	tests/completion.sh $(B)/completion

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
		execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' \
			build-fuzz/$$f.log | tail -n 1); \
		cov=$$(grep -E '^#[0-9]+.*cov:' build-fuzz/$$f.log | tail -n 1 | \
			sed -n 's/.*cov: *\([0-9]*\).*/\1/p'); \
		echo "fuzz $$f: $${execs:-0} execs in $(FUZZ_SECONDS) s," \
			"coverage $${cov:-0} edges"; \
	done; exit $$failed

valgrind: $(TEST_BIN)
	$(MAKE) unit TEST_WRAP='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite'

lint:
	tools/stylecheck src/*.c checks/*.c include/*.h tests/unit/*.c
	tools/check-layers
	@if command -v cppcheck >/dev/null; then \
		cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Iinclude --suppress=missingIncludeSystem \
		src checks && echo "cppcheck: clean"; \
	else echo "cppcheck not installed: skipped"; fi

# Everything a packaged hostaudit is.  Site profiles in
# SYSCONFDIR/hostaudit/profiles are the site's: created empty, never
# removed by uninstall unless empty.  The systemd units are installed, not
# enabled.
PROFILES = $(wildcard profiles/*.json)
UNITS    = $(wildcard contrib/systemd/*.service contrib/systemd/*.timer \
	   contrib/systemd/*.socket contrib/systemd/*.path)

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR)/profiles \
		$(DESTDIR)$(SYSCONFDIR)/hostaudit/profiles \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 hostaudit $(DESTDIR)$(SBINDIR)/hostaudit
	install -m 0644 $(PROFILES) $(DESTDIR)$(DATADIR)/profiles/
	for m in $(MAN_OUT); do \
		d=$(DESTDIR)$(MANPREFIX)/man$${m##*.}; \
		install -d $$d && install -m 0644 $$m $$d/ || exit 1; \
	done
	install -m 0644 $(B)/completion/hostaudit $(DESTDIR)$(BASHCOMPDIR)/hostaudit
	install -m 0644 $(B)/completion/_hostaudit $(DESTDIR)$(ZSHCOMPDIR)/_hostaudit
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 0644 $(UNITS) $(DESTDIR)$(SYSTEMDUNITDIR)/

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/hostaudit \
		$(patsubst profiles/%,$(DESTDIR)$(DATADIR)/profiles/%,$(PROFILES)) \
		$(DESTDIR)$(BASHCOMPDIR)/hostaudit $(DESTDIR)$(ZSHCOMPDIR)/_hostaudit \
		$(patsubst contrib/systemd/%,$(DESTDIR)$(SYSTEMDUNITDIR)/%,$(UNITS))
	for m in $(MAN_SRC); do \
		rm -f $(DESTDIR)$(MANPREFIX)/man$${m##*.}/$${m##*/} || exit 1; \
	done
	@for d in $(DESTDIR)$(DATADIR)/profiles $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(SYSCONFDIR)/hostaudit/profiles \
	    $(DESTDIR)$(SYSCONFDIR)/hostaudit; do \
		[ ! -d $$d ] || rmdir $$d 2>/dev/null || \
		echo "uninstall: kept $$d (not empty)"; \
	done

# hostaudit-VERSION.tar.gz in $(B): every file git tracks or would track
# (not ignored; so a change not yet committed is in it too), under
# hostaudit-VERSION/.  `make distcheck` unpacks it in a temp dir, builds
# it, runs the unit tests there, and installs and uninstalls it.
DIST = hostaudit-$(VERSION)
dist:
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || \
		{ echo "make dist: needs a git checkout" >&2; exit 1; }
	@mkdir -p $(B)
	{ git ls-files --cached --others --exclude-standard; \
		git ls-files --deleted; } | sort | uniq -u >$(B)/dist-files
	tar -czf $(B)/$(DIST).tar.gz --sort=name --owner=0 --group=0 \
		--numeric-owner --mode=go-w \
		--mtime=@$$(git log -1 --format=%ct 2>/dev/null || echo 0) \
		--transform 's|^|$(DIST)/|S' --verbatim-files-from \
		-T $(B)/dist-files
	@rm -f $(B)/dist-files
	@echo "$(B)/$(DIST).tar.gz"

distcheck: dist
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -C $$tmp -xzf $(B)/$(DIST).tar.gz; \
	$(MAKE) -C $$tmp/$(DIST) B=build; \
	$(MAKE) -C $$tmp/$(DIST) B=build unit; \
	$(MAKE) -C $$tmp/$(DIST) B=build DESTDIR=$$tmp/root install; \
	$(MAKE) -C $$tmp/$(DIST) B=build DESTDIR=$$tmp/root uninstall; \
	left=$$(find $$tmp/root ! -type d); \
	if [ -n "$$left" ]; then \
		echo "distcheck: uninstall left: $$left" >&2; exit 1; fi; \
	echo "$(DIST).tar.gz: builds, passes the unit tests, installs and uninstalls"

clean:
	rm -rf $(B) build-asan build-fuzz hostaudit

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# The container image (Dockerfile) built without a base image or a
# registry: hostaudit built for PREFIX=/usr in $(B)/image, a root file
# system of it, its profiles and the libraries it links (tools/mkrootfs),
# imported with the Dockerfile's labels and entry point.  DOCKER_HOST
# chooses the daemon, IMAGE the name.
IMAGE        ?= hostaudit:$(VERSION)
IMAGE_SOURCE ?= https://hostaudit.invalid/hostaudit
DOCKER       ?= docker
IMAGE_B       = $(B)/image
IMAGE_CHANGES = \
	--change 'LABEL org.opencontainers.image.title="hostaudit"' \
	--change 'LABEL org.opencontainers.image.description="Docker host auditor (CIS Docker Benchmark)"' \
	--change 'LABEL org.opencontainers.image.version="$(VERSION)"' \
	--change 'LABEL org.opencontainers.image.source="$(IMAGE_SOURCE)"' \
	--change 'LABEL org.opencontainers.image.licenses="Apache-2.0"' \
	--change 'USER 0:0' \
	--change 'ENTRYPOINT ["/usr/sbin/hostaudit", "--root", "/host"]'

.PHONY: image
image:
	$(MAKE) B=$(IMAGE_B) PREFIX=/usr $(IMAGE_B)/libhostaudit.a \
		$(IMAGE_B)/src/main.o
	$(CC) $(LDFLAGS) -o $(IMAGE_B)/hostaudit $(IMAGE_B)/src/main.o \
		$(IMAGE_B)/libhostaudit.a $(LIBS)
	tools/mkrootfs $(IMAGE_B)/hostaudit profiles $(IMAGE_B)/rootfs
	tar -C $(IMAGE_B)/rootfs --sort=name --numeric-owner --owner=0 \
		--group=0 -c . | $(DOCKER) import $(IMAGE_CHANGES) - $(IMAGE)
