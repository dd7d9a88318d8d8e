# Host tests: CMocka unit tests (tests/unit/test_*.c, one binary each), the
# randomized refinement test against the executable model (tests/refine),
# and the hypcore-sim protocol test (tests/sim). Every C test is built and
# run twice: plain, and under ASan + UBSan against the sanitized core.
#
#   make test-host   everything above (part of `make test`)
#   make test-long   the refinement test's long mode (REFINE_LONG=5: 4.2M operations)

CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# Support code linked into every test binary and into hypcore-sim.
MODEL_SRCS := $(wildcard tests/model/*.c)
UNIT_SUPPORT_SRCS := $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c))
REFINE_SRCS := $(filter-out tests/refine/test_%.c,$(wildcard tests/refine/*.c))
TEST_SUPPORT_SRCS := $(MODEL_SRCS) $(UNIT_SUPPORT_SRCS) $(REFINE_SRCS)

TEST_MAINS := $(wildcard tests/unit/test_*.c tests/refine/test_*.c)
TEST_NAMES := $(basename $(notdir $(TEST_MAINS)))
HOST_TESTS := $(TEST_NAMES:%=$(BUILD)/host/tests/%)
SAN_TESTS := $(TEST_NAMES:%=$(BUILD)/host-san/tests/%)

vpath test_%.c tests/unit tests/refine

$(BUILD)/host/tests/%: $(HOST_OBJ)/tests/unit/%.o $(TEST_SUPPORT_SRCS:%.c=$(HOST_OBJ)/%.o) $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(call quiet,LD)$(HOST_CC) $(HOST_CFLAGS) $^ $(CMOCKA_LIBS) -o $@

$(BUILD)/host-san/tests/%: $(SAN_OBJ)/tests/unit/%.o $(TEST_SUPPORT_SRCS:%.c=$(SAN_OBJ)/%.o) $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(call quiet,LD)$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS) $^ $(CMOCKA_LIBS) -o $@

$(BUILD)/host/tests/test_refine: $(HOST_OBJ)/tests/refine/test_refine.o $(TEST_SUPPORT_SRCS:%.c=$(HOST_OBJ)/%.o) $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(call quiet,LD)$(HOST_CC) $(HOST_CFLAGS) $^ $(CMOCKA_LIBS) -o $@

$(BUILD)/host-san/tests/test_refine: $(SAN_OBJ)/tests/refine/test_refine.o $(TEST_SUPPORT_SRCS:%.c=$(SAN_OBJ)/%.o) $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(call quiet,LD)$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS) $^ $(CMOCKA_LIBS) -o $@

# Keep the test mains' objects (make would delete them as intermediates).
.SECONDARY: $(TEST_MAINS:%.c=$(HOST_OBJ)/%.o) $(TEST_MAINS:%.c=$(SAN_OBJ)/%.o)

# hypcore-sim: the line protocol over the real core, with the model alongside.
SIM_SRCS := $(wildcard tools/hypcore-sim/*.c) $(MODEL_SRCS)
HYPCORE_SIM := $(BUILD)/host/hypcore-sim

$(HYPCORE_SIM): $(SIM_SRCS:%.c=$(HOST_OBJ)/%.o) $(HOST_LIB)
	$(call quiet,LD)$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

host: $(HYPCORE_SIM)

.PHONY: test-host test-long
test-host: host $(HOST_TESTS) $(SAN_TESTS)
	@tests/run-host-tests.sh $(HOST_TESTS) $(SAN_TESTS) -- $(HYPCORE_SIM) $(BUILD)/host/tests/test_refine

test-long: $(BUILD)/host/tests/test_refine
	REFINE_LONG=5 $(BUILD)/host/tests/test_refine
