#!/bin/sh
# The in-host half of tests/e2e/vm_test.sh (hypcore.mode=vm): the test
# guests of tests/guests/ run by `hypctl run`, protected and not. Every
# check prints "E2E: PASS name" or "E2E: FAIL name: why"; the host side
# counts them against tests/e2e/vm_expected.txt. Each run's output goes to
# the console too, prefixed with its tag.
g=/opt/hypcore/guests
bin=/opt/hypcore/bin
out=/tmp/vm
mkdir -p $out

pass() { echo "E2E: PASS $1"; }
fail() { echo "E2E: FAIL $1: $2"; }

# vmrun TAG ARGS...: hypctl run ARGS; output in $out/TAG, status in $out/TAG.status.
vmrun() {
	tag=$1
	shift
	hypctl run "$@" >"$out/$tag" 2>&1
	echo $? >"$out/$tag.status"
	sed "s/^/[$tag] /" "$out/$tag"
}

# want_status TAG STATUS
want_status() {
	st=$(cat "$out/$1.status")
	[ "$st" = "$2" ] && pass "$1.status" || fail "$1.status" "hypctl run exited $st, want $2"
}

# want_line TAG CHECK ERE: some output line of TAG matches ERE.
want_line() {
	grep -qE "$3" "$out/$1" && pass "$1.$2" || fail "$1.$2" "no line matching '$3'"
}

# no_line TAG CHECK ERE: no output line of TAG matches ERE.
no_line() {
	line=$(grep -m1 -E "$3" "$out/$1")
	[ -z "$line" ] && pass "$1.$2" || fail "$1.$2" "unwanted line: $line"
}

# The vmid hypctl run printed first ("vm<N>: ...").
vmid_of() { sed -n 's/^vm\([0-9]*\): .*/\1/p' "$out/$1" | head -n1; }

# The physical addresses of the pages hypctl run --show-pages printed.
pages_of() { sed -n 's/^vm[0-9]*: page ipa 0x[0-9a-f]* pa \(0x[0-9a-f]*\)$/\1/p' "$out/$1"; }

# Elapsed centiseconds since $1 (read from /proc/uptime).
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# probe_all TAG CHECK WANT PA...: hypctl probe of each PA; WANT efault, or ok.
probe_all() {
	tag=$1 name=$2 want=$3
	shift 3
	bad=""
	n=0
	for pa in "$@"; do
		n=$((n + 1))
		if r=$(hypctl probe "$pa" 2>&1); then got=ok; else got=$r; fi
		case $want:$got in
		efault:*efault*) ;;
		ok:ok) ;;
		*) bad="$bad $pa: $got;" ;;
		esac
	done
	if [ "$n" -eq 0 ]; then
		fail "$tag.$name" "no pages to probe"
	elif [ -z "$bad" ]; then
		pass "$tag.$name"
	else
		fail "$tag.$name" "$bad"
	fi
}

if insmod /lib/modules/hypcore.ko; then
	pass module.load
else
	fail module.load "insmod exit $?"
fi

echo "E2E-PART: ioctls"
$bin/hc_e2e vm-ioctls

echo "E2E-PART: guests"
# Each test guest, not protected (shared) and protected.
for mode in shared protected; do
	p=""
	[ $mode = shared ] || p=--protected
	t=hello-$mode
	vmrun $t $g/hello.bin $p
	want_status $t 0
	want_line $t output '^vm[0-9]+: hello from a hypcore guest \(vcpu 0\)$'
	want_line $t system-off '^vm[0-9]+: vcpu 0: system off$'

	for name in pattern pattern-mmu; do
		t=$name-$mode
		vmrun $t $g/$name.bin $p
		want_status $t 0
		want_line $t checksum-ok '^vm[0-9]+: checksum ok$'
		want_line $t pages-report '^vm[0-9]+: report pages 0x[0-9a-f]+$'
		want_line $t intact "^vm[0-9]+: $name: all pages intact$"
	done

	t=mmio-unknown-$mode
	vmrun $t $g/mmio-unknown.bin $p
	want_status $t 125
	want_line $t reported '^vm[0-9]+: vcpu 0: data abort at ipa 0xa000000: outside its memory and devices, stopping the VM$'
	no_line $t never-came-back 'came back'
	hypctl info >/dev/null 2>&1 && pass $t.host-carries-on || fail $t.host-carries-on "hypctl info failed"

	t=undef-$mode
	vmrun $t $g/undef.bin $p
	want_status $t 3
	want_line $t own-handler '^vm[0-9]+: report esr 0x2000000$'

	t=spin-$mode
	vmrun $t $g/spin.bin $p --timeout 3
	want_status $t 124
	want_line $t started '^vm[0-9]+: spin: looping forever'
	want_line $t timeout '^vm[0-9]+: timeout after 3 s, stopping the VM$'

	# The secret guest fills its registers with 0x5ec7e75ec7e75ec7 and
	# exits three times: no exit record may show it; its UART store shows
	# the one byte stored ('S', 0x53).
	t=secret-$mode
	vmrun $t $g/secret.bin $p --trace-exits
	want_status $t 0
	no_line $t no-secret '5[eE][cC]7[eE]75[eE][cC]7[eE]75[eE][cC]7'
	want_line $t mmio-exit-byte '^vm[0-9]+: vcpu 0: exit 2 \(dabt\) x2 0x9000000 x3 0x[0-9a-f]+ x4 0x53 x5 0x[0-9a-f]+ x6 0x0 x7 0x0$'
	want_line $t report '^vm[0-9]+: report value 0x1$'
	want_line $t output '^vm[0-9]+: S$'

	# The scribble guest writes every EL1 register the host has too, and
	# its FP/SIMD registers: around each run the module compares the host's
	# EL1 registers, hypctl its own V0..V31 and FPCR. Nothing may differ.
	t=scribble-$mode
	vmrun $t $g/scribble.bin $p --check-host
	want_status $t 0
	want_line $t started '^vm[0-9]+: scribble: writing every EL1 register'
	want_line $t host-unchanged '^vm[0-9]+: host state unchanged over [0-9]+ runs$'
