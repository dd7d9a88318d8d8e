#!/bin/sh
# The demo's end (make run): a guest runs. hypctl run creates a protected
# VM, maps the hello guest's pages as it first touches them, emulates its
# UART, and the guest's line comes out on the host's console, prefixed
# with the VM's id; the guest then turns its VM off (PSCI SYSTEM_OFF).
echo "demo: a guest says hello through hypctl's emulated UART"
lsmod | grep -q '^hypcore ' || insmod /lib/modules/hypcore.ko || exit 1
echo "# hypctl run /opt/hypcore/guests/hello.bin --protected --show-pages"
hypctl run /opt/hypcore/guests/hello.bin --protected --show-pages
echo "demo: hypctl run exited with status $?"
