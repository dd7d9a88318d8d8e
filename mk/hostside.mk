# The Linux host side: the hypcore.ko shim and the hypctl tool, both for the
# arm64 host kernel that scripts/fetch-linux.sh unpacks into cache/linux.
#
#   make hostside         build/hostside/hypcore.ko and build/hostside/hypctl
#   make hostside-clean   remove them and kbuild's output in host/shim
#
# kbuild builds in host/shim itself (its .gitignore hides the output) and
# tracks its own dependencies, so the module rule always asks it.

HOSTSIDE := $(BUILD)/hostside
HOSTSIDE_KDIR := cache/linux/headers
HOSTSIDE_KBUILD = $(MAKE) --no-print-directory -C $(HOSTSIDE_KDIR) M=$(abspath host/shim) \
	ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
HYPCTL_SRCS := $(wildcard host/tools/hypctl/*.c)
HYPCTL_DEPS := $(HYPCTL_SRCS) $(wildcard host/tools/hypctl/*.h) host/include/hypcore_uapi.h

.PHONY: hostside hostside-module hostside-clean

hostside: $(HOSTSIDE)/hypcore.ko $(HOSTSIDE)/hypctl

hostside-module:
	@scripts/fetch-linux.sh >/dev/null
	+@$(HOSTSIDE_KBUILD) W=1 modules

$(HOSTSIDE)/hypcore.ko: hostside-module
	@mkdir -p $(@D)
	@aarch64-linux-gnu-strip --strip-debug -o $@.tmp host/shim/hypcore.ko
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

$(HOSTSIDE)/hypctl: $(HYPCTL_DEPS)
	@mkdir -p $(@D)
	aarch64-linux-gnu-gcc -static -O2 -std=gnu11 $(WARN) -Ihost/include \
		-o $@ $(HYPCTL_SRCS)

hostside-clean:
	rm -rf $(HOSTSIDE)
	[ ! -d $(HOSTSIDE_KDIR) ] || $(HOSTSIDE_KBUILD) clean

# Into the host's initramfs (mk/qemu.mk): the module, hypctl on the PATH,
# and the demo hook that `make run` ends with.
INITRAMFS_EXTRA += $(HOSTSIDE)/hypcore.ko:/lib/modules/hypcore.ko \
	$(HOSTSIDE)/hypctl:/opt/hypcore/bin/hypctl \
	host/demo/50-hypcore-shim.sh:/etc/hypcore/demo/50-hypcore-shim.sh
initramfs: hostside
