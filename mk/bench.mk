# Benchmarks (issue 6): `make bench` writes bench/results.md and
# bench/scaling.png. Never part of `make test`; nothing here asserts a
# timing. bench/setup.sh installs what only the benchmarks need (valgrind,
# gnuplot-nox); BENCH_RUNS=N and BENCH_QEMU=0 are passed to bench/run.sh.

BENCH_BIN := $(BUILD)/bench/npt_bench
# The host core library is -O2 without sanitizers; so is the benchmark.
BENCH_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -Iinclude -Iarch/host -pthread

$(BENCH_BIN): bench/npt_bench.c $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(BENCH_CFLAGS) $< $(HOST_LIB) -o $@

bench:
	@scripts/setup.sh
	@bench/setup.sh
	@$(MAKE) --no-print-directory $(BENCH_BIN)
	@bench/run.sh
