#!/bin/sh
# The in-host half of tests/e2e/shim_test.sh (hypcore.mode=e2e): every
# part prints its own "E2E: PASS|FAIL name" lines; the host counts them
# against tests/e2e/shim_expected.txt, so a part that dies early shows.
bin=/opt/hypcore/bin
e2e=/opt/hypcore/e2e
steps=$(sed -n 's/.*hypcore.smp_steps=\([0-9]*\).*/\1/p' /proc/cmdline)
own_steps=$(sed -n 's/.*hypcore.own_steps=\([0-9]*\).*/\1/p' /proc/cmdline)

if insmod /lib/modules/hypcore.ko; then
	echo "E2E: PASS module.load"
else
	echo "E2E: FAIL module.load: insmod exit $?"
fi
dmesg | grep -q "hypcore: Call UID is hypcore's" &&
	echo "E2E: PASS module.load-message" ||
	echo "E2E: FAIL module.load-message: no 'Call UID is hypcore's' line in dmesg"

echo "E2E-PART: abi"
$bin/hc_e2e abi
echo "E2E-PART: probe"
$bin/hc_e2e probe
echo "E2E-PART: hypctl"
sh $e2e/hypctl_test.sh $e2e/hypctl-sim.script
echo "E2E-PART: smp"
$bin/hc_e2e smp "${steps:-6000}"
echo "E2E-PART: own"
$bin/hc_e2e own
echo "E2E-PART: own-smp"
$bin/hc_e2e own-smp "${own_steps:-3000}"

echo "E2E-PART: end"
# After every fault and every thread: the host still runs and answers.
hypctl info >/dev/null 2>&1 &&
	echo "E2E: PASS end.host-still-answers" ||
	echo "E2E: FAIL end.host-still-answers: hypctl info failed"
# Unload with a private VM alive: the module destroys it, the core
# zeroes its page and gives it back, only then the module frees it.
vm=$(hypctl create --private | sed -n 's/^created vm \([0-9]*\).*/\1/p')
hypctl map "$vm" 0x1000 >/dev/null && hypctl map "$vm" 0x200000 --block >/dev/null &&
	echo "E2E: PASS module.private-vm-before-unload" ||
	echo "E2E: FAIL module.private-vm-before-unload: create/map vm '$vm' failed"
if rmmod hypcore; then
	echo "E2E: PASS module.unload"
else
	echo "E2E: FAIL module.unload: rmmod exit $?"
fi
# Power off with a private VM alive (module loaded, VM never destroyed).
if insmod /lib/modules/hypcore.ko; then
	vm=$(hypctl create --private | sed -n 's/^created vm \([0-9]*\).*/\1/p')
	hypctl map "$vm" 0x1000 >/dev/null && hypctl map "$vm" 0x200000 --block >/dev/null &&
		echo "E2E: PASS module.private-vm-left-for-power-off" ||
		echo "E2E: FAIL module.private-vm-left-for-power-off: create/map vm '$vm' failed"
else
	echo "E2E: FAIL module.private-vm-left-for-power-off: insmod again failed"
fi
if dmesg | grep -qE 'Oops|BUG:|Unable to handle|Internal error|WARNING:'; then
	echo "E2E: FAIL end.kernel-log-clean: $(dmesg | grep -m1 -E 'Oops|BUG:|Unable to handle|Internal error|WARNING:')"
else
	echo "E2E: PASS end.kernel-log-clean"
fi
echo "E2E-DONE"
