# Host build of the core: the same sources as the EL2 image, over arch/host.
# Two flavours: plain (-O2) and san (ASan + UBSan), in separate folders.

HOST_CC ?= gcc
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -Iinclude -MMD -MP -pthread
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CORE_SRCS := $(wildcard core/*/*.c)
ARCH_HOST_SRCS := $(wildcard arch/host/*.c)
HOST_LIB_SRCS := $(CORE_SRCS) $(ARCH_HOST_SRCS)

HOST_OBJ := $(BUILD)/host/obj
SAN_OBJ := $(BUILD)/host-san/obj

HOST_LIB := $(BUILD)/host/libhypcore.a
SAN_LIB := $(BUILD)/host-san/libhypcore.a

$(HOST_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(SAN_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC)$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(HOST_LIB): $(HOST_LIB_SRCS:%.c=$(HOST_OBJ)/%.o)
	@rm -f $@
	$(call quiet,AR)ar rcs $@ $^

$(SAN_LIB): $(HOST_LIB_SRCS:%.c=$(SAN_OBJ)/%.o)
	@rm -f $@
	$(call quiet,AR)ar rcs $@ $^

-include $(shell find $(BUILD)/host $(BUILD)/host-san -name '*.d' 2>/dev/null)

.PHONY: host
host: $(HOST_LIB) $(SAN_LIB)
