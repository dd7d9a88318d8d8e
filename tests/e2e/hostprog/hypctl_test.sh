#!/bin/sh
# The user-space path: hypctl's sub-commands (exit status and output) and
# `hypctl script --sim` on hypctl-sim.script. One result line per check:
# "E2E: PASS name" or "E2E: FAIL name: why".
script=${1:-/opt/hypcore/e2e/hypctl-sim.script}
out=/tmp/hypctl.out

pass() { echo "E2E: PASS $1"; }
fail() { echo "E2E: FAIL $1: $2"; }

# expect NAME STATUS PATTERN -- COMMAND...: exit status and a pattern the
# output (stdout and stderr) must match.
expect() {
	name=$1 want=$2 pat=$3
	shift 4
	"$@" >$out 2>&1
	got=$?
	if [ $got -ne "$want" ]; then
		fail "$name" "'$*' exit $got, expected $want: $(head -c 200 $out | tr '\n' ' ')"
	elif [ -n "$pat" ] && ! grep -qE "$pat" $out; then
		fail "$name" "'$*' printed '$(head -c 200 $out | tr '\n' ' ')', expected /$pat/"
	else
		pass "$name"
	fi
}

# The write-back MemAttr of VM leaves, as hc_e2e abi read it: 0x3c, or 0x18
# with FEAT_S2FWB, where every leaf below is 0x24 lower in its low byte.
memattr=$(cat /tmp/hc-e2e-memattr 2>/dev/null)
fwb_leaf() {
	if [ "$memattr" = 0x18 ]; then
		sed -E 's/(ok 0x[0-9a-f]*)7ff$/\17db/; s/(ok 0x[0-9a-f]*)7fd$/\17d9/; s/(ok 0x[0-9a-f]*)77f$/\175b/'
	else
		cat
	fi
}
rx_pte=0x5000077f
[ "$memattr" != 0x18 ] || rx_pte=0x5000075b

expect hypctl.info 0 'revision 2\.0, Call UID 780a780a' -- hypctl info
expect hypctl.create 0 '^created vm [0-9]+$' -- hypctl create
vm=$(sed -n 's/^created vm //p' $out)
vm=${vm:-99}
expect hypctl.map-page 0 "mapped vm $vm ipa 0x1000: 4 KiB page" -- hypctl map "$vm" 0x1000
expect hypctl.map-block 0 'block' -- hypctl map "$vm" 0x200000 --block
expect hypctl.map-ro 0 'page' -- hypctl map "$vm" 0x400000 --ro
expect hypctl.map-page-in-block 1 'eexist' -- hypctl map "$vm" 0x201000
expect hypctl.walk-page 0 '\(page, pa 0x' -- hypctl walk "$vm" 0x1000
expect hypctl.walk-block 0 '\(block, pa 0x' -- hypctl walk "$vm" 0x3ff008
expect hypctl.walk-unmapped 0 '\(unmapped\)' -- hypctl walk "$vm" 0x800000
expect hypctl.level-page 0 'level 3' -- hypctl level "$vm" 0x1000
expect hypctl.level-block 0 'level 2' -- hypctl level "$vm" 0x2ab000
expect hypctl.level-none 0 'level 0' -- hypctl level "$vm" 0x800000
expect hypctl.store 0 'stored 0x1234abcd' -- hypctl store "$vm" 0x1008 0x1234abcd
expect hypctl.load 0 ': 0x1234abcd$' -- hypctl load "$vm" 0x1008
expect hypctl.store-ro.eperm 1 'eperm' -- hypctl store "$vm" 0x400000 1
expect hypctl.load-unmapped.efault 1 'efault' -- hypctl load "$vm" 0x800000
expect hypctl.load-misaligned.einval 1 'einval' -- hypctl load "$vm" 0x1004
expect hypctl.set-bad-level.einval 1 'einval' -- hypctl set "$vm" 0x1000 1 0x50000000 rw
expect hypctl.set-host.eperm 1 'eperm' -- hypctl set 0 0x1000 3 0x50000000 rw
expect hypctl.set-rx 0 'perms 0x5$' -- hypctl set "$vm" 0x600000 3 0x50000000 r-x
expect hypctl.walk-rx 0 "pte $rx_pte " -- hypctl walk "$vm" 0x600000
expect hypctl.set-no-perms.einval 1 'einval' -- hypctl set "$vm" 0x601000 3 0x50000000 -
expect hypctl.set-bad-perms.usage 2 'PERMS' -- hypctl set "$vm" 0x601000 3 0x50000000 rwz
expect hypctl.set-descriptor.usage 2 'usage' -- hypctl set "$vm" 0x601000 3 0x500007ff
expect hypctl.usage 0 'pmd' -- hypctl usage "$vm"
expect hypctl.unmap 0 'unmapped' -- hypctl unmap "$vm" 0x2ab000
expect hypctl.unmap-block-gone 0 'level 0' -- hypctl level "$vm" 0x200000
expect hypctl.destroy 0 '' -- hypctl destroy "$vm"
expect hypctl.destroy-again.einval 1 'einval' -- hypctl destroy "$vm"
expect hypctl.walk-destroyed.einval 1 'einval' -- hypctl walk "$vm" 0x1000
expect hypctl.missing-arg.usage 2 'usage' -- hypctl walk 1
expect hypctl.bad-number.usage 2 'not a number' -- hypctl walk 1 0xzz
expect hypctl.unknown-command.usage 2 'usage' -- hypctl frobnicate
expect hypctl.probe-pool.efault 1 'efault' -- hypctl probe 0x7e000000
expect hypctl.probe-image.efault 1 'efault' -- hypctl probe 0x40200000
expect hypctl.probe-write-image.efault 1 'efault' -- hypctl probe 0x40200000 0x55
expect hypctl.alive-after-probes 0 'revision 2\.0' -- hypctl info

# hypctl script --sim: answers line by line against the patterns.
cmds=/tmp/hypctl-sim.in
wants=/tmp/hypctl-sim.want
grep -v '^#' "$script" | grep -v '^$' | sed 's/ | .*//' >$cmds
grep -v '^#' "$script" | grep -v '^$' | sed 's/.* | //' | fwb_leaf >$wants
hypctl script --sim <$cmds >$out 2>/tmp/hypctl-sim.err
rc=$?
[ $rc -eq 0 ] && pass hypctl.script.exit || fail hypctl.script.exit "exit $rc: $(head -c 200 /tmp/hypctl-sim.err)"
n=$(wc -l <$cmds)
i=1
while [ $i -le "$n" ]; do
	cmd=$(sed -n "${i}p" $cmds)
	want=$(sed -n "${i}p" $wants)
	got=$(sed -n "${i}p" $out)
	name=hypctl.script.$(printf %02d $i)
	# shellcheck disable=SC2254
	case $got in
	$want) pass "$name" ;;
	*) fail "$name" "'$cmd' answered '$got', expected '$want'" ;;
	esac
	i=$((i + 1))
done
extra=$(sed -n "$((n + 1)),\$p" $out | wc -l)
[ "$extra" -eq 0 ] && pass hypctl.script.no-extra-lines || fail hypctl.script.no-extra-lines "$extra more lines"
