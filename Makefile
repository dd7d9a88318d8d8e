# hypcore: top-level build. `make help` lists the targets.
#
# Each part of the tree brings its own fragment:
#   mk/host.mk      the core + arch/host as a host library, and hypcore-sim
#   tests/tests.mk  CMocka unit, model and refinement tests (plain and ASan+UBSan)
#   mk/el2.mk       the EL2 image (cross-built) and the QEMU targets

.DEFAULT_GOAL := all
SHELL := /bin/bash
BUILD := build

WARN := -Wall -Wextra -Werror

# Compile and link lines print as "  CC  target"; `make V=1` prints them whole.
ifeq ($(V),1)
quiet =
else
quiet = @printf '  %-7s %s\n' $(1) $@;
endif
export LC_ALL := C

.PHONY: all setup test run bench fuzz format check clean help

all: host el2

setup:
	@scripts/setup.sh

include mk/host.mk
include tests/tests.mk
include mk/el2.mk
include mk/qemu.mk
include mk/hostside.mk
include mk/e2e.mk
include mk/dma.mk
include mk/bench.mk
include mk/fuzz.mk
include mk/proof.mk

# `make test` and `make run` install what is missing first, then recurse so
# that every tool the rules need is present when they are evaluated.
test: setup
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory test-host
	@$(MAKE) --no-print-directory test-el2

format:
	clang-format -i $$(git ls-files '*.c' '*.h' | grep -v '^host/')

# Static analysis and layout: cppcheck over the C that is ours, and
# clang-format's verdict on every C file but the kernel module (kernel style);
# then the proof of what mk/proof.mk lists (Frama-C/WP).
check:
	@cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Iinclude --suppress=missingIncludeSystem \
		core arch/host arch/arm64 tools
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h' | grep -v '^host/')
	@echo "check: cppcheck and clang-format clean"
	@$(MAKE) --no-print-directory proof

clean:
	rm -rf $(BUILD)

help:
	@echo "make run     install what is missing, build, boot QEMU with hypcore and a Linux host"
	@echo "make test    install what is missing, run every test"
	@echo "make bench   benchmarks (writes bench/results.md)"
	@echo "make check   static analysis and make proof; make format: clang-format the tree"
	@echo "make proof   Frama-C/WP proof of core/lock and core/npt (core/npt/README.md)"
