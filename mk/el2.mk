# The EL2 image: the core's sources (the same files as the host build) plus
# arch/arm64, cross-compiled freestanding and linked with picolibc for the
# string functions and vsnprintf (integer-only printf: no FP at EL2), and
# with Debian's static libfdt (scripts/fetch-libfdt.sh) for the boot's DTB
# reads and edits.
# Product: $(BUILD)/el2/hypcore.bin, an arm64 Image (QEMU loads it at
# RAM + 2 MiB). The QEMU targets (run, test-el2) live in mk/qemu.mk.

EL2_CROSS ?= aarch64-linux-gnu-
EL2_CC := $(EL2_CROSS)gcc
EL2_OBJCOPY := $(EL2_CROSS)objcopy
EL2_SIZE := $(EL2_CROSS)size

# -mgeneral-regs-only: EL2 must not touch the host's FP/SIMD/SVE registers.
# -mstrict-align: parts of the boot run with the MMU off, where memory is
#  Device and unaligned accesses fault.
# -mno-outline-atomics: otherwise libgcc pulls in __getauxval.
LIBFDT := cache/libfdt
LIBFDT_STAMP := cache/.libfdt-fetched
EL2_CFLAGS := -std=c11 -O2 -g $(WARN) -Iinclude -isystem $(LIBFDT)/include --specs=picolibc.specs \
	-ffreestanding -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-pie -fno-stack-protector -ffunction-sections -fdata-sections -MMD -MP
# vfprintf = the integer-only variant: no float code (and no FP registers).
EL2_LDFLAGS_COMMON := --specs=picolibc.specs -Wl,--defsym=vfprintf=__i_vfprintf \
	-nostartfiles -static -no-pie -T linker/el2.ld \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments
EL2_LDFLAGS := $(EL2_LDFLAGS_COMMON) -Wl,-Map,$(BUILD)/el2/hypcore.map

EL2_SRCS := $(wildcard core/*/*.c) $(wildcard arch/arm64/*.c) $(wildcard arch/arm64/*.S)
EL2_OBJ := $(BUILD)/el2/obj
EL2_OBJS := $(patsubst %,$(EL2_OBJ)/%.o,$(EL2_SRCS))
EL2_ELF := $(BUILD)/el2/hypcore.elf
EL2_BIN := $(BUILD)/el2/hypcore.bin

$(LIBFDT_STAMP): scripts/fetch-libfdt.sh
	@scripts/fetch-libfdt.sh

$(EL2_OBJ)/%.c.o: %.c mk/el2.mk | $(LIBFDT_STAMP)
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(EL2_CC) $(EL2_CFLAGS) -c $< -o $@

$(EL2_OBJ)/%.S.o: %.S mk/el2.mk
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(EL2_CC) $(EL2_CFLAGS) -c $< -o $@

$(EL2_ELF): $(EL2_OBJS) $(LIBFDT_STAMP) linker/el2.ld mk/el2.mk
	$(call quiet,LD)$(EL2_CC) $(EL2_LDFLAGS) $(EL2_OBJS) $(LIBFDT)/lib/libfdt.a -o $@

# The image must leave the host's FP/SIMD registers alone (see the script).
$(EL2_BIN): $(EL2_ELF) arch/arm64/check-fp-free.sh
	@arch/arm64/check-fp-free.sh $< $(EL2_OBJ)
	$(call quiet,OBJCOPY)$(EL2_OBJCOPY) -O binary $< $@
	@$(EL2_SIZE) $<

-include $(shell find $(BUILD)/el2 -name '*.d' 2>/dev/null)

.PHONY: el2
el2: $(EL2_BIN)
