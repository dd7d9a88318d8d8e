# hypcore: top-level build. `make help` lists the targets.
#
# Each part of the tree brings its own fragment:
#   mk/host.mk      the core + arch/host as a host library, and hypcore-sim
#   tests/tests.mk  CMocka unit, model and refinement tests (plain and ASan+UBSan)
#   mk/el2.mk       the EL2 image (cross-built) and the QEMU targets
#   mk/guests.mk    the test guests that hypctl run loads into VMs

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

all: host el2 guests

setup:
	@scripts/setup.sh

include mk/host.mk
include tests/tests.mk
include mk/el2.mk
include mk/guests.mk
include mk/qemu.mk
include mk/hostside.mk
include mk/e2e.mk
include mk/dma.mk
include mk/vm.mk
include mk/bench.mk
include mk/fuzz.mk
include mk/faults.mk
include mk/debug.mk
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
	@echo "Run"
	@echo "  make run            install what is missing, build, boot QEMU with hypcore and a Linux host"
	@echo "  make run DIRECT=1   the same Linux booted without hypcore, for comparison"
	@echo "  make debug          the machine of make run held for gdb (-s -S), gdb-multiarch on the image"
	@echo "                      (DEBUG_GDB_ARGS: more gdb arguments)"
	@echo "  make boottime       boot time with and without hypcore"
	@echo "Test"
	@echo "  make test           install what is missing, then check, test-host, test-el2"
	@echo "  make check          cppcheck, clang-format's verdict, and make proof"
	@echo "  make proof          Frama-C/WP proof of core/lock and core/npt (mk/proof.mk lists the files; core/npt/README.md)"
	@echo "  make proof-mutants  planted bugs, each of which must make a proof goal fail (not part of make test)"
	@echo "  make test-host      CMocka unit, model, refinement tests (plain and ASan+UBSan), hypcore-sim, test-fuzz"
	@echo "  make test-long      the refinement test, 20x longer"
	@echo "  make test-fuzz      a short bounded fuzz run from the seeds (part of test-host)"
	@echo "  make fuzz           a long fuzz run (FUZZ_SECONDS, default 600)"
	@echo "  make test-el2       the QEMU suites: boot, shim, DMA, fail-stop (tests/e2e)"
	@echo "  make guests-smoke   the test guests on QEMU under a small EL2 stub (no hypcore, no hypctl)"
	@echo "  make hostside-check the kernel's checkpatch on the shim; dma-check, bench-check: on the other modules"
	@echo "Benchmarks"
	@echo "  make bench          benchmarks (writes bench/results.md, bench/scaling.png)"
	@echo "  make bench-hvc      only the instructions-per-hypercall part, in QEMU"
	@echo "Build"
	@echo "  make / make all     host build, the EL2 image and the test guests"
	@echo "  make el2            build/el2/hypcore.bin, the EL2 image"
	@echo "  make guests         build/guests/<name>.bin, the test guests (tests/guests/README.md)"
	@echo "  make el2-test       build/el2-test/hypcore.bin, the test build that faults on request"
	@echo "  make host           the core over arch/host, and hypcore-sim"
	@echo "  make hostside       hypcore.ko and hypctl for the Linux host"
	@echo "  make initramfs      the host's initramfs (build/initramfs.cpio.gz)"
	@echo "  make linux          fetch Debian's arm64 kernel into cache/"
	@echo "  make setup          install the Debian packages that are missing"
	@echo "  make format         clang-format the tree"
	@echo "  make clean          remove build/ (hostside-clean, dma-clean, bench-clean: the modules' kbuild output)"
