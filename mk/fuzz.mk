# The hypercall fuzzer (tests/fuzz): libFuzzer over the host build of the
# core, with ASan + UBSan, built by clang (Debian's clang + libclang-rt dev
# package, installed by scripts/setup.sh with clang).
#
#   make fuzz        a long run (FUZZ_SECONDS, default 600), corpus kept in build/
#   make test-fuzz   a short bounded run from the seed corpus (part of test-host)

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 20
FUZZ_BASE := -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -Iinclude -MMD -MP -pthread \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_FLAGS := $(FUZZ_BASE) -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJ := $(BUILD)/fuzz/obj
FUZZ_BIN := $(BUILD)/fuzz/fuzz_hvc
FUZZ_SRCS := $(HOST_LIB_SRCS) tests/unit/owner_world.c tests/unit/owner_check.c \
	tests/fuzz/core_state.c tests/fuzz/fuzz_hvc.c
FUZZ_SEEDS := tests/fuzz/corpus
# Freeing the simulated memory at every input costs a stack trace per free:
# keep none (reports still show where a bad access happened).
export ASAN_OPTIONS := malloc_context_size=0
FUZZ_OPTS := -max_len=2048 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(FUZZ_CC) $(FUZZ_FLAGS) -c $< -o $@

# The core's objects: instrumented as above, then their .data and .bss
# renamed so that the fuzzer can save and restore the core's static state
# as two ranges (tests/fuzz/core_state.h); the script fails the build if
# anything else in them is writable.
$(FUZZ_OBJ)/core/%.o: core/%.c tests/fuzz/core_sections.sh
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(FUZZ_CC) $(FUZZ_FLAGS) -MF $(@:.o=.d) -MT $@ -c $< -o $@.tmp
	@tests/fuzz/core_sections.sh $@.tmp $@ && rm -f $@.tmp

# The simulated platform is not under test: no coverage feedback from its
# loops (resetting memory would otherwise drown the signal).
$(FUZZ_OBJ)/arch/host/%.o: arch/host/%.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(FUZZ_CC) $(FUZZ_BASE) -fsanitize=address,undefined -c $< -o $@

# Nor are the world, its checkers and the core-state copies: they run after every call and scan
# every table and record, and with comparison tracing they were three
# quarters of the fuzzer's time. Coverage comes from the core alone. They
# are -O2 and without ASan here (UBSan stays): they only read simulated
# memory, and the unit tests run the same checkers under ASan
# (test-host-san). The core keeps ASan: it is what the fuzzer tests.
$(FUZZ_OBJ)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(FUZZ_CC) $(FUZZ_BASE) -O2 -fsanitize=undefined -c $< -o $@

# (-O2: the copies run once per input and vectorise there.)
$(FUZZ_OBJ)/tests/fuzz/core_state.o: tests/fuzz/core_state.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(FUZZ_CC) $(FUZZ_BASE) -O2 -fsanitize=address,undefined -c $< -o $@

# libFuzzer's runtime is in Debian's libclang-rt-N-dev (N: clang's major
# version); scripts/setup.sh installs clang, this adds the runtime if missing.
FUZZ_RT_PKG = libclang-rt-$(shell $(FUZZ_CC) -dumpversion | cut -d. -f1)-dev
.PHONY: fuzz-deps
fuzz-deps:
	@scripts/setup.sh $(FUZZ_RT_PKG)

$(FUZZ_BIN): $(FUZZ_SRCS:%.c=$(FUZZ_OBJ)/%.o) | fuzz-deps
	$(call quiet,LD)$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $^ -pthread -o $@

-include $(shell find $(BUILD)/fuzz -name '*.d' 2>/dev/null)

.PHONY: fuzz test-fuzz
# Long run: new inputs go to build/fuzz/corpus (the seeds stay as they are).
fuzz: $(FUZZ_BIN)
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/crashes
	$(FUZZ_BIN) $(FUZZ_OPTS) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(BUILD)/fuzz/crashes/ $(BUILD)/fuzz/corpus $(FUZZ_SEEDS)

# Bounded run for `make test`: fixed seconds, fixed seed, a throw-away corpus.
test-fuzz: $(FUZZ_BIN)
	@rm -rf $(BUILD)/fuzz/test-corpus && mkdir -p $(BUILD)/fuzz/test-corpus $(BUILD)/fuzz/crashes
	$(FUZZ_BIN) $(FUZZ_OPTS) -seed=1 -max_total_time=$(FUZZ_TEST_SECONDS) \
		-artifact_prefix=$(BUILD)/fuzz/crashes/ $(BUILD)/fuzz/test-corpus $(FUZZ_SEEDS)

test-host: test-fuzz
