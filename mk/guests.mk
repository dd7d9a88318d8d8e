# The test guests (issue 10, item 7; tests/guests/README.md): freestanding
# AArch64 programs that `hypctl run` loads into a VM at GUEST_RAM_BASE.
#
#   make guests     build/guests/<name>.bin (the flat image hypctl loads)
#                   and <name>.elf (symbols, for objdump and gdb)
#
# Each guest is tests/guests/<name>.c (plus <name>.S if it has one),
# linked with the runtime in tests/guests/lib/. The link is checked by
# tests/guests/check-image.sh: the .bin is exactly the image the guest
# checksums, and holds no FP/SIMD register, DC ZVA or exclusive.

GUEST_NAMES := hello pattern pattern-mmu mmio-unknown undef spin secret

GUEST_CROSS ?= aarch64-linux-gnu-
GUEST_CC := $(GUEST_CROSS)gcc
GUEST_OBJCOPY := $(GUEST_CROSS)objcopy
GUESTS := $(BUILD)/guests
GUEST_OBJ := $(GUESTS)/obj
GUEST_HEADER := host/include/hypcore_guest.h
# The linker takes the load address from the header (without its C suffix).
GUEST_RAM_BASE := $(shell sed -n 's/^\#define GUEST_RAM_BASE[[:space:]]*\(0x[0-9a-fA-F]*\).*/\1/p' $(GUEST_HEADER))

# -mstrict-align: the MMU is off at first, memory is Device, unaligned
# accesses fault. -mgeneral-regs-only: no FP/SIMD state to set up.
GUEST_CFLAGS := -std=c11 -O2 -g $(WARN) -Ihost/include -Itests/guests/lib \
	-ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align -mbranch-protection=none \
	-mno-outline-atomics -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-ffunction-sections -fdata-sections -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -T tests/guests/lib/guest.ld \
	-Wl,--defsym=GUEST_RAM_BASE=$(GUEST_RAM_BASE) -Wl,--gc-sections \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments

GUEST_LIB_SRCS := $(wildcard tests/guests/lib/*.c tests/guests/lib/*.S)
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_OBJ)/%.o,$(GUEST_LIB_SRCS))
GUEST_BINS := $(GUEST_NAMES:%=$(GUESTS)/%.bin)

$(GUEST_OBJ)/%.c.o: %.c mk/guests.mk
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OBJ)/%.S.o: %.S mk/guests.mk
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

# One link rule per guest: its own sources and the runtime.
define guest_link
$(GUESTS)/$(1).elf: $(patsubst %,$(GUEST_OBJ)/%.o,$(wildcard tests/guests/$(1).c tests/guests/$(1).S)) \
		$(GUEST_LIB_OBJS) tests/guests/lib/guest.ld mk/guests.mk
	$$(call quiet,LD)$(GUEST_CC) $(GUEST_LDFLAGS) $$(filter %.o,$$^) -o $$@
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_link,$(g))))

$(GUESTS)/%.bin: $(GUESTS)/%.elf tests/guests/check-image.sh
	$(call quiet,OBJCOPY)$(GUEST_OBJCOPY) -O binary $< $@
	@tests/guests/check-image.sh $< $@ $(GUEST_RAM_BASE) || { rm -f $@; exit 1; }

-include $(shell find $(GUEST_OBJ) -name '*.d' 2>/dev/null)

.PHONY: guests
guests: $(GUEST_BINS)

# The smoke test (tests/guests/README.md): each guest on QEMU virt under a
# small EL2 stub, without hypcore or hypctl. Not part of `make test`.
GUEST_STUB := $(GUESTS)/smoke/stub.elf
GUEST_STUB_SRCS := tests/guests/smoke/stub.S tests/guests/smoke/stub.c

$(GUEST_STUB): $(GUEST_STUB_SRCS) tests/guests/smoke/stub.ld $(GUEST_HEADER) mk/guests.mk
	@mkdir -p $(@D)
	$(call quiet,LD)$(GUEST_CC) $(filter-out -MMD -MP,$(GUEST_CFLAGS)) -nostdlib -static -no-pie \
		-T tests/guests/smoke/stub.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		$(GUEST_STUB_SRCS) -o $@

.PHONY: guests-smoke
guests-smoke: $(GUEST_BINS) $(GUEST_STUB)
	@tests/guests/smoke/smoke.sh $(GUESTS) $(GUEST_STUB)
