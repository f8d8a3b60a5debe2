#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Concurrency: HW queues against IOAS_UNMAP/IOAS_MAP of their memory, run
# by tools/race_hwq_unmap.c (which asserts each errno is one the ABI
# allows at that moment), and the CMDQV engine against a guest, STEP and
# queue recycling (tools/race_engine.c).  The VM runner fails the run on a
# kernel splat.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

race() { "$BIN/race_hwq_unmap" "$@"; }

@test "HW_QUEUE_ALLOC+DESTROY race IOAS_UNMAP+MAP of the same page: only ok/ENOENT/EBUSY" {
	run race -t 3 -m page
	expect_status 0
	[[ $output == "race: ok "* ]] || { echo "$output" >&2; false; }
	expect_nothing_left
}

@test "a two-area queue races unmap-all (not atomic) and re-map: only ok/ENOENT/EBUSY/EEXIST" {
	echo 4 >/proc/sys/vm/nr_hugepages
	run race -t 3 -m all
	expect_status 0
	[[ $output == "race: ok "* ]] || { echo "$output" >&2; false; }
	expect_nothing_left
}

@test "CMDQV engine thread + STEP + a guest + queue destroy/re-alloc + vEVENT reader: only ok, then exact counts" {
	run "$BIN/race_engine" -t 3
	expect_status 0
	[[ $output == "race_engine: ok "* ]] || { echo "$output" >&2; false; }
	expect_nothing_left
}
