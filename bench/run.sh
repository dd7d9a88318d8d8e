#!/usr/bin/env bash
# Run the benchmarks and write bench/results.md and bench/scaling.png.
# Called by `make bench` once build/bench/npt_bench is built; raw output
# goes to build/bench/. Environment:
#   BENCH_RUNS=N   rounds per host figure (default 11; medians skip round 0)
#   BENCH_QEMU=0   skip the runs in QEMU (instructions per hypercall, boot time)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
bin=$out/npt_bench
runs=${BENCH_RUNS:-11}
results=bench/results.md
mkdir -p "$out"
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench: host operations, $runs rounds"
"$bin" micro "$runs" >"$out/micro.tsv"

echo "bench: instruction counts under callgrind"
: >"$out/counts.tsv"
for op in $("$bin" list | cut -f1); do
	n=$(valgrind --tool=callgrind --toggle-collect=measured_batch \
		--callgrind-out-file="$out/callgrind.$op.out" "$bin" count "$op" 2>/dev/null)
	ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out/callgrind.$op.out")
	awk -v op="$op" -v ir="$ir" -v n="$n" 'BEGIN { printf "%s\t%.1f\n", op, ir / n }' >>"$out/counts.tsv"
done

echo "bench: instruction counts under callgrind, flat accessor (one load per table word)"
flat=$out/npt_bench_flat
: >"$out/counts-flat.tsv"
for op in $("$flat" list | cut -f1); do
	n=$(valgrind --tool=callgrind --toggle-collect=measured_batch \
		--callgrind-out-file="$out/callgrind-flat.$op.out" "$flat" count "$op" 2>/dev/null)
	ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out/callgrind-flat.$op.out")
	# The accessor's own instructions (phys_*: self cost), to report the rest.
	acc=$(callgrind_annotate --inclusive=no "$out/callgrind-flat.$op.out" 2>/dev/null |
		awk '/phys_flat.c:phys_/ { gsub(",", "", $1); s += $1 } END { print s + 0 }')
	awk -v op="$op" -v ir="$ir" -v acc="$acc" -v n="$n" \
		'BEGIN { printf "%s\t%.1f\t%.1f\n", op, ir / n, (ir - acc) / n }' >>"$out/counts-flat.tsv"
done

echo "bench: VM_DESTROY of a VM with a full level-3 area"
"$bin" destroy 5 >"$out/destroy.tsv"
"$flat" destroy 5 >"$out/destroy-flat.tsv"

echo "bench: one VM growing from 2 MiB to 16 GiB"
"$bin" scaling "$runs" >"$out/scaling.tsv"
for g in 4k 2m; do
	awk -F'\t' -v g="$g" '$1 == "scale" && $2 == g { print $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 }' \
		"$out/scaling.tsv" >"$out/scale-$g.dat"
done
gnuplot -e "dir='$out'; out='bench/scaling.png'" bench/scaling.gp

echo "bench: EL2 image size and lines of code"
el2_elf=build/el2/hypcore.elf
make --no-print-directory -s el2 >"$out/el2-build.log" 2>&1 || true
sloc_dirs=(core/npt core/lock core/common core/hvc core/owner core/spt core/smmu include/hypcore arch/arm64 linker)
bench/sloc.sh "${sloc_dirs[@]}" >"$out/sloc.tsv"
bench/sloc.sh arch/host >"$out/sloc-host.tsv"

hvc="$out/hvc.tsv"
hvc_nosmmu="$out/hvc-nosmmu.tsv"
rm -f "$hvc" "$hvc_nosmmu"
if [ "${BENCH_QEMU:-1}" != 0 ]; then
	echo "bench: instructions per hypercall in QEMU (-icount, host/bench's hypcore_bench.ko)"
	if make --no-print-directory el2 bench-initramfs >"$out/hvc-build.log" 2>&1; then
		bench/hvc.sh "$hvc" || rm -f "$hvc"
		echo "bench: the same without the SMMU (what DMA isolation costs a call)"
		bench/hvc.sh "$hvc_nosmmu" 1000 --no-smmu || rm -f "$hvc_nosmmu"
	else
		echo "bench: the image or the bench initramfs did not build: see $out/hvc-build.log" >&2
	fi
