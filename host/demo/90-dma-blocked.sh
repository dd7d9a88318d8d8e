#!/bin/sh
# The demo's last act (make run): the host aims a DMA engine at a page it
# donated to a private VM; hypcore's SMMU tables stop it, and the core
# tells what it recorded (DMA_EVENTS). Needs a copy engine in the machine
# (edu, or a legacy virtio-blk disk: see tests/e2e/dma_test.sh); without
# one the act is skipped.
echo "demo: DMA into a donated page"
lsmod | grep -q '^hypcore ' || insmod /lib/modules/hypcore.ko || exit 1
lsmod | grep -q '^hypcore_dma ' || insmod /lib/modules/hypcore_dma.ko || exit 1
if ! dmesg | grep -q 'hypcore_dma .*copy engine'; then
	echo "demo: no DMA engine in this machine (edu or legacy virtio-blk): skipped"
	exit 0
fi
hypctl dma-events 2>&1 | sed 's/^/demo: before: /'
# The checks' PASS lines are the suite's business; failures are shown.
hc_e2e dma-demo | sed -e '/^E2E: PASS/d' -e 's/^E2E-INFO: dma \(demo: \)\{0,1\}/demo: /' -e 's/^E2E: FAIL /demo: NOT AS EXPECTED: /'
hypctl dma-events 2>&1 | sed 's/^/demo: after: /'
