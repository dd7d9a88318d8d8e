# Running guests (issue 10; tests/e2e/vm_test.sh): one QEMU boot (-smp 4,
# hypcore.mode=vm) in which the host runs the test guests of tests/guests/
# with `hypctl run`.
#
#   make test-el2     runs it with the other suites
#
# Into the initramfs: the guests' flat images at /opt/hypcore/guests/, the
# vm mode's hook, and the demo's last act (a guest saying hello).
# hc_e2e (mk/e2e.mk) carries the ioctl checks (tests/e2e/hostprog/e2e_vm.c).

INITRAMFS_EXTRA += $(foreach g,$(GUEST_NAMES),$(GUESTS)/$(g).bin:/opt/hypcore/guests/$(g).bin) \
	tests/e2e/vm/hooks:/etc/hypcore/vm \
	host/demo/95-guest-hello.sh:/etc/hypcore/demo/95-guest-hello.sh
initramfs: guests
E2E_TESTS += tests/e2e/vm_test.sh
