#!/usr/bin/env bash
# The boot test under a named Arm core: Neoverse N1 (Armv8.2: no pointer
# authentication, SVE, SME or fine-grained traps; 48-bit PAs). QEMU 10's
# cortex-a76 has 40-bit PAs, below the 48-bit IPA space our stage-2 uses.
exec "$(dirname "$0")/boot_test.sh" --cpu neoverse-n1 "$@"
