#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The CMDQV engine on real rings (README.md, "The register
# page" and "The engine"), driven by build/bin/vcmdq_ring through the mmapped VINTF
# page0: wrap-around at every queue size the module allows (2^1 ..
# 2^smmu_cmdqs entries) in both wrap directions and with a full queue, a
# 64 KiB ring in a huge page run through many times, and two processes
# whose queues run at the same time without seeing each other's commands.
# vcmdq_ring checks CONS/PROD/STATUS/GERROR, the engine's queue state, the
# counters, the trace and the vEVENTQ itself and says what differed.

load helpers

setup_file() { load_module; }
setup() { HP_SAVED=$(cat /proc/sys/vm/nr_hugepages); }
teardown() {
	kill_holders
	echo "$HP_SAVED" >/proc/sys/vm/nr_hugepages
	local hp
	hp=$(cat /proc/sys/vm/nr_hugepages)
	if [ "$hp" != "$HP_SAVED" ]; then
		echo "nr_hugepages is $hp, not restored to $HP_SAVED" >&2
		return 1
	fi
	# a test that loaded the module in manual mode: defaults again
	if [ "$(cat /sys/module/$MOD/parameters/cmdqv_engine_manual)" != N ]; then
		load_module
	fi
}
teardown_file() { unload_module; }

ring() { "$BIN/vcmdq_ring" "$@"; }

# hugepages N: at least N free 2 MiB huge pages
hugepages() {
	echo "$1" >/proc/sys/vm/nr_hugepages
	local free
	free=$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages)
	if [ "$free" -lt "$1" ]; then
		echo "only $free of $1 huge pages could be reserved" >&2
		return 1
	fi
}

# nothing pinned, no object alive: every context is closed
expect_clean() {
	expect_nothing_left
}

# "log2size=N ok" for N in $1..$2
sizes_ok() { seq "$1" "$2" | sed 's/.*/log2size=& ok/'; }

@test "manual engine: rings of 2^1 .. 2^17 entries (32 B .. 2 MiB) wrap 0->1, 1->0 and run full" {
	load_module cmdqv_engine_manual=1
	hugepages 4
	run ring -M wrap -n 1-17
	expect_output "$(sizes_ok 1 17)"
	expect_status 0
	expect_clean
}

@test "manual engine: 4 MiB and 8 MiB rings in physically contiguous runs of huge pages wrap and run full" {
	[ "$(cat /sys/module/$MOD/parameters/smmu_cmdqs)" = 19 ]
	load_module cmdqv_engine_manual=1
	hugepages 384
	run ring -M wrap -n 18-19
	if [ "$status" -eq 77 ]; then
		skip "no physically contiguous memory: $output"
	fi
	expect_output "$(sizes_ok 18 19)"
	expect_status 0
	expect_clean
}

@test "automatic engine: rings of every size wrap 0->1, 1->0 and run full" {
	hugepages 384
	run ring -A wrap -n 1-19
	if [ "$status" -eq 77 ]; then
		# the sizes up to 2 MiB need one huge page only: all must pass
		[[ "$output" == "$(sizes_ok 1 17)"$'\n'* ]] || expect_output "$(sizes_ok 1 17)"
		skip "no physically contiguous memory for 4 or 8 MiB: ${output##*log2size=17 ok}"
	fi
	expect_output "$(sizes_ok 1 19)"
	expect_status 0
	expect_clean
}

@test "smmu_cmdqs=5: 2^1 .. 2^5 entries is every size there is" {
	load_module cmdqv_engine_manual=1 smmu_cmdqs=5
	hugepages 1
	run ring -M wrap
	expect_output "$(sizes_ok 1 5)"
	expect_status 0
	expect_clean
}

# 4096 + 5000 commands (4548 TLBI_NH_ASID, 2274 TLBI_NH_VA, 1705 ATC_INV,
# 569 CMD_SYNC): CONS ends at 9096 mod 8192 = 0x388, wrap bit 0
RING64K_OUT="ring64k-huge: ok commands=9096 cons=0x388 tlbi_nh_asid=4548 tlbi_nh_va=2274 atc_inv=1705 cmd_sync=569"

@test "manual engine: a 64 KiB ring in a 2 MiB huge page, filled, then 5000 more commands in chunks of 1000" {
	load_module cmdqv_engine_manual=1
	hugepages 1
	run ring -M ring64k-huge -e 5000 -c 1000
	expect_output "$RING64K_OUT"
	expect_status 0
	expect_clean
}

@test "automatic engine: the same 64 KiB ring, the producer waiting for room" {
	hugepages 1
	run ring -A ring64k-huge -e 5000 -c 1000
	expect_output "$RING64K_OUT"
	expect_status 0
	expect_clean
}

@test "automatic engine: two processes' queues run at once; each vIOMMU counts and traces only its own commands" {
	local dir=$BATS_TEST_TMPDIR/barrier pa pb sa=0 sb=0 va vb
	mkdir -p "$dir"
	# fd 3 closed: bats waits for every process that holds it
	"$BIN/vcmdq_ring" -A isolate -a 0x111 -o 0x222 -c 3000 -s 0x100 -b "$dir" \
		>"$BATS_TEST_TMPDIR/a.out" 2>&1 3>&- &
	pa=$!
	"$BIN/vcmdq_ring" -A isolate -a 0x222 -o 0x111 -c 5000 -s 0x200 -b "$dir" \
		>"$BATS_TEST_TMPDIR/b.out" 2>&1 3>&- &
	pb=$!
	wait "$pa" || sa=$?
	wait "$pb" || sb=$?

	output=$(head -n 1 "$BATS_TEST_TMPDIR/a.out")
	status=$sa
	expect_output "isolate: ok asid=0x111 tlbi_nh_asid=3000 cmd_sync=94 trace_total=3094"
	expect_status 0
	output=$(head -n 1 "$BATS_TEST_TMPDIR/b.out")
	status=$sb
	expect_output "isolate: ok asid=0x222 tlbi_nh_asid=5000 cmd_sync=157 trace_total=5157"
	expect_status 0
	# two vIOMMUs, two VMIDs
	va=$(sed -n 's/^isolate: vmid=//p' "$BATS_TEST_TMPDIR/a.out")
	vb=$(sed -n 's/^isolate: vmid=//p' "$BATS_TEST_TMPDIR/b.out")
	[ -n "$va" ] && [ -n "$vb" ] && [ "$va" != "$vb" ]
	expect_clean
}
