# The DMA attack suite (issue 9; tests/e2e/dma_test.sh): one QEMU boot
# (-smp 4, hypcore.mode=dma) in which the host aims devices at memory its
# CPU cannot reach.
#
#   make test-el2     runs it after the shim suite
#   make dma-module   only build/hostside/hypcore_dma.ko
#   make dma-check    the kernel's checkpatch on the module and its header
#
# Into the initramfs: hypcore_dma.ko, Debian's virtio-pci and virtio-rng
# modules (the host's ordinary DMA: /dev/hwrng), the dma mode's hook and
# the demo's last hook. hc_e2e (mk/e2e.mk) carries the checks (e2e_dma.c).

DMA_KO := $(HOSTSIDE)/hypcore_dma.ko
DMA_KBUILD = $(MAKE) --no-print-directory -C $(HOSTSIDE_KDIR) M=$(abspath host/dma) \
	ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
DMA_VIRTIO_MODS := $(BUILD)/dma/modules
# Load order: the two libraries, the transport, the driver.
DMA_VIRTIO_KOS := drivers/virtio/virtio_pci_modern_dev.ko drivers/virtio/virtio_pci_legacy_dev.ko \
	drivers/virtio/virtio_pci.ko drivers/char/hw_random/virtio-rng.ko

.PHONY: dma-module dma-virtio-modules dma-clean dma-check

dma-module:
	@scripts/fetch-linux.sh >/dev/null
	+@$(DMA_KBUILD) W=1 modules

$(DMA_KO): dma-module
	@mkdir -p $(@D)
	@aarch64-linux-gnu-strip --strip-debug -o $@.tmp host/dma/hypcore_dma.ko
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# Copied after fetch-linux.sh has unpacked the kernel (its release is only
# known then), numbered in load order.
dma-virtio-modules: $(LINUX_STAMP)
	@rm -rf $(DMA_VIRTIO_MODS) && mkdir -p $(DMA_VIRTIO_MODS)
	@n=1; for ko in $(DMA_VIRTIO_KOS); do \
		cp cache/linux/root/lib/modules/$$(cat cache/linux/release)/kernel/$$ko \
			$(DMA_VIRTIO_MODS)/$$n-$$(basename $$ko) || exit 1; n=$$((n + 1)); \
	done

dma-clean:
	rm -rf $(BUILD)/dma $(DMA_KO)
	[ ! -d $(HOSTSIDE_KDIR) ] || $(DMA_KBUILD) clean

INITRAMFS_EXTRA += $(DMA_KO):/lib/modules/hypcore_dma.ko \
	$(DMA_VIRTIO_MODS):/lib/modules/dma \
	tests/e2e/dma/hooks:/etc/hypcore/dma \
	host/demo/90-dma-blocked.sh:/etc/hypcore/demo/90-dma-blocked.sh
initramfs: $(DMA_KO) dma-virtio-modules
$(E2E_HOSTPROG): host/include/hypcore_dma_uapi.h
E2E_TESTS += tests/e2e/dma_test.sh

dma-check: $(CHECKPATCH)
	perl $(CHECKPATCH) --no-tree -f --terse host/dma/hypcore_dma.c \
		host/include/hypcore_dma_uapi.h && echo "checkpatch: clean"
