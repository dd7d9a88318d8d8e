# The fail-stop suite (issue 11, items 1 and 2; tests/e2e/fault_test.sh):
# a test build of the EL2 image that faults at boot when the kernel
# command line says hypcore.test_fault=WHAT (tests/e2e/faults/el2_faults.c),
# booted a few seconds each, only up to the fault.
#
#   make el2-test    build/el2-test/hypcore.bin: the same sources plus the
#                    fault file, -DHYPCORE_TEST_FAULTS. `make run` and the
#                    other suites never boot it.
#   make test-el2    runs the suite after the others

EL2_TEST_DIR := $(BUILD)/el2-test
EL2_TEST_OBJ := $(EL2_TEST_DIR)/obj
EL2_TEST_SRCS := $(EL2_SRCS) tests/e2e/faults/el2_faults.c
EL2_TEST_OBJS := $(patsubst %,$(EL2_TEST_OBJ)/%.o,$(EL2_TEST_SRCS))
EL2_TEST_ELF := $(EL2_TEST_DIR)/hypcore.elf
EL2_TEST_BIN := $(EL2_TEST_DIR)/hypcore.bin
EL2_TEST_CFLAGS := $(EL2_CFLAGS) -DHYPCORE_TEST_FAULTS -Iarch/arm64

$(EL2_TEST_OBJ)/%.c.o: %.c mk/el2.mk mk/faults.mk | $(LIBFDT_STAMP)
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(EL2_CC) $(EL2_TEST_CFLAGS) -c $< -o $@

$(EL2_TEST_OBJ)/%.S.o: %.S mk/el2.mk mk/faults.mk
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(EL2_CC) $(EL2_TEST_CFLAGS) -c $< -o $@

$(EL2_TEST_ELF): $(EL2_TEST_OBJS) $(LIBFDT_STAMP) linker/el2.ld mk/el2.mk mk/faults.mk
	$(call quiet,LD)$(EL2_CC) $(EL2_LDFLAGS_COMMON) -Wl,-Map,$(EL2_TEST_DIR)/hypcore.map \
		$(EL2_TEST_OBJS) $(LIBFDT)/lib/libfdt.a -o $@

$(EL2_TEST_BIN): $(EL2_TEST_ELF) arch/arm64/check-fp-free.sh
	@arch/arm64/check-fp-free.sh $< $(EL2_TEST_OBJ) >/dev/null
	$(call quiet,OBJCOPY)$(EL2_OBJCOPY) -O binary $< $@

-include $(shell find $(EL2_TEST_DIR) -name '*.d' 2>/dev/null)

.PHONY: el2-test
el2-test: $(EL2_TEST_BIN)

test-el2: el2-test
E2E_TESTS += tests/e2e/fault_test.sh
