#!/bin/sh
# The in-host half of tests/e2e/hard_test.sh (hypcore.mode=hard, -m 2G):
# the hardening checks of issue 11. Every part prints its own
# "E2E: PASS|FAIL name" lines, counted against tests/e2e/hard_expected.txt.
bin=/opt/hypcore/bin

if insmod /lib/modules/hypcore.ko; then
	echo "E2E: PASS hard.module-load"
else
	echo "E2E: FAIL hard.module-load: insmod exit $?"
fi
echo "E2E-PART: split-all"
$bin/hc_e2e split-all
echo "E2E-PART: psci"
$bin/hc_e2e psci
dmesg | grep -qE 'Oops|BUG:|Unable to handle|Internal error|WARNING:' &&
	echo "E2E: FAIL hard.kernel-log-clean: $(dmesg | grep -m1 -E 'Oops|BUG:|Unable to handle|Internal error|WARNING:')" ||
	echo "E2E: PASS hard.kernel-log-clean"
echo "E2E-DONE"
