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
HYPCTL_DEPS := $(HYPCTL_SRCS) $(wildcard host/tools/hypctl/*.h) host/include/hypcore_uapi.h \
	host/include/hypcore_guest.h include/hypcore/hvc_abi.h

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
	aarch64-linux-gnu-gcc -static -O2 -std=gnu11 $(WARN) -pthread -Iinclude -Ihost/include \
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

# The kernel's own style check, from Debian's linux-source-6.1 (an `all`
# package, only unpacked): checkpatch.pl and its two data files go to
# cache/checkpatch, the 140 MB package is deleted afterwards.
CHECKPATCH := cache/checkpatch/scripts/checkpatch.pl
CHECKPATCH_FILES := host/shim/hypcore.c host/include/hypcore_uapi.h

.PHONY: hostside-check
hostside-check: $(CHECKPATCH)
	perl $(CHECKPATCH) --no-tree -f --terse $(CHECKPATCH_FILES) && echo "checkpatch: clean"

$(CHECKPATCH):
	rm -rf cache/checkpatch-src && mkdir -p cache/checkpatch-src cache/checkpatch
	cd cache/checkpatch-src && apt-get -q $(if $(filter 0,$(shell id -u)),-o APT::Sandbox::User=root) \
		download linux-source-6.1
	dpkg-deb --fsys-tarfile cache/checkpatch-src/linux-source-6.1_*.deb | \
		tar -xO ./usr/src/linux-source-6.1.tar.xz | \
		tar -xJ -C cache/checkpatch --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	rm -rf cache/checkpatch-src
