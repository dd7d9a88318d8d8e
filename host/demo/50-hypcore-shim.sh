#!/bin/sh
# Demo: the host asks hypcore for a VM's stage-2 through hypcore.ko and
# hypctl: a page and a 2 MiB block mapped, walked, read and written
# through the VM's tables, the pool usage, then the VM destroyed; then a
# private VM whose donated page the host can no longer read.
set -e
run() {
	echo "# $*"
	"$@"
}
run insmod /lib/modules/hypcore.ko
run hypctl info
vm=$(hypctl create | sed -n 's/^created vm //p')
echo "# hypctl create -> vm $vm"
run hypctl map "$vm" 0x1000
run hypctl map "$vm" 0x200000 --block
run hypctl map "$vm" 0x400000 --ro
run hypctl walk "$vm" 0x1000
run hypctl walk "$vm" 0x3ff008
run hypctl level "$vm" 0x1000
run hypctl level "$vm" 0x2ab000
run hypctl level "$vm" 0x800000
run hypctl store "$vm" 0x1008 0x1234abcd
run hypctl load "$vm" 0x1008
run hypctl store "$vm" 0x3ffff8 0xfeedface
run hypctl load "$vm" 0x3ffff8
echo "# a store through a read-only mapping must fail (eperm):"
hypctl store "$vm" 0x400000 1 || true
echo "# so must a load from an unmapped address (efault):"
hypctl load "$vm" 0x800000 || true
run hypctl usage "$vm"
run hypctl unmap "$vm" 0x2ab000
run hypctl level "$vm" 0x200000
run hypctl destroy "$vm"
echo "# a private VM: the page map gives it is donated, out of the host's reach"
pvm=$(hypctl create --private | sed -n 's/^created vm \([0-9]*\).*/\1/p')
echo "# hypctl create --private -> vm $pvm"
pa=$(hypctl map "$pvm" 0x1000 | sed -n 's/.*pa \(0x[0-9a-f]*\).*/\1/p')
echo "# hypctl map $pvm 0x1000 -> pa $pa"
echo "# the host itself reading that page must fault (efault, one abort line from the image):"
hypctl probe "$pa" || true
echo "# and reading it through the VM is refused (eperm):"
hypctl load "$pvm" 0x1000 || true
run hypctl destroy "$pvm"
echo "# after destroy the core zeroed the page and mapped it back for the host; the module freed it:"
run hypctl level 0 "$pa"
run rmmod hypcore
