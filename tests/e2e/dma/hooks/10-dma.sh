#!/bin/sh
# The in-host half of tests/e2e/dma_test.sh (hypcore.mode=dma): load the
# shim, the DMA attack module and the virtio-rng driver, run the attacks
# (hc_e2e dma), and end with E2E-DONE. Every check prints its own
# "E2E: PASS|FAIL name" line; the host counts them against
# tests/e2e/dma_expected.txt.
bin=/opt/hypcore/bin
image_pa=$(sed -n 's/.*hypcore.dma_image_pa=\(0x[0-9a-fA-F]*\).*/\1/p' /proc/cmdline)
# Only some attacks (the before-fix evidence runs): hypcore.dma_only=a,b
dma_only=$(sed -n 's/.*hypcore.dma_only=\([a-z,-]*\).*/\1/p' /proc/cmdline)

result() { # name status why
	if [ "$2" -eq 0 ]; then echo "E2E: PASS $1"; else echo "E2E: FAIL $1: $3"; fi
}

insmod /lib/modules/hypcore.ko
result dma.module.shim-load $? "insmod hypcore.ko failed"
# The attack module claims the virtio-blk disk as its PCI driver: if
# virtio-pci (loaded early by /init) holds it, take it back first.
for dev in /sys/bus/pci/drivers/virtio-pci/0000:*; do
	[ -e "$dev" ] || continue
	case "$(cat "$dev/vendor"):$(cat "$dev/device")" in
	0x1af4:0x1001 | 0x1af4:0x1042)
		echo "${dev##*/}" >/sys/bus/pci/drivers/virtio-pci/unbind
		;;
	esac
done
insmod /lib/modules/hypcore_dma.ko
result dma.module.dma-load $? "insmod hypcore_dma.ko failed"
# virtio-pci and virtio-rng (/dev/hwrng), unless /init loaded them already.
rc=0
for ko in /lib/modules/dma/*.ko; do
	name=$(basename "$ko" .ko | sed 's/^[0-9]*-//; s/-/_/g')
	[ -d "/sys/module/$name" ] && continue
	insmod "$ko" || { rc=1; echo "E2E-INFO: insmod $ko failed"; }
done
result dma.module.virtio-rng-load $rc "a virtio module did not load"
echo "E2E-INFO: hwrng: $(cat /sys/class/misc/hw_random/rng_current 2>&1)"

echo "E2E-PART: dma"
$bin/hc_e2e dma $dma_only
echo "E2E-PART: rng"
# After the checks that need /dev/hwrng: the host's virtio-rng, taken
# from virtio-pci and driven by the attack module.
echo 1 >/sys/module/hypcore_dma/parameters/take_rng
rng=
for dev in /sys/bus/pci/devices/*; do
	case "$(cat "$dev/vendor"):$(cat "$dev/device")" in
	0x1af4:0x1005 | 0x1af4:0x1044) rng=${dev##*/} ;;
	esac
done
[ -z "$rng" ] || [ ! -e "/sys/bus/pci/devices/$rng/driver" ] ||
	echo "$rng" >"/sys/bus/pci/devices/$rng/driver/unbind"
[ -n "$rng" ] && echo "$rng" >/sys/bus/pci/drivers/hypcore_dma/bind &&
	[ -e "/sys/bus/pci/drivers/hypcore_dma/$rng" ]
result dma.rng.take $? "no virtio-rng device '$rng', or it would not bind to hypcore_dma"
case ${dma_only:-rng} in *rng*) $bin/hc_e2e dma-rng ;; esac
echo "E2E-PART: image"
# Last: without the fix this one leaves the core answering nothing.
case ${dma_only:-image} in *image*) $bin/hc_e2e dma-image "${image_pa:-0x40200000}" ;; esac
echo "E2E-PART: end"
hypctl dma-events | sed 's/^/E2E-INFO: hypctl: /'
hypctl info >/dev/null 2>&1
result dma.end.host-still-answers $? "hypctl info failed"
bad=$(dmesg | grep -m1 -E 'Oops|BUG:|Unable to handle|Internal error|WARNING:')
[ -z "$bad" ]
result dma.end.kernel-log-clean $? "$bad"
echo "E2E-DONE"
