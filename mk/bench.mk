# Benchmarks (issue 6): `make bench` writes bench/results.md and
# bench/scaling.png. Never part of `make test`; nothing here asserts a
# timing. `make bench-hvc` runs only the instructions-per-hypercall part
# in QEMU (below); `make bench-check` runs checkpatch on its module.
# scripts/setup.sh also installs what only the benchmarks need (valgrind,
# gnuplot-nox); BENCH_RUNS=N and BENCH_QEMU=0 are passed to bench/run.sh.

BENCH_BIN := $(BUILD)/bench/npt_bench
# The host core library is -O2 without sanitizers; so is the benchmark.
BENCH_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -Iinclude -Iarch/host -pthread

$(BENCH_BIN): bench/npt_bench.c $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(call quiet,LD)$(HOST_CC) $(BENCH_CFLAGS) $< $(HOST_LIB) -o $@

bench:
	@scripts/setup.sh valgrind gnuplot-nox
	@$(MAKE) --no-print-directory $(BENCH_BIN) $(BENCH_FLAT_BIN)
	@bench/run.sh

# Instructions per hypercall in QEMU (issue 6, item 4): host/bench's
# hypcore_bench.ko, built like host/shim, in an initramfs of its own
# (build/bench/initramfs.cpio.gz) whose only hook is the bench mode's.
# bench/run.sh boots it with -icount; `make bench-hvc` does just that part.
BENCH_KO := $(BUILD)/bench/hypcore_bench.ko
BENCH_INITRAMFS := $(BUILD)/bench/initramfs.cpio.gz
BENCH_KBUILD = $(MAKE) --no-print-directory -C $(HOSTSIDE_KDIR) M=$(abspath host/bench) \
	ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
BENCH_INITRAMFS_EXTRA := $(BENCH_KO):/lib/modules/hypcore_bench.ko \
	bench/qemu/50-hvc-insns.sh:/etc/hypcore/bench/50-hvc-insns.sh

.PHONY: bench-module bench-initramfs bench-hvc bench-clean

bench-module:
	@scripts/fetch-linux.sh >/dev/null
	+@$(BENCH_KBUILD) W=1 modules

$(BENCH_KO): bench-module
	@mkdir -p $(@D)
	@aarch64-linux-gnu-strip --strip-debug -o $@.tmp host/bench/hypcore_bench.ko
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

bench-initramfs: $(LINUX_STAMP) $(BENCH_KO)
	@scripts/mkinitramfs.sh $(BENCH_INITRAMFS) $(BENCH_INITRAMFS_EXTRA)

bench-hvc: el2 bench-initramfs
	@bench/hvc.sh $(BUILD)/bench/hvc.tsv && column -t -s "$$(printf "\t")" $(BUILD)/bench/hvc.tsv

bench-clean:
	rm -rf $(BUILD)/bench
	[ ! -d $(HOSTSIDE_KDIR) ] || $(BENCH_KBUILD) clean

# The kernel's style check (mk/hostside.mk) over the bench module.
.PHONY: bench-check
bench-check: $(CHECKPATCH)
	perl $(CHECKPATCH) --no-tree -f --terse host/bench/hypcore_bench.c && echo "checkpatch: clean"

# The flat accessor (bench/phys_flat.c): the same core and bench, with
# physical memory as one plain array, one load or store per table word as
# at EL2. bench/run.sh counts instructions with it (callgrind) next to the
# simulated accessor's.
BENCH_FLAT_BIN := $(BUILD)/bench/npt_bench_flat
BENCH_FLAT_OBJS := $(filter-out $(HOST_OBJ)/arch/host/phys_sim.o,$(HOST_LIB_SRCS:%.c=$(HOST_OBJ)/%.o)) \
	$(HOST_OBJ)/bench/phys_flat.o

$(HOST_OBJ)/bench/phys_flat.o: bench/phys_flat.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(HOST_CC) $(HOST_CFLAGS) -Iarch/host -c $< -o $@

$(BENCH_FLAT_BIN): bench/npt_bench.c $(BENCH_FLAT_OBJS)
	@mkdir -p $(dir $@)
	$(call quiet,LD)$(HOST_CC) $(BENCH_CFLAGS) $< $(BENCH_FLAT_OBJS) -o $@
