# Debugging the EL2 image (issue 11, item 8).
#
#   make debug    boots the machine of `make run` with QEMU's gdb stub
#                 waiting (-s -S) and starts gdb-multiarch on
#                 build/el2/hypcore.elf (scripts/debug.sh). DEBUG_GDB_ARGS
#                 passes more gdb arguments, e.g. a command file:
#                 make debug DEBUG_GDB_ARGS="-batch -x build/cmds.gdb"

.PHONY: debug
debug:
	@scripts/setup.sh gdb-multiarch
	@$(MAKE) --no-print-directory el2 initramfs
	@scripts/debug.sh $(DEBUG_GDB_ARGS)