fi

boot="$out/boottime.txt"
rm -f "$boot"
if [ "${BENCH_QEMU:-1}" != 0 ]; then
	echo "bench: boot time in QEMU (scripts/boottime.sh, 3 runs each)"
	if [ -e build/el2/hypcore.bin ] && [ -e build/initramfs.cpio.gz ] && [ -e cache/.linux-fetched ]; then
		scripts/boottime.sh --runs 3 >"$boot" 2>&1 || rm -f "$boot"
	elif make --no-print-directory el2 initramfs linux >"$out/boottime-build.log" 2>&1; then
		# Built first, apart: the build's output must not end up in the table.
		scripts/boottime.sh --runs 3 >"$boot" 2>&1 || rm -f "$boot"
	else
		echo "bench: the image, the initramfs or Linux did not build: see $out/boottime-build.log" >&2
	fi
fi

# ---- results.md ----

micro() { awk -F'\t' -v op="$1" -v col="$2" '$1 == "micro" && $2 == op { print $col }' "$out/micro.tsv"; }
count() { awk -F'\t' -v op="$1" '$1 == op { print $2 }' "$out/counts.tsv"; }
flat() { awk -F'\t' -v op="$1" -v col="${2:-2}" '$1 == op { print $col }' "$out/counts-flat.tsv"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
hvc() { [ -s "$hvc" ] && awk -F'\t' -v k="$1" -v col="$2" '$1 == k { print $col }' "$hvc"; }
hvc_nosmmu() { [ -s "$hvc_nosmmu" ] && awk -F'\t' -v k="$1" -v col="$2" '$1 == k { print $col }' "$hvc_nosmmu"; }
# One row of the DMA-isolation table: key, what.
dma_row() {
	awk -v w="$2" -v a="$(hvc "$1" 2)" -v b="$(hvc_nosmmu "$1" 2)" -v n="$(hvc null 2)" \
		'BEGIN { printf "| %s | %.1f | %.1f | %+.1f | %.2f | %.2f |\n", w, a, b, a - b, a / n, b / n }'
}
hvc_line() {
	if [ -s "$hvc" ]; then
		echo "- In QEMU (-icount), a hypercall round trip costs $(hvc null 2) instructions for the null call; WALK $(hvc walk 5)x that, SET_NPT level 3 $(hvc set_l3 5)x (private VM) and $(hvc set_l3_shared 5)x (shared), MEM_LOAD $(hvc load 5)x."
		echo "- Whole blocks in QEMU: SET_NPT of a donated 2 MiB block costs $(hvc set_l2 5)x the null call; UNMAP of one $(hvc unmap_l2 2) instructions, against $(hvc zero_2m 2) for zeroing 2 MiB with DC ZVA alone at EL1 (the floor, same run): $(awk -v u="$(hvc unmap_l2 2)" -v z="$(hvc zero_2m 2)" -v n="$(hvc null 2)" 'BEGIN { printf "%.0f more, %.1fx the null call", u - z, (u - z) / n }'); the UNMAP zeroes and cleans each line in one pass (DC ZVA, DC CIVAC), and with FEAT_S2FWB (here: -cpu max) the donation is not cleaned (section 6.3)."
		if [ -n "$(hvc vcpu_run_hvc 2)" ]; then
			echo "- The world switch in QEMU: VCPU_RUN of a guest that exits at once with an HVC costs $(hvc vcpu_run_hvc 2) instructions (protected VM: $(hvc vcpu_run_hvc_prot 2)), $(ratio "$(hvc vcpu_run_hvc 2)" "$(hvc null12 2)")x the null call made the same way ($(hvc null12 2), SMCCC 1.2); a stage-2 fault served by mapping a page (SET_NPT + VCPU_RUN) $(hvc fault_map 2)."
		fi
	else
		echo "- Instructions per hypercall in QEMU: not measured in this run (see section 4)."
	fi
}

cpu=$(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
git diff --quiet HEAD -- core include arch linker bench/npt_bench.c 2>/dev/null ||
	commit="$commit (with uncommitted changes to the measured sources)"
s4k_first=$(awk -F'\t' '$1 == "scale" && $2 == "4k" { print; exit }' "$out/scaling.tsv")
s4k_last=$(awk -F'\t' '$1 == "scale" && $2 == "4k" { l = $0 } END { print l }' "$out/scaling.tsv")
s2m_last=$(awk -F'\t' '$1 == "scale" && $2 == "2m" { l = $0 } END { print l }' "$out/scaling.tsv")
field() { printf '%s\n' "$1" | cut -f"$2"; }
pages_worst=$(awk -F'\t' '$1 == "scale" { r = $9 / $10; if (r > w) w = r }
	$1 == "mem" && $2 !~ /^after/ { r = $3 / $4; if (r > w) w = r } END { printf "%.2f", w }' \
	"$out/micro.tsv" "$out/scaling.tsv")
# Pages simulated memory backed during each sweep, against the table pages it ended with.
sim_check=$(awk -F'\t' '$1 == "scale" { s[$2] += $12; p[$2] = $9 }
	END { printf "4 KiB: %d backed for %d table pages; 2 MiB: %d for %d", s["4k"], p["4k"], s["2m"], p["2m"] }' \
	"$out/scaling.tsv")

walk_t=$(ratio "$(micro walk_page 3)" "$(micro floor_page 3)")
walk_i=$(ratio "$(count walk_page)" "$(count floor_page)")
set_t=$(ratio "$(micro set_l3_existing 3)" "$(micro walk_page 3)")
set_i=$(ratio "$(count set_l3_existing)" "$(count walk_page)")
acc_floor=$(awk -v p="$(count phys_load)" -v f="$(count floor_page)" 'BEGIN { printf "%.0f", 400 * p / f }')
acc_walk=$(awk -v p="$(count phys_load)" -v f="$(count walk_page)" 'BEGIN { printf "%.0f", 400 * p / f }')

{
	cat <<EOF
# hypcore benchmarks

Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit.
Machine: ${cpu:-unknown CPU}, $(nproc) cores, Linux $(uname -r); load average
before the run: $load_before. The run took $(($(date +%s) - started)) s.

Reproduce: \`make bench\` (installs valgrind and gnuplot-nox when missing).
\`BENCH_RUNS=N\` changes the rounds per figure, \`BENCH_QEMU=0\` skips QEMU.

Times are from a shared machine and move by tens of percent from run to
run: read the **ratios**, each taken against a base measured in the same
run, and the **instruction counts** (callgrind: deterministic, the same on
every run of the same build).

## Headline figures

- With the flat accessor (one load per table word, as at EL2), walk_npt of a 4 KiB page costs $(flat walk_page) instructions, $(ratio "$(flat walk_page)" "$(flat floor_page)")x the bare four-load walk ($(flat floor_page)); set_npt level 3 into an existing table $(ratio "$(flat set_l3_existing)" "$(flat walk_page)")x a walk, unmap_npt of a page $(ratio "$(flat unmap_page)" "$(flat walk_page)")x a walk (section 1b).
- walk_npt costs ${walk_t}x a bare four-load walk over the same tables in time, ${walk_i}x in instructions (simulated accessor).
- set_npt (level 3, existing table) costs ${set_t}x a walk_npt in time, ${set_i}x in instructions.
- VM_DESTROY of a VM whose level-3 area is full ($(cut -f2 "$out/destroy.tsv") level-3 tables, one page in each): $(cut -f3 "$out/destroy.tsv") ms with the simulated accessor, $(cut -f3 "$out/destroy-flat.tsv") ms with the flat one (best of 5; one pass over the tables with the leaf cursor, 32 leaves per TLB invalidation).
- Page-table pages used / the minimum a four-level tree needs: ${pages_worst} in the worst mapping scenario (1.00 is the goal).
- From 2 MiB to 16 GiB of 4 KiB pages, set_npt goes $(field "$s4k_first" 4) -> $(field "$s4k_last" 4) ns and walk_npt / floor $(field "$s4k_first" 8) -> $(field "$s4k_last" 8): flat, but for cache misses that add the same to walk and floor.
- On the host, the simulated-memory accessor is ${acc_floor}% of the floor's instructions and ${acc_walk}% of walk_npt's: at EL2 it is one load.
$(hvc_line)

## 1. Stage-2 operations on the host

The real core (core/npt, core/lock over arch/host, \`-O2\`, no sanitizers)
with the spec geometry (16 VMs, 32 MiB pools: 256 / 2048 / 5887 pages).
VM 1 maps 16 MiB of 4 KiB pages at IPA 0 and 1 GiB of 2 MiB blocks at IPA
4 GiB; each batch is 4096 operations (512 for blocks, 2048 or 1024 for the
new-table rows) at scattered addresses, with the VM's lock held around the
batch. Time: median over rounds 1-$((runs - 1)) of the batch time per
operation; every read-only batch runs once untimed first (warm caches).
Instructions: one batch under \`valgrind --tool=callgrind
--toggle-collect=measured_batch\`, divided by its operation count.

The floor is what a hardware walker does: four dependent \`phys_load\`
calls through the same accessor, the indices computed from the address, no
checks (three for a block; plus the data word for the load/store floors).
Operations that change tables are compared with \`walk_npt\` instead.

| operation | ns/op | instructions/op | compared with | ratio (time) | ratio (instructions) |
|---|---:|---:|---|---:|---:|
EOF
	awk -F'\t' 'NR == FNR { ir[$1] = $2; next }
		$1 == "micro" { ns[$2] = $3; base[$2] = $6; what[$2] = $8; cold[$2] = $5; order[++n] = $2 }
		END {
			for (i = 1; i <= n; i++) {
				o = order[i]; b = base[o]
				if (b == "-")
					printf "| %s | %.1f | %.0f | - | - | - |\n", what[o], ns[o], ir[o]
				else
					printf "| %s | %.1f | %.0f | %s | %.2f | %.2f |\n", what[o], ns[o], ir[o],
						what[b], ns[o] / ns[b], ir[o] / ir[b]
			}
		}' "$out/counts.tsv" "$out/micro.tsv"
	cat <<EOF

The same batches in round 0, when simulated memory first backs the new
table pages (arch/host/phys_sim.c allocates a page on its first non-zero
write): set_npt needing a new level-3 table $(micro set_l3_new_l3 5) ns/op, needing
new level-2 and level-3 tables $(micro set_l3_new_l2 5) ns/op. That is the host's
\`calloc\`, not the core: at EL2 the pool is memory that is zero already.

What limits these figures:

- The accessor. \`phys_load\` alone is $(count phys_load) instructions
  ($(micro phys_load 3) ns) on the host: window checks and a two-level radix
  lookup. Four of them are ${acc_floor}% of the floor and ${acc_walk}% of walk_npt.
  At EL2 \`phys_load\` is a single \`ldr\`, so there the core's own
  instructions, not memory, decide the cost.
- The core's checks on every table word (\`npt_table_load\`: the VM's
  lock is held by this CPU, the word lies in the VM's pool) and the path
  record the walk keeps for the map layer: walk_npt spends
  $(awk -v w="$(count walk_page)" -v f="$(count floor_page)" 'BEGIN { printf "%.0f", w - f }') instructions more than the floor per walk.
- set_npt is one walk plus a plan, a pool-room check and the stores;
  replacing a mapped leaf adds break-before-make (a store of zero and a TLB
  invalidation; on the host the invalidation is a counter).

## 1b. Instruction counts with the flat accessor

The same batches, built with \`bench/phys_flat.c\` instead of the
simulated memory: physical memory is one array and \`phys_load\` /
\`phys_store\` are one load or store each, as at EL2 (there they are
not inlined either: a call, a load, a return). "Own" leaves out the
accessor's instructions (its self cost in callgrind), so it is what the
core itself does per operation. Ratios: read-only operations against the
bare walk, operations that change tables against walk_npt.

| operation | instructions/op | own (without the accessor) | compared with | ratio |
|---|---:|---:|---|---:|
$(awk -F'\t' 'NR == FNR { ir[$1] = $2; own[$1] = $3; next }
	$1 == "micro" { b = $6; printf "| %s | %.1f | %.1f | %s | %s |\n", $8, ir[$2], own[$2],
		(b == "-" ? "-" : b), (b == "-" ? "-" : sprintf("%.2f", ir[$2] / ir[b])) }' \
	"$out/counts-flat.tsv" "$out/micro.tsv")

## 2. Scaling: one VM from 2 MiB to 16 GiB

![cost per operation against mapped size](scaling.png)

16 GiB of 4 KiB pages needs 8192 level-3 tables, more than the spec's
pmd area (5887 pages: 11.5 GiB of 4 KiB pages at most), so this part uses a
custom geometry through \`npt_init\`: one VM, a 64 MiB pool, 16 level-1 and
64 level-2 table pages, the rest (16303 pages) for level-3 tables. The VM is
grown untimed between points. At each point: set_npt and unmap_npt over up
to 4096 mapped addresses at scattered positions (unmap, then set again; at
least 4096 operations in all, timer cost removed), and walk_npt against the
floor over 65536 random addresses in the mapped range (walk and floor
alternate, median over $runs rounds of the per-round ratio).

| granule | mapped | set_npt ns | unmap_npt ns | walk_npt ns | floor ns | walk / floor | table pages | minimum | ratio |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
	awk -F'\t' 'function sz(b) { return b >= 2^30 ? b / 2^30 " GiB" : b / 2^20 " MiB" }
		$1 == "scale" { printf "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %d | %d | %.2f |\n",
			$2 == "4k" ? "4 KiB" : "2 MiB", sz($3), $4, $7, $5, $6, $8, $9, $10, $9 / $10 }' \
		"$out/scaling.tsv"
	cat <<EOF

Mapping all of 16 GiB from empty cost $(field "$s4k_last" 11) ns per 4 KiB page and
$(field "$s2m_last" 11) ns per 2 MiB block on average (including table allocation and
the first touch of simulated memory; the block figure is dominated by
the first call, which builds the simulator's radix leaf). Simulated memory
backs only what is written, and the scaling part never writes mapped
data, so it backs table pages only: $sim_check.

The instruction count of a walk does not depend on the mapped size (four
levels, always); what grows with 4 KiB pages is the time of the memory
accesses, as the level-3 tables (32 MiB at 16 GiB) and the simulator's
page records fall out of the CPU caches: the floor, which is nothing but
those accesses, shows it from about 512 MiB; walk_npt, whose extra work
overlaps the misses, only at the largest sizes. The ratio to the floor
therefore does not grow; it falls. With 2 MiB blocks the tables stay
small and nothing moves. Small-size set_npt figures for blocks time one
to a few operations per round: a 20 ns timer step is visible there.

## 3. Page-table memory

Pages used (from \`npt_pool_usage\`) against the minimum for the mapping:
1 root + one level-1 table per 512 GiB + one level-2 table per 1 GiB + one
level-3 table per 2 MiB (4 KiB pages only) touched. The scaling rows above
have the same figures for every size.

| scenario | pages used | minimum | ratio |
|---|---:|---:|---:|
EOF
	awk -F'\t' '$1 == "mem" { printf "| %s | %d | %d | %.2f |\n", $2, $3, $4, $3 / $4 }' \
		"$out/micro.tsv" "$out/scaling.tsv"
	cat <<EOF

The pool is the spec's bump allocator: tables are never freed while the VM
lives, so after unmapping everything the tables stay (the last rows) until
\`npt_reset_vm\`. In use, the bump allocator wastes nothing: the ratio is
1.00 for every mapping measured.

## 4. In QEMU: hypercalls and boot time

EOF
	if [ -s "$hvc" ]; then
		cat <<EOF
Instructions per hypercall round trip, counted from the host kernel by
the PMU (bench/hvc.sh: QEMU TCG with \`-icount shift=0\`, \`-smp 1\`, our
image and Debian's kernel, initramfs bench mode). host/bench's
hypcore_bench.ko opens two counters with the kernel's perf API
(\`perf_event_create_kernel_counter\`, PERF_COUNT_HW_INSTRUCTIONS, i.e.
INST_RETIRED, per-CPU on a CPU-bound worker): one with \`exclude_hv = 0\`,
for which arm_pmu sets the event filter's NSH bit so that EL2 counts, and
one with \`exclude_hv = 1\` (EL1 only). Their difference is the EL2 part. A
batch is 50 calls of one kind (8 for 2 MiB blocks) from a prepared
argument table, interrupts off, between two counter reads; an empty
batch's count (the reads) is taken off. Rounds: $(hvc null 8) (blocks: $(hvc set_l2 8)); the
figure is the median per call (with -icount every round counts the same,
but for those that allocate tables or catch a pending tick right after
interrupts come back on). The null call is the SMCCC Revision query
(0x8600FF03), which does no work at EL2: every call's loop, HVC, vector,
register save/restore and dispatch are in it, so it is the floor.
Private VMs (VM_CREATE without flags) take the pages SET_NPT maps
(donation); the host may load/store only through a shared VM
(HVC_VM_CREATE_SHARED), so MEM_LOAD/MEM_STORE run there.

| call | instructions / call | at EL1 | at EL2 | ratio to the null call |
|---|---:|---:|---:|---:|
EOF
		awk -F'\t' '{ printf "| %s | %.1f | %.1f | %.1f | %.2f |\n", $9, $2, $3, $4, $5 }' "$hvc"
		zero4k=$(awk -v a="$(hvc unmap_l3 2)" -v b="$(hvc unmap_l3_shared 2)" 'BEGIN { printf "%.0f", a - b }')
		perpage=$(awk -v a="$(hvc set_l2 2)" 'BEGIN { printf "%.0f", a / 512 }')
		# DC CIVAC over 2 MiB, 64-byte lines, four instructions a line (section 6.3).
		clean2m=$((4 * 2097152 / 64))
		walkx=$(awk -v a="$(hvc walk 2)" -v b="$(hvc null 2)" 'BEGIN { printf "%.0f", a - b }')
		cat <<EOF

What limits them:

- The floor itself: $(hvc null 4) instructions at EL2 for a call that does
  nothing (exception vector, saving and restoring the host's registers,
  the table dispatch, ERET); EL1 adds $(hvc null 3) (the loop and the HVC).
  The EL1 column of every other call is the same few instructions: the
  counter does count EL2 (exclude_hv = 1 leaves it out), and the
  differences between rows are all hypcore's.
- WALK and LEVEL add ${walkx} over the floor: argument checks, the VM's
  lock, four table loads each checked against the VM's pool, unlock.
  MEM_LOAD/MEM_STORE add the ownership check (the host may reach only
  shared pages) and the data word.
- SET_NPT and UNMAP in a private VM carry page ownership: donating a
  page updates its record and takes it out of the host's stage-2 (TLB
  invalidation); giving it back zeroes it. UNMAP of a donated 4 KiB page
  costs ${zero4k} instructions more than of a shared one: the record
  update, the host's mapping restored, and the page zeroed with \`dc zva\`
  (\`phys_zero_page\`: one instruction per DCZID_EL0 block, 64 bytes or
  more), then cleaned to the point of coherency (DC CIVAC per line). A
  2 MiB block is 512 such pages: UNMAP of a donated block is
  $(hvc unmap_l2 5)x the null call. SET_NPT level 2 of a donated block
  costs about ${perpage} instructions per 4 KiB page, nearly all of it the
  clean of the block to the point of coherency before the VM's leaf is
  written (32,768 lines of 64 bytes, four instructions each: about
  ${clean2m}); section 6.3 has the cost of the cleans and what would
  recover it (FEAT_S2FWB). The EL1
  column of the block UNMAP row holds the timer interrupt that falls due
  during a long batch and runs just after interrupts come back on,
  before the second read (under 0.1% of it).
- Instruction counts, not time: QEMU's -icount counts instructions
  retired, not cycles: on real cores the trap to EL2 and the ERET cost
  far more than one instruction's time each, so there the floor weighs
  more than its instruction count says.

EOF
		if [ -n "$(hvc vcpu_run_hvc 2)" ]; then
			cat <<EOF
### The world switch

hypcore_bench.ko also runs guests of a few instructions (issue 10): a
vCPU that loops on \`hvc #0\`, so that each VCPU_RUN enters the guest at
EL1, which exits at once with an HVC; and a vCPU that loads from one new
page after another, so that each load is a stage-2 data abort, served by
SET_NPT of that page and a VCPU_RUN that retries the load and runs on to
the next page's fault. VCPU_RUN writes x4..x7, which SMCCC 1.1 calls
keep, so these calls go through \`arm_smccc_1_2_hvc\` (x0..x17 in and
out), and the null call is measured that way too: that is the floor here.
A batch in which any VCPU_RUN answered another exit (an interrupt falling
due) is dropped.

| what | instructions | at EL1 | at EL2 | ratio to the same-path null call |
|---|---:|---:|---:|---:|
$(for k in null12 vcpu_run_hvc vcpu_run_hvc_prot fault_map; do
	awk -v w="$(hvc $k 9)" -v a="$(hvc $k 2)" -v e1="$(hvc $k 3)" -v e2="$(hvc $k 4)" -v n="$(hvc null12 2)" \
		'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %.2f |\n", w, a, e1, e2, a / n }'
done)

A world switch round trip (into the guest and back to the host) is the
VCPU_RUN row less the null row: $(awk -v a="$(hvc vcpu_run_hvc 2)" -v n="$(hvc null12 2)" 'BEGIN { printf "%.0f", a - n }') instructions for a
shared VM, $(awk -v a="$(hvc vcpu_run_hvc_prot 2)" -v n="$(hvc null12 2)" 'BEGIN { printf "%.0f", a - n }') for a protected one. A fault served costs
$(ratio "$(hvc fault_map 2)" "$(hvc vcpu_run_hvc 2)")x a bare VCPU_RUN: the SET_NPT (a shared page here) and the
data abort's exit record.

EOF
		fi
		if [ -s "$hvc_nosmmu" ]; then
			cat <<EOF
### What DMA isolation costs a call

The same calls on the same image, once on the machine with the SMMUv3 the
core drives (the default) and once on a machine without it
(\`bench/hvc.sh OUT 1000 --no-smmu\`). Both keep the SPT (DMA's view of
RAM, \`core/spt\`) in step with the host's stage-2; only with the SMMU is
each removal followed by a TLB invalidation command and a CMD_SYNC that
the core waits for. In QEMU a command is an MMIO write that traps to the
SMMU model, so these figures count the core's instructions, not the
device's time.

| call | with the SMMU | without | difference | ratio to null, with | without |
|---|---:|---:|---:|---:|---:|
$(dma_row null "null call")
$(dma_row set_l3 "SET_NPT level 3, donated page")
$(dma_row set_l3_shared "SET_NPT level 3, shared page (stays in the SPT)")
$(dma_row set_l2 "SET_NPT level 2, donated 2 MiB block")
$(dma_row unmap_l3 "UNMAP of a donated page (back into the SPT)")
$(dma_row unmap_l2 "UNMAP of a donated block")

EOF
		fi
	else
		echo "**Instructions per hypercall: not measured in this run** (BENCH_QEMU=0,"
		echo "or the QEMU run failed: see build/bench/hvc-console.log and hvc-build.log)."
		echo
	fi
	cat <<EOF
EOF
	if [ -s "$boot" ]; then
		echo "Boot time to the host's /init (scripts/boottime.sh: the same kernel,"
		echo "initramfs and QEMU flags, with and without our image; median of 3):"
		echo
		echo '```'
		grep -v '^make' "$boot"
		echo '```'
		echo
		echo "QEMU runs TCG (no KVM) on a shared, loaded machine: the spread of each row's"
		echo "runs is the noise, and a difference between the medians smaller than that"
		echo "spread says nothing. Times are wall-clock, not -icount instructions."
	else
		echo "**Boot time: not measured in this run** (BENCH_QEMU=0, or the image,"
		echo "the initramfs or the fetched Linux was missing: see build/bench/boottime.txt)."
	fi
	cat <<EOF

## 5. Size

EOF
	if [ -e "$el2_elf" ]; then
		echo "The EL2 image, \`$el2_elf\` (aarch64-linux-gnu-size, bytes):"
		echo
		echo "| text | data | bss | total |"
		echo "|---:|---:|---:|---:|"
		aarch64-linux-gnu-size "$el2_elf" | awk 'NR == 2 { printf "| %d | %d | %d | %d |\n", $1, $2, $3, $4 }'
		echo
		echo "Largest objects in the bss (nm, bytes): $(aarch64-linux-gnu-nm -S --size-sort "$el2_elf" |
			awk '$3 ~ /^[bB]$/ { print $4, $2 }' | tail -3 | tac |
			while read -r name hex; do printf '%s %d, ' "$name" $((16#$hex)); done | sed 's/, $//');"
		echo "the rest is in objects without a size, defined in assembly: $(aarch64-linux-gnu-nm -S "$el2_elf" |
			awk 'NF == 3 && $2 ~ /^[bB]$/ && $3 !~ /^__/ { printf "%s ", $3 }' | sed 's/ $//'). The VMs' page-table"
		echo "pools are outside the image."
	else
		echo "The EL2 image did not build in this run (see build/bench/el2-build.log)."
	fi
	cat <<EOF

Trusted C code (what runs at EL2), lines that are neither blank nor only a
comment, counted by bench/sloc.sh over the files git tracks:

| folder | files | code lines |
|---|---:|---:|
EOF
	awk -F'\t' '{ printf "| %s | %d | %d |\n", $1, $2, $3; f += $2; n += $3 }
		END { printf "| **trusted total** | %d | %d |\n", f, n }' "$out/sloc.tsv"
	awk -F'\t' '{ printf "| %s (host build only, not trusted) | %d | %d |\n", $1, $2, $3 }' "$out/sloc-host.tsv"
	# What no run of this script measures (the fuzzer, before/after comparisons
	# across commits): kept by hand in its own file, copied as it is.
	if [ -s bench/results-by-hand.md ]; then
		echo
		cat bench/results-by-hand.md
	fi
} >"$results"

echo "bench: wrote $results and bench/scaling.png ($(($(date +%s) - started)) s)"
