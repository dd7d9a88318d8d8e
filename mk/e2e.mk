# The end-to-end suite of the host shim (tests/e2e/shim_test.sh): one QEMU
# boot (-smp 4) of our image and the Linux host, in hypcore.mode=e2e.
#
#   make test-el2      runs it after the boot test
#   make e2e-hostprog     only the program the Linux host runs, build/e2e/hc_e2e
#
# Into the initramfs: hc_e2e, the hypctl test and its script, and the hook
# /init runs in e2e mode.

E2E_HOSTPROG := $(BUILD)/e2e/hc_e2e
E2E_HOSTPROG_SRCS := $(wildcard tests/e2e/hostprog/*.c)
E2E_HOSTPROG_DEPS := $(E2E_HOSTPROG_SRCS) tests/e2e/hostprog/e2e.h include/hypcore/hvc_abi.h \
	host/include/hypcore_uapi.h

.PHONY: e2e-hostprog
e2e-hostprog: $(E2E_HOSTPROG)

$(E2E_HOSTPROG): $(E2E_HOSTPROG_DEPS)
	@mkdir -p $(@D)
	aarch64-linux-gnu-gcc -static -O2 -std=gnu11 $(WARN) -pthread -Iinclude -Ihost/include \
		-o $@ $(E2E_HOSTPROG_SRCS)

INITRAMFS_EXTRA += $(E2E_HOSTPROG):/opt/hypcore/bin/hc_e2e \
	tests/e2e/hostprog/hypctl_test.sh:/opt/hypcore/e2e/hypctl_test.sh \
	tests/e2e/hostprog/hypctl-sim.script:/opt/hypcore/e2e/hypctl-sim.script \
	tests/e2e/hostprog/hooks:/etc/hypcore/e2e \
	tests/e2e/hard/hooks:/etc/hypcore/hard \
	tests/e2e/hard-xn/hooks:/etc/hypcore/hard-xn
# qemu.mk reads INITRAMFS_DEPS before this file: add the prerequisite here.
initramfs: $(E2E_HOSTPROG)
E2E_TESTS += tests/e2e/shim_test.sh tests/e2e/hard_test.sh
