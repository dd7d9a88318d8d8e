#!/usr/bin/env bash
# The one place that builds the QEMU command line for hypcore.
#
#   scripts/qemu.sh [options] [-- extra qemu arguments]
#
# Options:
#   --direct            boot Linux directly (QEMU enters it at EL2), without
#                       our image: the baseline for comparisons
#   --image PATH        our EL2 image (default build/el2/hypcore.bin)
#   --kernel PATH       Linux Image (default cache/linux/Image)
#   --initrd PATH       initramfs (default build/initramfs.cpio.gz)
#   --smp N             CPUs (default 4)
#   --cpu NAME          QEMU CPU model (default max, with pauth-impdef=on:
#                       4x faster boot); e.g. neoverse-n1
#   --mem SIZE          RAM, as QEMU's -m takes it (default 1G)
#   --mode demo|test    which /etc/hypcore/<mode>/*.sh hooks /init runs (default demo)
#   --shell             end in an interactive busybox shell (default: power off)
#   --append TEXT       more kernel command line
#   --timeout SECS      kill QEMU after SECS (0 = none; default 0 with
#                       --shell, else 600); status 124 means it timed out
#   --log FILE          also write the console to FILE
#   --quiet             do not print the command line
#   --no-smmu           a machine without the SMMUv3 (DMA is then not
#                       confined; the image says so): for comparisons only
#   --no-semihosting    no -semihosting-config: our image then ends a
#                       fail-stop with PSCI SYSTEM_OFF (QEMU exits 0)
#   --gdb               QEMU's gdb stub on tcp::1234, the CPUs held at
#                       reset until gdb continues (-s -S; make debug)
#
# The exit status is QEMU's: 0 after the host powers off, the semihosting
# status our image chose when it stops on a fault, 124 on a timeout.
# Semihosting is on unless --no-semihosting: QEMU gets
# -semihosting-config and the kernel command line hypcore.semihosting=1,
# the one way our image learns that its semihosting HLT will not fault
# (arch/arm64/semihost.h).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
image=$top/build/el2/hypcore.bin
kernel=$top/cache/linux/Image
initrd=$top/build/initramfs.cpio.gz
direct=0
smp=4
mem=1G
cpu=max
mode=demo
end=poweroff
append=""
timeout=""
log=""
quiet=0
iommu=",iommu=smmuv3"
semihosting=1
gdb=0
extra=()

while [ $# -gt 0 ]; do
	case $1 in
	--direct) direct=1 ;;
	--image) image=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--mode) mode=$2; shift ;;
	--shell) end=shell ;;
	--append) append="$append $2"; shift ;;
	--timeout) timeout=$2; shift ;;
	--log) log=$2; shift ;;
	--quiet) quiet=1 ;;
	--no-smmu) iommu="" ;;
	--no-semihosting) semihosting=0 ;;
	--gdb) gdb=1 ;;
	--) shift; extra=("$@"); break ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "qemu.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$timeout" ] || { [ $end = shell ] && timeout=0 || timeout=600; }

for f in "$kernel" "$initrd"; do
	[ -e "$f" ] || { echo "qemu.sh: $f missing" >&2; exit 1; }
done

# -cpu max emulates pointer authentication slowly; impdef is 4x faster.
cpu_opt=$cpu
[ "$cpu" != max ] || cpu_opt=max,pauth-impdef=on

# The machine (README.md, "QEMU version"): EL2 for us; GICv3; an SMMUv3 in
# front of the PCIe root complex; two PCI devices that do DMA: virtio-rng
# (a driver Linux binds by itself) and edu (a DMA engine a test can aim
# anywhere; its default DMA mask is 28 bits, below RAM, so it gets 40).
# The ITS stays: edu will not start without an MSI controller, and QEMU
# 10.0 gives the redistributors LPIs with or without it. The host never
# reaches the ITS (not in its stage-2, node removed from its DTB), and the
# redistributors' LPI controls trap to EL2 (arch/arm64/gicr_trap.c).
# A virtio device's DMA goes through the SMMU only when the driver took
# VIRTIO_F_ACCESS_PLATFORM: iommu_platform=on makes the device insist on
# it (a host that refuses gets no device), and modern-only (legacy virtio
# has no such feature) closes the other door.
cmd=(qemu-system-aarch64
	-M "virt,virtualization=on,gic-version=3$iommu"
	-cpu "$cpu_opt"
	-smp "$smp" -m "$mem"
	-nographic -nic none -no-reboot
	-device virtio-rng-pci,disable-legacy=on,iommu_platform=on
	-device edu,dma_mask=0xffffffffff)
if [ $direct -eq 1 ]; then
	cmd+=(-kernel "$kernel")
else
	[ -e "$image" ] || { echo "qemu.sh: $image missing (make el2)" >&2; exit 1; }
	# Our image is the "kernel" QEMU boots; Linux goes to the 2 MiB aligned
	# address the image hands over to, untouched.
	cmd+=(-kernel "$image"
		-device loader,file="$kernel",addr=0x40400000,force-raw=on)
fi
if [ $semihosting -eq 1 ]; then
	cmd+=(-semihosting-config enable=on,target=native)
	append=" hypcore.semihosting=1$append"
fi
[ $gdb -eq 0 ] || cmd+=(-s -S)
cmd+=(-initrd "$initrd"
	-append "console=ttyAMA0 panic=-1 hypcore.mode=$mode hypcore.end=$end${append}")
cmd+=("${extra[@]}")

if [ $timeout != 0 ]; then
	# --foreground keeps an interactive QEMU on the terminal; -k ends one
	# that ignores SIGTERM.
	cmd=(timeout --foreground -k 10 "$timeout" "${cmd[@]}")
fi
[ $quiet -eq 1 ] || echo "qemu.sh: ${cmd[*]}" >&2

# Without a terminal, QEMU must not wait on stdin (a --shell run may
# be fed commands through a pipe).
[ -t 0 ] || [ $end = shell ] || exec </dev/null

status=0
if [ -n "$log" ]; then
	mkdir -p "$(dirname "$log")"
	"${cmd[@]}" | tee "$log" || true
	status=${PIPESTATUS[0]}
else
	"${cmd[@]}" || status=$?
fi
[ $status -ne 124 ] || echo "qemu.sh: timed out after ${timeout}s" >&2
exit $status
