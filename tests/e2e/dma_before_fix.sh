#!/usr/bin/env bash
# The attacks of tests/e2e/dma_test.sh against a core without the DMA fix
# (no SMMU driver, fw_cfg in the host's stage-2): four boots, their
# telling console lines gathered into build/before-fix.log.
#   1. fw_cfg alone: QEMU writes FW_CFG_ID over a VM's level-3 descriptor
#   2. edu (needs the ITS for MSI, so its=on): a VM's root table zeroed,
#      the ownership record of a donated page zeroed
#   3. the host's own virtio-rng aimed at a VM's level-3 descriptor
#   4. the whole suite with a legacy virtio-blk engine, its=off, no SMMU
#      (the core panics at the first destroy after the records attack)
# Needs `make el2 initramfs`. Each boot's whole console stays in
# build/e2e/before-*.log.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/before-fix.log
keep='^E2E: FAIL|^E2E-INFO: dma|^hypcore: (PANIC|fail-stop|host abort|  records)|QEMU ended|passed, .* failed|Internal error'

run() { # name qemu-args only
	local log=$top/build/e2e/before-$1.log
	{
		echo "=== before-fix run '$1': extra QEMU args '$2', attacks '${3:-all}'"
		DMA_TEST_QEMU_ARGS="$2" DMA_TEST_ONLY="$3" DMA_TEST_LOG=$log DMA_TEST_TIMEOUT=150 \
			"$top/tests/e2e/dma_test.sh" | grep -E 'QEMU ended|passed, .* failed'
		echo "--- console ($log):"
		tr -d '\r' <"$log" | grep -aE "$keep" | grep -v 'no result line'
		echo
	} >>"$out"
}

: >"$out"
echo "core: $(git -C "$top" log -1 --format='%h %s' -- core arch include) (image build/el2/hypcore.bin)" >>"$out"
disk=$top/build/e2e/dma-disk.img
truncate -s 0 "$disk" && truncate -s 64K "$disk"
vblk="-drive if=none,id=dmadisk,format=raw,file=$disk -device virtio-blk-pci,drive=dmadisk,disable-legacy=off,disable-modern=on"
run fw-cfg "-M its=off $vblk" fw-cfg
run edu "-device edu,dma_mask=0xffffffffffffffff" pool,records
run rng "-M its=off $vblk" rng
run all "-M its=off $vblk" donated,pool,records,fw-cfg,live,gic,rng,image
echo "dma_before_fix: wrote ${out#"$top"/}"
