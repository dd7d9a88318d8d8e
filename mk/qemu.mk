# The Linux host, its initramfs and the QEMU targets.
#
#   make run        set up, build everything, boot QEMU (-smp 4) with our image
#                   and the Linux host: a busybox shell on a terminal; without
#                   one, the boot runs to the end and powers off.
#                   `make run DIRECT=1` boots Linux without our image.
#   make test-el2   the end-to-end tests in QEMU (the boot test first).
#
# Later parts add files to the initramfs with
#   INITRAMFS_EXTRA += SRC:/DEST        (see scripts/mkinitramfs.sh)
#   INITRAMFS_DEPS  += the targets that build those files
# and suites to `make test-el2` with E2E_TESTS += tests/e2e/NAME.sh.

.PHONY: linux initramfs run-qemu test-el2 boottime

LINUX_STAMP := cache/.linux-fetched
INITRAMFS := $(BUILD)/initramfs.cpio.gz
E2E_TESTS := tests/e2e/boot_test.sh tests/e2e/boot_n1_test.sh

$(LINUX_STAMP): scripts/fetch-linux.sh
	@scripts/fetch-linux.sh

linux: $(LINUX_STAMP)

# Debian's kernel has the drivers of QEMU's virtio-rng-pci as modules; /init
# loads /lib/modules/early/*.ko in name order. Expanded when the initramfs
# is built, after the fetch that names the release.
LINUX_KO = cache/linux/root/lib/modules/$(shell cat cache/linux/release)/kernel
INITRAMFS_EXTRA += \
	$(LINUX_KO)/drivers/virtio/virtio_pci_legacy_dev.ko:/lib/modules/early/10-virtio_pci_legacy_dev.ko \
	$(LINUX_KO)/drivers/virtio/virtio_pci_modern_dev.ko:/lib/modules/early/11-virtio_pci_modern_dev.ko \
	$(LINUX_KO)/drivers/virtio/virtio_pci.ko:/lib/modules/early/12-virtio_pci.ko \
	$(LINUX_KO)/drivers/char/hw_random/virtio-rng.ko:/lib/modules/early/20-virtio-rng.ko

# Rebuilt on every use: it takes a second, and the extras are listed as
# variables, not files make can watch.
initramfs: $(LINUX_STAMP) $(INITRAMFS_DEPS)
	@scripts/mkinitramfs.sh $(INITRAMFS) $(INITRAMFS_EXTRA)

run:
	@echo "make run: install what is missing, fetch the Linux host, build the image and the initramfs, boot QEMU"
	@$(MAKE) --no-print-directory setup
	@$(MAKE) --no-print-directory run-qemu

ifeq ($(DIRECT),1)
RUN_WITH :=
RUN_FLAGS := --direct
RUN_WHAT := Linux directly (without our image)
else
RUN_WITH := el2
RUN_FLAGS :=
RUN_WHAT := our EL2 image ($(BUILD)/el2/hypcore.bin) with the Linux host at EL1
endif

run-qemu: $(RUN_WITH) initramfs
	@echo "make run: booting QEMU virt (-smp 4, 1 GiB): $(RUN_WHAT)"
	@if [ -t 0 ]; then \
		echo "make run: to a busybox shell; 'poweroff -f' or Ctrl-A x ends QEMU"; \
		scripts/qemu.sh $(RUN_FLAGS) --mode demo --shell; \
	else \
		echo "make run: no terminal on stdin: runs the demo and powers off"; \
		scripts/qemu.sh $(RUN_FLAGS) --mode demo --timeout 600; \
	fi

test-el2: el2 initramfs
	@rc=0; for t in $(E2E_TESTS); do $$t || rc=1; done; exit $$rc

boottime: el2 initramfs
	@scripts/boottime.sh
