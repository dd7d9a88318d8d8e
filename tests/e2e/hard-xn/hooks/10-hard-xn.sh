#!/bin/sh
# The in-host half of tests/e2e/hard_test.sh's second boot
# (hypcore.mode=hard-xn): the host's kernel executes a device page (the
# virtio-mmio window at 0x0a000000, mapped execute-never in its stage-2).
# hypcore must inject the stage-2 permission fault: the host's kernel
# oopses (killing hc_e2e), then carries on and still answers hypercalls.
bin=/opt/hypcore/bin

insmod /lib/modules/hypcore.ko &&
	echo "E2E: PASS xn.module-load" ||
	echo "E2E: FAIL xn.module-load: insmod exit $?"
echo "E2E-PART: exec-device"
$bin/hc_e2e exec-device 0x0a000000
echo "E2E-INFO: exec-device hc_e2e exit status $?"
if dmesg | grep -q 'Unable to handle kernel execute'; then
	echo "E2E: PASS xn.host-kernel-took-the-fault"
else
	echo "E2E: FAIL xn.host-kernel-took-the-fault: no 'Unable to handle kernel execute' in dmesg"
fi
hypctl info >/dev/null 2>&1 &&
	echo "E2E: PASS xn.host-still-answers" ||
	echo "E2E: FAIL xn.host-still-answers: hypctl info failed"
echo "E2E-DONE"
