#!/bin/sh
# After the suite (10-vm.sh): PSCI SYSTEM_OFF straight from the host
# (hc_e2e system-off, no CPU stopped first, as a hostile host would) while
# a protected guest runs on CPU 3. The image must empty the VM (leaves
# cleared, TLBs invalidated on every CPU) and zero its pages with the guest
# still in it, and not hang: tests/e2e/vm_test.sh checks the console's
# power-off line and that QEMU ended.
insmod /lib/modules/hypcore.ko || exit 1
taskset -c 3 hypctl run /opt/hypcore/guests/spin.bin --protected >/tmp/vm/off-guest 2>&1 &
# Its first line says the guest has started (image mapped, running).
i=0
while ! grep -q 'spin: looping forever' /tmp/vm/off-guest 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
sed 's/^/[off-guest] /' /tmp/vm/off-guest
echo "E2E-INFO: SYSTEM_OFF from CPU 0 with the spin guest running on CPU 3"
taskset -c 0 hc_e2e system-off