done

echo "E2E-PART: smp"
# 4 guests at once, each pinned to its own CPU.
for cpu in 0 1 2 3; do
	taskset -c $cpu hypctl run $g/pattern.bin >"$out/four-$cpu" 2>&1 &
	eval "pid$cpu=$!"
done
for cpu in 0 1 2 3; do
	eval "wait \$pid$cpu"
	echo $? >"$out/four-$cpu.status"
	sed "s/^/[four-$cpu] /" "$out/four-$cpu"
	want_status four-$cpu 0
	want_line four-$cpu checksum-ok '^vm[0-9]+: checksum ok$'
done
ids=$(for cpu in 0 1 2 3; do vmid_of four-$cpu; done | sort -u | wc -l)
[ "$ids" -eq 4 ] && pass four.distinct-vms || fail four.distinct-vms "$ids distinct vmids"

# One guest, 4 vCPUs.
vmrun vcpus4 $g/pattern.bin --vcpus 4
want_status vcpus4 0
want_line vcpus4 checksum-ok '^vm[0-9]+: checksum ok$'
want_line vcpus4 four-vcpus 'vcpu 3: off'
vmrun hello4 $g/hello.bin --vcpus 4
want_status hello4 0
for i in 0 1 2 3; do
	want_line hello4 vcpu$i "^vm[0-9]+: hello from a hypcore guest \\(vcpu $i\\)$"
done

echo "E2E-PART: protected-memory"
# A protected guest's pages: out of the host's reach while it runs and
# after it ended (kept), zero once destroyed.
hypctl run $g/spin.bin --protected --show-pages --keep --timeout 6 >"$out/pmem" 2>&1 &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q ' page ipa ' "$out/pmem"; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
probe_all pmem probe-while-running efault $(pages_of pmem)
kill -0 $pid 2>/dev/null && pass pmem.running-during-probe ||
	fail pmem.running-during-probe "hypctl run had already ended"
wait $pid
echo $? >"$out/pmem.status"
sed "s/^/[pmem] /" "$out/pmem"
want_status pmem 124
probe_all pmem probe-after-exit efault $(pages_of pmem)
vm=$(vmid_of pmem)
$bin/hc_e2e vm-zero pmem "$vm" $(pages_of pmem)

# The same for a non-protected guest: its pages stay the host's.
vmrun smem $g/spin.bin --show-pages --keep --timeout 2
want_status smem 124
probe_all smem probe-readable ok $(pages_of smem)
hypctl destroy "$(vmid_of smem)" >/dev/null && pass smem.destroy || fail smem.destroy "hypctl destroy failed"

echo "E2E-PART: spin"
# The spin guest on CPU 0, and the host's own work on CPU 0 meanwhile.
taskset -c 0 hypctl run $g/spin.bin --timeout 8 >"$out/spin-cpu0" 2>&1 &
pid=$!
sleep 2
t0=$(now_cs)
taskset -c 0 hypctl info >/dev/null
taskset -c 0 sh -c 'i=0; while [ $i -lt 2000 ]; do i=$((i + 1)); done'
t1=$(now_cs)
kill -0 $pid 2>/dev/null && pass spin-cpu0.running || fail spin-cpu0.running "the guest had ended"
[ $((t1 - t0)) -lt 300 ] && pass spin-cpu0.host-responsive ||
	fail spin-cpu0.host-responsive "the host's work on the guest's CPU took $((t1 - t0))0 ms"
echo "E2E-INFO: host work on the spinning guest's CPU took $((t1 - t0))0 ms"
wait $pid
echo $? >"$out/spin-cpu0.status"
sed "s/^/[spin-cpu0] /" "$out/spin-cpu0"
want_status spin-cpu0 124
want_line spin-cpu0 timeout '^vm[0-9]+: timeout after 8 s, stopping the VM$'

# A VMM killed outright: closing its file destroys its VM.
hypctl run $g/spin.bin --protected >"$out/kill" 2>&1 &
pid=$!
sleep 1
kill -9 $pid
wait $pid
vm=$(vmid_of kill)
if [ -z "$vm" ]; then
	fail kill.vm-gone "no vmid printed"
elif hypctl usage "$vm" >/dev/null 2>&1; then
	fail kill.vm-gone "vm $vm still exists after its VMM was killed"
else
	pass kill.vm-gone
fi

echo "E2E-PART: end"
hypctl info >/dev/null 2>&1 && pass end.host-still-answers ||
	fail end.host-still-answers "hypctl info failed"
if rmmod hypcore; then
	pass module.unload
else
	fail module.unload "rmmod exit $?"
fi
if dmesg | grep -qE 'Oops|BUG:|Unable to handle|Internal error|WARNING:'; then
	fail end.kernel-log-clean "$(dmesg | grep -m1 -E 'Oops|BUG:|Unable to handle|Internal error|WARNING:')"
else
	pass end.kernel-log-clean
fi
echo "E2E-DONE"
