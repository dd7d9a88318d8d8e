#!/usr/bin/env bash
# End-to-end DMA attack suite (issue 9): one QEMU boot (-smp 4) of our
# image with the Linux host in hypcore.mode=dma, where
# tests/e2e/dma/hooks/10-dma.sh loads hypcore.ko, hypcore_dma.ko and the
# virtio-rng driver and runs `hc_e2e dma` (tests/e2e/hostprog/e2e_dma.c):
#   - the host's own DMA works: /dev/hwrng, an engine copy between its pages
#   - DMA aimed at a donated page, a pool page, the ownership records and
#     the image is stopped: target unchanged as the core tells it, an SMMU
#     event naming the target (DMA_EVENTS), the host still running
#   - fw_cfg (whose DMA no SMMU fronts) is out of the host's reach
#   - a page donated while the host DMAs into it is unreachable from
#     SET_NPT on, and reachable again (reading zero) after UNMAP / destroy
#   - the SMMU's frame is out of reach; the GIC has no LPIs (PLPIS 0)
# Every name in tests/e2e/dma_expected.txt must have passed exactly once
# (a missing line is a failure, so is an unknown one); the console must
# show no fault or panic of our image or of Linux, and /init's end.
# Last line: "N passed, M failed". Console: build/e2e/dma.log.
#
# Last, the host's own virtio-rng is taken from Linux and aimed at a pool
# page (hc_e2e dma-rng): QEMU's virtio devices bypass the SMMU unless
# they insist on ACCESS_PLATFORM (iommu_platform=on).
#
# QEMU: the machine needs an SMMUv3 the core owns, virtio-rng-pci, and a
# copy engine. What scripts/qemu.sh does not pass already, this script
# adds: `-M iommu=smmuv3`, a legacy virtio-rng-pci (a modern device's
# 64-bit BAR goes to virt's high PCIe window, 0x8000000000, which the
# host's stage-2 maps only from the SMMU work on), and where there is no
# edu (it needs an MSI controller, and virt has none without the ITS) a
# virtio-blk disk on build/e2e/dma-disk.img as the copy engine.
# DMA_TEST_QEMU_ARGS replaces the machine part and adds no disk (the
# before-fix runs name their own).
#
# Needs `make el2 initramfs` first (make test-el2 does it).
# DMA_TEST_ONLY=a,b runs only those attacks (see e2e_dma.c); the others
# then report no result line. DMA_TEST_TIMEOUT (default 180 s) bounds the
# run; DMA_TEST_LOG moves the console log.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
log=${DMA_TEST_LOG:-$top/build/e2e/dma.log}
disk=$top/build/e2e/dma-disk.img
expected=$top/tests/e2e/dma_expected.txt
limit=${DMA_TEST_TIMEOUT:-180}
. "$top/tests/e2e/lib.sh"

# The machine options this suite needs, unless qemu.sh has them already.
qemu_sh=$top/scripts/qemu.sh
extra=()
if [ -n "${DMA_TEST_QEMU_ARGS:-}" ]; then
	read -r -a extra <<<"$DMA_TEST_QEMU_ARGS"
else
	grep -q 'iommu=smmuv3' "$qemu_sh" || extra+=(-M iommu=smmuv3)
fi
grep -q 'virtio-rng-pci' "$qemu_sh" || extra+=(-device virtio-rng-pci,disable-legacy=off,disable-modern=on)
mkdir -p "$(dirname "$log")" "$(dirname "$disk")"
# The copy engine: edu if qemu.sh has one; else a virtio-blk disk. QEMU's
# virtio devices bypass the SMMU unless they insist on ACCESS_PLATFORM
# (iommu_platform=on, modern only), so the disk is modern; its BAR is in
# the high PCIe window, which only a host stage-2 built with the SMMU
# (iommu=smmuv3 in qemu.sh) maps. Before that, a legacy disk.
if [ -z "${DMA_TEST_QEMU_ARGS:-}" ] && ! grep -q -- '-device edu' "$qemu_sh"; then
	truncate -s 0 "$disk" && truncate -s 64K "$disk"
	blk=disable-legacy=off,disable-modern=on
	! grep -q 'iommu=smmuv3' "$qemu_sh" || blk=disable-legacy=on,iommu_platform=on
	extra+=(-drive "if=none,id=dmadisk,format=raw,file=$disk" -device "virtio-blk-pci,drive=dmadisk,$blk")
fi

# The image page the attack aims at: the one holding the hypercall table.
table=$(aarch64-linux-gnu-nm "$top/build/el2/hypcore.elf" 2>/dev/null | awk '$3 == "hvc_calls" { print $1 }')
image_pa=$(printf '0x%x' $((0x${table:-40200000} & ~0xfff)))

echo "dma_test: booting our image + Linux host, -smp 4, dma mode, limit ${limit}s, console -> ${log#"$top"/}"
echo "dma_test: extra QEMU arguments: ${extra[*]}"
start=$(date +%s.%N)
"$qemu_sh" --smp 4 --mode dma --timeout "$limit" --quiet \
	--append "hypcore.dma_image_pa=$image_pa${DMA_TEST_ONLY:+ hypcore.dma_only=$DMA_TEST_ONLY}" -- "${extra[@]}" </dev/null >"$log" 2>&1
status=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v st=$status \
	'BEGIN { printf "dma_test: QEMU ended with status %d after %.1f s\n", st, e - s }'

check_results "$expected"

# The records the guest aimed at are those the image says it keeps.
boot_records=$(tr -d '\r' <"$log" | sed -n 's/^hypcore:   records  0x0*\([0-9a-f]*\)\.\..*/0x\1/p' | head -n1)
guest_records=$(tr -d '\r' <"$log" | sed -n 's/^E2E-INFO: dma vms .* records \(0x[0-9a-f]*\),.*/\1/p' | head -n1)

check_boot $status "$limit"
check_memattr
check "the guest aimed at the records the image printed (${guest_records:-?} = ${boot_records:-?})" \
	test -n "$boot_records" -a "$boot_records" = "$guest_records"
check_end

tr -d '\r' <"$log" | grep -a '^E2E-INFO: dma ' | sed 's/^E2E-INFO: /dma_test: /'
verdict dma_test 20
